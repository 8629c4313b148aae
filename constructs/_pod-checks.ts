import { k8s } from 'cdk8s-plus-27';
import { _checkCanonicalCidr, _checkInt, _checkPortNumber } from './_checks';
import { _defined } from './_defined';
import { _fail, type _Where } from './_errors';
import type { _Edge } from './_network-policy';
import type { _PodIdentity } from './_security';
import { _keys, _checkKeys, _props } from './_keys';
import { _array, _boolean, _record, _strings } from './_types';
import { cidrContains } from './cidr';
import { _checkOutsideCluster, _exceptCluster, type _ClusterRange } from './_cluster-network';
import type { ExternalEgress, TopologySpread } from './pod';
import { _EXTERNAL_EGRESS_KEYS, _POD_IDENTITY_KEYS, _TOPOLOGY_SPREAD_KEYS } from './pod';

// cdk8s-plus-27's k8s.PolicyRule: the items of WorkloadProps.rbacRules.
const POLICY_RULE_KEYS = _keys('PolicyRule', [
  'apiGroups',
  'nonResourceUrLs',
  'resourceNames',
  'resources',
  'verbs',
]);

// Checks of the pod-level props of a workload: identity, RBAC rules, external egress, spreading.

/** UID/GIDs of the pod, defaulted from each other. */
export function _resolveIdentity(at: _Where, raw: unknown): _PodIdentity {
  const id = raw === undefined ? {} : _props<Partial<_PodIdentity>>(at, 'identity', raw, _POD_IDENTITY_KEYS);
  const runAsUser = id.runAsUser ?? 65532;
  const runAsGroup = id.runAsGroup ?? runAsUser;
  const fsGroup = id.fsGroup ?? runAsGroup;
  const identity = { runAsUser, runAsGroup, fsGroup };
  for (const [k, v] of Object.entries(identity)) _checkInt(at, `identity.${k}`, v, 1, 2147483647);
  return identity;
}

/** An RBAC rule as the API server accepts it in a Role, and least privilege (no wildcards). */
export function _resolveRule(at: _Where, prop: string, raw: unknown): k8s.PolicyRule {
  const r = _record(at, prop, raw) as k8s.PolicyRule & { nonResourceURLs?: unknown };
  // Before the key check: the Kubernetes spelling gets the rule, not "did you mean 'nonResourceUrLs'".
  const nonResource = r.nonResourceUrLs ?? r.nonResourceURLs;
  if (nonResource !== undefined)
    _fail(
      at,
      `${prop}.nonResourceURLs`,
      'must not be set: a Role cannot grant non-resource URLs',
      nonResource,
    );
  _checkKeys(at, prop, r, POLICY_RULE_KEYS);
  const list = (field: 'apiGroups' | 'resources' | 'verbs' | 'resourceNames') =>
    r[field] === undefined ? undefined : [..._strings(at, `${prop}.${field}`, r[field])];
  const rule = {
    apiGroups: list('apiGroups') ?? [],
    resources: list('resources') ?? [],
    verbs: list('verbs') ?? [],
    resourceNames: list('resourceNames'),
  };
  for (const field of ['apiGroups', 'resources', 'verbs'] as const) {
    if (rule[field].includes('*')) {
      _fail(
        at,
        `${prop}.${field}`,
        "must not use the wildcard '*' (least privilege)",
        rule[field],
        'List the exact values',
      );
    }
  }
  if (rule.verbs.length === 0) _fail(at, `${prop}.verbs`, 'must list at least one verb', r.verbs);
  if (rule.apiGroups.length === 0)
    _fail(at, `${prop}.apiGroups`, "must list at least one API group ('' is the core group)", r.apiGroups);
  if (rule.resources.length === 0)
    _fail(at, `${prop}.resources`, 'must list at least one resource', r.resources);
  return _defined(rule);
}

/**
 * Egress to a CIDR (except ranges inside it) on a non-empty list of TCP ports; the cluster's own ranges are
 * excepted too, and a CIDR inside one is refused (it would reach pods on plugins that apply ipBlocks to them).
 */
export function _resolveEgress(
  at: _Where,
  prop: string,
  raw: unknown,
  cluster: readonly _ClusterRange[],
): _Edge {
  const e = _props<ExternalEgress>(at, prop, raw, _EXTERNAL_EGRESS_KEYS);
  const cidr = _checkCanonicalCidr(at, `${prop}.cidr`, e.cidr);
  const except = e.except === undefined ? undefined : _strings(at, `${prop}.except`, e.except);
  except?.forEach((x, i) => {
    const inner = _checkCanonicalCidr(at, `${prop}.except[${i}]`, x);
    if (!cidrContains(cidr, inner))
      _fail(at, `${prop}.except[${i}]`, `must be a range inside 'cidr' (${e.cidr})`, x);
    if (inner.prefix === cidr.prefix)
      _fail(
        at,
        `${prop}.except[${i}]`,
        `must be a range strictly inside 'cidr' (${e.cidr}): the API server refuses an except equal to its cidr`,
        x,
        'Remove the rule instead',
      );
  });
  _checkOutsideCluster(at, `${prop}.cidr`, e.cidr, cluster);
  const ports = _array(at, `${prop}.ports`, e.ports);
  if (ports.length === 0) _fail(at, `${prop}.ports`, 'must list at least one port', ports);
  ports.forEach((port, j) => _checkPortNumber(at, `${prop}.ports[${j}]`, port as number));
  const all = _exceptCluster(e.cidr, except ?? [], cluster);
  return {
    peer: { ipBlock: { cidr: e.cidr, ...(all.length > 0 && { except: all }) } },
    ports: (ports as number[]).map((port) => ({ protocol: 'TCP', port })),
  };
}

/** Topology spread over zones and nodes, or none. */
export function _spreadConstraints(
  at: _Where,
  raw: unknown,
  selectorLabels: Readonly<Record<string, string>>,
): k8s.TopologySpreadConstraint[] | undefined {
  if (raw === undefined) return undefined;
  const s = _props<TopologySpread>(at, 'topologySpread', raw, _TOPOLOGY_SPREAD_KEYS);
  const maxSkew = s.maxSkew ?? 1;
  _checkInt(at, 'topologySpread.maxSkew', maxSkew, 1);
  const strict = s.strict === undefined ? false : _boolean(at, 'topologySpread.strict', s.strict);
  const whenUnsatisfiable = strict ? 'DoNotSchedule' : 'ScheduleAnyway';
  return ['topology.kubernetes.io/zone', 'kubernetes.io/hostname'].map((topologyKey) => ({
    maxSkew,
    topologyKey,
    whenUnsatisfiable,
    labelSelector: { matchLabels: { ...selectorLabels } },
  }));
}
