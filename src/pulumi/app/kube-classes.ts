/**
 * How each Kubernetes object becomes a Pulumi resource: the typed `@pulumi/kubernetes` class of its
 * apiVersion/kind, or `CustomResource` for CRD kinds; and in which tier it is applied.
 */
import * as k8s from '@pulumi/kubernetes';
import type * as pulumi from '@pulumi/pulumi';
import type { KubeObject } from '../../synth/files';

/** A typed resource class, seen through the one signature all of them share. */
export type KubeResourceClass = new (
  name: string,
  args: Record<string, unknown>,
  opts?: pulumi.CustomResourceOptions,
) => pulumi.CustomResource;

// Each class takes its own Args type; the table stores them under the common signature.
const typed = (cls: unknown): KubeResourceClass => cls as KubeResourceClass;

/** Built-in kinds the system may emit, by `apiVersion/kind`. */
export const TYPED_CLASSES: Readonly<Record<string, KubeResourceClass>> = {
  'v1/Namespace': typed(k8s.core.v1.Namespace),
  'v1/ServiceAccount': typed(k8s.core.v1.ServiceAccount),
  'v1/ConfigMap': typed(k8s.core.v1.ConfigMap),
  'v1/Secret': typed(k8s.core.v1.Secret),
  'v1/Service': typed(k8s.core.v1.Service),
  'v1/PersistentVolumeClaim': typed(k8s.core.v1.PersistentVolumeClaim),
  'v1/ResourceQuota': typed(k8s.core.v1.ResourceQuota),
  'v1/LimitRange': typed(k8s.core.v1.LimitRange),
  'v1/Pod': typed(k8s.core.v1.Pod),
  'apps/v1/Deployment': typed(k8s.apps.v1.Deployment),
  'apps/v1/StatefulSet': typed(k8s.apps.v1.StatefulSet),
  'apps/v1/DaemonSet': typed(k8s.apps.v1.DaemonSet),
  'batch/v1/Job': typed(k8s.batch.v1.Job),
  'batch/v1/CronJob': typed(k8s.batch.v1.CronJob),
  'autoscaling/v2/HorizontalPodAutoscaler': typed(k8s.autoscaling.v2.HorizontalPodAutoscaler),
  'policy/v1/PodDisruptionBudget': typed(k8s.policy.v1.PodDisruptionBudget),
  'networking.k8s.io/v1/NetworkPolicy': typed(k8s.networking.v1.NetworkPolicy),
  'networking.k8s.io/v1/Ingress': typed(k8s.networking.v1.Ingress),
  'networking.k8s.io/v1/IngressClass': typed(k8s.networking.v1.IngressClass),
  'rbac.authorization.k8s.io/v1/Role': typed(k8s.rbac.v1.Role),
  'rbac.authorization.k8s.io/v1/RoleBinding': typed(k8s.rbac.v1.RoleBinding),
  'rbac.authorization.k8s.io/v1/ClusterRole': typed(k8s.rbac.v1.ClusterRole),
  'rbac.authorization.k8s.io/v1/ClusterRoleBinding': typed(k8s.rbac.v1.ClusterRoleBinding),
  'storage.k8s.io/v1/StorageClass': typed(k8s.storage.v1.StorageClass),
  'scheduling.k8s.io/v1/PriorityClass': typed(k8s.scheduling.v1.PriorityClass),
};

/**
 * Apply order. Each tier waits for the previous one.
 * - NetworkPolicies come before any pod, so no pod ever runs unrestricted.
 * - Services share the workload tier: Pulumi waits for a Service to have ready endpoints, so a Service
 *   applied before its pods exist would block until timeout.
 * - Ingresses wait for their backends; CRD-backed monitoring objects come last.
 */
export const TIERS = ['namespaces', 'config', 'policies', 'workloads', 'edge', 'extensions'] as const;
export type Tier = (typeof TIERS)[number];

