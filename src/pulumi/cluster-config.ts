/** The validated `cluster.*` configuration of a stack, one shape per cluster kind (read by config.ts). */

/**
 * The Kubernetes version each kind of cluster gets unless the stack names one: a minor upstream supports
 * (1.35–1.37 on 2026-12-06) that the platform pins table covers (src/pulumi/platform/pins.ts) and, for the
 * clouds, that each of them offers. minikube v1.37.2: minikube starts it with a "newer than the newest
 * supported version" warning until a release lists it (main lists v1.36.2 as newest, 2026-08-23).
 */
export const DEFAULT_KUBERNETES_VERSIONS = {
  minikube: 'v1.37.2',
  eks: '1.35',
  gke: '1.35',
  aks: '1.35',
} as const;

/** A minikube profile the program starts. */
export interface MinikubeClusterConfig {
  readonly kind: 'minikube';
  /** minikube profile (`-p`), also the kubeconfig context. */
  readonly profile: string;
  /** Kubernetes version, `v1.<minor>.<patch>`, of a minor the platform pins cover. */
  readonly kubernetesVersion: string;
  /** minikube driver, e.g. `docker`. */
  readonly driver: string;
  /** CPUs of the minikube node. */
  readonly cpus: number;
  /** Memory of the minikube node in MiB. */
  readonly memoryMb: number;
}

/** An EKS cluster the program creates. */
export interface EksClusterConfig {
  readonly kind: 'eks';
  /** AWS region. */
  readonly region: string;
  /** Kubernetes version (`1.<minor>`), of a minor the platform pins cover. */
  readonly version: string;
  /** EC2 instance type of the nodes. */
  readonly instanceType: string;
  /** Number of nodes. */
  readonly nodeCount: number;
  /** VPC to use; `undefined` uses the account's default VPC. */
  readonly vpcId?: string | undefined;
  /** Subnets of the cluster (required with `vpcId`). */
  readonly subnetIds: readonly string[];
}

/** A regional GKE cluster the program creates. */
export interface GkeClusterConfig {
  readonly kind: 'gke';
  /** GCP project id. */
  readonly project: string;
  /** GCP region (a regional cluster). */
  readonly region: string;
  /** Kubernetes version (`1.<minor>`), of a minor the platform pins cover. */
  readonly version: string;
  /** Machine type of the nodes. */
  readonly machineType: string;
  /** Nodes per zone of the region. */
  readonly nodeCount: number;
  /** Protect the cluster from deletion (GKE `deletionProtection`). */
  readonly deletionProtection: boolean;
}

/** An AKS cluster the program creates. */
export interface AksClusterConfig {
  readonly kind: 'aks';
  /** Azure location, e.g. `westeurope`. */
  readonly location: string;
  /** Resource group the program creates for the cluster. */
  readonly resourceGroup: string;
  /** Kubernetes version (`1.<minor>`), of a minor the platform pins cover. */
  readonly version: string;
  /** VM size of the nodes. */
  readonly vmSize: string;
  /** Number of nodes. */
  readonly nodeCount: number;
}

/** A cluster the program adopts through a kubeconfig. */
export interface ExistingClusterConfig {
  readonly kind: 'existing';
  /** Path of the kubeconfig file (`~` is expanded). */
  readonly kubeconfigPath: string;
  /** Context in that kubeconfig; `undefined` uses its current context. */
  readonly context?: string | undefined;
  /**
   * The cluster's Kubernetes version (`kubectl version`): the platform pins follow it. Needed only when the
   * stack installs a platform component.
   */
  readonly kubernetesVersion?: string | undefined;
  /** The cluster already runs the Gateway API CRDs and the implementation of the profile's GatewayClass. */
  readonly hasGatewayController: boolean;
  /** The cluster already runs metrics-server. */
  readonly hasMetricsServer: boolean;
  /** The cluster already runs Argo CD (with its CRDs) in the Applications' namespace: GitOps mode installs none. */
  readonly hasArgoCd: boolean;
  /** The cluster already runs the Argo Rollouts controller (with its CRDs): the platform installs none. */
  readonly hasArgoRollouts: boolean;
}

/** The cluster of a stack. */
export type ClusterConfig =
  | MinikubeClusterConfig
  | EksClusterConfig
  | GkeClusterConfig
  | AksClusterConfig
  | ExistingClusterConfig;
