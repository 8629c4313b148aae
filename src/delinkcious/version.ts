/** Release of the Delinkcious system as a whole (Helm `appVersion`); bump when its composition changes. */
export const DELINKCIOUS_VERSION = '0.5.0';
