/**
 * A reader of Istio AuthorizationPolicies (`security.istio.io/v1` and `v1beta1`) in any set of manifests: which
 * (principal, pod, port) triples the policies allow, as Istio evaluates them (CUSTOM aside: DENY first, then
 * ALLOW; a pod no ALLOW policy selects allows everything; an ALLOW policy without rules matches nothing).
 *
 * The reading is an upper bound: a condition this reader does not model (`when`, `requestPrincipals`,
 * `ipBlocks`, hosts, methods, paths) is taken to match in an ALLOW rule and not to match in a DENY rule, so a
 * policy never reads narrower than Istio enforces it. The shipshape diff and the mesh property test share it.
 */
import { selects, type LabelSelector } from './network-policy';
import { podTemplateOf, type ManifestObject } from './parties';

/** One allowed call: a principal (`*`: any identity none of the policies names) to a pod's port (`*`: any other). */
export interface MeshGrant {
  readonly principal: string;
  /** `<namespace>/<name>` of the workload object whose pods receive. */
  readonly to: string;
  readonly port: number | '*';
}

/** Options of {@link meshGrants}. */
export interface MeshGrantOptions {
  /** Istio's root namespace, whose selector-less policies apply mesh-wide. @default 'istio-system' */
  readonly rootNamespace?: string;
  /** Ports to try on every pod, besides its container ports and every port a policy names. @default [] */
  readonly ports?: readonly number[];
  /** Principals to try besides those the policies name (e.g. the other side's, in a diff). @default [] */
  readonly principals?: readonly string[];
}

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const strings = (v: unknown): string[] | undefined =>
  Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : undefined;

/** A principal the policies do not name, standing for every such identity. */
export const ANY_PRINCIPAL = '*';
const STRANGER_PORT = -1;

interface Policy {
  readonly namespace: string;
  readonly selector: LabelSelector | undefined;
  readonly action: string;
  readonly rules: readonly Json[];
}

