/** The cert-manager ClusterIssuer the profile names, as a plain object. */
import type { TlsIssuer } from '../config';

export interface ClusterIssuerOptions {
  /** Name the Ingress annotation references (`profile.ingress.clusterIssuer`). */
  readonly name: string;
  /** `acme` (Let's Encrypt, needs a public cluster) or `self-signed` (local). */
  readonly issuer: TlsIssuer;
  /** ACME account e-mail. */
  readonly email?: string | undefined;
  /** ACME directory URL. */
  readonly server: string;
  /** IngressClass that serves the HTTP-01 challenge. */
  readonly ingressClassName: string;
}

/** A `cert-manager.io/v1` ClusterIssuer. */
export function clusterIssuer(options: ClusterIssuerOptions) {
  const spec =
    options.issuer === 'self-signed'
      ? { selfSigned: {} }
      : {
          acme: {
            email: options.email,
            server: options.server,
            privateKeySecretRef: { name: `${options.name}-account-key` },
            solvers: [{ http01: { ingress: { ingressClassName: options.ingressClassName } } }],
          },
        };
  return { apiVersion: 'cert-manager.io/v1', kind: 'ClusterIssuer', metadata: { name: options.name }, spec };
}
