import { Duration } from 'cdk8s';
import { CanaryStep, Delivery } from 'shipshape';
import { GIT_REPOSITORY, _cloudNetwork, _platform, _vaultSecrets } from './_shared';
import type { EnvironmentProfile } from './profile';

/**
 * The canary of the services users reach first: a quarter, half and three quarters of the pods (3 at least, so
 * each step moves one pod), each share analyzed (success rate and p99 latency of the new pods), then five minutes
 * at three quarters before the last pods move. A failed analysis aborts it and the stable pods carry on.
 */
const CANARY = Delivery.canary({
  steps: [
    CanaryStep.setWeight(25),
    CanaryStep.analysis(),
    CanaryStep.setWeight(50),
    CanaryStep.analysis(),
    CanaryStep.setWeight(75),
    CanaryStep.pause(Duration.minutes(5)),
  ],
  analysis: { minSuccessRate: 0.99, maxLatency: Duration.millis(500) },
});

/** The public service: three replicas at least, autoscaling, zone spread, Vault-backed secrets. */
export const production: EnvironmentProfile = {
  name: 'production',
  namespace: 'delinkcious',
  scaling: {
    replicas: 3,
    autoscaling: { maxReplicas: 10, cpuUtilization: 70, memoryUtilization: 80 },
    maxUnavailable: 1,
    topologySpread: true,
  },
  serviceResources: { cpuRequest: '250m', cpuLimit: '1', memoryRequest: '256Mi', memoryLimit: '512Mi' },
  storeResources: { cpuRequest: '500m', cpuLimit: '2', memoryRequest: '1Gi', memoryLimit: '2Gi' },
  // The Pulumi stack creates this class on EKS (gp3), GKE (pd-balanced) and AKS (StandardSSD) alike.
  storageClass: 'gp2',
  storageSize: '20Gi',
  gateway: { name: 'public-gateway', host: 'delinkcio.us', clusterIssuer: 'letsencrypt-prod' },
  secrets: _vaultSecrets('production'),
  serviceMonitors: true,
  natsReplicas: 3,
  // Istio ambient: every call carries mTLS and only the declared callers' identities get through.
  mesh: 'ambient',
  imageTags: {},
  delivery: { 'link-manager': CANARY, 'api-gateway': CANARY },
  platform: _platform,
  network: _cloudNetwork,
  gitops: {
    repoURL: GIT_REPOSITORY,
    targetRevision: 'main',
    source: 'manifests',
    // Objects removed from Git stay until someone syncs with prune: deleting in production is a decision.
    automated: { prune: false, selfHeal: true },
    syncOptions: ['ServerSideApply=true', 'PruneLast=true'],
    retry: { limit: 5, backoff: { duration: '10s', factor: 2, maxDuration: '5m' } },
  },
};
