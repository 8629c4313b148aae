/**
 * Network edges opened and closed: the difference of the flows each side's policy allows, read by an edge
 * source (NetworkPolicies through the evaluator of src/analyze; a service mesh adds its own source), on each of
 * the source's readings, grouped by sender and receiver. A flow that only some readings allow says which.
 */
import type { KubeObject } from '../synth/files';
import {
  flowKey,
  flows,
  IP_BLOCK_READINGS,
  type Flow,
  type NetworkPolicyLike,
} from '../analyze/network-policy';
import { meshGrants, namedPrincipals, type MeshGrant } from '../analyze/authorization-policy';
import { partiesOfPair, portsOf, type ManifestObject } from '../analyze/parties';
import { groupOf } from './objects';
import type { Edge, EdgesDiff } from './report';

/** The flows one source's policy allows on each side, per reading. */
export interface SourceFlows {
  /** The readings of the policy (every side has a flow list for each). */
  readonly readings: readonly string[];
  /** The ports and protocols tried (a flow on all of a protocol's ports is `any/<protocol>`). */
  readonly ports: readonly number[];
  readonly protocols: readonly string[];
  readonly base: ReadonlyMap<string, readonly Flow[]>;
  readonly head: ReadonlyMap<string, readonly Flow[]>;
}

/** A kind of policy that allows or denies traffic between parties. */
export interface EdgeSource {
  /** Its name in reports (`network-policy`). */
  readonly id: string;
  /** The flows both sides allow; `undefined` when neither side has this kind of policy. */
  flows(base: readonly KubeObject[], head: readonly KubeObject[]): SourceFlows | undefined;
}

const PROTOCOLS = ['TCP', 'UDP', 'SCTP'];

const policiesOf = (objects: readonly KubeObject[]) =>
  objects.filter(
    (o) => o.kind === 'NetworkPolicy' && groupOf(o.apiVersion) === 'networking.k8s.io',
  ) as unknown as NetworkPolicyLike[];

/**
 * NetworkPolicies (`networking.k8s.io/v1`), on both ipBlock readings. Only flows a policy of some namespace
 * governs count (both ends outside every namespace with a policy: no policy says anything of them).
 */
export const NETWORK_POLICY_EDGES: EdgeSource = {
  id: 'network-policy',
  flows(base, head) {
    const [pa, pb] = [policiesOf(base), policiesOf(head)];
    if (pa.length === 0 && pb.length === 0) return undefined;
    const namespaces = new Set([...pa, ...pb].map((p) => p.metadata.namespace ?? 'default'));
    const parties = partiesOfPair(base as readonly ManifestObject[], head as readonly ManifestObject[]);
    const ports = [
      ...new Set([
        ...portsOf(base as readonly ManifestObject[], parties.base),
        ...portsOf(head as readonly ManifestObject[], parties.head),
      ]),
    ].sort((a, b) => a - b);
    // A side without objects (an environment only the other side has) has no pods and allows nothing.
    const side = (policies: NetworkPolicyLike[], ps: typeof parties.base, objects: readonly KubeObject[]) =>
      new Map(
        IP_BLOCK_READINGS.map((reading) => [
          reading as string,
          objects.length === 0 ? [] : flows(policies, ps, { ports, reading, namespaces }),
        ]),
      );
    return {
      readings: IP_BLOCK_READINGS,
      ports,
      protocols: PROTOCOLS,
      base: side(pa, parties.base, base),
      head: side(pb, parties.head, head),
    };
  },
};

/**
 * Istio AuthorizationPolicies (`security.istio.io`), read by src/analyze/authorization-policy.ts: a flow is a
 * principal (`*`: any identity no policy names) calling a workload's pods on a TCP port. Only workloads of
 * namespaces with an AuthorizationPolicy count (elsewhere no policy says anything).
 */
export const MESH_EDGES: EdgeSource = {
  id: 'istio-authorization',
  flows(base, head) {
    const isPolicy = (o: KubeObject) =>
      o.kind === 'AuthorizationPolicy' && groupOf(o.apiVersion) === 'security.istio.io';
    const [pa, pb] = [base.filter(isPolicy), head.filter(isPolicy)];
    if (pa.length === 0 && pb.length === 0) return undefined;
    const namespaces = new Set([...pa, ...pb].map((p) => `${p.metadata?.namespace ?? 'default'}/`));
    const governed = (g: MeshGrant) => [...namespaces].some((ns) => g.to.startsWith(ns));
    // Both sides try the principals either side names, so that a principal only one side names reads the same.
    const principals = namedPrincipals([...pa, ...pb] as readonly ManifestObject[]);
    const [ga, gb] = [base, head].map((o) =>
      meshGrants(o as readonly ManifestObject[], { principals }).filter(governed),
    ) as [MeshGrant[], MeshGrant[]];
    // Port 0 stands for every port no policy names, so that `any/TCP` means what Istio's missing `ports` means.
    const ports = [0, ...new Set([...ga, ...gb].flatMap((g) => (g.port === '*' ? [] : [g.port])))].sort(
      (a, b) => a - b,
    );
    const flowsOf = (grants: MeshGrant[]): Flow[] =>
      grants.flatMap((g) =>
        (g.port === '*' ? [0] : [g.port]).map((port) => ({
          from: g.principal,
          to: g.to,
          port,
          protocol: 'TCP',
        })),
      );
    const uniq = (fs: Flow[]) => [...new Map(fs.map((f) => [flowKey(f), f])).values()];
    return {
      readings: ['istio'],
      ports,
      protocols: ['TCP'],
      base: new Map([['istio', uniq(flowsOf(ga))]]),
      head: new Map([['istio', uniq(flowsOf(gb))]]),
    };
  },
};

