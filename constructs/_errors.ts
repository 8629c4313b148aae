/** Anything with a construct path: a construct, or the place one is about to be created (see `_at`). */
export interface _Where {
  readonly node: { readonly path: string };
}

/** An invalid construct input. The message always reads `<path>: '<prop>' <rule> (got <value>)[. <hint>]`. */
export class ShipshapeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ShipshapeError';
  }
}

// Values longer than this are cut in messages (a 2 MB env value must not flood the terminal).
const MAX_SHOWN = 120;

/**
 * Renders a bad value for an error message: strings quoted, numbers as JavaScript prints them
 * (`NaN`, `Infinity`), constructs by path, other class instances by class, everything else as
 * JSON; long values are cut and their length said.
 */
export function _show(value: unknown): string {
  if (typeof value === 'string') {
    const s = escape(value);
    return s.length > MAX_SHOWN ? `'${s.slice(0, MAX_SHOWN)}…' (${value.length} characters)` : `'${s}'`;
  }
  const s = render(value, new Set(), 0);
  return s.length > MAX_SHOWN ? `${s.slice(0, MAX_SHOWN)}… (${s.length} characters)` : s;
}

/**
 * `s` with every character outside printable ASCII escaped (`\n`, `\u200b`, `\u0435`): a zero-width space,
 * a right-to-left override or a Cyrillic letter printed raw makes a bad value look legal. Values shown in
 * messages are names, keys and quantities, where such characters are always the problem.
 */
export function _escape(s: string): string {
  return s.replace(/[^\u0020-\u007e]/g, (c) => {
    const json = JSON.stringify(c).slice(1, -1);
    return json.length > 1 ? json : `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;
  });
}
const escape = _escape;

function render(v: unknown, seen: Set<unknown>, depth: number): string {
  switch (typeof v) {
    case 'string':
      return depth === 0 ? `'${escape(v)}'` : `"${escape(JSON.stringify(v).slice(1, -1))}"`;
    case 'number':
      return Object.is(v, -0) ? '-0' : String(v);
    case 'bigint':
      return `${v}n`;
    case 'boolean':
    case 'undefined':
      return String(v);
    case 'symbol':
      return v.toString();
    case 'function':
      return v.name ? `function ${v.name}` : 'a function';
  }
  if (v === null) return 'null';
  const o = v as Record<string, unknown>;
  if (seen.has(o)) return '[circular]';
  const path = constructPath(o);
  if (path !== undefined) return `${className(o)} '${path}'`;
  if (depth > 4) return Array.isArray(o) ? '[…]' : '{…}';
  seen.add(o);
  try {
    if (Array.isArray(o)) return `[${o.map((x) => render(x, seen, depth + 1)).join(',')}]`;
    const proto: unknown = Object.getPrototypeOf(o);
    // A class instance (a Probe, an EnvValue, a Duration) is named by its class: its fields are private.
    if (proto !== Object.prototype && proto !== null) {
      const name = className(o);
      return `${/^[AEIOU]/.test(name) ? 'an' : 'a'} ${name}`;
    }
    return `{${Object.keys(o)
      .map((k) => `${render(k, seen, depth + 1)}:${render(o[k], seen, depth + 1)}`)
      .join(',')}}`;
  } catch {
    return className(o);
  } finally {
    seen.delete(o);
  }
}

function constructPath(o: Record<string, unknown>): string | undefined {
  try {
    const node = o.node as { path?: unknown } | undefined;
    return node && typeof node === 'object' && typeof node.path === 'string' ? node.path : undefined;
  } catch {
    return undefined;
  }
}

function className(o: object): string {
  const ctor = (Object.getPrototypeOf(o) as { constructor?: { name?: unknown } } | null)?.constructor;
  return typeof ctor?.name === 'string' && ctor.name !== '' ? ctor.name : 'an object';
}

/** Throws a {@link ShipshapeError} in the one message format of the library. */
export function _fail(scope: _Where, prop: string, rule: string, got: unknown, hint?: string): never {
  const suffix = hint ? `. ${hint}` : '';
  throw new ShipshapeError(`${escape(scope.node.path)}: '${prop}' ${rule} (got ${_show(got)})${suffix}`);
}
