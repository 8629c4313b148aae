import type * as k8s from '@pulumi/kubernetes';
import * as pulumi from '@pulumi/pulumi';
import type { KubeObject } from '../../synth/files';
import { KubernetesObjects, type PrerequisiteScope } from './kubernetes-objects';

export interface GitOpsAppArgs {
  /** The app's Argo CD Application(s) for the environment (`argoproj.io/v1alpha1`, from the same synthesis). */
  readonly applications: readonly KubeObject[];
  /** The synthesized Namespace object(s), applied by Pulumi before anything else. */
  readonly namespaceObjects: readonly KubeObject[];
  /** Creates what must exist in the namespace before Argo CD syncs (the Secrets Pulumi adds). */
  readonly prerequisites?: (scope: PrerequisiteScope) => readonly pulumi.Resource[];
  /** What the Applications wait for: the Argo CD release that installs their CRDs; none when Argo CD is assumed present. */
  readonly argoCd: readonly pulumi.Resource[];
  /** Provider of the target cluster. */
  readonly provider: k8s.Provider;
}

/**
 * GitOps mode: Pulumi applies what Git must not hold and Argo CD cannot make (the Namespace with its Pod
 * Security labels, the Secrets), then hands the app over to Argo CD through its Application(s); Argo CD syncs
 * every other object from the repository, wave by wave. In the order of the object tiers: Namespace, Secrets,
 * Applications (CRD objects, after the Argo CD release).
 */
export class GitOpsApp extends pulumi.ComponentResource {
  /** The Namespace, the Secrets and the Applications. */
  readonly objects: KubernetesObjects;

  constructor(name: string, args: GitOpsAppArgs, opts?: pulumi.ComponentResourceOptions) {
    super('shipshape:app:GitOpsApp', name, {}, opts);
    if (args.applications.length === 0) {
      throw new Error('GitOpsApp.applications is empty: the app declares no gitops for this environment');
    }
    const stray = [
      ...args.applications.filter((o) => o.apiVersion !== 'argoproj.io/v1alpha1' || o.kind !== 'Application'),
      ...args.namespaceObjects.filter((o) => o.kind !== 'Namespace'),
    ];
    if (stray.length > 0) {
      throw new Error(
        `GitOpsApp takes Argo CD Applications and Namespaces only (got ${stray[0]?.apiVersion} ${stray[0]?.kind})`,
      );
    }
    this.objects = new KubernetesObjects(
      name,
      {
        objects: [...args.namespaceObjects, ...args.applications],
        provider: args.provider,
        operators: { 'argoproj.io': args.argoCd },
        prerequisites: args.prerequisites,
      },
      { parent: this },
    );
    this.registerOutputs({ applications: args.applications.map((a) => a.metadata.name) });
  }
}
