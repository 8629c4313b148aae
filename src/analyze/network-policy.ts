/**
 * A NetworkPolicy evaluator (`networking.k8s.io/v1`, the Kubernetes semantics written out): whether the
 * policies of a set of manifests let one party send to another on a port. Parties are pods (namespace, labels,
 * address, named container ports) and hosts outside the cluster (an address only). It is what proves the
 * derived policies (tests), what `shipshape diff` reads edges with, and what any tool can run on any YAML.
 *
 * Where network plugins read the API differently, the reading is an argument: `ipBlock` peers select every
 * address on some plugins (Calico applies them to pod addresses too) and only addresses outside the pod
 * network on others (Cilium's default; the API reference says they "should be cluster-external IPs").
 */
import { cidrContains, parseCidr, type Cidr } from '../../constructs/cidr';

/** Labels of a pod or a namespace. */
export type Labels = Readonly<Record<string, string>>;

/** A label selector as the API has it (`matchLabels` and `matchExpressions`, ANDed). */
export interface LabelSelector {
  readonly matchLabels?: Labels;
  readonly matchExpressions?: readonly {
    readonly key: string;
    readonly operator: string;
    readonly values?: readonly string[];
  }[];
}

/** One peer of a NetworkPolicy rule. */
export interface PolicyPeer {
  readonly podSelector?: LabelSelector;
  readonly namespaceSelector?: LabelSelector;
  readonly ipBlock?: { readonly cidr: string; readonly except?: readonly string[] };
}

/** One port entry of a rule: a number (with an optional `endPort`) or a named container port. */
export interface PolicyPortEntry {
  readonly protocol?: string;
  readonly port?: number | string;
  readonly endPort?: number;
}

/** One ingress or egress rule. */
export interface PolicyRule {
  readonly from?: readonly PolicyPeer[];
  readonly to?: readonly PolicyPeer[];
  readonly ports?: readonly PolicyPortEntry[];
}

/** A NetworkPolicy as the evaluator reads it: its namespace and spec. */
export interface NetworkPolicyLike {
  readonly metadata: { readonly name?: string; readonly namespace?: string };
  readonly spec: {
    readonly podSelector?: LabelSelector;
    readonly policyTypes?: readonly string[];
    readonly ingress?: readonly PolicyRule[];
    readonly egress?: readonly PolicyRule[];
  };
}

/** A named container port of a pod. */
export interface NamedPort {
  readonly name: string;
  readonly port: number;
  readonly protocol: string;
}

/** A sender or receiver of traffic. */
export interface Party {
  /** How reports name it (e.g. `delinkcious/link-manager`, `internet`). */
  readonly id: string;
  /** The pod's namespace; `undefined` for a host outside the cluster. */
  readonly namespace?: string;
  /** Labels of the pod's namespace. @default `{ 'kubernetes.io/metadata.name': namespace }` */
  readonly namespaceLabels?: Labels;
  /** Labels of the pod. @default none */
  readonly labels?: Labels;
  /** Its address (IPv4 or IPv6, no prefix). */
  readonly ip: string;
  /** The pod's named container ports (what a named port in a policy means for it). @default none */
  readonly namedPorts?: readonly NamedPort[];
}

/** How `ipBlock` peers treat the addresses of pods. */
export enum IpBlockReading {
  /** An ipBlock selects every address in its range, pods' included (Calico, and most iptables plugins). */
  EVERY_ADDRESS = 'every-address',
  /** An ipBlock selects only addresses outside the cluster's pods (Cilium's default). */
  CLUSTER_EXTERNAL = 'cluster-external',
}

/** Both readings, for "on any network plugin's reading" checks. */
export const IP_BLOCK_READINGS: readonly IpBlockReading[] = [
  IpBlockReading.EVERY_ADDRESS,
  IpBlockReading.CLUSTER_EXTERNAL,
];

const cidrCache = new Map<string, Cidr | undefined>();
function cidr(s: string): Cidr | undefined {
  if (!cidrCache.has(s)) cidrCache.set(s, parseCidr(s));
  return cidrCache.get(s);
}

function addressOf(ip: string): Cidr {
  const parsed = cidr(ip.includes('/') ? ip : `${ip}/${ip.includes(':') ? 128 : 32}`);
  if (parsed === undefined) throw new Error(`not an IP address: ${ip}`);
  return parsed;
}

