/**
 * The parties of a set of manifests, for the NetworkPolicy evaluator: one pod per pod template (Deployment,
 * StatefulSet, DaemonSet, ReplicaSet, Job, CronJob, Pod, Argo Rollouts' Rollout), one representative of every peer
 * the policies name (a pod their selectors select, a host inside each ipBlock), and the strangers a policy must
 * keep out (another pod of the namespace, a pod of another namespace, hosts on the internet). Pods get addresses
 * from the cluster's pod ranges, so an ipBlock that covers them is seen to select them on the plugins that read
 * it so.
 */
import { cidrContains, formatCidr, parseCidr, type Cidr } from '../../constructs/cidr';
import {
  IpBlockReading,
  peerSelects,
  type LabelSelector,
  type NamedPort,
  type NetworkPolicyLike,
  type Party,
  type PolicyPeer,
} from './network-policy';

/** A manifest object as the analysis reads it. */
export interface ManifestObject {
  readonly apiVersion?: string;
  readonly kind?: string;
  readonly metadata?: { readonly name?: string; readonly namespace?: string; readonly labels?: unknown };
  readonly spec?: unknown;
}

/** Options of {@link partiesOf}. */
export interface PartyOptions {
  /** Ranges pod addresses come from. @default ['10.244.0.0/16', 'fd00:10:244::/56'] */
  readonly podCidrs?: readonly string[];
}

/** The address ranges kubeadm, kind and minikube give pods by default. */
export const DEFAULT_POD_CIDRS: readonly string[] = ['10.244.0.0/16', 'fd00:10:244::/56'];

/** Hosts on the internet (documentation ranges: in `0.0.0.0/0` and `::/0`, in no private range). */
export const INTERNET: readonly Party[] = [
  { id: 'internet (IPv4)', ip: '203.0.113.10' },
  { id: 'internet (IPv6)', ip: '2001:db8::10' },
];

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The pod template of a workload object, if it has one. */
export function podTemplateOf(o: ManifestObject): Json | undefined {
  const spec = isObject(o.spec) ? o.spec : undefined;
  if (spec === undefined) return undefined;
  if (o.kind === 'Pod') return { metadata: o.metadata ?? {}, spec };
  if (o.kind === 'CronJob') {
    const job = isObject(spec['jobTemplate']) ? (spec['jobTemplate'] as Json) : undefined;
    const jobSpec = job && isObject(job['spec']) ? (job['spec'] as Json) : undefined;
    return jobSpec && isObject(jobSpec['template']) ? (jobSpec['template'] as Json) : undefined;
  }
  return isObject(spec['template']) ? (spec['template'] as Json) : undefined;
}

function labelsOf(v: unknown): Record<string, string> {
  if (!isObject(v)) return {};
  return Object.fromEntries(Object.entries(v).filter((e): e is [string, string] => typeof e[1] === 'string'));
}

function namedPortsOf(template: Json): NamedPort[] {
  const spec = isObject(template['spec']) ? (template['spec'] as Json) : {};
  const containers = [spec['containers'], spec['initContainers']].flatMap((c) => (Array.isArray(c) ? c : []));
  return containers.flatMap((c: unknown) =>
    isObject(c) && Array.isArray(c['ports'])
      ? (c['ports'] as unknown[]).flatMap((p) =>
          isObject(p) && typeof p['name'] === 'string' && typeof p['containerPort'] === 'number'
            ? [
                {
                  name: p['name'],
                  port: p['containerPort'],
                  protocol: typeof p['protocol'] === 'string' ? p['protocol'] : 'TCP',
                },
              ]
            : [],
        )
      : [],
  );
}

/** The n-th address of a range (0 is the network address). */
function nth(range: Cidr, n: bigint): string {
  const text = formatCidr({ ...range, address: range.address + n, prefix: range.family === 4 ? 32 : 128 });
  return text.slice(0, text.indexOf('/'));
}

