import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as pulumi from '@pulumi/pulumi';
import { ExistingCluster, expandHome } from '../../../src/pulumi/clusters/existing-cluster';
import { FAKE_KUBECONFIG, find, runStack, setupMocks, type RecordedResource } from '../support/pulumi-mocks';

const capabilities = {
  kubernetesVersion: 'v1.36.3',
  kubernetesVersionSource: 'shipshape:existing.kubernetesVersion',
  hasGatewayController: true,
  hasMetricsServer: true,
};

describe('ExistingCluster', () => {
  let records: RecordedResource[];
  let file: string;
  let secret: boolean;

  beforeAll(async () => {
    file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'shipshape-')), 'config');
    fs.writeFileSync(file, FAKE_KUBECONFIG);
    records = await setupMocks();
    await runStack(async () => {
      const cluster = new ExistingCluster('cluster', {
        kubeconfigPath: file,
        context: 'kind-kind',
        capabilities,
      });
      secret = await pulumi.isSecret(cluster.kubeconfig);
      expect(cluster.capabilities).toBe(capabilities);
      return {};
    });
  });

  it('makes a provider from the file contents and the context, as a secret', () => {
    const component = find(records, 'shipshape:cluster:Existing', 'cluster');
    const provider = find(records, 'pulumi:providers:kubernetes', 'cluster-k8s');
    expect(provider.parent).toBe(component.urn);
    expect(provider.inputs).toMatchObject({ kubeconfig: FAKE_KUBECONFIG, context: 'kind-kind' });
    expect(provider.secretInputs).toContain('kubeconfig');
    expect(secret).toBe(true);
  });

  it('names the config key when the file is missing', async () => {
    await setupMocks();
    expect(() => new ExistingCluster('c', { kubeconfigPath: '/nope/config', capabilities })).toThrow(
      "shipshape:existing.kubeconfigPath: no kubeconfig at '/nope/config'",
    );
  });

  it('expands ~ like a shell', () => {
    expect(expandHome('~/.kube/config')).toBe(path.join(os.homedir(), '.kube/config'));
    expect(expandHome('/etc/kube')).toBe('/etc/kube');
  });
});
