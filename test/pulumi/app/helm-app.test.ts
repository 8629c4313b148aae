import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as k8s from '@pulumi/kubernetes';
import { checkChart, HelmApp } from '../../../src/pulumi/app/helm-app';
import { systemObjects } from '../support/fixtures';
import { find, providerUrn, runStack, setupMocks, type RecordedResource } from '../support/pulumi-mocks';

function chart(templates: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'shipshape-chart-'));
  fs.writeFileSync(path.join(dir, 'Chart.yaml'), 'apiVersion: v2\nname: delinkcious\nversion: 0.1.0\n');
  fs.mkdirSync(path.join(dir, 'templates'));
  for (const [file, text] of Object.entries(templates))
    fs.writeFileSync(path.join(dir, 'templates', file), text);
  return dir;
}

describe('HelmApp', () => {
  let records: RecordedResource[];
  let chartPath: string;

  beforeAll(async () => {
    chartPath = chart({ 'deployment.yaml': 'apiVersion: apps/v1\nkind: Deployment\n' });
    records = await setupMocks();
    await runStack(() => {
      const provider = new k8s.Provider('k8s', { kubeconfig: 'apiVersion: v1' });
      const platform = new k8s.helm.v3.Release('platform-release', { chart: 'cert-manager' }, { provider });
      new HelmApp('app', {
        chartPath,
        releaseName: 'delinkcious',
        values: { linkManager: { replicas: 2 } },
        namespace: 'delinkcious',
        namespaceObjects: systemObjects('kubernetes').filter((o) => o.kind === 'Namespace'),
        prerequisites: ({ parent, namespaces }) => [
          new k8s.core.v1.Secret(
            'app-secret',
            { metadata: { name: 's', namespace: 'delinkcious' } },
            { parent, provider, dependsOn: [...namespaces] },
          ),
        ],
        dependsOn: [platform],
        provider,
      });
      return {};
    });
  });

  it('installs the synthesized chart as one release in the profile namespace, which Pulumi created', () => {
    const component = find(records, 'shipshape:app:HelmApp', 'app');
    const release = find(records, 'kubernetes:helm.sh/v3:Release', 'app');
    expect(release.parent).toBe(component.urn);
    expect(providerUrn(release.provider)).toBe(find(records, 'pulumi:providers:kubernetes', 'k8s').urn);
    expect(release.inputs).toMatchObject({
      name: 'delinkcious',
      chart: chartPath,
      values: { linkManager: { replicas: 2 } },
      namespace: 'delinkcious',
      createNamespace: false,
    });
  });

  it('applies the Namespace and the Secrets before the release, and the release after the platform', () => {
    const release = find(records, 'kubernetes:helm.sh/v3:Release', 'app');
    const namespace = find(records, 'kubernetes:core/v1:Namespace', 'namespace-delinkcious');
    expect(namespace.inputs['metadata']).toEqual({
      name: 'delinkcious',
      labels: { 'pod-security.kubernetes.io/enforce': 'restricted' },
    });
    expect(release.dependencies).toEqual(
      expect.arrayContaining([
        namespace.urn,
        find(records, 'kubernetes:core/v1:Secret', 'app-secret').urn,
        find(records, 'kubernetes:helm.sh/v3:Release', 'platform-release').urn,
      ]),
    );
  });

  it('refuses a missing chart, or one that templates the Namespace itself', () => {
    expect(() => checkChart('/nope')).toThrow(
      'no Helm chart at /nope (Chart.yaml missing): run npm run synth first',
    );
    const bad = chart({
      'namespace.yaml': 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: delinkcious\n',
    });
    expect(() => checkChart(bad)).toThrow(
      `chart ${bad} templates a Namespace (namespace.yaml); Helm mode creates the namespace itself, before the Secrets the chart reads, so the chart must not contain it`,
    );
  });
});
