import * as k8s from '@pulumi/kubernetes';
import * as pulumi from '@pulumi/pulumi';
import type { ClusterCapabilities, KubernetesCluster } from './cluster';
import type { MinikubeClusterConfig } from '../config';
import { pulumiCommand } from '../optional-peers';

/** Arguments of a minikube cluster: its stack configuration. */
export type MinikubeClusterArgs = Omit<MinikubeClusterConfig, 'kind'>;

/**
 * `minikube start` for a profile: Calico so NetworkPolicies are enforced, and the metrics-server addon. No
 * ingress addon (ingress-nginx is retired): the platform installs Envoy Gateway.
 */
export function minikubeStartCommand(args: MinikubeClusterArgs): string {
  return [
    `minikube start -p ${args.profile}`,
    `--kubernetes-version=${args.kubernetesVersion}`,
    `--driver=${args.driver}`,
    `--cpus=${args.cpus}`,
    `--memory=${args.memoryMb}`,
    '--cni=calico',
    '--addons=metrics-server',
    // Return only when the API server, nodes and system pods are ready, so Helm releases can follow.
    '--wait=all',
  ].join(' ');
}

/** `minikube delete` of the profile, run on `pulumi destroy`. */
export function minikubeDeleteCommand(profile: string): string {
  return `minikube delete -p ${profile}`;
}

/** Reads the kubeconfig of this profile only, with certificates inlined. */
export function minikubeKubeconfigCommand(profile: string): string {
  return `kubectl config view --raw --minify --flatten --context ${profile}`;
}

/** A local minikube cluster, started and deleted with the stack. */
export class MinikubeCluster extends pulumi.ComponentResource implements KubernetesCluster {
  readonly kind = 'minikube' as const;
  readonly provider: k8s.Provider;
  readonly kubeconfig: pulumi.Output<string>;
  readonly capabilities: ClusterCapabilities;

  constructor(name: string, args: MinikubeClusterArgs, opts?: pulumi.ComponentResourceOptions) {
    super('shipshape:cluster:Minikube', name, {}, opts);
    const command = pulumiCommand();
    this.capabilities = {
      kubernetesVersion: args.kubernetesVersion,
      kubernetesVersionSource: 'shipshape:minikube.kubernetesVersion',
      hasGatewayController: false,
      hasMetricsServer: true,
      storageClasses: ['standard'],
    };

    const start = new command.local.Command(
      `${name}-start`,
      { create: minikubeStartCommand(args), delete: minikubeDeleteCommand(args.profile) },
      // A changed command re-creates the same profile name: the old one must be deleted first.
      { parent: this, deleteBeforeReplace: true },
    );

    const read = new command.local.Command(
      `${name}-kubeconfig`,
      {
        create: minikubeKubeconfigCommand(args.profile),
        // Re-read whenever the cluster is re-created (new certificates, new API server port).
        triggers: [start.id],
        // The kubeconfig holds a client key: keep it out of the update log.
        logging: command.types.enums.local.Logging.Stderr,
      },
      { parent: this, dependsOn: [start], additionalSecretOutputs: ['stdout'] },
    );

    this.kubeconfig = pulumi.secret(read.stdout);
    this.provider = new k8s.Provider(`${name}-k8s`, { kubeconfig: this.kubeconfig }, { parent: this });
    this.registerOutputs({ kubeconfig: this.kubeconfig });
  }
}
