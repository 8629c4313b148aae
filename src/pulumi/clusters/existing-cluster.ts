import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as k8s from '@pulumi/kubernetes';
import * as pulumi from '@pulumi/pulumi';
import type { ClusterCapabilities, KubernetesCluster } from './cluster';

export interface ExistingClusterArgs {
  /** Path of the kubeconfig file; a leading `~` is the home directory. */
  readonly kubeconfigPath: string;
  /** Context to use; `undefined` uses the file's current context. */
  readonly context?: string | undefined;
  /** What already runs in the cluster. */
  readonly capabilities: ClusterCapabilities;
}

/** Expands a leading `~` the way a shell would. */
export function expandHome(file: string): string {
  return file === '~' || file.startsWith('~/') ? path.join(os.homedir(), file.slice(1)) : file;
}

/** A cluster made elsewhere, reached through a kubeconfig file. */
export class ExistingCluster extends pulumi.ComponentResource implements KubernetesCluster {
  readonly kind = 'existing' as const;
  readonly provider: k8s.Provider;
  readonly kubeconfig: pulumi.Output<string>;
  readonly capabilities: ClusterCapabilities;

  constructor(name: string, args: ExistingClusterArgs, opts?: pulumi.ComponentResourceOptions) {
    super('shipshape:cluster:Existing', name, {}, opts);
    const file = expandHome(args.kubeconfigPath);
    if (!fs.existsSync(file)) {
      throw new Error(
        `shipshape:existing.kubeconfigPath: no kubeconfig at '${file}' (set it with pulumi config set existing.kubeconfigPath <path>)`,
      );
    }
    // The contents, not the path, go to the provider: the stack must not depend on a file that may change.
    this.kubeconfig = pulumi.secret(fs.readFileSync(file, 'utf8'));
    this.capabilities = args.capabilities;
    this.provider = new k8s.Provider(
      `${name}-k8s`,
      { kubeconfig: this.kubeconfig, context: args.context },
      { parent: this },
    );
    this.registerOutputs({ kubeconfig: this.kubeconfig });
  }
}
