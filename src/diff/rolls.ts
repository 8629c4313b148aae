/**
 * Which workloads roll (their pod template differs) and why, which changes leave the pods alone (replicas,
 * strategy, HPA bounds, PodDisruptionBudgets), and which workloads read changed config without rolling.
 */
import type { KubeObject } from '../synth/files';
import { selects, type LabelSelector } from '../analyze/network-policy';
import { diffFields, same } from './fields';
import { compareRefs, groupOf, refOf, type Matched } from './objects';
import { externalSecretTarget, readsOf } from './references';
import type {
  FieldChange,
  ObjectRef,
  Roll,
  RollCause,
  RollReason,
  StaleReader,
  SteadyChange,
} from './report';
import { isWorkload, rollMode, templateLabels, templateOf, templatePath } from './workloads';

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

const REASONS: readonly RollReason[] = [
  'image',
  'config',
  'secret',
  'env',
  'resources',
  'probes',
  'labels',
  'service-account',
  'security-context',
  'volumes',
  'template',
];

const CONTAINER = /^spec\.(containers|initContainers|ephemeralContainers)\[([^\]]+)\](?:\.(.*))?$/;

/** The reason a changed template field makes a workload roll. */
export function reasonOf(path: string): RollReason {
  const annotation = /^metadata\.annotations\[(.+)\]$/.exec(path)?.[1];
  if (annotation !== undefined) {
    if (/hash|checksum/i.test(annotation)) return /secret/i.test(annotation) ? 'secret' : 'config';
    return 'template';
  }
  if (path.startsWith('metadata.labels')) return 'labels';
  if (/^spec\.(serviceAccountName|serviceAccount|automountServiceAccountToken)$/.test(path))
    return 'service-account';
  if (path.startsWith('spec.securityContext')) return 'security-context';
  if (path.startsWith('spec.volumes')) return 'volumes';
  const rest = CONTAINER.exec(path)?.[3];
  if (rest === undefined) return 'template';
  if (rest === 'image') return 'image';
  if (/^(env|envFrom)(\[|\.|$)/.test(rest)) return 'env';
  if (rest.startsWith('resources')) return 'resources';
  if (/^(liveness|readiness|startup)Probe/.test(rest)) return 'probes';
  if (rest.startsWith('securityContext')) return 'security-context';
  if (rest.startsWith('volumeMounts')) return 'volumes';
  return 'template';
}

const show = (v: unknown) => (typeof v === 'string' ? v : JSON.stringify(v));
const shortChange = (f: FieldChange, prefix = '') => {
  const p =
    (prefix && f.path.startsWith(prefix) ? f.path.slice(prefix.length).replace(/^\./, '') : f.path) || f.path;
  if (f.change !== 'changed') return `${p} ${f.change}`;
  return f.from !== undefined && f.to !== undefined ? `${p} ${show(f.from)} → ${show(f.to)}` : `${p} changed`;
};

/** The containers of a template by name. */
function containers(t: Json | undefined): Map<string, Json> {
  const spec = isObject(t?.['spec']) ? (t!['spec'] as Json) : {};
  const all = ['containers', 'initContainers', 'ephemeralContainers'].flatMap((g) =>
    Array.isArray(spec[g]) ? (spec[g] as unknown[]).filter(isObject) : [],
  );
  return new Map(all.map((c) => [String(c['name']), c]));
}

/** The ConfigMaps or Secrets (content-hash causes) a template reads whose content changed, with the keys. */
function changedSources(
  kind: 'ConfigMap' | 'Secret',
  ns: string | undefined,
  [tA, tB]: readonly [Json, Json],
  changes: ReadonlyMap<string, readonly string[]>,
): string[] {
  const names = new Set([...readsOf(tA), ...readsOf(tB)].filter((r) => r.kind === kind).map((r) => r.name));
  return [...names].sort().flatMap((name) => {
    const change = changes.get(`${ns ?? ''}/${kind}/${name}`);
    return change === undefined
      ? []
      : [`${kind} ${name}${change.length > 0 ? `: ${change.join(', ')}` : ''}`];
  });
}

function causeDetail(
  reason: RollReason,
  fields: readonly FieldChange[],
  [tA, tB]: readonly [Json, Json],
  ns: string | undefined,
  ctx: RollContext,
) {
  const byContainer = new Map<string, FieldChange[]>();
  for (const f of fields) {
    const c = CONTAINER.exec(f.path)?.[2] ?? '';
    byContainer.set(c, [...(byContainer.get(c) ?? []), f]);
  }
  if (reason === 'image') {
    const [ca, cb] = [containers(tA), containers(tB)];
    return [...byContainer.keys()].map(
      (c) => `${c}: ${show(ca.get(c)?.['image'])} → ${show(cb.get(c)?.['image'])}`,
    );
  }
  if (reason === 'config' || reason === 'secret') {
    const sources = changedSources(
      reason === 'config' ? 'ConfigMap' : 'Secret',
      ns,
      [tA, tB],
      ctx.contentChanges,
    );
    if (reason === 'secret') {
      const external = changedSources('Secret', ns, [tA, tB], ctx.externalChanges);
      sources.push(...external.map((s) => s.replace(/^Secret /, 'ExternalSecret for Secret ')));
    }
    return sources.length > 0 ? sources : fields.map((f) => shortChange(f, 'metadata.annotations'));
  }
  if (reason === 'env') {
    return [...byContainer].map(([c, fs]) => {
      const names = fs.map((f) => {
        const name = /\.env\[([^\]]+)\]/.exec(f.path)?.[1];
        if (name === undefined) return f.path.includes('.envFrom') ? 'envFrom' : 'env';
        const sign =
          f.path.endsWith(`[${name}]`) && f.change !== 'changed' ? (f.change === 'added' ? '+' : '-') : '~';
        return `${sign}${name}`;
      });
      return `${c}: ${[...new Set(names)].join(', ')}`;
    });
  }
  if (reason === 'labels')
    return fields.map((f) => shortChange(f, 'metadata.labels').replace(/^\[(.*?)\]/, '$1:'));
  if (byContainer.size === 1 && byContainer.has('')) return fields.map((f) => shortChange(f, 'spec'));
  return [...byContainer].map(([c, fs]) => {
    const prefix = c === '' ? 'spec' : `${/^spec\.\w+\[[^\]]+\]/.exec(fs[0]!.path)?.[0] ?? ''}`;
    return `${c === '' ? 'pod' : c}: ${fs.map((f) => shortChange(f, prefix)).join(', ')}`;
  });
}

