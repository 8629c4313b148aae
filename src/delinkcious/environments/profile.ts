import type { Delivery } from 'shipshape';
import type { DeploymentProfile, PlatformProfile, SecretsProfile } from 'shipshape/pulumi';
import type { GitOpsOptions } from 'shipshape/synth';
import type { ClusterNetwork } from 'shipshape';

export type { DeploymentProfile, GitOpsOptions, PlatformProfile, SecretsProfile };

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

/** An environment profile: what the Pulumi components deploy, plus how Delinkcious sizes itself. */
export interface EnvironmentProfile extends DeploymentProfile {
  /** The environment's name: the `dist/<name>/` folder and the Pulumi stack's `environment`. */
  readonly name: EnvironmentName;
  /** Stateless service scaling and availability. */
  readonly scaling: ScalingProfile;
  /** Resources of a stateless service container. */
  readonly serviceResources: ResourceSize;
  /** Resources of a data store container. */
  readonly storeResources: ResourceSize;
  /** Size of each data store volume. */
  readonly storageSize: string;
  /** NATS nodes: 1 runs a single server, 3 or more run a cluster. */
  readonly natsReplicas: number;
  /** Image tag overrides by service name, e.g. `{ 'link-manager': '0.3.1' }`. */
  readonly imageTags: Readonly<Record<string, string>>;
  /** Progressive delivery by service name (Argo Rollouts); the others roll their Deployments. */
  readonly delivery?: Readonly<Record<string, Delivery>>;
  /** How Argo CD delivers the environment: `dist/argocd/<name>.yaml` (the repository is `GIT_REPOSITORY`). */
  readonly gitops: GitOpsOptions;
  /** The pod and Service ranges of the environment's clusters: the ipBlocks of outside traffic except them. */
  readonly network: ClusterNetwork;
}
