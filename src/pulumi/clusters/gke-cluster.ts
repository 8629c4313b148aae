/** Loaded only through `create-cluster.ts` for `cluster.kind: gke`, so other stacks never import the GCP SDK. */
import * as gcp from '@pulumi/gcp';
import * as k8s from '@pulumi/kubernetes';
import * as pulumi from '@pulumi/pulumi';
import type { ClusterCapabilities, KubernetesCluster } from './cluster';
import { ensureStorageClass } from './storage-class';
import type { GkeClusterConfig } from '../config';

/** Arguments of a GKE cluster: its stack configuration and the StorageClass the environment uses. */
export interface GkeClusterArgs extends Omit<GkeClusterConfig, 'kind'> {
  /** StorageClass the environment's volumes use; created on Persistent Disk when GKE has none of that name. */
  readonly storageClass?: string;
}

/** GKE's built-in StorageClasses. */
const GKE_STORAGE_CLASSES = ['standard', 'standard-rwo', 'premium-rwo'];

/** Kubeconfig for a GKE cluster; authentication goes through `gke-gcloud-auth-plugin`. */
export function gkeKubeconfig(contextName: string, endpoint: string, caCertificate: string): string {
  return [
    'apiVersion: v1',
    'kind: Config',
    'clusters:',
    `- name: ${contextName}`,
    '  cluster:',
    `    certificate-authority-data: ${caCertificate}`,
    `    server: https://${endpoint}`,
    'contexts:',
    `- name: ${contextName}`,
    '  context:',
    `    cluster: ${contextName}`,
    `    user: ${contextName}`,
    `current-context: ${contextName}`,
    'users:',
    `- name: ${contextName}`,
    '  user:',
    '    exec:',
    '      apiVersion: client.authentication.k8s.io/v1beta1',
    '      command: gke-gcloud-auth-plugin',
    '      installHint: Install gke-gcloud-auth-plugin (gcloud components install gke-gcloud-auth-plugin)',
    '      provideClusterInfo: true',
    '',
  ].join('\n');
}

/** A regional GKE cluster with Dataplane V2 (which enforces NetworkPolicy) and one node pool. */
export class GkeCluster extends pulumi.ComponentResource implements KubernetesCluster {
  readonly kind = 'gke' as const;
  readonly provider: k8s.Provider;
  readonly kubeconfig: pulumi.Output<string>;
  readonly capabilities: ClusterCapabilities;
  /** The GKE cluster. */
  readonly cluster: gcp.container.Cluster;
  /** The node pool. */
  readonly nodePool: gcp.container.NodePool;

  constructor(name: string, args: GkeClusterArgs, opts?: pulumi.ComponentResourceOptions) {
    super('shipshape:cluster:Gke', name, {}, opts);
    const gcpProvider = new gcp.Provider(
      `${name}-gcp`,
      { project: args.project, region: args.region },
      { parent: this },
    );
    const childOpts = { parent: this, provider: gcpProvider };

    this.cluster = new gcp.container.Cluster(
      name,
      {
        location: args.region,
        minMasterVersion: args.version,
        // The default pool cannot be configured well; replace it with our own.
        removeDefaultNodePool: true,
        initialNodeCount: 1,
        datapathProvider: 'ADVANCED_DATAPATH',
        networkingMode: 'VPC_NATIVE',
        ipAllocationPolicy: {},
        deletionProtection: args.deletionProtection,
      },
      childOpts,
    );
    this.nodePool = new gcp.container.NodePool(
      `${name}-nodes`,
      {
        cluster: this.cluster.name,
        location: args.region,
        nodeCount: args.nodeCount,
        nodeConfig: {
          machineType: args.machineType,
          oauthScopes: ['https://www.googleapis.com/auth/cloud-platform'],
        },
        // The nodes follow the control plane (minMasterVersion is its floor minor); GKE upgrades both within
        // its release channel, and the platform pins cover 1.35–1.37.
        management: { autoRepair: true, autoUpgrade: true },
      },
      childOpts,
    );

    const context = pulumi.interpolate`gke_${args.project}_${args.region}_${this.cluster.name}`;
    this.kubeconfig = pulumi.secret(
      pulumi
        .all([context, this.cluster.endpoint, this.cluster.masterAuth.clusterCaCertificate])
        .apply(([ctx, endpoint, ca]) => gkeKubeconfig(ctx, endpoint, ca ?? '')),
    );
    this.provider = new k8s.Provider(
      `${name}-k8s`,
      { kubeconfig: this.kubeconfig },
      // Workloads need nodes: deploying before the pool exists would only time out.
      { parent: this, dependsOn: [this.nodePool] },
    );
    const storageClasses = ensureStorageClass(
      name,
      args.storageClass,
      GKE_STORAGE_CLASSES,
      { provisioner: 'pd.csi.storage.gke.io', parameters: { type: 'pd-balanced' } },
      { parent: this, provider: this.provider },
    );
    // GKE runs metrics-server in kube-system.
    this.capabilities = {
      kubernetesVersion: args.version,
      kubernetesVersionSource: 'shipshape:gke.version',
      hasGatewayController: false,
      hasMetricsServer: true,
      storageClasses,
    };
    this.registerOutputs({ kubeconfig: this.kubeconfig });
  }
}
