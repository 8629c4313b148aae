/** The validated `cluster.*` configuration of a stack, one shape per cluster kind (read by config.ts). */

/** A minikube profile the program starts. */
export interface MinikubeClusterConfig {
  readonly kind: 'minikube';
  /** minikube profile (`-p`), also the kubeconfig context. */
  readonly profile: string;
  /** Kubernetes version, `v1.27.<patch>`. */
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
  /** Kubernetes version; `undefined` takes the EKS default. */
  readonly version?: string | undefined;
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
  /** Kubernetes version; `undefined` takes the GKE default. */
  readonly version?: string | undefined;
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
  /** Kubernetes version; `undefined` takes the AKS default. */
  readonly version?: string | undefined;
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
  /** The cluster already runs an ingress controller. */
  readonly hasIngressController: boolean;
  /** IngressClass of that controller. */
  readonly ingressClassName: string;
  /** Namespace of that controller. */
  readonly ingressNamespace: string;
  /** The cluster already runs metrics-server. */
  readonly hasMetricsServer: boolean;
  /** The cluster already runs Argo CD (with its CRDs) in the Applications' namespace: GitOps mode installs none. */
  readonly hasArgoCd: boolean;
}

/** The cluster of a stack. */
export type ClusterConfig =
  | MinikubeClusterConfig
  | EksClusterConfig
  | GkeClusterConfig
  | AksClusterConfig
  | ExistingClusterConfig;