function policiesOf(objects: readonly ManifestObject[]): Policy[] {
  return objects
    .filter((o) => o.kind === 'AuthorizationPolicy' && /^security\.istio\.io\//.test(o.apiVersion ?? ''))
    .map((o) => {
      const spec = isObject(o.spec) ? o.spec : {};
      return {
        namespace: o.metadata?.namespace ?? 'default',
        selector: isObject(spec['selector']) ? (spec['selector'] as LabelSelector) : undefined,
        action: typeof spec['action'] === 'string' ? spec['action'] : 'ALLOW',
        rules: Array.isArray(spec['rules']) ? (spec['rules'] as unknown[]).filter(isObject) : [],
      };
    });
}

/** Istio's string match: exact, `prefix*`, `*suffix`, or `*`. */
function matchesValue(pattern: string, value: string): boolean {
  if (pattern === '*') return true;
  if (pattern.endsWith('*')) return value.startsWith(pattern.slice(0, -1));
  if (pattern.startsWith('*')) return value.endsWith(pattern.slice(1));
  return pattern === value;
}

const namespaceOf = (principal: string) => /\/ns\/([^/]+)\/sa\//.exec(principal)?.[1];

/** Whether a list field (and its `not` twin) admits `value`; `undefined` value: a stranger, matching only `*`. */
function field(o: Json, key: string, notKey: string, value: string | undefined): boolean {
  const yes = strings(o[key]);
  const no = strings(o[notKey]);
  const hit = (list: string[]) =>
    list.some((p) => (value === undefined ? p === '*' : matchesValue(p, value)));
  if (yes !== undefined && !hit(yes)) return false;
  if (no !== undefined && hit(no)) return false;
  return true;
}

const UNMODELLED_SOURCE = [
  'requestPrincipals',
  'notRequestPrincipals',
  'ipBlocks',
  'notIpBlocks',
  'remoteIpBlocks',
  'notRemoteIpBlocks',
];
const UNMODELLED_OPERATION = ['hosts', 'notHosts', 'methods', 'notMethods', 'paths', 'notPaths'];

/**
 * Whether one rule matches a call, and whether the match rests on conditions this reader does not model.
 * `principal === ANY_PRINCIPAL` is an identity no policy names; port STRANGER_PORT a port no policy names.
 */
function ruleMatches(rule: Json, principal: string, port: number): { match: boolean; exact: boolean } {
  let exact = rule['when'] === undefined;
  const from = Array.isArray(rule['from']) ? (rule['from'] as unknown[]).filter(isObject) : undefined;
  const to = Array.isArray(rule['to']) ? (rule['to'] as unknown[]).filter(isObject) : undefined;
  const p = principal === ANY_PRINCIPAL ? undefined : principal;
  const sourceOk =
    from === undefined ||
    from.some((f) => {
      const s = isObject(f['source']) ? f['source'] : {};
      if (UNMODELLED_SOURCE.some((k) => s[k] !== undefined)) exact = false;
      return (
        field(s, 'principals', 'notPrincipals', p) &&
        field(s, 'namespaces', 'notNamespaces', p && namespaceOf(p))
      );
    });
  const portText = port === STRANGER_PORT ? undefined : String(port);
  const operationOk =
    to === undefined ||
    to.some((t) => {
      const op = isObject(t['operation']) ? t['operation'] : {};
      if (UNMODELLED_OPERATION.some((k) => op[k] !== undefined)) exact = false;
      return field(op, 'ports', 'notPorts', portText);
    });
  return { match: sourceOk && operationOk, exact };
}

/** Whether the policies let `principal` call the pod (namespace, labels) on `port`. */
function allowed(policies: readonly Policy[], principal: string, port: number): boolean {
  const deny = policies.filter((p) => p.action === 'DENY');
  // A DENY rule that rests on an unmodelled condition may not match: read it as not denying.
  for (const p of deny)
    for (const r of p.rules) {
      const m = ruleMatches(r, principal, port);
      if (m.match && m.exact) return false;
    }
  const allow = policies.filter((p) => p.action === 'ALLOW');
  if (allow.length === 0) return true;
  // An unmodelled condition in an ALLOW rule may match: read the rule as matching.
  return allow.some((p) => p.rules.some((r) => ruleMatches(r, principal, port).match));
}

/**
 * Every (principal, pod, port) the AuthorizationPolicies of `objects` allow, for the pods of the workload
 * objects among them (their pod templates' labels), sorted. Principals tried: every exact principal a policy
 * names, and {@link ANY_PRINCIPAL}; ports: each pod's container ports, every port a policy names, `ports`, and
 * `*` for any other.
 */
export function meshGrants(objects: readonly ManifestObject[], options: MeshGrantOptions = {}): MeshGrant[] {
  const root = options.rootNamespace ?? 'istio-system';
  const policies = policiesOf(objects);
  const { principals: named, ports: namedPorts } = namedIn(policies);
  for (const x of options.principals ?? []) named.add(x);
  for (const x of options.ports ?? []) namedPorts.add(x);
  const principals = [...named].sort();
  const out: MeshGrant[] = [];
  for (const o of objects) {
    const template = podTemplateOf(o);
    if (template === undefined || o.kind === 'AuthorizationPolicy') continue;
    const ns = o.metadata?.namespace ?? 'default';
    const meta = isObject(template['metadata']) ? template['metadata'] : {};
    const labels = isObject(meta['labels']) ? (meta['labels'] as Record<string, string>) : {};
    const applying = policies.filter(
      (p) =>
        (p.namespace === ns || (p.namespace === root && p.selector === undefined)) &&
        (p.selector === undefined || selects(p.selector, labels)),
    );
    const to = `${ns}/${o.metadata?.name ?? '?'}`;
    const ports = [...new Set([...containerPorts(template), ...namedPorts])].sort((a, b) => a - b);
    for (const principal of [...principals, ANY_PRINCIPAL])
      for (const port of [...ports, STRANGER_PORT])
        if (allowed(applying, principal, port))
          out.push({ principal, to, port: port === STRANGER_PORT ? '*' : port });
  }
  return out.sort((a, b) => (grantKey(a) < grantKey(b) ? -1 : grantKey(a) > grantKey(b) ? 1 : 0));
}

/** The exact principals and numeric ports the policies name. */
function namedIn(policies: readonly Policy[]): { principals: Set<string>; ports: Set<number> } {
  const named = new Set<string>();
  const namedPorts = new Set<number>();
  for (const p of policies)
    for (const r of p.rules) {
      for (const f of Array.isArray(r['from']) ? (r['from'] as unknown[]).filter(isObject) : [])
        for (const x of strings((isObject(f['source']) ? f['source'] : {})['principals']) ?? [])
          if (!x.includes('*')) named.add(x);
      for (const t of Array.isArray(r['to']) ? (r['to'] as unknown[]).filter(isObject) : [])
        for (const x of strings((isObject(t['operation']) ? t['operation'] : {})['ports']) ?? [])
          if (/^\d+$/.test(x)) namedPorts.add(Number(x));
    }
  return { principals: named, ports: namedPorts };
}

/** The exact principals the AuthorizationPolicies of `objects` name. */
export function namedPrincipals(objects: readonly ManifestObject[]): string[] {
  return [...namedIn(policiesOf(objects)).principals].sort();
}

/** `principal>to:port`: a grant as one comparable string. */
export function grantKey(g: MeshGrant): string {
  return `${g.principal}>${g.to}:${g.port}`;
}

function containerPorts(template: Json): number[] {
  const spec = isObject(template['spec']) ? template['spec'] : {};
  const containers = [spec['containers'], spec['initContainers']].flatMap((c) => (Array.isArray(c) ? c : []));
  return containers.flatMap((c: unknown) =>
    isObject(c) && Array.isArray(c['ports'])
      ? (c['ports'] as unknown[]).flatMap((p) =>
          isObject(p) && typeof p['containerPort'] === 'number' && (p['protocol'] ?? 'TCP') === 'TCP'
            ? [p['containerPort']]
            : [],
        )
      : [],
  );
}
