import * as pulumi from '@pulumi/pulumi';
import { ebsCsiTrustPolicy, EksCluster } from '../../../src/pulumi/clusters/eks-cluster';
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
        version: '1.35',
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
      'aws:iam/role:Role cluster-ebs-csi',
      'aws:iam/rolePolicyAttachment:RolePolicyAttachment cluster-ebs-csi',
      'eks:index:Addon cluster-ebs-csi',
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
      version: '1.35',
      instanceType: 't3.large',
      desiredCapacity: 3,
      minSize: 3,
      maxSize: 3,
      vpcCniOptions: { enableNetworkPolicy: true },
      storageClasses: { gp3: { type: 'gp3', default: true, volumeBindingMode: 'WaitForFirstConsumer' } },
    });
    expect(eks.inputs['vpcId']).toBeUndefined();
  });

  it('installs the EBS CSI driver add-on with a role only its ServiceAccount can assume, before any workload', () => {
    const addon = find(records, 'eks:index:Addon', 'cluster-ebs-csi');
    const role = find(records, 'aws:iam/role:Role', 'cluster-ebs-csi');
    const attachment = find(records, 'aws:iam/rolePolicyAttachment:RolePolicyAttachment', 'cluster-ebs-csi');
    const provider = find(records, 'pulumi:providers:kubernetes', 'cluster-k8s');
    expect(addon.inputs['addonName']).toBe('aws-ebs-csi-driver');
    expect(attachment.inputs['policyArn']).toBe(
      'arn:aws:iam::aws:policy/service-role/AmazonEBSCSIDriverPolicy',
    );
    expect(addon.dependencies).toContain(attachment.urn);
    expect(provider.dependencies).toContain(addon.urn);
    expect(find(records, 'eks:index:Cluster', 'cluster').inputs['createOidcProvider']).toBe(true);
    expect(role.inputs).toHaveProperty('assumeRolePolicy');
  });

  it('trusts only the EBS CSI controller ServiceAccount of the cluster OIDC issuer', () => {
    const policy = JSON.parse(
      ebsCsiTrustPolicy('arn:aws:iam::1:oidc-provider/oidc.eks.x/id/ABC', 'oidc.eks.x/id/ABC'),
    );
    expect(policy.Statement).toEqual([
      {
        Effect: 'Allow',
        Principal: { Federated: 'arn:aws:iam::1:oidc-provider/oidc.eks.x/id/ABC' },
        Action: 'sts:AssumeRoleWithWebIdentity',
        Condition: {
          StringEquals: {
            'oidc.eks.x/id/ABC:sub': 'system:serviceaccount:kube-system:ebs-csi-controller-sa',
            'oidc.eks.x/id/ABC:aud': 'sts.amazonaws.com',
          },
        },
      },
    ]);
  });

  it('feeds the cluster kubeconfig, as a secret, to the kubernetes provider', () => {
    const provider = find(records, 'pulumi:providers:kubernetes', 'cluster-k8s');
    expect(JSON.parse(String(provider.inputs['kubeconfig']))).toEqual({ apiVersion: 'v1', kind: 'Config' });
    expect(provider.secretInputs).toContain('kubeconfig');
    expect(kubeconfigIsSecret).toBe(true);
    expect(providerUrn(provider.provider)).toBe('');
    expect(cluster.capabilities).toEqual({
      kubernetesVersion: '1.35',
      kubernetesVersionSource: 'shipshape:eks.version',
      hasGatewayController: false,
      hasMetricsServer: false,
      storageClasses: ['gp3'],
    });
  });
});
