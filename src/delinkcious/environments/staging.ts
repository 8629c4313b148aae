import { GIT_REPOSITORY, _cloudNetwork, _platform, _vaultSecrets } from './_shared';
import type { EnvironmentProfile } from './profile';

/** A cloud cluster that mirrors production at a smaller scale. */
export const staging: EnvironmentProfile = {
  name: 'staging',
  namespace: 'delinkcious',
  scaling: {
    replicas: 2,
    autoscaling: { maxReplicas: 4, cpuUtilization: 70 },
    maxUnavailable: 1,
    topologySpread: true,
  },
  serviceResources: { cpuRequest: '100m', cpuLimit: '500m', memoryRequest: '128Mi', memoryLimit: '256Mi' },
  storeResources: { cpuRequest: '250m', cpuLimit: '1', memoryRequest: '256Mi', memoryLimit: '512Mi' },
  // The Pulumi stack creates this class on EKS (gp3), GKE (pd-balanced) and AKS (StandardSSD) alike.
  storageClass: 'gp2',
  storageSize: '5Gi',
  gateway: { name: 'public-gateway', host: 'staging.delinkcio.us', clusterIssuer: 'letsencrypt-staging' },
  secrets: _vaultSecrets('staging'),
  serviceMonitors: true,
  natsReplicas: 3,
  imageTags: {},
  platform: _platform,
  network: _cloudNetwork,
  gitops: {
    repoURL: GIT_REPOSITORY,
    targetRevision: 'main',
    // The chart of dist/helm/staging with its values, as a Helm-based team delivers it.
    source: 'helm',
    valueFiles: ['values.yaml'],
    retry: { limit: 5, backoff: { duration: '10s', factor: 2, maxDuration: '5m' } },
  },
};
