import type { k8s } from 'cdk8s-plus-27';
import { _checkCanonicalCidr, _checkDnsLabel } from './_checks';
import { _fail, type _Where } from './_errors';
import type { _Edge } from './_network-policy';
import { _checkOutsideCluster, _exceptCluster, type _ClusterRange } from './_cluster-network';
import { _checkKeys, _props } from './_keys';
import { _array, _enumOr, _record, _strings } from './_types';
import { ExternalTrafficPolicy, ServiceType, type ExtraService } from './exposure';
import type { ServicePort } from './port';
import { _ANY_SOURCE_KEYS, _CIDR_SOURCES_KEYS, _EXTRA_SERVICE_KEYS } from './exposure';

// Services of a workload reachable from outside the cluster: their declared sources, checked once,
// become the ipBlock rules of the workload's NetworkPolicy and a LoadBalancer's source ranges.

/** The label that tells an extra Service from the main one (ServiceMonitors select the main one only). */
export const _EXTRA_SERVICE_LABEL = 'shipshape.io/extra-service';

/** How one Service is exposed, checked: sources and traffic policy exactly when it is external. */
export interface _Exposure {
  readonly type: ServiceType;
  /** Admitted ranges (`0.0.0.0/0` and `::/0` for anywhere); set exactly for NodePort and LoadBalancer. */
  readonly cidrs?: readonly string[];
  readonly anywhere?: boolean;
  readonly externalTrafficPolicy?: ExternalTrafficPolicy;
}

/** An extra Service, checked and named. */
export interface _ExtraServicePlan extends _Exposure {
  readonly suffix: string;
  readonly name: string;
  readonly ports: readonly Required<ServicePort>[];
}

/** An external Service's ports and sources: what its ipBlock rules admit. */
export interface _ExternalAccess {
  readonly name: string;
  readonly type: ServiceType;
  readonly ports: readonly Required<ServicePort>[];
  readonly cidrs: readonly string[];
  readonly anywhere: boolean;
}

const ANYWHERE = ['0.0.0.0/0', '::/0'] as const;

/** The caller's prop names of one Service's type, sources and traffic policy. */
export interface _ExposureProps {
  readonly type: string;
  readonly sources: string;
  readonly policy: string;
}

/** Checks a Service type with its sources and traffic policy (both only for NodePort and LoadBalancer). */
export function _resolveExposure(
  at: _Where,
  props: _ExposureProps,
  raw: { readonly type: unknown; readonly sources: unknown; readonly policy: unknown },
  cluster: readonly _ClusterRange[],
): _Exposure {
  const type = _enumOr(at, props.type, raw.type, ServiceType, ServiceType.CLUSTER_IP);
  if (type === ServiceType.CLUSTER_IP) {
    for (const [prop, v] of [
      [props.sources, raw.sources],
      [props.policy, raw.policy],
    ] as const) {
      if (v !== undefined)
        _fail(
          at,
          prop,
          `must only be set with '${props.type}' NodePort or LoadBalancer: a ClusterIP Service is reached from inside the cluster, by declared dependencies`,
          v,
        );
    }
    return { type };
  }
  if (raw.sources === undefined) {
    _fail(
      at,
      props.sources,
      `must be set for a ${type} Service: its NetworkPolicy admits only declared sources`,
      undefined,
      "Use { anywhere: true } or { cidrs: ['203.0.113.0/24'] }",
    );
  }
  const s = _record<{ anywhere?: unknown; cidrs?: unknown }>(at, props.sources, raw.sources);
  if ((s.anywhere === undefined) === (s.cidrs === undefined))
    _fail(at, props.sources, "must set exactly one of 'anywhere' and 'cidrs'", s);
  _checkKeys(at, props.sources, s, s.anywhere !== undefined ? _ANY_SOURCE_KEYS : _CIDR_SOURCES_KEYS);
  const externalTrafficPolicy = _enumOr(
    at,
    props.policy,
    raw.policy,
    ExternalTrafficPolicy,
    ExternalTrafficPolicy.LOCAL,
  );
  if (s.anywhere !== undefined) {
    if (s.anywhere !== true)
      _fail(
        at,
        `${props.sources}.anywhere`,
        'must be true',
        s.anywhere,
        "List 'cidrs' to admit some ranges only",
      );
    return { type, cidrs: ANYWHERE, anywhere: true, externalTrafficPolicy };
  }
  const prop = `${props.sources}.cidrs`;
  const cidrs = _array(at, prop, s.cidrs);
  if (cidrs.length === 0)
    _fail(at, prop, 'must list at least one CIDR', cidrs, 'Use { anywhere: true } to admit every address');
  const seen = new Map<unknown, number>();
  cidrs.forEach((c, i) => {
    _checkCanonicalCidr(at, `${prop}[${i}]`, c);
    _checkOutsideCluster(at, `${prop}[${i}]`, c as string, cluster);
    const first = seen.get(c);
    if (first !== undefined) _fail(at, `${prop}[${i}]`, `must not repeat '${prop}[${first}]'`, c);
    seen.set(c, i);
  });
  return { type, cidrs: cidrs as readonly string[], anywhere: false, externalTrafficPolicy };
}

