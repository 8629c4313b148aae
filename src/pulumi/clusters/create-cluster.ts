/**
 * Builds the cluster component for `cluster.kind`. Cloud components are `require`d here, inside their case,
 * so a minikube or existing stack never loads `@pulumi/aws`, `@pulumi/eks`, `@pulumi/gcp` or
 * `@pulumi/azure-native` (hundreds of modules and the optional npm dependencies they are).
 */
import type * as pulumi from '@pulumi/pulumi';
import type { ClusterConfig } from '../config';
import type { KubernetesCluster } from './cluster';
import { ExistingCluster } from './existing-cluster';
import { MinikubeCluster } from './minikube-cluster';

/** What the cluster needs from the environment profile. */
export interface ClusterEnvironment {
  /** StorageClass of the environment's volumes (cloud clusters create it when they lack it). */
  readonly storageClass: string;
}

/** The npm packages each cloud kind needs; they are optionalDependencies of shipshape. */
export const CLOUD_PACKAGES = {
  eks: ['@pulumi/eks', '@pulumi/aws'],
  gke: ['@pulumi/gcp'],
  aks: ['@pulumi/azure-native'],
} as const;

/* eslint-disable @typescript-eslint/no-require-imports -- `require` inside a function is the lazy load */
const cloudComponents = {
  eks: (): typeof import('./eks-cluster') => require('./eks-cluster'),
  gke: (): typeof import('./gke-cluster') => require('./gke-cluster'),
  aks: (): typeof import('./aks-cluster') => require('./aks-cluster'),
};
/* eslint-enable @typescript-eslint/no-require-imports */

function loadCloudModule<T>(kind: keyof typeof CLOUD_PACKAGES, load: () => T): T {
  try {
    return load();
  } catch (error) {
    const missing = (error as NodeJS.ErrnoException).code === 'MODULE_NOT_FOUND';
    if (!missing) throw error;
    const packages = CLOUD_PACKAGES[kind].join(' and ');
    throw new Error(
      `shipshape:cluster.kind is ${kind}, which needs the npm packages ${packages}; they are not installed ` +
        `(optional peer dependencies of shipshape): npm install ${CLOUD_PACKAGES[kind].join(' ')} ` +
        `(${(error as Error).message.split('\n')[0]})`,
    );
  }
}

/** Creates the cluster component for the stack's `cluster.kind`. */
export function createCluster(
  name: string,
  config: ClusterConfig,
  environment: ClusterEnvironment,
  opts?: pulumi.ComponentResourceOptions,
): KubernetesCluster {
  switch (config.kind) {
    case 'minikube':
      return new MinikubeCluster(name, config, opts);
    case 'existing':
      return new ExistingCluster(
        name,
        {
          kubeconfigPath: config.kubeconfigPath,
          context: config.context,
          capabilities: {
            kubernetesVersion: config.kubernetesVersion,
            kubernetesVersionSource: 'shipshape:existing.kubernetesVersion',
            hasGatewayController: config.hasGatewayController,
            hasMetricsServer: config.hasMetricsServer,
            hasArgoCd: config.hasArgoCd,
            hasArgoRollouts: config.hasArgoRollouts,
          },
        },
        opts,
      );
    case 'eks': {
      const { EksCluster } = loadCloudModule('eks', cloudComponents.eks);
      return new EksCluster(name, { ...config, storageClass: environment.storageClass }, opts);
    }
    case 'gke': {
      const { GkeCluster } = loadCloudModule('gke', cloudComponents.gke);
      return new GkeCluster(name, { ...config, storageClass: environment.storageClass }, opts);
    }
    case 'aks': {
      const { AksCluster } = loadCloudModule('aks', cloudComponents.aks);
      return new AksCluster(name, { ...config, storageClass: environment.storageClass }, opts);
    }
  }
}
