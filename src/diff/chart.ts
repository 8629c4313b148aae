/**
 * The Helm chart of an environment: Chart.yaml fields, values.yaml defaults, and the values schema read as a
 * contract. A value removed, or constrained more (a type, enum value or range dropped, a pattern changed, a key
 * made required or extra keys refused), may break an install's `--set` or `-f` that worked on the base.
 */
import { canonical, diffFields, same } from './fields';
import type { ChartDiff, ValueChange } from './report';
import type { ChartFiles } from './tree';

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The constraints of one schema node that decide which values it accepts. */
interface Node {
  readonly schema: Json;
  /** Whether the parent lists this key as required. */
  readonly required: boolean;
  /** Whether the parent refuses keys it does not list. */
  readonly closed: boolean;
}

/** Every value path of a schema (`a.b`, list items `a[]`, free keys `a.*`) with its node. */
export function schemaPaths(schema: Json | undefined): Map<string, Node> {
  const out = new Map<string, Node>();
  const walk = (node: Json, path: string) => {
    const props = isObject(node['properties']) ? node['properties'] : {};
    const required = new Set(Array.isArray(node['required']) ? node['required'] : []);
    const closed = node['additionalProperties'] === false;
    for (const [k, child] of Object.entries(props)) {
      if (!isObject(child)) continue;
      const p = path === '' ? k : `${path}.${k}`;
      out.set(p, { schema: child, required: required.has(k), closed });
      walk(child, p);
    }
    if (isObject(node['items'])) {
      out.set(`${path}[]`, { schema: node['items'], required: false, closed: false });
      walk(node['items'], `${path}[]`);
    }
    if (isObject(node['additionalProperties'])) {
      out.set(`${path}.*`, { schema: node['additionalProperties'], required: false, closed: false });
      walk(node['additionalProperties'], `${path}.*`);
    }
  };
  if (schema) walk(schema, '');
  return out;
}

const LOWER = ['minimum', 'exclusiveMinimum', 'minLength', 'minItems', 'minProperties'];
const UPPER = ['maximum', 'exclusiveMaximum', 'maxLength', 'maxItems', 'maxProperties'];
/** Keywords whose change cannot be ordered: any change may refuse what the base accepted. */
const OPAQUE = ['pattern', 'format', 'const', 'anyOf', 'allOf', 'oneOf', 'not', 'propertyNames'];
const types = (s: Json) =>
  Array.isArray(s['type']) ? s['type'].map(String) : s['type'] === undefined ? [] : [String(s['type'])];

/** How one value's constraints changed: narrowing entries first. */
function nodeChanges(path: string, a: Node, b: Node): ValueChange[] {
  const narrowed: string[] = [];
  const widenedBy: string[] = [];
  const changed: string[] = [];
  const [sa, sb] = [a.schema, b.schema];
  const [ta, tb] = [types(sa), types(sb)];
  if (tb.length > 0 && ta.some((t) => !tb.includes(t)))
    narrowed.push(`type ${ta.join('|') || 'any'} → ${tb.join('|')}`);
  else if (tb.some((t) => !ta.includes(t)) || (ta.length > 0 && tb.length === 0))
    widenedBy.push(`type ${ta.join('|')} → ${tb.join('|') || 'any'}`);
  const [ea, eb] = [sa['enum'], sb['enum']];
  if (Array.isArray(eb)) {
    const dropped = Array.isArray(ea) ? ea.filter((v) => !eb.some((w) => same(v, w))) : undefined;
    if (dropped === undefined) narrowed.push(`now one of ${eb.map((v) => JSON.stringify(v)).join(', ')}`);
    else if (dropped.length > 0)
      narrowed.push(`no longer accepts ${dropped.map((v) => JSON.stringify(v)).join(', ')}`);
  } else if (Array.isArray(ea)) widenedBy.push('any value (enum removed)');
  for (const k of [...LOWER, ...UPPER]) {
    const [x, y] = [sa[k], sb[k]];
    if (same(x, y)) continue;
    const lower = LOWER.includes(k);
    const tighter =
      x === undefined || (typeof x === 'number' && typeof y === 'number' && (lower ? y > x : y < x));
    if (y === undefined) widenedBy.push(`${k} ${String(x)} removed`);
    else
      (tighter ? narrowed : widenedBy).push(
        `${k} ${x === undefined ? 'set to' : `${String(x)} →`} ${String(y)}`,
      );
  }
  for (const k of OPAQUE) if (canonical(sa[k]) !== canonical(sb[k])) changed.push(`${k} changed`);
  if (sb['uniqueItems'] === true && sa['uniqueItems'] !== true) narrowed.push('items must be unique');
  if (b.required && !a.required) narrowed.push('now required');
  if (b.closed && !a.closed) narrowed.push('extra keys beside it are refused');
  const out: ValueChange[] = [];
  if (narrowed.length > 0)
    out.push({ path, change: 'narrowed', breaking: true, detail: narrowed.join('; ') });
  if (changed.length > 0)
    out.push({
      path,
      change: 'changed',
      breaking: true,
      detail: `${changed.join(', ')} (may refuse values the base accepted)`,
    });
  if (widenedBy.length > 0)
    out.push({ path, change: 'widened', breaking: false, detail: widenedBy.join('; ') });
  return out;
}

/** Value changes of two values schemas, removed and narrowed first. */
export function diffValuesSchema(base: Json | undefined, head: Json | undefined): ValueChange[] {
  const [pa, pb] = [schemaPaths(base), schemaPaths(head)];
  const out: ValueChange[] = [];
  for (const [path, node] of pa) {
    const parent = path.includes('.') || path.endsWith('[]') ? path.replace(/(\.[^.]+|\[\])$/, '') : '';
    if (parent !== '' && !pb.has(parent) && pa.has(parent)) continue; // reported with the parent
    if (!pb.has(path)) {
      out.push({
        path,
        change: 'removed',
        breaking: true,
        detail: node.closed
          ? 'no longer in the schema: a --set of it is refused'
          : 'no longer in the schema: it is ignored',
      });
    } else out.push(...nodeChanges(path, node, pb.get(path)!));
  }
  for (const [path, node] of pb) {
    if (pa.has(path)) continue;
    const parent = path.replace(/(\.[^.]+|\[\])$/, '');
    if (parent !== path && pb.has(parent) && !pa.has(parent)) continue;
    out.push({ path, change: 'added', breaking: false, detail: node.required ? 'new, required' : 'new' });
  }
  const rank = { removed: 0, narrowed: 1, changed: 2, widened: 3, added: 4 } as const;
  return out.sort(
    (x, y) => rank[x.change] - rank[y.change] || (x.path < y.path ? -1 : x.path > y.path ? 1 : 0),
  );
}

/** The chart of one environment compared, or `undefined` when neither side has one or nothing changed. */
export function diffChart(base: ChartFiles | undefined, head: ChartFiles | undefined): ChartDiff | undefined {
  if (base === undefined && head === undefined) return undefined;
  const status = base === undefined ? 'added' : head === undefined ? 'removed' : 'changed';
  const metadata = diffFields(base?.chart ?? {}, head?.chart ?? {});
  const values = status === 'changed' ? diffValuesSchema(base!.schema, head!.schema) : [];
  const defaults = status === 'changed' ? diffFields(base!.values ?? {}, head!.values ?? {}) : [];
  if (status === 'changed' && metadata.length + values.length + defaults.length === 0) return undefined;
  return { dir: (head ?? base)!.dir, status, metadata, values, defaults };
}
