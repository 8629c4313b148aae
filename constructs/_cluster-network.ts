/**
 * The cluster's own address ranges, which ipBlock rules for traffic from or to outside the cluster must leave out.
 * NetworkPolicy plugins read ipBlocks two ways: some apply them to pod addresses too (Calico), others to
 * addresses outside the pod network only (Cilium). A LoadBalancer's "anywhere" (`0.0.0.0/0`) or internet egress
 * (`0.0.0.0/0` minus private ranges) would, on the first reading, admit the pods of every namespace whose range it
 * covers (EKS custom networking puts pods in 100.64.0.0/10). Every derived ipBlock therefore excepts the System's
 * pod and Service ranges, and a declared range inside one of them is refused: the policies then mean the same
 * on both readings.
 */
import { _checkCanonicalCidr } from './_checks';
import { _fail, type _Where } from './_errors';
import { _keys, _props } from './_keys';
import { _array } from './_types';
import { cidrContains, parseCidr, type Cidr } from './cidr';
import type { ClusterNetwork } from './platform';

export const _CLUSTER_NETWORK_KEYS = _keys('ClusterNetwork', ['podCidrs', 'serviceCidrs']);

/**
 * Where Kubernetes distributions put pods and Services unless told otherwise: the private IPv4 ranges
 * (RFC 1918), the shared address space of carrier-grade NAT (RFC 6598, EKS custom networking) and IPv6 unique
 * local addresses (RFC 4193). A cluster elsewhere (GKE Autopilot's Services in 34.118.224.0/20) says so.
 */
export const _DEFAULT_CLUSTER_CIDRS: readonly string[] = [
  '10.0.0.0/8',
  '100.64.0.0/10',
  '172.16.0.0/12',
  '192.168.0.0/16',
  'fc00::/7',
];

/** One range of the cluster, and what it is (for messages). */
export interface _ClusterRange {
  readonly cidr: string;
  readonly parsed: Cidr;
  readonly what: 'pod' | 'Service';
}

/** The System's `clusterNetwork`, each range checked, defaults applied. */
export function _resolveClusterNetwork(
  at: _Where,
  raw: unknown,
): {
  readonly podCidrs: readonly string[];
  readonly serviceCidrs: readonly string[];
  readonly ranges: readonly _ClusterRange[];
} {
  const n = raw === undefined ? {} : _props<ClusterNetwork>(at, 'clusterNetwork', raw, _CLUSTER_NETWORK_KEYS);
  const list = (key: 'podCidrs' | 'serviceCidrs') => {
    if (n[key] === undefined) return _DEFAULT_CLUSTER_CIDRS;
    const cidrs = _array<string>(at, `clusterNetwork.${key}`, n[key]);
    if (cidrs.length === 0)
      _fail(
        at,
        `clusterNetwork.${key}`,
        'must list at least one CIDR',
        cidrs,
        'Omit it for the defaults (every private range)',
      );
    cidrs.forEach((c, i) => _checkCanonicalCidr(at, `clusterNetwork.${key}[${i}]`, c));
    return cidrs;
  };
  const podCidrs = list('podCidrs');
  const serviceCidrs = list('serviceCidrs');
  const ranges: _ClusterRange[] = [];
  for (const [what, cidrs] of [
    ['pod', podCidrs],
    ['Service', serviceCidrs],
  ] as const) {
    for (const cidr of cidrs) {
      const parsed = parseCidr(cidr)!;
      // A range inside one already listed adds nothing to exclude.
      if (!ranges.some((r) => cidrContains(r.parsed, parsed))) ranges.push({ cidr, parsed, what });
    }
  }
  return { podCidrs, serviceCidrs, ranges };
}

/** The cluster range `cidr` lies inside (or equals), if any. */
export function _insideCluster(cidr: string, ranges: readonly _ClusterRange[]): _ClusterRange | undefined {
  const c = parseCidr(cidr);
  return c === undefined ? undefined : ranges.find((r) => cidrContains(r.parsed, c));
}

/** Fails when a declared range (`prop`) lies inside a range of the cluster: it would name pods or Services. */
export function _checkOutsideCluster(
  at: _Where,
  prop: string,
  cidr: string,
  ranges: readonly _ClusterRange[],
): void {
  const r = _insideCluster(cidr, ranges);
  if (r === undefined) return;
  _fail(
    at,
    prop,
    `must not lie inside the cluster's ${r.what} range ${r.cidr} (the System's clusterNetwork): an ipBlock is for addresses outside the cluster, pods are reached through declared dependencies`,
    cidr,
    `If ${cidr} is outside the cluster, set the System's clusterNetwork to the cluster's actual ranges`,
  );
}

/**
 * The `except` of an ipBlock for `cidr`: its own ranges, then each cluster range strictly inside `cidr` that they
 * do not cover already (a range of another address family is left out).
 */
export function _exceptCluster(
  cidr: string,
  except: readonly string[],
  ranges: readonly _ClusterRange[],
): string[] {
  const outer = parseCidr(cidr);
  if (outer === undefined) return [...except];
  const own = except.map((x) => parseCidr(x)).filter((x): x is Cidr => x !== undefined);
  const added = ranges
    .filter(
      (r) =>
        r.parsed.family === outer.family && r.parsed.prefix > outer.prefix && cidrContains(outer, r.parsed),
    )
    .filter((r) => !own.some((x) => cidrContains(x, r.parsed)))
    .map((r) => r.cidr);
  return [...except, ...added];
}