/** Whether `selector` selects `labels` (an absent selector selects nothing; an empty one everything). */
export function selects(selector: LabelSelector | undefined, labels: Labels): boolean {
  if (selector === undefined) return false;
  for (const [k, v] of Object.entries(selector.matchLabels ?? {})) {
    if (!Object.prototype.hasOwnProperty.call(labels, k) || labels[k] !== v) return false;
  }
  for (const e of selector.matchExpressions ?? []) {
    const has = Object.prototype.hasOwnProperty.call(labels, e.key);
    const value = has ? labels[e.key] : undefined;
    const values = e.values ?? [];
    switch (e.operator) {
      case 'In':
        if (!has || !values.includes(value as string)) return false;
        break;
      case 'NotIn':
        if (has && values.includes(value as string)) return false;
        break;
      case 'Exists':
        if (!has) return false;
        break;
      case 'DoesNotExist':
        if (has) return false;
        break;
      default:
        // The API server refuses other operators; a selector it would refuse selects nothing here.
        return false;
    }
  }
  return true;
}

function namespaceLabels(p: Party): Labels {
  return p.namespaceLabels ?? { 'kubernetes.io/metadata.name': p.namespace ?? '' };
}

/** Whether `peer`, in a policy of `namespace`, selects `party` under `reading`. */
export function peerSelects(
  peer: PolicyPeer,
  namespace: string,
  party: Party,
  reading: IpBlockReading,
): boolean {
  if (peer.ipBlock) {
    if (reading === IpBlockReading.CLUSTER_EXTERNAL && party.namespace !== undefined) return false;
    const range = cidr(peer.ipBlock.cidr);
    const at = addressOf(party.ip);
    if (range === undefined || !cidrContains(range, at)) return false;
    return !(peer.ipBlock.except ?? []).some((x) => {
      const r = cidr(x);
      return r !== undefined && cidrContains(r, at);
    });
  }
  if (party.namespace === undefined) return false; // selectors select pods only
  if (peer.podSelector === undefined && peer.namespaceSelector === undefined) return false;
  const nsOk =
    peer.namespaceSelector === undefined
      ? party.namespace === namespace
      : selects(peer.namespaceSelector, namespaceLabels(party));
  return nsOk && (peer.podSelector === undefined || selects(peer.podSelector, party.labels ?? {}));
}

/** Whether a rule's ports admit `port`/`protocol` to `target` (named ports resolve against the target pod). */
function portAdmits(
  entries: readonly PolicyPortEntry[] | undefined,
  port: number,
  protocol: string,
  target: Party,
): boolean {
  if (entries === undefined || entries.length === 0) return true;
  return entries.some((e) => {
    if ((e.protocol ?? 'TCP') !== protocol) return false;
    if (e.port === undefined) return true;
    if (typeof e.port === 'string') {
      if (/^[0-9]+$/.test(e.port)) return Number(e.port) === port;
      return (target.namedPorts ?? []).some(
        (n) => n.name === e.port && n.port === port && n.protocol === protocol,
      );
    }
    return e.endPort === undefined ? e.port === port : port >= e.port && port <= e.endPort;
  });
}

function policyTypes(p: NetworkPolicyLike): readonly string[] {
  return p.spec.policyTypes ?? (p.spec.egress !== undefined ? ['Ingress', 'Egress'] : ['Ingress']);
}

/** The policies that select `pod` for `direction` (none for a host). */
export function selecting(
  policies: readonly NetworkPolicyLike[],
  pod: Party,
  direction: 'Ingress' | 'Egress',
): NetworkPolicyLike[] {
  if (pod.namespace === undefined) return [];
  return policies.filter(
    (p) =>
      (p.metadata.namespace ?? 'default') === pod.namespace &&
      selects(p.spec.podSelector ?? {}, pod.labels ?? {}) &&
      policyTypes(p).includes(direction),
  );
}

/**
 * Whether the policies let `from` send to `to` on `port`/`protocol`: a direction is open unless a policy selects
 * the pod for it, then some rule of those policies must admit the other party and the port.
 */
