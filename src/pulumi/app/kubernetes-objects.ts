import * as k8s from '@pulumi/kubernetes';
import * as pulumi from '@pulumi/pulumi';
import type { KubeObject } from '../../synth/files';
import { apiGroup, isCustomKind, resourceName, TIERS, tierOf, typedClassOf, type Tier } from './kube-classes';
import { awaitedMetadata, workloadRefOf } from './rollout-wait';

/** An Argo Rollouts Rollout. */
function isRollout(object: KubeObject): boolean {
  return object.kind === 'Rollout' && apiGroup(object.apiVersion) === 'argoproj.io';
}

/** What a `prerequisites` callback gets. */
export interface PrerequisiteScope {
  /** Parent for the resources it creates. */
  readonly parent: pulumi.Resource;
  /** The Namespace resources, which its resources must depend on. */
  readonly namespaces: readonly pulumi.Resource[];
}

export interface KubernetesObjectsArgs {
  /** The synthesized objects, plain JSON, in any order. */
  readonly objects: readonly KubeObject[];
  /** Provider of the target cluster. */
  readonly provider: k8s.Provider;
  /** Per API group, what its CRD-backed objects must wait for (the release installing the CRD, ...). */
  readonly operators?: Readonly<Record<string, readonly pulumi.Resource[]>>;
  /** What Ingresses (the explicit opt-in) must wait for: the cluster's ingress controller, when the program knows it. */
  readonly ingressController?: readonly pulumi.Resource[];
  /** Creates resources of the config tier that are not in `objects` (the Secrets Pulumi adds). */
  readonly prerequisites?: ((scope: PrerequisiteScope) => readonly pulumi.Resource[]) | undefined;
}

/**
 * One Pulumi resource per Kubernetes object, typed where Kubernetes defines the kind, applied in tiers:
 * Namespaces, then ServiceAccounts/RBAC/ConfigMaps/Secrets, then NetworkPolicies, then Services and
 * workloads, then Ingresses, then the remaining CRD-backed objects (those also wait for their operator).
 */
export class KubernetesObjects extends pulumi.ComponentResource {
  /** The resources, by Pulumi resource name. */
  readonly resources: ReadonlyMap<string, pulumi.CustomResource>;
  /** The resources of each tier, in apply order. */
  readonly tiers: ReadonlyMap<Tier, readonly pulumi.Resource[]>;

  constructor(name: string, args: KubernetesObjectsArgs, opts?: pulumi.ComponentResourceOptions) {
    super('shipshape:app:KubernetesObjects', name, {}, opts);
    const byTier = new Map<Tier, KubeObject[]>(TIERS.map((tier) => [tier, []]));
    const seen = new Set<string>();
    for (const object of args.objects) {
      const id = resourceName(object);
      if (seen.has(id)) throw new Error(`two objects map to the Pulumi resource name '${id}'`);
      seen.add(id);
      byTier.get(tierOf(object))?.push(object);
    }

    const resources = new Map<string, pulumi.CustomResource>();
    const templates = new Map(
      args.objects
        .filter((o) => o.kind === 'AnalysisTemplate' && apiGroup(o.apiVersion) === 'argoproj.io')
        .map((o) => [`${o.metadata.namespace ?? ''}/${o.metadata.name}`, o] as const),
    );
    const tiers = new Map<Tier, pulumi.Resource[]>();
    let previous: readonly pulumi.Resource[] = [];
    for (const tier of TIERS) {
      const created: pulumi.Resource[] = [];
      if (tier === 'config' && args.prerequisites) {
        created.push(...args.prerequisites({ parent: this, namespaces: tiers.get('namespaces') ?? [] }));
      }
      // A Rollout's wait reads its Deployment's generation: Deployments first.
      const objects = [...(byTier.get(tier) ?? [])].sort(
        (a, b) => Number(isRollout(a)) - Number(isRollout(b)),
      );
      for (const object of objects) {
        const dependsOn = [...previous, ...this.extraDependencies(object, args)];
        const resource = this.register(
          object,
          { parent: this, provider: args.provider, dependsOn },
          resources,
          templates,
        );
        resources.set(resourceName(object), resource);
        created.push(resource);
      }
      tiers.set(tier, created);
      if (created.length > 0) previous = created;
    }
    this.resources = resources;
    this.tiers = tiers;
    this.registerOutputs({});
  }

  private extraDependencies(object: KubeObject, args: KubernetesObjectsArgs): readonly pulumi.Resource[] {
    if (object.kind === 'Ingress') return args.ingressController ?? [];
    if (!isCustomKind(object)) return [];
    const group = apiGroup(object.apiVersion);
    const operator = args.operators?.[`${group}/${object.kind}`] ?? args.operators?.[group];
    if (operator === undefined) {
      throw new Error(
        `${object.kind} ${object.metadata.namespace ?? ''}/${object.metadata.name} needs the CRDs of ${group}, ` +
          'which no platform component of this environment installs',
      );
    }
    return operator;
  }

  private register(
    object: KubeObject,
    opts: pulumi.CustomResourceOptions,
    registered: ReadonlyMap<string, pulumi.CustomResource>,
    templates: ReadonlyMap<string, KubeObject>,
  ): pulumi.CustomResource {
    const name = resourceName(object);
    if (isRollout(object)) {
      // Waited for as a Deployment is (rollout-wait.ts): Healthy for the Deployment's current generation.
      const namespace = object.metadata.namespace ?? '';
      const ref = workloadRefOf(object);
      const deployment =
        ref === undefined
          ? undefined
          : (registered.get(
              resourceName({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: ref, namespace } }),
            ) as k8s.apps.v1.Deployment | undefined);
      const own = new Map(
        [...templates]
          .filter(([k]) => k.startsWith(`${namespace}/`))
          .map(([k, v]) => [k.slice(namespace.length + 1), v]),
      );
      const metadata = awaitedMetadata(object, own, deployment?.metadata.generation);
      return new k8s.apiextensions.CustomResource(name, { ...object, metadata }, opts);
    }
    if (isCustomKind(object)) {
      return new k8s.apiextensions.CustomResource(name, { ...object }, opts);
    }
    const Class = typedClassOf(object);
    return new Class(name, { ...object }, opts);
  }
}
