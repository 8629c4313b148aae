/**
 * The change-impact report of `shipshape diff`, as `--format json` prints it. Field names are a contract:
 * tools read them, so they change only with {@link DIFF_SCHEMA_VERSION}. Every list is sorted (environments
 * as the output has them, objects by kind, namespace and name), so two runs print the same bytes.
 */

/** Version of the JSON report's shape; bumped when a field is renamed, removed or changes meaning. */
export const DIFF_SCHEMA_VERSION = 1;

/** One Kubernetes object, by identity. */
export interface ObjectRef {
  /** `apps/v1`, `v1`, ... as the output has it (the head's, for a changed object). */
  readonly apiVersion: string;
  readonly kind: string;
  /** Unset for cluster-scoped objects. */
  readonly namespace?: string;
  readonly name: string;
}

/** A JSON scalar a report may print (strings of at most 80 characters; never a Secret's data). */
export type Scalar = string | number | boolean | null;

/** One changed field, its path written `spec.template.spec.containers[web].image`. */
export interface FieldChange {
  /** Dotted path; list items with a `name` are `[name]`, others `[index]`; odd keys `[key]`. */
  readonly path: string;
  readonly change: 'added' | 'removed' | 'changed';
  /** The old value, when it is a short scalar. */
  readonly from?: Scalar;
  /** The new value, when it is a short scalar. */
  readonly to?: Scalar;
}

/** An object on both sides whose content differs. */
export interface ObjectChange {
  readonly object: ObjectRef;
  /** The changed fields (subtrees added or removed whole are one entry). */
  readonly fields: readonly FieldChange[];
  /** Set when the API server refuses this change in place (an immutable field): why. */
  readonly replace?: string;
}

/** Objects added, removed and changed. */
export interface ObjectsDiff {
  readonly added: readonly ObjectRef[];
  readonly removed: readonly ObjectRef[];
  readonly changed: readonly ObjectChange[];
}

/** Why a workload rolls: which part of its pod template changed. */
export type RollReason =
  | 'image'
  | 'config'
  | 'secret'
  | 'env'
  | 'resources'
  | 'probes'
  | 'labels'
  | 'service-account'
  | 'security-context'
  | 'volumes'
  | 'template';

/** How a workload kind replaces its pods when its template changes. */
export type RollMode =
  /** Deployment, StatefulSet, DaemonSet with RollingUpdate: a few pods at a time. */
  | 'rolling'
  /** Deployment with the Recreate strategy: every pod stops before the new ones start (downtime). */
  | 'recreate'
  /** StatefulSet or DaemonSet with OnDelete: nothing changes until pods are deleted. */
  | 'on-delete'
  /** Argo Rollouts' Rollout: through its canary or blue-green steps. */
  | 'progressive'
  /** CronJob: the next run uses the new template; running Jobs are left alone. */
  | 'next-run'
  /** Job or bare Pod: the template is immutable, so the object is replaced. */
  | 'replace';

/** One reason of a roll, with what changed (names and short values; never a Secret's data). */
export interface RollCause {
  readonly reason: RollReason;
  /** e.g. `web: example/web:1.0.0 → example/web:1.1.0`, `ConfigMap web-config: LOG_LEVEL`. */
  readonly detail: string;
}

/** A workload whose pods are replaced by this change. */
export interface Roll {
  readonly workload: ObjectRef;
  readonly mode: RollMode;
  /** The causes, in the order of {@link RollReason}. */
  readonly causes: readonly RollCause[];
  /** The pod template's changed fields, relative to the template (`spec.containers[web].image`). */
  readonly fields: readonly FieldChange[];
}

/** A change that replaces no pod: replicas, strategy, HPA bounds, PodDisruptionBudgets. */
export interface SteadyChange {
  readonly object: ObjectRef;
  readonly change: 'added' | 'removed' | 'changed';
  /** The workload an HPA or PodDisruptionBudget governs, when the output has it. */
  readonly target?: ObjectRef;
  readonly fields: readonly FieldChange[];
}

/** A workload that reads a changed ConfigMap or Secret but does not roll. */
export interface StaleReader {
  readonly workload: ObjectRef;
  /** The ConfigMap, Secret or ExternalSecret whose content changed. */
  readonly source: ObjectRef;
  /**
   * `env` (env, envFrom) and `subPath` (a file mounted by subPath): its pods keep the old content until they
   * restart; `volume`: the kubelet updates the mounted files in place (the app must read them again).
   */
  readonly via: 'env' | 'subPath' | 'volume';
}

