import * as pulumi from '@pulumi/pulumi';
import { AksCluster } from '../../../src/pulumi/clusters/aks-cluster';
import {
  FAKE_KUBECONFIG,
  find,
  providerUrn,
  runStack,
  setupMocks,
  type RecordedResource,
} from '../support/pulumi-mocks';

describe('AksCluster', () => {
  let records: RecordedResource[];
  let kubeconfig: { value: string; secret: boolean };

  beforeAll(async () => {
    records = await setupMocks();
    await runStack(async () => {
      const cluster = new AksCluster('cluster', {
        location: 'westeurope',
        resourceGroup: 'shipshape-prod',
        version: '1.35',
        vmSize: 'Standard_D4s_v5',
        nodeCount: 2,
      });
      kubeconfig = {
        value: await new Promise<string>((resolve) => cluster.kubeconfig.apply(resolve)),
        secret: await pulumi.isSecret(cluster.kubeconfig),
      };
      return {};
    });
  });

  it('creates a resource group and the managed cluster through an Azure provider for the location', () => {
    const component = find(records, 'shipshape:cluster:Aks', 'cluster');
    const azure = find(records, 'pulumi:providers:azure-native', 'cluster-azure');
    expect(azure.inputs['location']).toBe('westeurope');
    for (const [type, name] of [
      ['azure-native:resources:ResourceGroup', 'cluster-rg'],
      ['azure-native:containerservice:ManagedCluster', 'cluster'],
    ] as const) {
      const resource = find(records, type, name);
      expect(resource.parent).toBe(component.urn);
      expect(providerUrn(resource.provider)).toBe(azure.urn);
    }
    expect(
      find(records, 'azure-native:resources:ResourceGroup', 'cluster-rg').inputs['resourceGroupName'],
    ).toBe('shipshape-prod');
  });

  it('sizes the system pool from config and enforces NetworkPolicy with Calico', () => {
    expect(find(records, 'azure-native:containerservice:ManagedCluster', 'cluster').inputs).toMatchObject({
      resourceGroupName: 'shipshape-prod',
      location: 'westeurope',
      kubernetesVersion: '1.35',
      agentPoolProfiles: [
        { name: 'system', mode: 'System', count: 2, vmSize: 'Standard_D4s_v5', osType: 'Linux' },
      ],
      networkProfile: { networkPlugin: 'azure', networkPolicy: 'calico' },
    });
  });

  it('decodes the user kubeconfig of the cluster as a secret for the kubernetes provider', () => {
    expect(kubeconfig).toEqual({ value: FAKE_KUBECONFIG, secret: true });
    const provider = find(records, 'pulumi:providers:kubernetes', 'cluster-k8s');
    expect(provider.inputs['kubeconfig']).toBe(FAKE_KUBECONFIG);
    expect(provider.secretInputs).toContain('kubeconfig');
  });
});
