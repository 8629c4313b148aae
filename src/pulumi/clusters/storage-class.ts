import * as k8s from '@pulumi/kubernetes';
import type * as pulumi from '@pulumi/pulumi';

/** The CSI driver and parameters of a cloud's block volumes. */
export interface BlockStorage {
  /** CSI provisioner, e.g. `pd.csi.storage.gke.io`. */
  readonly provisioner: string;
  /** Parameters of the provisioner, e.g. `{ type: 'pd-balanced' }`. */
  readonly parameters: Readonly<Record<string, string>>;
}

/**
 * The StorageClass an environment's volumes ask for. A cluster that does not ship one of that name
 * gets it, backed by the cloud's CSI block storage, so claims bind on any cloud the profile runs on.
 * Returns every class the cluster then has.
 */
export function ensureStorageClass(
  name: string,
  storageClass: string | undefined,
  builtIn: readonly string[],
  storage: BlockStorage,
  opts: pulumi.CustomResourceOptions,
): readonly string[] {
  if (storageClass === undefined || builtIn.includes(storageClass)) return builtIn;
  new k8s.storage.v1.StorageClass(
    `${name}-${storageClass}`,
    {
      metadata: { name: storageClass },
      provisioner: storage.provisioner,
      parameters: { ...storage.parameters },
      reclaimPolicy: 'Delete',
      volumeBindingMode: 'WaitForFirstConsumer',
      allowVolumeExpansion: true,
    },
    opts,
  );
  return [...builtIn, storageClass];
}