export function allows(
  policies: readonly NetworkPolicyLike[],
  from: Party,
  to: Party,
  port: number,
  protocol: string,
  reading: IpBlockReading,
): boolean {
  const side = (pod: Party, direction: 'Ingress' | 'Egress', other: Party): boolean => {
    const list = selecting(policies, pod, direction);
    if (list.length === 0) return true;
    return list.some((p) => {
      const ns = p.metadata.namespace ?? 'default';
      const rules = (direction === 'Ingress' ? p.spec.ingress : p.spec.egress) ?? [];
      return rules.some((r) => {
        const peers = direction === 'Ingress' ? r.from : r.to;
        const peerOk =
          peers === undefined || peers.length === 0 || peers.some((x) => peerSelects(x, ns, other, reading));
        return peerOk && portAdmits(r.ports, port, protocol, to);
      });
    });
  };
  return side(from, 'Egress', to) && side(to, 'Ingress', from);
}

/** One allowed (sender, receiver, port, protocol). */
export interface Flow {
  readonly from: string;
  readonly to: string;
  readonly port: number;
  readonly protocol: string;
}

/** `from>to:port/protocol`: a flow as one comparable string. */
export function flowKey(f: Flow): string {
  return `${f.from}>${f.to}:${f.port}/${f.protocol}`;
}

/** Options of {@link flows}. */
export interface FlowOptions {
  /** Ports to try. */
  readonly ports: readonly number[];
  /** Protocols to try. @default ['TCP', 'UDP', 'SCTP'] */
  readonly protocols?: readonly string[];
  /** The ipBlock reading. */
  readonly reading: IpBlockReading;
  /**
   * Skip flows no policy of these namespaces governs (both ends outside them).
   * @default every flow
   */
  readonly namespaces?: ReadonlySet<string>;
}

/** The port lists of the rules that admit `other` (`undefined` entry: every port); `undefined`: no policy applies. */
function admittingRules(
  list: readonly NetworkPolicyLike[],
  direction: 'Ingress' | 'Egress',
  other: Party,
  reading: IpBlockReading,
): (readonly PolicyPortEntry[] | undefined)[] | undefined {
  if (list.length === 0) return undefined;
  const out: (readonly PolicyPortEntry[] | undefined)[] = [];
  for (const p of list) {
    const ns = p.metadata.namespace ?? 'default';
    for (const r of (direction === 'Ingress' ? p.spec.ingress : p.spec.egress) ?? []) {
      const peers = direction === 'Ingress' ? r.from : r.to;
      if (peers === undefined || peers.length === 0 || peers.some((x) => peerSelects(x, ns, other, reading)))
        out.push(r.ports);
    }
  }
  return out;
}

/**
 * Every allowed flow among `parties` (a party never sends to itself): what {@link allows} says of each
 * (sender, receiver, port, protocol), in that order, computed once per pair for the peers and per port for
 * the ports only (test/analyze/network-policy.test.ts compares the two on random policies).
 */
export function flows(
  policies: readonly NetworkPolicyLike[],
  parties: readonly Party[],
  o: FlowOptions,
): Flow[] {
  const out: Flow[] = [];
  const protocols = o.protocols ?? ['TCP', 'UDP', 'SCTP'];
  const governed = (p: Party) =>
    o.namespaces === undefined || (p.namespace !== undefined && o.namespaces.has(p.namespace));
  const egressOf = parties.map((p) => selecting(policies, p, 'Egress'));
  const ingressOf = parties.map((p) => selecting(policies, p, 'Ingress'));
  const admits = (rules: ReturnType<typeof admittingRules>, port: number, protocol: string, to: Party) =>
    rules === undefined || rules.some((ports) => portAdmits(ports, port, protocol, to));
  parties.forEach((from, i) => {
    parties.forEach((to, j) => {
      if (i === j || (!governed(from) && !governed(to))) return;
      const egress = admittingRules(egressOf[i]!, 'Egress', to, o.reading);
      if (egress?.length === 0) return;
      const ingress = admittingRules(ingressOf[j]!, 'Ingress', from, o.reading);
      if (ingress?.length === 0) return;
      for (const port of o.ports) {
        for (const protocol of protocols) {
          if (admits(egress, port, protocol, to) && admits(ingress, port, protocol, to))
            out.push({ from: from.id, to: to.id, port, protocol });
        }
      }
    });
  });
  return out;
}
