/** What every cluster component exposes to the rest of the program. */
import type * as k8s from '@pulumi/kubernetes';
import type * as pulumi from '@pulumi/pulumi';
import type { ClusterKind } from '../config';

/** What is already running in a cluster, so the platform installs only what is missing. */
export interface ClusterCapabilities {
  /** The Kubernetes version of the cluster (the platform pins follow its minor), when the program knows it. */
  readonly kubernetesVersion?: string | undefined;
  /** Where that version comes from (a config key), for messages. */
  readonly kubernetesVersionSource: string;
  /** The Gateway API CRDs and the implementation of the profile's GatewayClass run already. */
  readonly hasGatewayController: boolean;
  /** metrics-server runs already (HPA and `kubectl top` need it). */
  readonly hasMetricsServer: boolean;
  /** Argo CD runs already (GitOps mode then installs none). @default false */
  readonly hasArgoCd?: boolean;
  /** The Argo Rollouts controller runs already (the platform then installs none). @default false */
  readonly hasArgoRollouts?: boolean;
  /** StorageClasses known to exist; `undefined` when the program cannot know (existing clusters). */
  readonly storageClasses?: readonly string[];
}

/** A cluster component: a `ComponentResource` with a provider for everything deployed into it. */
export interface KubernetesCluster extends pulumi.ComponentResource {
  /** Which kind of cluster this is. */
  readonly kind: ClusterKind;
  /** Provider that targets this cluster and only it. */
  readonly provider: k8s.Provider;
  /** Kubeconfig of this cluster (a secret output). */
  readonly kubeconfig: pulumi.Output<string>;
  /** What the platform needs to know. */
  readonly capabilities: ClusterCapabilities;
}
