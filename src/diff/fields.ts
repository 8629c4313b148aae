/**
 * The changed fields of two JSON values, compactly: a subtree added or removed whole is one entry, list items
 * with a unique `name` (containers, env, ports, volumes) are matched by it, other lists by content, so that an
 * item inserted in the middle is one change and not a shifted tail.
 */
import type { FieldChange, Scalar } from './report';

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Structural equality of JSON values (key order ignored). */
export function same(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a)) {
    return Array.isArray(b) && a.length === b.length && a.every((x, i) => same(x, b[i]));
  }
  if (isObject(a) && isObject(b)) {
    const ka = Object.keys(a);
    if (ka.length !== Object.keys(b).length) return false;
    return ka.every((k) => Object.prototype.hasOwnProperty.call(b, k) && same(a[k], b[k]));
  }
  return false;
}

/** JSON with sorted keys: equal values give equal strings. */
export function canonical(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  if (isObject(v)) {
    return `{${Object.keys(v)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical(v[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(v) ?? 'null';
}

const PLAIN_KEY = /^[A-Za-z_$][A-Za-z0-9_$-]*$/;

/** `a.b`, `a[odd/key]`: how a path grows by one object key. */
export function childPath(parent: string, key: string): string {
  if (PLAIN_KEY.test(key)) return parent === '' ? key : `${parent}.${key}`;
  return `${parent}[${key}]`;
}

/** A value short enough to print: scalars, strings of at most 80 characters. */
export function scalarOf(v: unknown): Scalar | undefined {
  if (v === null || typeof v === 'number' || typeof v === 'boolean') return v;
  if (typeof v === 'string') return v.length <= 80 ? v : undefined;
  if (Array.isArray(v) && v.length > 0 && v.length <= 8 && v.every((x) => typeof x === 'string')) {
    const joined = v.join(', ');
    return joined.length <= 80 ? `[${joined}]` : undefined;
  }
  return undefined;
}

/** A map of at most 4 scalars. */
function smallMap(v: unknown): boolean {
  if (!isObject(v)) return false;
  const values = Object.values(v);
  return values.length > 0 && values.length <= 4 && values.every((x) => x === null || typeof x !== 'object');
}

/** Keys list items are matched by, in order of preference (env, containers, ports, ExternalSecret data, mounts). */
const ITEM_KEYS = ['name', 'secretKey', 'mountPath', 'containerPort', 'port'];

/** The key list items are matched by: the first of {@link ITEM_KEYS} every item of both lists has uniquely. */
function listKey(a: readonly unknown[], b: readonly unknown[]): string | undefined {
  const unique = (xs: readonly unknown[], key: string) => {
    const names = xs.map((x) =>
      isObject(x) && (typeof x[key] === 'string' || typeof x[key] === 'number') ? String(x[key]) : undefined,
    );
    return names.every((n) => n !== undefined) && new Set(names).size === names.length;
  };
  if (a.length + b.length === 0) return undefined;
  return ITEM_KEYS.find((k) => unique(a, k) && unique(b, k));
}

/** Options of {@link diffFields}. */
export interface DiffFieldsOptions {
  /** Paths whose values must never be printed (a Secret's `data`): their changes carry no `from`/`to`. */
  readonly redact?: (path: string) => boolean;
}

/** The fields that differ between `a` and `b`, under `prefix`. */
export function diffFields(
  a: unknown,
  b: unknown,
  prefix = '',
  options: DiffFieldsOptions = {},
): FieldChange[] {
  const out: FieldChange[] = [];
  const values = (p: string, from: unknown, to: unknown) => {
    if (options.redact?.(p)) return {};
    const f = from === undefined ? undefined : scalarOf(from);
    const t = to === undefined ? undefined : scalarOf(to);
    return { ...(f !== undefined && { from: f }), ...(t !== undefined && { to: t }) };
  };
  const walk = (x: unknown, y: unknown, p: string) => {
    if (same(x, y)) return;
    if (isObject(x) && isObject(y)) {
      const keys = [...new Set([...Object.keys(x), ...Object.keys(y)])].sort();
      for (const k of keys) {
        const has = [Object.prototype.hasOwnProperty.call(x, k), Object.prototype.hasOwnProperty.call(y, k)];
        const q = childPath(p, k);
        // A small map of scalars added or removed whole (labels, annotations) is listed key by key.
        if (has[0] !== has[1] && smallMap(has[0] ? x[k] : y[k]))
          walk(has[0] ? x[k] : {}, has[1] ? y[k] : {}, q);
        else if (has[0] && !has[1]) out.push({ path: q, change: 'removed', ...values(q, x[k], undefined) });
        else if (!has[0] && has[1]) out.push({ path: q, change: 'added', ...values(q, undefined, y[k]) });
        else walk(x[k], y[k], q);
      }
      return;
    }
    if (Array.isArray(x) && Array.isArray(y) && !(scalarOf(x) !== undefined && scalarOf(y) !== undefined)) {
      walkList(x, y, p);
      return;
    }
    out.push({ path: p, change: 'changed', ...values(p, x, y) });
  };
  const walkList = (x: readonly unknown[], y: readonly unknown[], p: string) => {
    const key = listKey(x, y);
    if (key !== undefined) {
      const byName = (xs: readonly unknown[]) => new Map(xs.map((i) => [String((i as Json)[key]), i]));
      const [mx, my] = [byName(x), byName(y)];
      for (const n of [...new Set([...my.keys(), ...mx.keys()])]) {
        const q = `${p}[${n}]`;
        if (!my.has(n)) out.push({ path: q, change: 'removed' });
        else if (!mx.has(n)) out.push({ path: q, change: 'added' });
        else walk(mx.get(n), my.get(n), q);
      }
      return;
    }
    // By content: what one list has more of than the other, by canonical JSON.
    const count = (xs: readonly unknown[]) => {
      const m = new Map<string, number>();
      for (const i of xs) m.set(canonical(i), (m.get(canonical(i)) ?? 0) + 1);
      return m;
    };
    const [cx, cy] = [count(x), count(y)];
    const extra = (xs: readonly unknown[], other: Map<string, number>) => {
      const left = new Map(other);
      return xs.flatMap((item, i) => {
        const c = canonical(item);
        const n = left.get(c) ?? 0;
        if (n > 0) {
          left.set(c, n - 1);
          return [];
        }
        return [i];
      });
    };
    const removed = extra(x, cy);
    const added = extra(y, cx);
    if (removed.length === 0 && added.length === 0) {
      out.push({ path: p, change: 'changed' }); // the same items in another order
      return;
    }
    // An item changed in place (at the same index on both sides) is walked into; the rest are whole.
    const inPlace = new Set(removed.filter((i) => added.includes(i)));
    for (const i of [...inPlace].sort((m, n) => m - n)) walk(x[i], y[i], `${p}[${i}]`);
    for (const i of removed) {
      if (!inPlace.has(i)) out.push({ path: `${p}[${i}]`, change: 'removed', ...values(p, x[i], undefined) });
    }
    for (const i of added) {
      if (!inPlace.has(i)) out.push({ path: `${p}[${i}]`, change: 'added', ...values(p, undefined, y[i]) });
    }
  };
  walk(a, b, prefix);
  return out;
}
