export { chartDifference, chartDirectory, checkChart, HelmApp, type HelmAppArgs } from './helm-app';
export { GitOpsApp, type GitOpsAppArgs } from './gitops-app';
export {
  apiGroup,
  isCustomKind,
  resourceName,
  TIERS,
  tierOf,
  TYPED_CLASSES,
  typedClassOf,
  type KubeResourceClass,
  type Tier,
} from './kube-classes';
export { KubernetesObjects, type KubernetesObjectsArgs, type PrerequisiteScope } from './kubernetes-objects';
export { AppSecrets, secretPath, setSecretCommand, type AppSecretsArgs } from './secrets';
