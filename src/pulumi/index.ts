/**
 * Pulumi components that deploy any shipshape System (cluster, platform, secrets, application), and a
 * ready-made program. Loads `@pulumi/pulumi` and `@pulumi/kubernetes` (optional peers); a cloud SDK
 * loads only when a stack creates that cloud's cluster. `import { shipshapeProgram } from 'shipshape/pulumi'`.
 * @packageDocumentation
 * @module shipshape/pulumi
 */
export * from './app';
export * from './clusters';
export {
  CONFIG_NAMESPACE,
  ConfigError,
  parseStackConfig,
  readStackConfig,
  SecretValue,
  type AksClusterConfig,
  type AppConfigOptions,
  type AppMode,
  type ClusterConfig,
  type ClusterKind,
  type ConfigSource,
  type EksClusterConfig,
  type ExistingClusterConfig,
  type GkeClusterConfig,
  type MinikubeClusterConfig,
  type SecretValues,
  type StackConfig,
  type TlsIssuer,
} from './config';
export * from './platform';
export type { DeploymentProfile, PlatformProfile, SecretsProfile } from './profile';
export {
  checkServedApiVersions,
  gatewayUrl,
  mergeValues,
  gitOpsApplication,
  runProgram,
  serviceAddresses,
  shipshapeProgram,
  stackDependencies,
  synthesizedChart,
  type DeployableSystem,
  type ProgramDependencies,
  type ProgramOutputs,
  type ShipshapeProgramOptions,
} from './program';
