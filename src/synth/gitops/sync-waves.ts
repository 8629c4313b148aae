/**
 * Argo CD sync waves for any System's objects: Argo CD applies wave by wave, lowest first, and waits for every
 * object of a wave to be healthy before it starts the next. Within a wave it orders by kind (Namespace first,
 * custom resources last), which would start workloads before the ExternalSecrets that make their Secrets.
 * The waves follow the tiers in which the Pulumi program applies the same objects (src/pulumi/app/kube-classes.ts;
 * test/synth/gitops/sync-waves.test.ts checks that no wave runs ahead of the tier order).
 */
import { ApiObject } from 'cdk8s';
import type { IConstruct } from 'constructs';
import type { KubeObject } from '../files';

/** The annotation Argo CD reads. */
export const SYNC_WAVE_ANNOTATION = 'argocd.argoproj.io/sync-wave';

/** The waves, by name: what each holds and why it comes where it does. */
export const SYNC_WAVES = {
  /** The Namespace (Pod Security labels) and cluster-scoped prerequisites: everything else lives in or uses them. */
  namespace: -2,
  /**
   * What pods read or are restricted by, before any pod runs: ServiceAccounts, RBAC, ConfigMaps, Secrets, the
   * CRD objects that produce Secrets (ExternalSecret, Certificate, SealedSecret: Argo CD's health check waits
   * until the Secret exists), NetworkPolicies, quotas and limit ranges.
   */
  prerequisites: -1,
  /**
   * Workloads with their Services, HPAs, PDBs and standalone volume claims (a claim of a WaitForFirstConsumer
   * StorageClass stays Pending, "Progressing" to Argo CD, until a pod uses it: in an earlier wave it would
   * block the sync), and kinds this table does not name.
   */
  workloads: 0,
  /**
   * The entry (Gateway API Gateways and routes, Ingresses: once their backends are ready) and the other CRD
   * objects, e.g. ServiceMonitors of the workloads.
   */
  edge: 1,
} as const;

const NAMESPACE_KINDS: ReadonlySet<string> = new Set([
  'Namespace',
  'StorageClass',
  'PriorityClass',
  'ClusterRole',
  'IngressClass',
]);
const PREREQUISITE_KINDS: ReadonlySet<string> = new Set([
  'ServiceAccount',
  'Role',
  'RoleBinding',
  'ClusterRoleBinding',
  'ConfigMap',
  'Secret',
  'NetworkPolicy',
  'ResourceQuota',
  'LimitRange',
]);
/** CRD kinds that produce the Secrets pods mount, by `<group>/<kind>`. */
const SECRET_PRODUCERS: ReadonlySet<string> = new Set([
  'external-secrets.io/ExternalSecret',
  'cert-manager.io/Certificate',
  'bitnami.com/SealedSecret',
]);
/**
 * Argo Rollouts' kinds: an AnalysisTemplate is read by its Rollout's analysis steps, and a Rollout runs the pods
 * of a workload (with its Deployment, Service and HPA; Argo CD knows its health).
 */
const ROLLOUT_WAVES: Readonly<Record<string, number>> = {
  'argoproj.io/AnalysisTemplate': SYNC_WAVES.prerequisites,
  'argoproj.io/Rollout': SYNC_WAVES.workloads,
};

function apiGroupOf(apiVersion: string): string {
  return apiVersion.includes('/') ? apiVersion.slice(0, apiVersion.lastIndexOf('/')) : '';
}

/** Gateway API's group: `*.k8s.io`, yet served by CRDs (installed by the platform, not by Kubernetes). */
export const GATEWAY_API_GROUP = 'gateway.networking.k8s.io';

/** True for kinds served by a CustomResourceDefinition (a dotted group that is not Kubernetes' own). */
function isCustom(apiVersion: string): boolean {
  const group = apiGroupOf(apiVersion);
  return group === GATEWAY_API_GROUP || (group.includes('.') && !group.endsWith('.k8s.io'));
}

/** The wave of one object (see {@link SYNC_WAVES}). */
export function syncWaveOf(object: Pick<KubeObject, 'apiVersion' | 'kind'>): number {
  if (isCustom(object.apiVersion)) {
    const rollouts = ROLLOUT_WAVES[`${apiGroupOf(object.apiVersion)}/${object.kind}`];
    if (rollouts !== undefined) return rollouts;
    return SECRET_PRODUCERS.has(`${apiGroupOf(object.apiVersion)}/${object.kind}`)
      ? SYNC_WAVES.prerequisites
      : SYNC_WAVES.edge;
  }
  if (NAMESPACE_KINDS.has(object.kind)) return SYNC_WAVES.namespace;
  if (PREREQUISITE_KINDS.has(object.kind)) return SYNC_WAVES.prerequisites;
  if (object.kind === 'Ingress') return SYNC_WAVES.edge;
  return SYNC_WAVES.workloads;
}

/**
 * Annotates every object under `scope` with its sync wave, before it is rendered (so the written objects are
 * the rendered ones, and cdk8s sorts the keys); a wave the object's author set is kept.
 */
export function addSyncWaves(scope: IConstruct): void {
  for (const c of scope.node.findAll()) {
    if (!(c instanceof ApiObject)) continue;
    const own = (c.metadata.toJson() as { annotations?: Readonly<Record<string, unknown>> }).annotations;
    if (own?.[SYNC_WAVE_ANNOTATION] === undefined) {
      c.metadata.addAnnotation(SYNC_WAVE_ANNOTATION, String(syncWaveOf(c)));
    }
  }
}
