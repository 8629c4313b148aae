import * as k8s from '@pulumi/kubernetes';
import { AksCluster } from '../../../src/pulumi/clusters/aks-cluster';
import { GkeCluster } from '../../../src/pulumi/clusters/gke-cluster';
import { ensureStorageClass } from '../../../src/pulumi/clusters/storage-class';
import { find, ofType, providerUrn, runStack, setupMocks } from '../support/pulumi-mocks';

const pd = { provisioner: 'pd.csi.storage.gke.io', parameters: { type: 'pd-balanced' } };

describe('ensureStorageClass', () => {
  it('creates the environment class on the cloud CSI driver when the cluster has none of that name', async () => {
    // GIVEN
    const records = await setupMocks();
    let classes: readonly string[] = [];
    // WHEN
    await runStack(() => {
      const provider = new k8s.Provider('k8s', { kubeconfig: 'x' });
      classes = ensureStorageClass('cluster', 'gp2', ['standard-rwo'], pd, { provider });
      return {};
    });
    // THEN
    expect(classes).toEqual(['standard-rwo', 'gp2']);
    expect(find(records, 'kubernetes:storage.k8s.io/v1:StorageClass', 'cluster-gp2').inputs).toMatchObject({
      metadata: { name: 'gp2' },
      provisioner: 'pd.csi.storage.gke.io',
      parameters: { type: 'pd-balanced' },
      volumeBindingMode: 'WaitForFirstConsumer',
      allowVolumeExpansion: true,
    });
  });

  it('creates nothing when the cluster already has the class', async () => {
    // GIVEN
    const records = await setupMocks();
    // WHEN
    await runStack(() => {
      ensureStorageClass('cluster', 'standard-rwo', ['standard-rwo'], pd, {});
      return {};
    });
    // THEN
    expect(ofType(records, 'kubernetes:storage.k8s.io/v1:StorageClass')).toEqual([]);
  });

  it('gives GKE and AKS the production profile class (gp2) through their own clusters', async () => {
    // GIVEN
    const records = await setupMocks();
    let gke: GkeCluster | undefined;
    let aks: AksCluster | undefined;
    // WHEN
    await runStack(() => {
      gke = new GkeCluster('gke', {
        project: 'p',
        region: 'europe-west1',
        version: '1.35',
        machineType: 'e2-standard-4',
        nodeCount: 1,
        deletionProtection: false,
        storageClass: 'gp2',
      });
      aks = new AksCluster('aks', {
        location: 'westeurope',
        resourceGroup: 'rg',
        version: '1.35',
        vmSize: 'Standard_D4s_v5',
        nodeCount: 2,
        storageClass: 'gp2',
      });
      return {};
    });
    // THEN
    expect(gke?.capabilities.storageClasses).toContain('gp2');
    expect(aks?.capabilities.storageClasses).toContain('gp2');
    const gkeClass = find(records, 'kubernetes:storage.k8s.io/v1:StorageClass', 'gke-gp2');
    const aksClass = find(records, 'kubernetes:storage.k8s.io/v1:StorageClass', 'aks-gp2');
    expect(aksClass.inputs['provisioner']).toBe('disk.csi.azure.com');
    expect(providerUrn(gkeClass.provider)).toBe(find(records, 'pulumi:providers:kubernetes', 'gke-k8s').urn);
  });
});
