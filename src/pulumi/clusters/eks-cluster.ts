/** Loaded only through `create-cluster.ts` for `cluster.kind: eks`, so other stacks never import the AWS SDK. */
import * as aws from '@pulumi/aws';
import * as eks from '@pulumi/eks';
import * as k8s from '@pulumi/kubernetes';
import * as pulumi from '@pulumi/pulumi';
import type { ClusterCapabilities, KubernetesCluster } from './cluster';
import type { EksClusterConfig } from '../config';

/** Arguments of an EKS cluster: its stack configuration and the StorageClass the environment uses. */
export interface EksClusterArgs extends Omit<EksClusterConfig, 'kind'> {
  /** StorageClass the environment's volumes use; created as the default gp3 class. */
  readonly storageClass: string;
}

/** An EKS cluster (`@pulumi/eks`) with its own AWS provider for the configured region. */
export class EksCluster extends pulumi.ComponentResource implements KubernetesCluster {
  readonly kind = 'eks' as const;
  readonly provider: k8s.Provider;
  readonly kubeconfig: pulumi.Output<string>;
  readonly capabilities: ClusterCapabilities;
  /** The EKS component. */
  readonly cluster: eks.Cluster;

  constructor(name: string, args: EksClusterArgs, opts?: pulumi.ComponentResourceOptions) {
    super('shipshape:cluster:Eks', name, {}, opts);
    const awsProvider = new aws.Provider(
      `${name}-aws`,
      { region: args.region as aws.Region },
      { parent: this },
    );

    this.cluster = new eks.Cluster(
      name,
      {
        version: args.version,
        instanceType: args.instanceType,
        desiredCapacity: args.nodeCount,
        minSize: args.nodeCount,
        maxSize: args.nodeCount,
        ...(args.vpcId !== undefined && { vpcId: args.vpcId }),
        ...(args.subnetIds.length > 0 && { subnetIds: [...args.subnetIds] }),
        // The VPC CNI enforces NetworkPolicy only when asked to; our policies must be enforced.
        vpcCniOptions: { enableNetworkPolicy: true },
        storageClasses: {
          [args.storageClass]: { type: 'gp3', default: true, volumeBindingMode: 'WaitForFirstConsumer' },
        },
        // IAM roles for service accounts: the EBS CSI driver below runs with its own role.
        createOidcProvider: true,
      },
      { parent: this, providers: { aws: awsProvider } },
    );

    // EKS migrates the in-tree EBS provisioner to CSI: without the driver every volume claim stays
    // Pending. The driver's controller assumes a role limited to AWS's managed EBS CSI policy.
    const ebsRole = new aws.iam.Role(
      `${name}-ebs-csi`,
      {
        assumeRolePolicy: pulumi
          .all([this.cluster.oidcProviderArn, this.cluster.oidcIssuer])
          .apply(([arn, issuer]) => ebsCsiTrustPolicy(arn, issuer)),
      },
      { parent: this, provider: awsProvider },
    );
    const ebsPolicy = new aws.iam.RolePolicyAttachment(
      `${name}-ebs-csi`,
      { role: ebsRole.name, policyArn: 'arn:aws:iam::aws:policy/service-role/AmazonEBSCSIDriverPolicy' },
      { parent: this, provider: awsProvider },
    );
    const ebsCsi = new eks.Addon(
      `${name}-ebs-csi`,
      { cluster: this.cluster, addonName: 'aws-ebs-csi-driver', serviceAccountRoleArn: ebsRole.arn },
      { parent: this, providers: { aws: awsProvider }, dependsOn: [ebsPolicy] },
    );

    // The EKS kubeconfig calls `aws eks get-token`: the AWS CLI and credentials must be on the machine.
    this.kubeconfig = pulumi.secret(this.cluster.kubeconfigJson);
    // Everything deployed through this provider waits for the volume driver.
    this.provider = new k8s.Provider(
      `${name}-k8s`,
      { kubeconfig: this.kubeconfig },
      { parent: this, dependsOn: [ebsCsi] },
    );
    this.capabilities = {
      kubernetesVersion: args.version,
      kubernetesVersionSource: 'shipshape:eks.version',
      hasGatewayController: false,
      hasMetricsServer: false,
      storageClasses: [args.storageClass],
    };
    this.registerOutputs({ kubeconfig: this.kubeconfig });
  }
}

/** Trust policy letting only the EBS CSI controller's ServiceAccount assume the role (IRSA). */
export function ebsCsiTrustPolicy(oidcProviderArn: string, oidcIssuer: string): string {
  return JSON.stringify({
    Version: '2012-10-17',
    Statement: [
      {
        Effect: 'Allow',
        Principal: { Federated: oidcProviderArn },
        Action: 'sts:AssumeRoleWithWebIdentity',
        Condition: {
          StringEquals: {
            [`${oidcIssuer}:sub`]: 'system:serviceaccount:kube-system:ebs-csi-controller-sa',
            [`${oidcIssuer}:aud`]: 'sts.amazonaws.com',
          },
        },
      },
    ],
  });
}
