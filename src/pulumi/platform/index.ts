export { DEV_VAULT_ADDRESS, PLATFORM_NAMESPACES, SERVED_API_VERSIONS, type ChartPin } from './charts';
export {
  PLATFORM_PINS,
  kubernetesMinor,
  minorWithin,
  pinCovers,
  pinsFor,
  type GatewayApiPin,
  type PlatformCharts,
  type PlatformPin,
  type PlatformPinSet,
} from './pins';
export {
  ENVOY_GATEWAY_CONTROLLER,
  gatewayClass,
  installGatewayPlatform,
  type GatewayPlatform,
  type InstallChart,
} from './gateway-platform';
export { argoCdValues } from './argo-cd';
export { clusterIssuer, type ClusterIssuerOptions } from './cluster-issuer';
export { Platform, type Operators, type PlatformArgs, type PlatformComponent } from './platform';
export { vaultSecretStore, type VaultSecretStoreOptions } from './secret-store';
export {
  ISTIO_NAMESPACE,
  installMeshPlatform,
  type MeshPlatform,
  type MeshPlatformArgs,
} from './mesh-platform';