/** The edge sources a diff reads, in report order. */
export const EDGE_SOURCES: readonly EdgeSource[] = [NETWORK_POLICY_EDGES, MESH_EDGES];

/** Flows of `a` not in `b`, per reading, as flow key -> flow. */
function minus(
  a: ReadonlyMap<string, readonly Flow[]>,
  b: ReadonlyMap<string, readonly Flow[]>,
  reading: string,
) {
  const other = new Set((b.get(reading) ?? []).map(flowKey));
  return (a.get(reading) ?? []).filter((f) => !other.has(flowKey(f)));
}

/** Groups one direction's flows (with the readings each holds on) into edges. */
function edgesOf(source: string, found: SourceFlows, which: 'opened' | 'closed'): Edge[] {
  const [from, to] = which === 'opened' ? [found.head, found.base] : [found.base, found.head];
  const readingsOf = new Map<string, { flow: Flow; readings: string[] }>();
  for (const reading of found.readings) {
    for (const f of minus(from, to, reading)) {
      const k = flowKey(f);
      const entry = readingsOf.get(k) ?? { flow: f, readings: [] };
      entry.readings.push(reading);
      readingsOf.set(k, entry);
    }
  }
  const groups = new Map<string, { from: string; to: string; readings: string[]; flows: Flow[] }>();
  for (const { flow, readings } of readingsOf.values()) {
    const all = readings.length === found.readings.length;
    const shown = all ? [] : readings;
    const k = `${flow.from}\u0000${flow.to}\u0000${shown.join(',')}`;
    const g = groups.get(k) ?? { from: flow.from, to: flow.to, readings: shown, flows: [] };
    g.flows.push(flow);
    groups.set(k, g);
  }
  return [...groups.values()]
    .map((g) => ({ source, from: g.from, to: g.to, ports: portsText(g.flows, found), readings: g.readings }))
    .sort((a, b) =>
      a.from !== b.from ? (a.from < b.from ? -1 : 1) : a.to < b.to ? -1 : a.to > b.to ? 1 : 0,
    );
}

/** `5432/TCP`, or `any/TCP` when every port tried for TCP is in the group. */
function portsText(group: readonly Flow[], found: SourceFlows): string[] {
  const out: string[] = [];
  for (const protocol of found.protocols) {
    const ports = [...new Set(group.filter((f) => f.protocol === protocol).map((f) => f.port))].sort(
      (a, b) => a - b,
    );
    if (ports.length === 0) continue;
    if (ports.length === found.ports.length) out.push(`any/${protocol}`);
    // Port 0 is the mesh source's "every port no policy names".
    else out.push(...ports.map((p) => `${p === 0 ? 'other' : p}/${protocol}`));
  }
  return out;
}

/** The edges opened and closed between `base` and `head`, by every source. */
export function diffEdges(
  base: readonly KubeObject[],
  head: readonly KubeObject[],
  sources: readonly EdgeSource[] = EDGE_SOURCES,
): EdgesDiff {
  const opened: Edge[] = [];
  const closed: Edge[] = [];
  const read: string[] = [];
  for (const s of sources) {
    const found = s.flows(base, head);
    if (found === undefined) continue;
    read.push(s.id);
    opened.push(...edgesOf(s.id, found, 'opened'));
    closed.push(...edgesOf(s.id, found, 'closed'));
  }
  return { opened, closed, sources: read };
}

/** The flow keys (`from>to:port/protocol`) an edge list stands for, given the ports tried (for `any/`). */
export function flowKeysOf(edges: readonly Edge[], ports: readonly number[]): string[] {
  return edges.flatMap((e) =>
    e.ports.flatMap((p) => {
      const [port, protocol] = p.split('/') as [string, string];
      const list = port === 'any' ? ports : [port === 'other' ? 0 : Number(port)];
      return list.map((n) => flowKey({ from: e.from, to: e.to, port: n, protocol }));
    }),
  );
}

/** Edges to one receiver on the same ports and readings, from several senders: one line of a report. */
export interface EdgeGroup {
  readonly source: string;
  readonly froms: readonly string[];
  readonly to: string;
  readonly ports: readonly string[];
  readonly readings: readonly string[];
}

/** `edges` grouped by receiver, ports and readings (in the order of their first edge). */
export function groupEdges(edges: readonly Edge[]): EdgeGroup[] {
  const groups = new Map<
    string,
    { source: string; froms: string[]; to: string; ports: readonly string[]; readings: readonly string[] }
  >();
  for (const e of edges) {
    const k = [e.source, e.to, e.ports.join(','), e.readings.join(',')].join('\u0000');
    const g = groups.get(k) ?? {
      source: e.source,
      froms: [],
      to: e.to,
      ports: e.ports,
      readings: e.readings,
    };
    g.froms.push(e.from);
    groups.set(k, g);
  }
  return [...groups.values()];
}

/** What a flow allowed on one reading only means, by reading. */
const READINGS: Readonly<Record<string, string>> = {
  'every-address': 'only where ipBlocks cover pod addresses too, as on Calico',
  'cluster-external': 'only where ipBlocks cover no pod, as on Cilium',
};

/** `a, b → c 8080/TCP (only where ipBlocks cover pod addresses too, as on Calico)`. */
export function describeEdge(e: Edge | EdgeGroup): string {
  const readings =
    e.readings.length > 0
      ? ` (${e.readings.map((r) => READINGS[r] ?? `only on the ${r} reading`).join('; ')})`
      : '';
  const froms = 'froms' in e ? e.froms.join(', ') : e.from;
  return `${froms} → ${e.to} ${e.ports.join(', ')}${readings}`;
}
