/**
 * TLS of a {@link Gateway} (and of an {@link Ingress}): certificates from an existing Secret, or issued by
 * cert-manager (its Gateway API support reads the Gateway's `cert-manager.io/cluster-issuer` or
 * `cert-manager.io/issuer` annotation and issues one certificate per listener hostname).
 */
export class GatewayTls {
  /** An existing TLS Secret (`kubernetes.io/tls`) in the System's namespace, served for every host. */
  public static fromSecret(secretName: string): GatewayTls {
    return new GatewayTls(secretName, undefined);
  }

  /** Certificates cert-manager issues from a ClusterIssuer: one Secret per host (`<gateway>-<host>-tls`). */
  public static certManager(clusterIssuer: string): GatewayTls {
    return new GatewayTls(undefined, { 'cert-manager.io/cluster-issuer': clusterIssuer });
  }

  /** Certificates cert-manager issues from a namespaced Issuer: one Secret per host (`<gateway>-<host>-tls`). */
  public static certManagerIssuer(issuer: string): GatewayTls {
    return new GatewayTls(undefined, { 'cert-manager.io/issuer': issuer });
  }

  private constructor(
    /** @internal */ public readonly _secretName: string | undefined,
    /** @internal */ public readonly _annotations: Readonly<Record<string, string>> | undefined,
  ) {}
}
