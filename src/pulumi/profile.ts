/**
 * What the Pulumi components need to know about the environment a System is deployed to. An app's
 * own environment profile extends it with what its constructs need.
 */

/** How the secrets the system declares are provided. */
export type SecretsProfile =
  /** Plain Kubernetes Secrets created out of band (by the Pulumi stack). */
  | { readonly provider: 'kubernetes' }
  /** ExternalSecrets resolved by the external-secrets operator from a (Cluster)SecretStore. */
  | {
      readonly provider: 'external-secrets';
      /** Name of the ClusterSecretStore (the Pulumi stack creates it, backed by Vault). */
      readonly clusterSecretStore: string;
      /** Path prefix of the secrets in the store, e.g. `my-app/production`. */
      readonly remotePrefix: string;
      /** How often the operator re-reads the store, as a Go duration. */
      readonly refreshInterval: string;
      /** Vault address the ClusterSecretStore talks to. */
      readonly vaultServer: string;
      /** Vault KV v2 mount of the store. */
      readonly vaultPath: string;
    };

/** Where the platform components live, so NetworkPolicies can admit them. */
export interface PlatformProfile {
  /** Namespace of the Gateway API implementation (Envoy Gateway runs every Gateway's proxies there). */
  readonly gatewayNamespace: string;
  /** GatewayClass the System's Gateway names (the platform creates it for Envoy Gateway). */
  readonly gatewayClassName: string;
  /** Namespace of Prometheus (kube-prometheus-stack). */
  readonly monitoringNamespace: string;
  /** Release name of kube-prometheus-stack; ServiceMonitors carry `release: <name>` so it selects them. */
  readonly prometheusRelease: string;
}

/** The deployment side of an environment: where the System runs and what platform it expects. */
export interface DeploymentProfile {
  /** The environment's name: the Pulumi stack's `environment` and the output folder. */
  readonly name: string;
  /** Namespace of the System. */
  readonly namespace: string;
  /** StorageClass the System's volumes claim (the cluster must provide it). */
  readonly storageClass: string;
  /** Public entry: a Gateway API Gateway with one host. */
  readonly gateway: {
    /** Name of the System's Gateway (the ACME HTTP-01 solver attaches its route to it). */
    readonly name: string;
    /** Public host name. */
    readonly host: string;
    /** cert-manager ClusterIssuer for TLS; `undefined` serves plain HTTP. */
    readonly clusterIssuer?: string;
  };
  /** Secret provisioning. */
  readonly secrets: SecretsProfile;
  /** Install Prometheus Operator (the System emits ServiceMonitors). */
  readonly serviceMonitors: boolean;
  /** Platform placement (namespaces of controllers the NetworkPolicies admit). */
  readonly platform: PlatformProfile;
  /** Istio mesh mode: the platform installs Istio and the System enrols in it. @default no mesh */
  readonly mesh?: 'ambient' | 'sidecar';
}