const TIER_OF_KIND: Readonly<Record<string, Tier>> = {
  Namespace: 'namespaces',
  StorageClass: 'namespaces',
  PriorityClass: 'namespaces',
  ClusterRole: 'namespaces',
  ServiceAccount: 'config',
  Role: 'config',
  RoleBinding: 'config',
  ClusterRoleBinding: 'config',
  ConfigMap: 'config',
  Secret: 'config',
  PersistentVolumeClaim: 'config',
  ResourceQuota: 'config',
  LimitRange: 'config',
  NetworkPolicy: 'policies',
  Service: 'workloads',
  Pod: 'workloads',
  Deployment: 'workloads',
  StatefulSet: 'workloads',
  DaemonSet: 'workloads',
  Job: 'workloads',
  CronJob: 'workloads',
  HorizontalPodAutoscaler: 'workloads',
  PodDisruptionBudget: 'workloads',
  Ingress: 'edge',
  IngressClass: 'namespaces',
};

/** CRD kinds that produce Secrets pods mount: they belong with the config, before the workloads. */
const SECRET_PRODUCERS: ReadonlySet<string> = new Set([
  'external-secrets.io/ExternalSecret',
  'cert-manager.io/Certificate',
  'bitnami.com/SealedSecret',
]);
/**
 * CRD kinds outside the extensions tier: an AnalysisTemplate is read by its Rollout; a Rollout runs the pods a
 * workload's Service waits for (Pulumi waits for ready endpoints), so it must not come after the Services.
 */
const CUSTOM_TIERS: Readonly<Record<string, Tier>> = {
  'argoproj.io/AnalysisTemplate': 'config',
  'argoproj.io/Rollout': 'workloads',
};

/** API group of an apiVersion (`''` for the core group). */
export function apiGroup(apiVersion: string): string {
  return apiVersion.includes('/') ? apiVersion.slice(0, apiVersion.lastIndexOf('/')) : '';
}

/** True for kinds served by a CustomResourceDefinition rather than by Kubernetes itself. */
export function isCustomKind(object: Pick<KubeObject, 'apiVersion'>): boolean {
  const group = apiGroup(object.apiVersion);
  return group === GATEWAY_API_GROUP || (group.includes('.') && !group.endsWith('.k8s.io'));
}

/** Gateway API's group: `*.k8s.io`, yet served by CRDs that the platform installs. */
export const GATEWAY_API_GROUP = 'gateway.networking.k8s.io';

/** The tier an object is applied in. */
export function tierOf(object: KubeObject): Tier {
  // Gateways and routes are the entry, applied with the Ingresses once the backends are up.
  if (apiGroup(object.apiVersion) === GATEWAY_API_GROUP) return 'edge';
  if (isCustomKind(object)) {
    const kind = `${apiGroup(object.apiVersion)}/${object.kind}`;
    return CUSTOM_TIERS[kind] ?? (SECRET_PRODUCERS.has(kind) ? 'config' : 'extensions');
  }
  const tier = TIER_OF_KIND[object.kind];
  if (tier === undefined) throw new Error(unsupported(object));
  return tier;
}

/** The typed class of a built-in object. */
export function typedClassOf(object: KubeObject): KubeResourceClass {
  const cls = TYPED_CLASSES[`${object.apiVersion}/${object.kind}`];
  if (cls === undefined) throw new Error(unsupported(object));
  return cls;
}

function unsupported(object: KubeObject): string {
  return (
    `${object.apiVersion} ${object.kind} ${object.metadata.name} has no typed @pulumi/kubernetes class in ` +
    `src/pulumi/app/kube-classes.ts: add it to TYPED_CLASSES and TIER_OF_KIND`
  );
}

/** Stable, unique Pulumi name of an object: `<kind>-<namespace>-<name>`, or `<kind>-<name>` when cluster-scoped. */
export function resourceName(object: KubeObject): string {
  const kind = object.kind.toLowerCase();
  const namespace = object.metadata.namespace;
  return namespace === undefined
    ? `${kind}-${object.metadata.name}`
    : `${kind}-${namespace}-${object.metadata.name}`;
}
