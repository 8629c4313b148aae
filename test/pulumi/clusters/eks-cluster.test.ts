import * as pulumi from '@pulumi/pulumi';
import { EksCluster } from '../../../src/pulumi/clusters/eks-cluster';
import { find, providerUrn, runStack, setupMocks, type RecordedResource } from '../support/pulumi-mocks';

describe('EksCluster', () => {
  let records: RecordedResource[];
  let cluster: EksCluster;
  let kubeconfigIsSecret: boolean;

  beforeAll(async () => {
    records = await setupMocks();
    await runStack(async () => {
      cluster = new EksCluster('cluster', {
        region: 'eu-west-1',
        version: '1.32',
        instanceType: 't3.large',
        nodeCount: 3,
        subnetIds: [],
        storageClass: 'gp3',
      });
      kubeconfigIsSecret = await pulumi.isSecret(cluster.kubeconfig);
      return {};
    });
  });

  it('groups an AWS provider for the region, the eks:index:Cluster and a kubernetes provider', () => {
    const component = find(records, 'shipshape:cluster:Eks', 'cluster');
    const children = records.filter((r) => r.parent === component.urn).map((r) => `${r.type} ${r.name}`);
    expect(children.sort()).toEqual([
      'eks:index:Cluster cluster',
      'pulumi:providers:aws cluster-aws',
      'pulumi:providers:kubernetes cluster-k8s',
    ]);
    expect(find(records, 'pulumi:providers:aws', 'cluster-aws').inputs['region']).toBe('eu-west-1');
  });

  it('sizes the node group from config and enforces NetworkPolicy in the VPC CNI', () => {
    const eks = find(records, 'eks:index:Cluster', 'cluster');
    expect(eks.remote).toBe(true);
    expect(eks.inputs).toMatchObject({
      version: '1.32',
      instanceType: 't3.large',
      desiredCapacity: 3,
      minSize: 3,
      maxSize: 3,
      vpcCniOptions: { enableNetworkPolicy: true },
      storageClasses: { gp3: { type: 'gp3', default: true, volumeBindingMode: 'WaitForFirstConsumer' } },
    });
    expect(eks.inputs['vpcId']).toBeUndefined();
  });

  it('feeds the cluster kubeconfig, as a secret, to the kubernetes provider', () => {
    const provider = find(records, 'pulumi:providers:kubernetes', 'cluster-k8s');
    expect(JSON.parse(String(provider.inputs['kubeconfig']))).toEqual({ apiVersion: 'v1', kind: 'Config' });
    expect(provider.secretInputs).toContain('kubeconfig');
    expect(kubeconfigIsSecret).toBe(true);
    expect(providerUrn(provider.provider)).toBe('');
    expect(cluster.capabilities).toEqual({
      hasIngressController: false,
      hasMetricsServer: false,
      storageClasses: ['gp3'],
    });
  });
});
