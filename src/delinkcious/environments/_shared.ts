import type { ClusterNetwork } from 'shipshape';
import type { EnvironmentName, PlatformProfile, SecretsProfile } from './profile';

/**
 * The Git repository Argo CD syncs Delinkcious from: where this repository, with its committed `dist/`, is
 * pushed. Change it here (one place) for a fork, then `npm run synth`; every environment's Application reads it.
 */
export const GIT_REPOSITORY = 'https://github.com/shipshape-dev/shipshape.git';

/** Where the Pulumi stack installs the platform, on every environment. */
export const _platform: PlatformProfile = {
  gatewayNamespace: 'envoy-gateway-system',
  gatewayClassName: 'envoy-gateway',
  monitoringNamespace: 'monitoring',
  prometheusRelease: 'kube-prometheus-stack',
};

/**
 * The cloud clusters' ranges, whichever cloud the stack creates: EKS with custom networking puts pods in
 * 100.64.0.0/10 (the VPC's secondary range) and Services in 172.20.0.0/16; GKE and AKS (Azure CNI overlay) use
 * ranges inside 10.0.0.0/8 for both.
 */
export const _cloudNetwork: ClusterNetwork = {
  podCidrs: ['10.0.0.0/8', '100.64.0.0/10'],
  serviceCidrs: ['10.0.0.0/8', '172.20.0.0/16'],
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
