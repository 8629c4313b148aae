export { CHARTS, DEV_VAULT_ADDRESS, PLATFORM_NAMESPACES, SERVED_API_VERSIONS, type ChartPin } from './charts';
export { clusterIssuer, type ClusterIssuerOptions } from './cluster-issuer';
export { Platform, type Operators, type PlatformArgs } from './platform';
export { vaultSecretStore, type VaultSecretStoreOptions } from './secret-store';
