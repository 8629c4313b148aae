/**
 * Map keys cdk8s cannot render. Its sanitizer reads `obj.constructor.name` of every map, so a map with the legal
 * label key `constructor` fails ("can't render non-simple object of type 'undefined'"), and it copies entries by
 * assignment, where `__proto__` would set a prototype instead of a key. Maps of user keys are therefore handed to
 * the L1 objects with such keys renamed (`_safeKeys`), and the rendered JSON gets them back (`_restoreKeys`, run
 * by `System.toJson` and by the pipeline for every object). Only these two keys are renamed; nothing is renamed
 * (and nothing restored) in a process that never met one.
 */

const MARK = '\u0000shipshape-key:';
const SPECIAL = new Set(['constructor', '__proto__']);
let renamed = false;

/** A copy of `map` whose keys cdk8s cannot render are renamed (idempotent). */
export function _safeKeys<T>(map: Readonly<Record<string, T>>): Record<string, T> {
  const out: Record<string, T> = {};
  for (const [k, v] of Object.entries(map)) {
    const key = SPECIAL.has(k) ? `${MARK}${k}` : k;
    if (key !== k) renamed = true;
    Object.defineProperty(out, key, { value: v, enumerable: true, writable: true, configurable: true });
  }
  return out;
}

/** Whether `_safeKeys` ever renamed a key in this process (else `_restoreKeys` has nothing to do). */
export function _anyRenamed(): boolean {
  return renamed;
}

/** `json` with the keys `_safeKeys` renamed given back, in cdk8s's sorted key order; the input is not changed. */
export function _restoreKeys<T>(json: T): T {
  if (!renamed) return json;
  return restore(json) as T;
}

function restore(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(restore);
  if (typeof v !== 'object' || v === null) return v;
  const o = v as Record<string, unknown>;
  const keys = Object.keys(o);
  const touched = keys.some((k) => k.startsWith(MARK));
  const out: Record<string, unknown> = {};
  const names = touched ? keys.map((k) => (k.startsWith(MARK) ? k.slice(MARK.length) : k)) : keys;
  const order = touched
    ? names.map((n, i) => [n, keys[i]!] as const).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    : names.map((n, i) => [n, keys[i]!] as const);
  for (const [name, key] of order) {
    Object.defineProperty(out, name, {
      value: restore(o[key]),
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  return out;
}
