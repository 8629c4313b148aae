export {
  ARGO_CD_VERSION,
  CHARTS,
  DEV_VAULT_ADDRESS,
  PLATFORM_NAMESPACES,
  SERVED_API_VERSIONS,
  type ChartPin,
} from './charts';
export { argoCdValues } from './argo-cd';
export { clusterIssuer, type ClusterIssuerOptions } from './cluster-issuer';
export { Platform, type Operators, type PlatformArgs } from './platform';
export { vaultSecretStore, type VaultSecretStoreOptions } from './secret-store';
