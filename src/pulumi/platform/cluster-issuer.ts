/** The cert-manager ClusterIssuer the profile names, as a plain object. */
import type { TlsIssuer } from '../config';

export interface ClusterIssuerOptions {
  /** Name the Gateway's `cert-manager.io/cluster-issuer` annotation references (`profile.gateway.clusterIssuer`). */
  readonly name: string;
  /** `acme` (Let's Encrypt, needs a public cluster) or `self-signed` (local). */
  readonly issuer: TlsIssuer;
  /** ACME account e-mail. */
  readonly email?: string | undefined;
  /** ACME directory URL. */
  readonly server: string;
  /** The Gateway whose HTTP listener of `host` serves the HTTP-01 challenge. */
  readonly gateway: { readonly name: string; readonly namespace: string; readonly host: string };
}

/**
 * A `cert-manager.io/v1` ClusterIssuer. Its ACME HTTP-01 solver answers through a Gateway API HTTPRoute
 * (`gatewayHTTPRoute`) attached to the Gateway's HTTP listener of the host (`http-<host>`, the name the
 * Gateway construct gives it), not through an ingress class.
 */
export function clusterIssuer(options: ClusterIssuerOptions) {
  const listener = `http-${options.gateway.host.startsWith('*.') ? `wildcard.${options.gateway.host.slice(2)}` : options.gateway.host}`;
  const spec =
    options.issuer === 'self-signed'
      ? { selfSigned: {} }
      : {
          acme: {
            email: options.email,
            server: options.server,
            privateKeySecretRef: { name: `${options.name}-account-key` },
            solvers: [
              {
                http01: {
                  gatewayHTTPRoute: {
                    parentRefs: [
                      {
                        group: 'gateway.networking.k8s.io',
                        kind: 'Gateway',
                        name: options.gateway.name,
                        namespace: options.gateway.namespace,
                        sectionName: listener,
                      },
                    ],
                  },
                },
              },
            ],
          },
        };
  return { apiVersion: 'cert-manager.io/v1', kind: 'ClusterIssuer', metadata: { name: options.name }, spec };
}