/** Checks the extra Services of workload `name` with `ports`; names them `<name>-<suffix>`. */
export function _resolveExtraServices(
  at: _Where,
  name: string,
  ports: readonly Required<ServicePort>[],
  raw: unknown,
  cluster: readonly _ClusterRange[],
): _ExtraServicePlan[] {
  if (raw === undefined) return [];
  const suffixes = new Map<string, string>();
  const exposed = `(${ports.map((p) => p.name).join(', ')})`;
  return _array(at, 'extraServices', raw).map((r, i) => {
    const prop = `extraServices[${i}]`;
    const e = _props<ExtraService>(at, prop, r, _EXTRA_SERVICE_KEYS);
    if (e.suffix === undefined)
      _fail(
        at,
        `${prop}.suffix`,
        `must be set: the Service is named '${name}-<suffix>'`,
        e.suffix,
        "Use e.g. suffix: 'public'",
      );
    _checkDnsLabel(at, `${prop}.suffix`, e.suffix);
    const full = `${name}-${e.suffix}`;
    if (full.length > 63)
      _fail(at, `${prop}.suffix`, `must keep the Service name '${full}' within 63 characters`, e.suffix);
    const first = suffixes.get(e.suffix);
    if (first !== undefined)
      _fail(
        at,
        `${prop}.suffix`,
        `must be unique among the extra Services, but '${first}' already uses it`,
        e.suffix,
      );
    suffixes.set(e.suffix, prop);
    const names = e.ports === undefined ? [ports[0]?.name ?? ''] : _strings(at, `${prop}.ports`, e.ports);
    // An empty list would render a Service without ports, which the API server refuses.
    if (names.length === 0)
      _fail(
        at,
        `${prop}.ports`,
        `must list at least one port name of '${name}' ${exposed}`,
        names,
        "Omit 'ports' to use the main port",
      );
    const chosen = names.map((n, j) => {
      const port = ports.find((p) => p.name === n);
      if (!port) _fail(at, `${prop}.ports[${j}]`, `must name a port of '${name}' ${exposed}`, n);
      if (names.indexOf(n) !== j)
        _fail(at, `${prop}.ports[${j}]`, `must not repeat '${prop}.ports[${names.indexOf(n)}]'`, n);
      return port;
    });
    const exposure = _resolveExposure(
      at,
      { type: `${prop}.type`, sources: `${prop}.sources`, policy: `${prop}.externalTrafficPolicy` },
      { type: e.type, sources: e.sources, policy: e.externalTrafficPolicy },
      cluster,
    );
    return { ...exposure, suffix: e.suffix, name: full, ports: chosen };
  });
}

/** The `spec` fields an exposure adds to a Service (nothing for ClusterIP). */
export function _exposureSpec(
  x: _Exposure,
): Pick<k8s.ServiceSpec, 'externalTrafficPolicy' | 'loadBalancerSourceRanges'> {
  const spec: { externalTrafficPolicy?: string; loadBalancerSourceRanges?: string[] } = {};
  if (x.externalTrafficPolicy) spec.externalTrafficPolicy = x.externalTrafficPolicy;
  // A LoadBalancer without source ranges admits every address: only declared ranges become them.
  if (x.type === ServiceType.LOAD_BALANCER && x.cidrs && !x.anywhere)
    spec.loadBalancerSourceRanges = [...x.cidrs];
  return spec;
}

/** What an external Service admits: its ports from its sources (nothing for ClusterIP). */
export function _externalAccess(
  name: string,
  x: _Exposure,
  ports: readonly Required<ServicePort>[],
): _ExternalAccess[] {
  return x.cidrs ? [{ name, type: x.type, ports, cidrs: x.cidrs, anywhere: x.anywhere === true }] : [];
}

/**
 * One ipBlock rule per source range with every port some external Service exposes to it, in the
 * order of the workload's ports, the cluster's ranges excepted: the rules admit exactly the declared
 * (range, port) pairs from outside the cluster, on either reading of ipBlocks.
 */
export function _externalEdges(
  access: readonly _ExternalAccess[],
  ports: readonly Required<ServicePort>[],
  cluster: readonly _ClusterRange[],
): _Edge[] {
  const byCidr = new Map<string, Set<string>>();
  for (const a of access) {
    for (const cidr of a.cidrs) {
      const names = byCidr.get(cidr) ?? new Set<string>();
      a.ports.forEach((p) => names.add(p.name));
      byCidr.set(cidr, names);
    }
  }
  return [...byCidr].map(([cidr, names]) => {
    const except = _exceptCluster(cidr, [], cluster);
    return {
      peer: { ipBlock: { cidr, ...(except.length > 0 && { except }) } },
      ports: ports.filter((p) => names.has(p.name)).map((p) => ({ protocol: p.transport, port: p.port })),
    };
  });
}
