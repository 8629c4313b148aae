import { SecretValue } from '../../../src/pulumi/config';
import { localProfile, productionProfile } from '../support/fixtures';
import { acme, cloud, deploy, minikube, noVault, RELEASE, releases, selfSigned } from '../support/platform';
import { find, ofType, type RecordedResource } from '../support/pulumi-mocks';

// The Istio part of the Platform (mesh-platform.ts), through the Platform component that installs it.

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