/** What the roll analysis needs beyond the workloads: which config sources changed content. */
export interface RollContext {
  /** `<namespace>/ConfigMap/<name>` or `<namespace>/Secret/<name>` -> the keys whose values changed (names only). */
  readonly contentChanges: ReadonlyMap<string, readonly string[]>;
  /** `<namespace>/Secret/<name>` -> [] for the Secrets whose ExternalSecret changed what it fetches. */
  readonly externalChanges: ReadonlyMap<string, readonly string[]>;
}

/**
 * What an ExternalSecret puts in its Secret: each key's remote key, property and version, what it extracts or
 * finds, and its template (defaults the controller writes out, such as `conversionStrategy: Default`, change
 * nothing of the content and are left out).
 */
function fetched(o: KubeObject): unknown {
  const spec = isObject(o['spec']) ? o['spec'] : {};
  const data = (Array.isArray(spec['data']) ? spec['data'] : []).filter(isObject).map((d) => {
    const r = isObject(d['remoteRef']) ? d['remoteRef'] : {};
    return [d['secretKey'], r['key'], r['property'], r['version']];
  });
  const target = isObject(spec['target']) ? spec['target'] : {};
  return { data, dataFrom: spec['dataFrom'], template: target['template'], store: spec['secretStoreRef'] };
}

/** The ConfigMaps, Secrets and ExternalSecrets whose content differs between the sides. */
export function contentChangesOf(matched: readonly Matched[]): RollContext {
  const contentChanges = new Map<string, string[]>();
  const externalChanges = new Map<string, string[]>();
  for (const { base, head } of matched) {
    if (base === undefined || head === undefined) continue;
    if ((head.kind === 'ConfigMap' || head.kind === 'Secret') && groupOf(head.apiVersion) === '') {
      const fields = ['data', 'binaryData', 'stringData'];
      if (fields.every((k) => same(base[k], head[k]))) continue;
      const keys = fields.flatMap((k) =>
        diffFields(base[k] ?? {}, head[k] ?? {}).map((f) => f.path.replace(/^\[|\]$/g, '')),
      );
      contentChanges.set(
        `${head.metadata.namespace ?? ''}/${head.kind}/${head.metadata.name}`,
        [...new Set(keys)].sort(),
      );
    }
    const target = externalSecretTarget(head);
    if (target !== undefined && !same(fetched(base), fetched(head)))
      externalChanges.set(`${head.metadata.namespace ?? ''}/Secret/${target}`, []);
  }
  return { contentChanges, externalChanges };
}

/** The workloads that roll among `matched`, and why. */
export function rollsOf(
  matched: readonly Matched[],
  base: readonly KubeObject[],
  head: readonly KubeObject[],
): Roll[] {
  const ctx = contentChangesOf(matched);
  const out: Roll[] = [];
  for (const m of matched) {
    const workload = m.head;
    if (m.base === undefined || workload === undefined || !isWorkload(workload)) continue;
    const [tA, tB] = [templateOf(m.base, base), templateOf(workload, head)];
    if (tA === undefined || tB === undefined || same(tA, tB)) continue;
    const fields = diffFields(tA, tB);
    const grouped = new Map<RollReason, FieldChange[]>();
    for (const f of fields) grouped.set(reasonOf(f.path), [...(grouped.get(reasonOf(f.path)) ?? []), f]);
    const causes: RollCause[] = REASONS.filter((r) => grouped.has(r)).map((reason) => ({
      reason,
      detail: causeDetail(reason, grouped.get(reason)!, [tA, tB], workload.metadata.namespace, ctx).join(
        '; ',
      ),
    }));
    out.push({ workload: refOf(workload), mode: rollMode(workload), causes, fields });
  }
  return out;
}

