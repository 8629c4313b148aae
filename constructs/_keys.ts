import { _escape, _fail, type _Where } from './_errors';
import { _record } from './_types';

// The known keys of every plain props object the public API takes, so that a JavaScript or
// JSON-driven caller's typo (`replica: 3`, `ports: [{ nmae: 'http' }]`) is refused instead of
// silently ignored. This file holds the mechanism only: each list is declared with `_keys` beside its
// TypeScript interface (`const KEYS = _keys('MicroserviceProps', [...])` in microservice.ts), and
// test/constructs/_keys.test.ts reads the interfaces with the compiler API and fails when a list and its
// interface differ. Objects passed by reference (constructs, Durations, EnvValues, Probes, GatewayTls,
// SecretStores) are not checked.

/** The known keys of one props interface, precomputed once. */
export interface _Keys {
  /** The TypeScript interface the keys come from (the drift test compares them). */
  readonly iface: string;
  /** How the message names it: the construct for its own props, else the interface. */
  readonly shown: string;
  /** Declaration order, for the hint. */
  readonly list: readonly string[];
  readonly names: ReadonlySet<string>;
}

/** Every key list, for the drift test. */
export const _ALL_KEYS: _Keys[] = [];

/** Declares the keys of `iface` (named `shown` in messages). */
export function _keys(iface: string, list: readonly string[], shown = iface): _Keys {
  const keys = { iface, shown, list, names: new Set(list) };
  _ALL_KEYS.push(keys);
  return keys;
}

/**
 * Fails on the first own key of `v` that `keys` does not know, naming it as the caller wrote it:
 * `<prop>.<key>`, or the bare key when `prop` is `'props'` (the construct's props themselves).
 */
export function _checkKeys(at: _Where, prop: string, v: object, keys: _Keys): void {
  for (const k of Object.keys(v)) {
    if (keys.names.has(k)) continue;
    const shown = k.length > 60 ? `${_escape(k.slice(0, 60))}…` : _escape(k);
    const path = `${prop === 'props' ? '' : `${prop}.`}${shown}`;
    const near = _nearest(k, keys.list);
    _fail(
      at,
      path,
      `is not a prop of ${keys.shown}`,
      (v as Record<string, unknown>)[k],
      near === undefined ? `Known props: ${keys.list.join(', ')}` : `Did you mean '${near}'?`,
    );
  }
}

/** A plain props object (`_record`) without unknown keys. */
export function _props<T>(at: _Where, prop: string, v: unknown, keys: _Keys): T {
  const r = _record<T & object>(at, prop, v);
  _checkKeys(at, prop, r, keys);
  return r;
}

/**
 * The known name a typo most plausibly meant: the closest by edit distance (adjacent swaps count
 * one; case, `_` and `-` are ignored), within a quarter of its length (at least 1, at most 3);
 * else one that starts with the key or that the key starts with (4 characters or more).
 */
export function _nearest(key: string, known: readonly string[]): string | undefined {
  const norm = (s: string) => s.toLowerCase().replace(/[-_]/g, '');
  const k = norm(key);
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const name of known) {
    const n = norm(name);
    const d = distance(k, n);
    if (d <= Math.min(3, Math.max(1, Math.floor(n.length / 4))) && d < bestDistance) {
      best = name;
      bestDistance = d;
    }
  }
  if (best !== undefined || k.length < 4) return best;
  return known.find((name) => {
    const n = norm(name);
    return n.length >= 4 && (n.startsWith(k) || k.startsWith(n));
  });
}

/** Optimal string alignment distance: insertions, deletions, substitutions and adjacent swaps. */
function distance(a: string, b: string): number {
  if (Math.abs(a.length - b.length) > 3) return Infinity;
  // The (a.length + 1) x (b.length + 1) matrix, row by row.
  const w = b.length + 1;
  const d = new Array<number>((a.length + 1) * w).fill(0);
  const at = (i: number, j: number): number => d[i * w + j] ?? Infinity;
  for (let i = 0; i <= a.length; i++) d[i * w] = i;
  for (let j = 0; j <= b.length; j++) d[j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(at(i - 1, j) + 1, at(i, j - 1) + 1, at(i - 1, j - 1) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        v = Math.min(v, at(i - 2, j - 2) + 1);
      d[i * w + j] = v;
    }
  }
  return at(a.length, b.length);
}
