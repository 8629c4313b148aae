/** Loaded only through `create-cluster.ts` for `cluster.kind: aks`, so other stacks never import the Azure SDK. */
import * as azure from '@pulumi/azure-native/provider';
import * as containerservice from '@pulumi/azure-native/containerservice';
import * as resources from '@pulumi/azure-native/resources';
import * as k8s from '@pulumi/kubernetes';
import * as pulumi from '@pulumi/pulumi';
import type { ClusterCapabilities, KubernetesCluster } from './cluster';
import { ensureStorageClass } from './storage-class';
import type { AksClusterConfig } from '../config';

/** Arguments of an AKS cluster: its stack configuration and the StorageClass the environment uses. */
export interface AksClusterArgs extends Omit<AksClusterConfig, 'kind'> {
  /** StorageClass the environment's volumes use; created on Azure Disk when AKS has none of that name. */
  readonly storageClass?: string;
}

/** AKS's built-in StorageClasses. */
const AKS_STORAGE_CLASSES = ['default', 'managed-csi', 'managed-csi-premium', 'azurefile-csi'];

/** An AKS cluster with Azure CNI and Calico network policy, in its own resource group. */
export class AksCluster extends pulumi.ComponentResource implements KubernetesCluster {
  readonly kind = 'aks' as const;
  readonly provider: k8s.Provider;
  readonly kubeconfig: pulumi.Output<string>;
  readonly capabilities: ClusterCapabilities;
  /** The AKS cluster. */
  readonly cluster: containerservice.ManagedCluster;

  constructor(name: string, args: AksClusterArgs, opts?: pulumi.ComponentResourceOptions) {
    super('shipshape:cluster:Aks', name, {}, opts);
    const azureProvider = new azure.Provider(`${name}-azure`, { location: args.location }, { parent: this });
    const childOpts = { parent: this, provider: azureProvider };

    const group = new resources.ResourceGroup(
      `${name}-rg`,
      { resourceGroupName: args.resourceGroup, location: args.location },
      childOpts,
    );
    this.cluster = new containerservice.ManagedCluster(
      name,
      {
        resourceGroupName: group.name,
        location: args.location,
        dnsPrefix: name,
        kubernetesVersion: args.version,
        identity: { type: 'SystemAssigned' },
        agentPoolProfiles: [
          {
            name: 'system',
            mode: 'System',
            count: args.nodeCount,
            vmSize: args.vmSize,
            osType: 'Linux',
            type: 'VirtualMachineScaleSets',
          },
        ],
        // Calico enforces the NetworkPolicies the system ships.
        networkProfile: { networkPlugin: 'azure', networkPolicy: 'calico' },
      },
      childOpts,
    );

    const credentials = containerservice.listManagedClusterUserCredentialsOutput(
      { resourceGroupName: group.name, resourceName: this.cluster.name },
      childOpts,
    );
    this.kubeconfig = pulumi.secret(
      credentials.apply((c) => Buffer.from(c.kubeconfigs?.[0]?.value ?? '', 'base64').toString('utf8')),
    );
    this.provider = new k8s.Provider(`${name}-k8s`, { kubeconfig: this.kubeconfig }, { parent: this });
    const storageClasses = ensureStorageClass(
      name,
      args.storageClass,
      AKS_STORAGE_CLASSES,
      { provisioner: 'disk.csi.azure.com', parameters: { skuName: 'StandardSSD_LRS' } },
      { parent: this, provider: this.provider },
    );
    // AKS runs metrics-server in kube-system.
    this.capabilities = {
      kubernetesVersion: args.version,
      kubernetesVersionSource: 'shipshape:aks.version',
      hasGatewayController: false,
      hasMetricsServer: true,
      storageClasses,
    };
    this.registerOutputs({ kubeconfig: this.kubeconfig });
  }
}