const specFields = (a: KubeObject | undefined, b: KubeObject | undefined, skip?: string) =>
  diffFields(a?.['spec'] ?? {}, b?.['spec'] ?? {}, 'spec').filter(
    (f) => skip === undefined || !f.path.startsWith(skip),
  );

/** The workload an HPA scales or a PodDisruptionBudget guards, if the side has it. */
function targetOf(o: KubeObject, side: readonly KubeObject[]): ObjectRef | undefined {
  const spec = isObject(o['spec']) ? o['spec'] : {};
  const ns = o.metadata.namespace;
  if (o.kind === 'HorizontalPodAutoscaler' && isObject(spec['scaleTargetRef'])) {
    const ref = spec['scaleTargetRef'];
    const found = side.find(
      (x) => x.kind === ref['kind'] && x.metadata.name === ref['name'] && x.metadata.namespace === ns,
    );
    return found && refOf(found);
  }
  if (o.kind === 'PodDisruptionBudget' && isObject(spec['selector'])) {
    const found = side.find(
      (x) =>
        isWorkload(x) &&
        x.metadata.namespace === ns &&
        selects(spec['selector'] as LabelSelector, templateLabels(templateOf(x, side))),
    );
    return found && refOf(found);
  }
  return undefined;
}

/** Changes that replace no pod: workload fields outside the template, HPAs and PodDisruptionBudgets. */
export function steadyOf(
  matched: readonly Matched[],
  head: readonly KubeObject[],
  base: readonly KubeObject[],
): SteadyChange[] {
  const out: SteadyChange[] = [];
  for (const m of matched) {
    const o = (m.head ?? m.base)!;
    const scaling =
      (o.kind === 'HorizontalPodAutoscaler' && groupOf(o.apiVersion) === 'autoscaling') ||
      (o.kind === 'PodDisruptionBudget' && groupOf(o.apiVersion) === 'policy');
    if (scaling) {
      const change = m.base === undefined ? 'added' : m.head === undefined ? 'removed' : 'changed';
      const fields = specFields(m.base, m.head);
      if (change === 'changed' && fields.length === 0) continue;
      const target = targetOf(o, m.head ? head : base);
      out.push({ object: refOf(o), change, ...(target && { target }), fields });
    } else if (m.base && m.head && isWorkload(m.head)) {
      const skip = m.head.kind === 'Pod' ? undefined : templatePath(m.head);
      const fields = m.head.kind === 'Pod' ? [] : specFields(m.base, m.head, skip);
      if (fields.length > 0) out.push({ object: refOf(m.head), change: 'changed', fields });
    }
  }
  return out;
}

/** Workloads that do not roll but read a ConfigMap, Secret or ExternalSecret whose content changed. */
export function staleOf(
  matched: readonly Matched[],
  rolls: readonly Roll[],
  head: readonly KubeObject[],
): StaleReader[] {
  const ctx = contentChangesOf(matched);
  const rolled = new Set(rolls.map((r) => `${r.workload.kind}/${r.workload.namespace}/${r.workload.name}`));
  const sources = new Map<string, ObjectRef>();
  for (const { head: h } of matched) {
    if (h === undefined) continue;
    const target = externalSecretTarget(h);
    if (ctx.contentChanges.has(`${h.metadata.namespace ?? ''}/${h.kind}/${h.metadata.name}`))
      sources.set(`${h.metadata.namespace}/${h.kind}/${h.metadata.name}`, refOf(h));
    if (target !== undefined && ctx.externalChanges.has(`${h.metadata.namespace ?? ''}/Secret/${target}`))
      sources.set(`${h.metadata.namespace}/Secret/${target}`, refOf(h));
  }
  const out: StaleReader[] = [];
  for (const m of matched) {
    if (m.base === undefined || m.head === undefined || !isWorkload(m.head)) continue;
    if (rolled.has(`${m.head.kind}/${m.head.metadata.namespace}/${m.head.metadata.name}`)) continue;
    for (const r of readsOf(templateOf(m.head, head))) {
      const source = sources.get(`${m.head.metadata.namespace}/${r.kind}/${r.name}`);
      if (source === undefined || r.via === 'pull') continue;
      out.push({ workload: refOf(m.head), source, via: r.via });
    }
  }
  return out.sort((a, b) => compareRefs(a.workload, b.workload) || compareRefs(a.source, b.source));
}