/** An address inside `cidr` and outside every `except` range, if there is one (tries a few candidates). */
export function witnessAddress(cidr: string, except: readonly string[] = []): string | undefined {
  const range = parseCidr(cidr);
  if (range === undefined) return undefined;
  const width = range.family === 4 ? 32n : 128n;
  const size = 1n << (width - BigInt(range.prefix));
  const network = {
    ...range,
    address: (range.address >> (width - BigInt(range.prefix))) << (width - BigInt(range.prefix)),
  };
  const holes = except.map((e) => parseCidr(e)).filter((c): c is Cidr => c !== undefined);
  // Candidates: spread over the range, so that a few large excepted holes cannot hide every one.
  const candidates = new Set<bigint>();
  for (let k = 0n; k < 64n && k < size; k++) candidates.add((size * k) / 64n + (size > 2n ? 1n : 0n));
  for (const h of holes) {
    const hsize = 1n << ((h.family === 4 ? 32n : 128n) - BigInt(h.prefix));
    candidates.add(h.address - network.address + hsize); // just after a hole
    candidates.add(h.address - network.address - 1n); // just before it
  }
  for (const off of [...candidates].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))) {
    if (off < 0n || off >= size) continue;
    const address = { ...network, address: network.address + off, prefix: Number(width) };
    if (!holes.some((h) => cidrContains(h, address))) return nth(network, off);
  }
  return undefined;
}

/** Labels a selector selects (matchLabels, the first value of each `In`, `x` for each `Exists`). */
function satisfying(selector: LabelSelector | undefined): Record<string, string> {
  const out: Record<string, string> = { ...selector?.matchLabels };
  for (const e of selector?.matchExpressions ?? []) {
    if (e.operator === 'In' && e.values?.[0] !== undefined) out[e.key] = e.values[0];
    if (e.operator === 'Exists') out[e.key] = 'x';
  }
  return out;
}

function describe(labels: Readonly<Record<string, string>>, none = 'any pod'): string {
  const entries = Object.entries(labels);
  return entries.length === 0 ? none : entries.map(([k, v]) => `${k}=${v}`).join(',');
}

/** The id of the pod a manifest object makes (`<namespace>/<name>`), if it makes pods. */
export function podIdOf(o: ManifestObject): string | undefined {
  if (o.kind === 'NetworkPolicy' || o.kind === 'Namespace' || podTemplateOf(o) === undefined)
    return undefined;
  return `${o.metadata?.namespace ?? 'default'}/${o.metadata?.name ?? '?'}`;
}

/** The range pods get addresses from: the first IPv4 range of the options, else their first range. */
function podRange(options: PartyOptions): Cidr {
  const ranges = (options.podCidrs ?? DEFAULT_POD_CIDRS).map((c) => {
    const r = parseCidr(c);
    if (r === undefined) throw new Error(`not a CIDR: ${c}`);
    return r;
  });
  const range = ranges.find((r) => r.family === 4) ?? ranges[0];
  if (range === undefined) throw new Error('podCidrs must hold at least one range');
  return range;
}

/**
 * The parties of `objects`: their pods, a representative of every peer their NetworkPolicies name, another pod
 * of each namespace, a pod of a namespace nobody names, and the internet.
 */