/** Network flows that one side's policy allows and the other's does not, grouped by sender and receiver. */
export interface Edge {
  /** The policy read: `network-policy` (the mesh adds its own). */
  readonly source: string;
  /** Party ids: `<namespace>/<workload>`, a peer by its selector, `internet (IPv4)`, ... */
  readonly from: string;
  readonly to: string;
  /** `8080/TCP`, or `any/TCP` when every port tried for the protocol is. */
  readonly ports: readonly string[];
  /** The readings on which this holds; empty when it holds on every reading of the source. */
  readonly readings: readonly string[];
}

/** Edges opened and closed. */
export interface EdgesDiff {
  readonly opened: readonly Edge[];
  readonly closed: readonly Edge[];
  /** The edge sources that had policies to read on either side. */
  readonly sources: readonly string[];
}

/** Kinds of exposure entries. */
export type ExposureKind = 'route' | 'tls' | 'listener' | 'service' | 'cidr' | 'external-ip';

/** Something reachable from outside the namespace, added or removed. */
export interface ExposureChange {
  readonly kind: ExposureKind;
  readonly change: 'added' | 'removed';
  /** Whether this makes more reachable (a new route, host or source; TLS removed). */
  readonly widen: boolean;
  readonly object: ObjectRef;
  /** e.g. `https://shop.example.com/api → Service shop/web:8080`. */
  readonly text: string;
}

/** Kinds of identity and privilege entries. */
export type PrivilegeKind =
  | 'service-account'
  | 'identity'
  | 'token'
  | 'rbac'
  | 'pod-security'
  | 'security-context'
  | 'secret';

/** An identity or a permission granted, taken away or changed. */
export interface PrivilegeChange {
  readonly kind: PrivilegeKind;
  readonly change: 'added' | 'removed' | 'changed';
  /** Whether something may now do more than before. */
  readonly widen: boolean;
  readonly object: ObjectRef;
  /** e.g. `ServiceAccount shop/web gains get, list on secrets`. Names only, never values. */
  readonly text: string;
}

/** A value of the chart's values schema, added, removed or constrained differently. */
export interface ValueChange {
  /** Dotted value path, as `--set` takes it (`web.image.tag`; list items `hosts[]`). */
  readonly path: string;
  readonly change: 'added' | 'removed' | 'narrowed' | 'widened' | 'changed';
  /** Whether an install's `--set`/`-f` that worked on the base may fail on the head. */
  readonly breaking: boolean;
  readonly detail: string;
}

/** The Helm chart of an environment: Chart.yaml, values.schema.json and values.yaml. */
export interface ChartDiff {
  /** Chart folder relative to the output (`helm/<env>`). */
  readonly dir: string;
  readonly status: 'added' | 'removed' | 'changed';
  /** Chart.yaml fields (version, appVersion, kubeVersion, ...). */
  readonly metadata: readonly FieldChange[];
  readonly values: readonly ValueChange[];
  /** values.yaml defaults. */
  readonly defaults: readonly FieldChange[];
}

/** What a reviewer should read first: widening, breaking and disrupting changes. */
export interface Risk {
  /** `widen`: more allowed or exposed; `break`: an apply or install that fails; `disrupt`: downtime or deletion. */
  readonly level: 'widen' | 'break' | 'disrupt';
  readonly section: 'objects' | 'rolls' | 'edges' | 'exposure' | 'privilege' | 'chart';
  readonly text: string;
}

/** One environment (a folder of the output) compared. */
export interface EnvironmentDiff {
  /** The output folder: `production`, or `production/shop` for an environment of several Systems. */
  readonly name: string;
  readonly status: 'added' | 'removed' | 'changed' | 'unchanged';
  /** Widening first, then breaking, then disrupting changes. */
  readonly risks: readonly Risk[];
  /** Its manifests and its Argo CD Application. */
  readonly objects: ObjectsDiff;
  readonly rolls: readonly Roll[];
  readonly steady: readonly SteadyChange[];
  readonly stale: readonly StaleReader[];
  readonly edges: EdgesDiff;
  readonly exposure: readonly ExposureChange[];
  readonly privilege: readonly PrivilegeChange[];
  /** Unset when neither side has a chart for it or the chart did not change. */
  readonly chart?: ChartDiff;
}

/** Where one side came from. */
export interface SideInfo {
  /** What the user named: a git ref, `working tree`, or a directory. */
  readonly label: string;
  /** The commit, for a git ref. */
  readonly commit?: string;
}

/** Counts over every environment. */
export interface DiffSummary {
  readonly environments: number;
  /** Environments that are not unchanged. */
  readonly changed: number;
  readonly widen: number;
  readonly rolls: number;
  readonly breaking: number;
}

/** The whole report. */
export interface DiffReport {
  readonly schemaVersion: typeof DIFF_SCHEMA_VERSION;
  readonly base: SideInfo;
  readonly head: SideInfo;
  readonly summary: DiffSummary;
  readonly environments: readonly EnvironmentDiff[];
}
