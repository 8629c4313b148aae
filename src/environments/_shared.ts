import type { EnvironmentName, PlatformProfile, SecretsProfile } from './profile';

/** Where the Pulumi stack installs the platform, on every environment. */
export const _platform: PlatformProfile = {
  ingressNamespace: 'ingress-nginx',
  monitoringNamespace: 'monitoring',
  prometheusRelease: 'kube-prometheus-stack',
};

/** Secrets from the Vault-backed ClusterSecretStore the Pulumi stack creates, under `delinkcious/<env>`. */
export function _vaultSecrets(env: EnvironmentName): SecretsProfile {
  return {
    provider: 'external-secrets',
    clusterSecretStore: 'vault',
    remotePrefix: `delinkcious/${env}`,
    refreshInterval: '1h',
    vaultServer: 'http://vault.vault.svc:8200',
    vaultPath: 'secret',
  };
}