export function partiesOf(objects: readonly ManifestObject[], options: PartyOptions = {}): Party[] {
  const v4 = podRange(options);
  let next = 1n;
  const podIp = () => nth({ ...v4, address: v4.address }, next++);
  const parties: Party[] = [];
  const ids = new Set<string>();
  const add = (p: Omit<Party, 'ip'> & { ip?: string }) => {
    if (ids.has(p.id)) return;
    ids.add(p.id);
    parties.push({ ...p, ip: p.ip ?? podIp() });
  };
  const namespaces = new Set<string>();
  const policies: NetworkPolicyLike[] = [];
  for (const o of objects) {
    const ns = o.metadata?.namespace ?? 'default';
    if (o.kind === 'NetworkPolicy') {
      policies.push(o as NetworkPolicyLike);
      namespaces.add(ns);
      continue;
    }
    if (o.kind === 'Namespace') continue;
    const template = podTemplateOf(o);
    if (template === undefined) continue;
    const meta = isObject(template['metadata']) ? (template['metadata'] as Json) : {};
    namespaces.add(ns);
    add({
      id: podIdOf(o)!,
      namespace: ns,
      labels: labelsOf(meta['labels']),
      namedPorts: namedPortsOf(template),
    });
  }
  const peerParty = (peer: PolicyPeer, ns: string) => {
    if (peer.ipBlock) {
      const ip = witnessAddress(peer.ipBlock.cidr, peer.ipBlock.except ?? []);
      if (ip !== undefined) add({ id: `host ${ip} (in ${peer.ipBlock.cidr})`, ip });
      return;
    }
    // A peer that selects a pod of the manifests already has its representative: that pod.
    if (parties.some((p) => peerSelects(peer, ns, p, IpBlockReading.CLUSTER_EXTERNAL))) return;
    const labels = satisfying(peer.podSelector);
    let namespace = ns;
    let nsLabels: Record<string, string> | undefined;
    if (peer.namespaceSelector !== undefined) {
      nsLabels = satisfying(peer.namespaceSelector);
      // Named by its selector, so that the same peer has the same id in any set of manifests.
      namespace = nsLabels['kubernetes.io/metadata.name'] ?? `(namespaces ${describe(nsLabels, 'any')})`;
      nsLabels['kubernetes.io/metadata.name'] = namespace;
    }
    add({
      id: `${namespace}/${describe(labels)}`,
      namespace,
      labels,
      ...(nsLabels && { namespaceLabels: nsLabels }),
    });
  };
  for (const p of policies) {
    const ns = p.metadata.namespace ?? 'default';
    for (const r of p.spec.ingress ?? []) for (const peer of r.from ?? []) peerParty(peer, ns);
    for (const r of p.spec.egress ?? []) for (const peer of r.to ?? []) peerParty(peer, ns);
  }
  for (const ns of [...namespaces].sort()) {
    add({ id: `${ns}/(another pod)`, namespace: ns, labels: { 'shipshape.io/analysis': 'stranger' } });
  }
  add({ id: 'elsewhere/(any pod)', namespace: 'shipshape-analysis-elsewhere', labels: {} });
  for (const h of INTERNET) add(h);
  return parties;
}

/** Every port the policies and pods name, plus one nobody names (so "every port" rules show). */
export function portsOf(objects: readonly ManifestObject[], parties: readonly Party[]): number[] {
  const ports = new Set<number>([53]);
  for (const p of parties) for (const n of p.namedPorts ?? []) ports.add(n.port);
  for (const o of objects) {
    if (o.kind !== 'NetworkPolicy') continue;
    const spec = (o as NetworkPolicyLike).spec;
    for (const r of [...(spec.ingress ?? []), ...(spec.egress ?? [])]) {
      for (const e of r.ports ?? []) {
        if (typeof e.port === 'number') {
          ports.add(e.port);
          if (e.endPort !== undefined) ports.add(e.endPort);
        }
      }
    }
  }
  ports.add(65000);
  return [...ports].sort((a, b) => a - b);
}

/** The parties of two versions of a set of manifests, for comparing what their policies allow. */
export interface PartyPair {
  readonly base: Party[];
  readonly head: Party[];
}

/**
 * The parties of two versions of the same manifests, named and addressed alike on both sides: each side's own
 * pods (a workload keeps its id `<namespace>/<name>`, with that side's labels and ports), and on both sides
 * every other party either side names (peer representatives, strangers, hosts, the internet), since those
 * stand for pods and hosts that exist whatever the manifests say. Every party in a namespace gets the same
 * address on both sides, so that a flow both sides allow compares equal.
 */
export function partiesOfPair(
  base: readonly ManifestObject[],
  head: readonly ManifestObject[],
  options: PartyOptions = {},
): PartyPair {
  const sides = [base, head].map((objects) => ({
    parties: partiesOf(objects, options),
    pods: new Set(objects.map(podIdOf).filter((id): id is string => id !== undefined)),
  }));
  const shared = new Map<string, Party>();
  for (const side of sides) {
    for (const p of side.parties) {
      if (!sides.some((s) => s.pods.has(p.id)) && !shared.has(p.id)) shared.set(p.id, p);
    }
  }
  const inCluster = new Set<string>();
  for (const side of sides) for (const p of side.parties) if (p.namespace !== undefined) inCluster.add(p.id);
  const range = podRange(options);
  const address = new Map([...inCluster].sort().map((id, i) => [id, nth(range, BigInt(i + 1))]));
  const readdress = (p: Party): Party => (p.namespace === undefined ? p : { ...p, ip: address.get(p.id)! });
  const [a, b] = sides.map((s) => [
    ...s.parties.filter((p) => s.pods.has(p.id)).map(readdress),
    ...[...shared.values()].map(readdress),
  ]);
  return { base: a!, head: b! };
}
