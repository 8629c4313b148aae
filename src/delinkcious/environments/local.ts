import { GIT_REPOSITORY, _platform } from './_shared';
import type { EnvironmentProfile } from './profile';

/** Minikube on a laptop: one replica of everything, small requests, plain Secrets, no TLS. */
export const local: EnvironmentProfile = {
  name: 'local',
  namespace: 'delinkcious',
  scaling: { replicas: 1, topologySpread: false },
  serviceResources: { cpuRequest: '50m', cpuLimit: '250m', memoryRequest: '64Mi', memoryLimit: '128Mi' },
  storeResources: { cpuRequest: '100m', cpuLimit: '500m', memoryRequest: '128Mi', memoryLimit: '256Mi' },
  storageClass: 'standard',
  storageSize: '1Gi',
  gateway: { name: 'public-gateway', host: 'delinkcious.local' },
  secrets: { provider: 'kubernetes' },
  serviceMonitors: false,
  natsReplicas: 1,
  imageTags: {},
  platform: _platform,
  // minikube's defaults (kubeadm's Service range, the pod range of its bridge and kindnet CNIs).
  network: { podCidrs: ['10.244.0.0/16'], serviceCidrs: ['10.96.0.0/12'] },
  gitops: {
    repoURL: GIT_REPOSITORY,
    targetRevision: 'main',
    // The plain manifests of dist/local, synced as soon as they change on main.
    source: 'manifests',
  },
};
