import * as k8s from '@pulumi/kubernetes';
import type { EnvironmentProfile } from '../../../src/delinkcious/environments/profile';
import type { ClusterCapabilities } from '../../../src/pulumi/clusters/cluster';
import { LETSENCRYPT_PRODUCTION, SecretValue, type StackConfig } from '../../../src/pulumi/config';
import { Platform } from '../../../src/pulumi/platform/platform';
import { localProfile, productionProfile } from '../support/fixtures';
import { find, ofType, runStack, setupMocks, type RecordedResource } from '../support/pulumi-mocks';

// The Istio part of the Platform (mesh-platform.ts), through the Platform component that installs it.

const RELEASE = 'kubernetes:helm.sh/v3:Release';
const cloud: ClusterCapabilities = {
  kubernetesVersion: '1.35',
  kubernetesVersionSource: 'shipshape:eks.version',
  hasGatewayController: false,
  hasMetricsServer: false,
  storageClasses: ['gp3'],
};
const minikube: ClusterCapabilities = {
  ...cloud,
  kubernetesVersion: 'v1.37.2',
  hasMetricsServer: true,
  storageClasses: ['standard'],
};
const acme: StackConfig['tls'] = {
  issuer: 'acme',
  acmeEmail: 'ops@example.com',
  acmeServer: LETSENCRYPT_PRODUCTION,
};
const selfSigned: StackConfig['tls'] = { issuer: 'self-signed', acmeServer: LETSENCRYPT_PRODUCTION };
const noVault: StackConfig['vault'] = { devMode: false, role: 'external-secrets' };

async function deploy(scenario: {
  profile: EnvironmentProfile;
  capabilities: ClusterCapabilities;
  tls: StackConfig['tls'];
  vault: StackConfig['vault'];
}): Promise<{ records: RecordedResource[]; platform: Platform }> {
  const records = await setupMocks();
  let platform: Platform | undefined;
  await runStack(() => {
    const provider = new k8s.Provider('k8s', { kubeconfig: 'apiVersion: v1' });
    platform = new Platform('platform', { ...scenario, provider });
    return {};
  });
  return { records, platform: platform as Platform };
}

const releases = (records: readonly RecordedResource[]) =>
  ofType(records, RELEASE)
    .sort((a, b) => String(a.inputs['name']).localeCompare(String(b.inputs['name'])))
    .map((r) => ({
      name: r.inputs['name'],
      chart: r.inputs['chart'],
      version: r.inputs['version'],
      repo: (r.inputs['repositoryOpts'] as { repo: string } | undefined)?.repo,
      namespace: r.inputs['namespace'],
      createNamespace: r.inputs['createNamespace'],
    }));

describe('Platform of a meshed environment', () => {
  const istio = (records: readonly RecordedResource[]) =>
    releases(records).filter((r) => r.namespace === 'istio-system');
  const patches = (records: readonly RecordedResource[]) =>
    ofType(records, 'kubernetes:core/v1:NamespacePatch')
      .map((r) => r.inputs['metadata'] as { name: string; labels: Record<string, string> })
      .sort((a, b) => a.name.localeCompare(b.name));

  it('ambient: installs base, istiod, cni and ztunnel at the pin and enrols the gateway and Prometheus namespaces', async () => {
    // GIVEN the production profile with the mesh on / WHEN deployed
    const { records, platform } = await deploy({
      profile: { ...productionProfile, mesh: 'ambient' },
      capabilities: cloud,
      tls: acme,
      vault: { ...noVault, token: new SecretValue('hvs.token') },
    });
    // THEN
    const repo = 'https://istio-release.storage.googleapis.com/charts';
    expect(istio(records)).toEqual(
      [
        ['istio-base', 'base'],
        ['istio-cni', 'cni'],
        ['istiod', 'istiod'],
        ['ztunnel', 'ztunnel'],
      ].map(([name, chart]) => ({
        name,
        chart,
        version: '1.32.0',
        repo,
        namespace: 'istio-system',
        createNamespace: true,
      })),
    );
    expect(find(records, RELEASE, 'platform-istiod').inputs['values']).toEqual({ profile: 'ambient' });
    expect(patches(records)).toEqual([
      { name: 'envoy-gateway-system', labels: { 'istio.io/dataplane-mode': 'ambient' } },
      { name: 'monitoring', labels: { 'istio.io/dataplane-mode': 'ambient' } },
    ]);
    expect(platform.operators['security.istio.io']).toHaveLength(6);
  });

  it('sidecar: no ztunnel, istiod relies on the CNI agent (no istio-init), namespaces ask for injection', async () => {
    // GIVEN / WHEN
    const { records } = await deploy({
      profile: { ...productionProfile, mesh: 'sidecar', serviceMonitors: false },
      capabilities: cloud,
      tls: acme,
      vault: { ...noVault, token: new SecretValue('hvs.token') },
    });
    // THEN
    expect(istio(records).map((r) => r.name)).toEqual(['istio-base', 'istio-cni', 'istiod']);
    expect(find(records, RELEASE, 'platform-istiod').inputs['values']).toEqual({
      pilot: { cni: { enabled: true } },
    });
    expect(patches(records)).toEqual([
      { name: 'envoy-gateway-system', labels: { 'istio-injection': 'enabled' } },
    ]);
  });

  it('installs no Istio without a mesh', async () => {
    const { records, platform } = await deploy({
      profile: localProfile,
      capabilities: minikube,
      tls: selfSigned,
      vault: noVault,
    });
    expect(istio(records)).toEqual([]);
    expect(platform.operators['security.istio.io']).toBeUndefined();
  });
});
