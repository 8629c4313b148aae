/**
 * A typed environment profile: everything that differs between environments lives here, so the
 * system description (`src/delinkcious/`) and the Pulumi program never compare environment names.
 */

/** The environments shipshape synthesizes and deploys. */
export type EnvironmentName = 'local' | 'staging' | 'production';

/** CPU and memory for one container, as Kubernetes quantities. */
export interface ResourceSize {
  /** CPU request, e.g. `50m`. */
  readonly cpuRequest: string;
  /** CPU limit, e.g. `500m`. */
  readonly cpuLimit: string;
  /** Memory request, e.g. `64Mi`. */
  readonly memoryRequest: string;
  /** Memory limit, e.g. `256Mi`. */
  readonly memoryLimit: string;
}

/** How stateless services scale and stay available. */
export interface ScalingProfile {
  /** Replicas of each stateless service (the HPA minimum when autoscaling is on). */
  readonly replicas: number;
  /** HPA v2 bounds and targets; `undefined` means no HPA. */
  readonly autoscaling?: {
    /** Upper bound of the HPA. */
    readonly maxReplicas: number;
    /** Target average CPU utilization in percent of the request. */
    readonly cpuUtilization: number;
    /** Target average memory utilization in percent of the request. */
    readonly memoryUtilization?: number;
  };
  /** PodDisruptionBudget: at most this many pods of a service may be evicted at once; `undefined` means no PDB. */
  readonly maxUnavailable?: number;
  /** Spread pods across nodes and zones (`topologySpreadConstraints`). */
  readonly topologySpread: boolean;
}

/** How the secrets the system declares are provided. */
export type SecretsProfile =
  /** Plain Kubernetes Secrets created out of band (by the Pulumi stack). */
  | { readonly provider: 'kubernetes' }
  /** ExternalSecrets resolved by the external-secrets operator from a (Cluster)SecretStore. */
  | {
      readonly provider: 'external-secrets';
      /** Name of the ClusterSecretStore (the Pulumi stack creates it, backed by Vault). */
      readonly clusterSecretStore: string;
      /** Path prefix of the secrets in the store, e.g. `delinkcious/production`. */
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
  /** Namespace of the ingress controller (ingress-nginx). */
  readonly ingressNamespace: string;
  /** Namespace of Prometheus (kube-prometheus-stack). */
  readonly monitoringNamespace: string;
  /** Release name of kube-prometheus-stack; ServiceMonitors carry `release: <name>` so it selects them. */
  readonly prometheusRelease: string;
}

/** An environment profile. */
export interface EnvironmentProfile {
  /** The environment's name: the `dist/<name>/` folder and the Pulumi stack's `environment`. */
  readonly name: EnvironmentName;
  /** Namespace of the whole system. */
  readonly namespace: string;
  /** Stateless service scaling and availability. */
  readonly scaling: ScalingProfile;
  /** Resources of a stateless service container. */
  readonly serviceResources: ResourceSize;
  /** Resources of a data store container. */
  readonly storeResources: ResourceSize;
  /** StorageClass of data store volumes. */
  readonly storageClass: string;
  /** Size of each data store volume. */
  readonly storageSize: string;
  /** Public entry. */
  readonly ingress: {
    /** `ingressClassName` of the Ingress. */
    readonly className: string;
    /** Public host name. */
    readonly host: string;
    /** cert-manager ClusterIssuer for TLS; `undefined` serves plain HTTP. */
    readonly clusterIssuer?: string;
  };
  /** Secret provisioning. */
  readonly secrets: SecretsProfile;
  /** Emit ServiceMonitors for Prometheus Operator. */
  readonly serviceMonitors: boolean;
  /** NATS nodes: 1 runs a single server, 3 or more run a cluster. */
  readonly natsReplicas: number;
  /** Image tag overrides by service name, e.g. `{ 'link-manager': '0.3.1' }`. */
  readonly imageTags: Readonly<Record<string, string>>;
  /** Platform placement (namespaces of controllers the NetworkPolicies admit). */
  readonly platform: PlatformProfile;
}
