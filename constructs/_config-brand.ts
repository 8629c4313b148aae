// The brand of shipshape ConfigMaps: a runtime check that needs no import of config-map.ts (which would close an
// import cycle through env-value.ts) and survives two copies of the library, unlike `instanceof`.
import type { ConfigMap } from './config-map';
import type { ServiceWorkload } from './service-workload';

/** A service a ConfigMap names by address: its readers call it on that port. */
export interface _ConfigEndpoint {
  readonly key: string;
  readonly target: ServiceWorkload;
  readonly port: string;
}

/** The annotation prefix of the rollout hash readers of shared config carry (the ConfigMap's name follows). */
export const _SHARED_CONFIG_HASH = 'config-hash.shipshape.io/';

/** The symbol ConfigMap instances carry. */
export const _CONFIG_MAP = Symbol.for('shipshape.ConfigMap');

/** Whether `x` is a shipshape ConfigMap. */
export function _isConfigMap(x: unknown): x is ConfigMap {
  return typeof x === 'object' && x !== null && _CONFIG_MAP in x;
}
