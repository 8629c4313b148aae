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
        vpcId: args.vpcId,
        subnetIds: args.subnetIds.length > 0 ? [...args.subnetIds] : undefined,
        // The VPC CNI enforces NetworkPolicy only when asked to; our policies must be enforced.
        vpcCniOptions: { enableNetworkPolicy: true },
        storageClasses: {
          [args.storageClass]: { type: 'gp3', default: true, volumeBindingMode: 'WaitForFirstConsumer' },
        },
      },
      { parent: this, providers: { aws: awsProvider } },
    );

    // The EKS kubeconfig calls `aws eks get-token`: the AWS CLI and credentials must be on the machine.
    this.kubeconfig = pulumi.secret(this.cluster.kubeconfigJson);
    this.provider = new k8s.Provider(`${name}-k8s`, { kubeconfig: this.kubeconfig }, { parent: this });
    this.capabilities = {
      hasIngressController: false,
      hasMetricsServer: false,
      storageClasses: [args.storageClass],
    };
    this.registerOutputs({ kubeconfig: this.kubeconfig });
  }
}
