/**
 * Hand-made inputs for the Pulumi tests: profiles (src/delinkcious/environments/ is not there yet) and a small
 * synthesized system with one object of each tier. The parity test uses the real ones.
 */
import type { EnvironmentName, EnvironmentProfile } from '../../../src/delinkcious/environments/profile';
import type { DeployableSystem as SynthesizedSystem } from '../../../src/pulumi/program';
import type { DeclaredSecret, KubeObject } from '../../../src/synth/files';

const size = { cpuRequest: '50m', cpuLimit: '500m', memoryRequest: '64Mi', memoryLimit: '256Mi' };

export const localProfile: EnvironmentProfile = {
  name: 'local',
  namespace: 'delinkcious',
  scaling: { replicas: 1, topologySpread: false },
  serviceResources: size,
  storeResources: size,
  storageClass: 'standard',
  storageSize: '1Gi',
  gateway: { name: 'public-gateway', host: 'delinkcious.local', clusterIssuer: 'selfsigned' },
  secrets: { provider: 'kubernetes' },
  serviceMonitors: true,
  natsReplicas: 1,
  imageTags: {},
  platform: {
    gatewayNamespace: 'envoy-gateway-system',
    gatewayClassName: 'envoy-gateway',
    monitoringNamespace: 'monitoring',
    prometheusRelease: 'prometheus',
  },
  gitops: { repoURL: 'https://github.com/example/delinkcious.git' },
  network: { podCidrs: ['10.244.0.0/16'], serviceCidrs: ['10.96.0.0/12'] },
};

export const productionProfile: EnvironmentProfile = {
  ...localProfile,
  name: 'production',
  scaling: {
    replicas: 3,
    autoscaling: { maxReplicas: 10, cpuUtilization: 70 },
    maxUnavailable: 1,
    topologySpread: true,
  },
  storageClass: 'gp3',
  storageSize: '20Gi',
  gateway: { name: 'public-gateway', host: 'delinkcious.example.com', clusterIssuer: 'letsencrypt' },
  secrets: {
    provider: 'external-secrets',
    clusterSecretStore: 'vault',
    remotePrefix: 'delinkcious/production',
    refreshInterval: '1h',
    vaultServer: 'https://vault.example.com:8200',
    vaultPath: 'secret',
  },
  natsReplicas: 3,
};

export const stagingProfile: EnvironmentProfile = {
  ...productionProfile,
  name: 'staging',
  gateway: { name: 'public-gateway', host: 'staging.delinkcious.example.com', clusterIssuer: 'letsencrypt' },
};

const ns = 'delinkcious';
const meta = (name: string, extra: Record<string, unknown> = {}) => ({ name, namespace: ns, ...extra });
const labels = { 'app.kubernetes.io/name': 'link-manager' };

/** One object of each tier, in the shuffled order a synthesis could produce. */
export function systemObjects(secretsProvider: 'kubernetes' | 'external-secrets'): KubeObject[] {
  const objects: KubeObject[] = [
    {
      apiVersion: 'monitoring.coreos.com/v1',
      kind: 'ServiceMonitor',
      metadata: meta('link-manager', { labels: { release: 'prometheus' } }),
      spec: { selector: { matchLabels: labels }, endpoints: [{ port: 'http' }] },
    },
    {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'Ingress',
      metadata: meta('api-gateway'),
      spec: { ingressClassName: 'nginx', rules: [{ host: 'delinkcious.local' }] },
    },
    {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: meta('link-manager'),
      spec: {
        replicas: 1,
        selector: { matchLabels: labels },
        template: {
          metadata: { labels },
          spec: { containers: [{ name: 'link-manager', image: 'g1g1/delinkcious-link:0.3' }] },
        },
      },
    },
    {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: meta('link-manager'),
      spec: { selector: labels, ports: [{ name: 'http', port: 8080 }] },
    },
    {
      apiVersion: 'autoscaling/v2',
      kind: 'HorizontalPodAutoscaler',
      metadata: meta('link-manager'),
      spec: {
        minReplicas: 1,
        maxReplicas: 3,
        scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'link-manager' },
      },
    },
    {
      apiVersion: 'policy/v1',
      kind: 'PodDisruptionBudget',
      metadata: meta('link-manager'),
      spec: { maxUnavailable: 1, selector: { matchLabels: labels } },
    },
    {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: meta('link-manager'),
      spec: { podSelector: { matchLabels: labels }, policyTypes: ['Ingress'] },
    },
    { apiVersion: 'v1', kind: 'ConfigMap', metadata: meta('link-manager'), data: { PORT: '8080' } },
    { apiVersion: 'v1', kind: 'ServiceAccount', metadata: meta('link-manager') },
    {
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: ns, labels: { 'pod-security.kubernetes.io/enforce': 'restricted' } },
    },
  ];
  if (secretsProvider === 'external-secrets') {
    objects.push({
      apiVersion: 'external-secrets.io/v1',
      kind: 'ExternalSecret',
      metadata: meta('link-db'),
      spec: { secretStoreRef: { kind: 'ClusterSecretStore', name: 'vault' }, target: { name: 'link-db' } },
    });
  }
  return objects;
}

/** The Argo CD Application of the fixture system in one environment (what `defineApp({ gitops })` makes). */
export function systemApplication(environment: string): KubeObject {
  return {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Application',
    metadata: { name: `delinkcious-${environment}`, namespace: 'argocd' },
    spec: {
      project: 'default',
      source: { repoURL: 'https://github.com/example/delinkcious.git', path: `dist/${environment}` },
      destination: { server: 'https://kubernetes.default.svc', namespace: ns },
    },
  };
}

/** The Secrets the fixture system reads. */
export function systemSecrets(external: boolean): DeclaredSecret[] {
  return [
    { name: 'link-db', namespace: ns, external, keys: [{ key: 'POSTGRES_PASSWORD', generate: true }] },
    {
      name: 'api-gateway-oauth',
      namespace: ns,
      external,
      keys: [{ key: 'GITHUB_CLIENT_SECRET', generate: false }],
    },
  ];
}

const profiles: Record<EnvironmentName, EnvironmentProfile> = {
  local: localProfile,
  staging: stagingProfile,
  production: productionProfile,
};

/** A stand-in for `synthesizeEnvironment` until the lead's app lands. */
export function fakeSynthesize(environment: string): SynthesizedSystem {
  const profile = profiles[environment as EnvironmentName];
  const external = profile.secrets.provider === 'external-secrets';
  return {
    profile,
    objects: systemObjects(profile.secrets.provider),
    secrets: systemSecrets(external),
    application: systemApplication(environment),
  };
}
