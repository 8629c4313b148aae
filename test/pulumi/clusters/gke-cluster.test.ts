import * as pulumi from '@pulumi/pulumi';
import { GkeCluster, gkeKubeconfig } from '../../../src/pulumi/clusters/gke-cluster';
import { find, providerUrn, runStack, setupMocks, type RecordedResource } from '../support/pulumi-mocks';

describe('GkeCluster', () => {
  let records: RecordedResource[];
  let cluster: GkeCluster;
  let kubeconfig: { value: string; secret: boolean };

  beforeAll(async () => {
    records = await setupMocks();
    await runStack(async () => {
      cluster = new GkeCluster('cluster', {
        project: 'my-project',
        region: 'europe-west1',
        version: '1.35',
        machineType: 'e2-standard-4',
        nodeCount: 1,
        deletionProtection: false,
      });
      kubeconfig = {
        value: await new Promise<string>((resolve) => cluster.kubeconfig.apply(resolve)),
        secret: await pulumi.isSecret(cluster.kubeconfig),
      };
      return {};
    });
  });

  it('creates the cluster and its node pool through a GCP provider for the project and region', () => {
    const component = find(records, 'shipshape:cluster:Gke', 'cluster');
    const gcpProvider = find(records, 'pulumi:providers:gcp', 'cluster-gcp');
    expect(gcpProvider.inputs).toMatchObject({ project: 'my-project', region: 'europe-west1' });
    for (const [type, name] of [
      ['gcp:container/cluster:Cluster', 'cluster'],
      ['gcp:container/nodePool:NodePool', 'cluster-nodes'],
    ] as const) {
      const resource = find(records, type, name);
      expect(resource.parent).toBe(component.urn);
      expect(providerUrn(resource.provider)).toBe(gcpProvider.urn);
    }
  });

  it('runs Dataplane V2 (NetworkPolicy enforcement) with a configured node pool', () => {
    expect(find(records, 'gcp:container/cluster:Cluster', 'cluster').inputs).toMatchObject({
      location: 'europe-west1',
      minMasterVersion: '1.35',
      removeDefaultNodePool: true,
      datapathProvider: 'ADVANCED_DATAPATH',
      deletionProtection: false,
    });
    expect(find(records, 'gcp:container/nodePool:NodePool', 'cluster-nodes').inputs).toMatchObject({
      cluster: 'cluster',
      location: 'europe-west1',
      nodeCount: 1,
      nodeConfig: { machineType: 'e2-standard-4' },
      management: { autoRepair: true, autoUpgrade: true },
    });
  });

  it('builds a gke-gcloud-auth-plugin kubeconfig as a secret and waits for the nodes', () => {
    expect(kubeconfig.secret).toBe(true);
    expect(kubeconfig.value).toBe(
      gkeKubeconfig('gke_my-project_europe-west1_cluster', '203.0.113.10', 'Q0EtREFUQQ=='),
    );
    expect(kubeconfig.value).toContain('command: gke-gcloud-auth-plugin');
    const provider = find(records, 'pulumi:providers:kubernetes', 'cluster-k8s');
    expect(provider.dependencies).toContain(
      find(records, 'gcp:container/nodePool:NodePool', 'cluster-nodes').urn,
    );
    expect(cluster.capabilities.hasMetricsServer).toBe(true);
  });
});
