// Cloud cluster components are deliberately not re-exported: importing them would load their cloud SDKs.
export type { ClusterCapabilities, KubernetesCluster } from './cluster';
export { CLOUD_PACKAGES, createCluster, type ClusterEnvironment } from './create-cluster';
export { ExistingCluster, expandHome, type ExistingClusterArgs } from './existing-cluster';
export {
  MinikubeCluster,
  minikubeDeleteCommand,
  minikubeKubeconfigCommand,
  minikubeStartCommand,
  type MinikubeClusterArgs,
} from './minikube-cluster';
