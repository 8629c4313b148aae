import { Duration } from 'cdk8s';
import { Construct, type IConstruct } from 'constructs';
import { _fail, type _Where } from './_errors';

// Runtime type checks of props, for JavaScript and JSON-driven callers the TypeScript types do
// not protect. Each returns the value typed, or throws the library's one error format.

/**
 * Where a construct about to be created will live: its path, for errors raised while its props are
 * resolved (before it is added to the tree, so a refused construct leaves nothing behind). Fails
 * when `scope` is not a construct, `id` is not a non-empty string, or `scope` already has a child `id`.
 */
export function _at(scope: unknown, id: unknown): _Where {
  const shownId = typeof id === 'string' ? id.replace(/\//g, '--') : String(id);
  if (!Construct.isConstruct(scope)) {
    _fail(
      { node: { path: shownId } },
      'scope',
      'must be a construct (a System or a construct inside one)',
      scope,
    );
  }
  const parent = scope.node.path;
  const where = { node: { path: parent ? `${parent}/${shownId}` : shownId } };
  if (typeof id !== 'string' || id === '') _fail(where, 'id', 'must be a non-empty string', id);
  const existing = scope.node.tryFindChild(shownId);
  if (existing) {
    _fail(
      where,
      'id',
      `must be unique among the children of '${parent || '(the app)'}', but ${existing.node.path} already uses it`,
      id,
    );
  }
  return where;
}

/** A plain object of props (not an array, not null). */
export function _record<T = Readonly<Record<string, unknown>>>(at: _Where, prop: string, v: unknown): T {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) _fail(at, prop, 'must be an object', v);
  return v as T;
}

/** Own enumerable entries of a plain object; `Object.prototype` member names are ordinary keys. */
export function _entries<T = unknown>(at: _Where, prop: string, v: unknown): [string, T][] {
  return Object.entries(_record(at, prop, v)) as [string, T][];
}

/** An array. */
export function _array<T = unknown>(at: _Where, prop: string, v: unknown): readonly T[] {
  if (!Array.isArray(v)) _fail(at, prop, 'must be an array', v);
  return v as readonly T[];
}

/** A string. */
export function _string(at: _Where, prop: string, v: unknown): string {
  if (typeof v !== 'string') _fail(at, prop, 'must be a string', v);
  return v;
}

/** An array of strings. */
export function _strings(at: _Where, prop: string, v: unknown): readonly string[] {
  return _array(at, prop, v).map((s, i) => _string(at, `${prop}[${i}]`, s));
}

/** A boolean. */
export function _boolean(at: _Where, prop: string, v: unknown): boolean {
  if (typeof v !== 'boolean') _fail(at, prop, 'must be a boolean', v);
  return v;
}

/** A finite number. */
export function _number(at: _Where, prop: string, v: unknown): number {
  if (typeof v !== 'number' || !Number.isFinite(v)) _fail(at, prop, 'must be a finite number', v);
  return v;
}

/** The one enum-membership check: `v` must be a value of `e` (a TypeScript string enum). */
export function _enum<E extends Record<string, string>>(
  at: _Where,
  prop: string,
  v: unknown,
  e: E,
): E[keyof E] {
  const values = Object.values(e);
  if (typeof v !== 'string' || !values.includes(v)) _fail(at, prop, `must be one of ${values.join(', ')}`, v);
  return v as E[keyof E];
}

/** The member of `e` the caller set, or `fallback` when the prop is unset. */
export function _enumOr<E extends Record<string, string>>(
  at: _Where,
  prop: string,
  v: unknown,
  e: E,
  fallback: E[keyof E],
): E[keyof E] {
  return v === undefined ? fallback : _enum(at, prop, v, e);
}

/** An instance of `cls` (e.g. an EnvValue, a Probe, a Secret), named `what` in the message. */
export function _instance<T>(
  at: _Where,
  prop: string,
  v: unknown,
  cls: { readonly prototype: T },
  what: string,
  hint?: string,
): T {
  // isPrototypeOf, not instanceof: the classes have private constructors.
  if (typeof v !== 'object' || v === null || !Object.prototype.isPrototypeOf.call(cls.prototype, v))
    _fail(at, prop, `must be ${what}`, v, hint);
  return v as T;
}

/** A construct reference of class `cls`. */
export function _construct<T extends IConstruct>(
  at: _Where,
  prop: string,
  v: unknown,
  cls: { readonly prototype: T },
  what: string,
): T {
  return _instance(at, prop, v, cls, what, 'Pass the construct itself, not its name');
}

/**
 * A cdk8s Duration as whole seconds in `[min, max]`: checked here, not at synthesis, where cdk8s
 * would throw its own error (`cannot be converted into a whole number of seconds`).
 */
export function _seconds(
  at: _Where,
  prop: string,
  v: unknown,
  min: number,
  why = '',
  max = 2147483647,
): number {
  const d = _instance(at, prop, v, Duration, 'a Duration', 'Use e.g. Duration.seconds(30)');
  let s: number;
  try {
    s = d.toSeconds();
  } catch {
    return _fail(at, prop, 'must be a whole number of seconds', d.toHumanString() || 'NaN');
  }
  if (!Number.isInteger(s)) _fail(at, prop, 'must be a whole number of seconds', d.toHumanString() || 'NaN');
  if (s < min)
    _fail(at, prop, `must be at least ${min} second${min === 1 ? '' : 's'}${why}`, d.toHumanString());
  if (s > max) _fail(at, prop, `must be at most ${max} seconds`, d.toHumanString());
  return s;
}
