import * as yaml from 'js-yaml';

// A YAML writer for synthesized objects: the same bytes as js-yaml's
// `dump(value, { noRefs: true, lineWidth: -1 })`, several times faster, because it only writes what
// Kubernetes JSON needs (block mappings and sequences, integers, booleans, null, single-line ASCII
// strings, plain or single-quoted) and decides each string's style with js-yaml's own rules. A
// document holding anything else (a multi-line or non-ASCII string, a float, undefined, a Date) is
// written by js-yaml itself, so the output never depends on which path wrote it.

const OPTIONS: yaml.DumpOptions = { noRefs: true, lineWidth: -1 };

/** js-yaml's implicit types (null, bool, int, float, timestamp, merge): a string one of them resolves must be quoted. */
const IMPLICIT = (yaml.DEFAULT_SCHEMA as unknown as { compiledImplicit: { resolve(s: string): boolean }[] })
  .compiledImplicit;
/** YAML 1.1 look-alikes js-yaml quotes for older parsers (its `noCompatMode: false`). */
const DEPRECATED_BOOLEANS = new Set('y Y yes Yes YES on On ON n N no No NO off Off OFF'.split(' '));
const DEPRECATED_BASE60 = /^[-+]?[0-9_]+(?::[0-9_]+)+(?:\.[0-9_]*)?$/;
const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;
/** First characters that can start an implicitly typed scalar (see IMPLICIT). */
const MAYBE_TYPED = /^[~nNtTfF<+\-.0-9]/;
/** YAML indicators and space: not allowed first in a plain scalar (js-yaml's isPlainSafeFirst). */
const NOT_PLAIN_FIRST = new Set([...'-?:,[]{}#&*!|=>\'"%@` ']);

// One document is written at a time (synchronously) into this buffer: every byte the fast path
// writes is printable ASCII, so the document is one latin1 slice of it (no string per token).
let buf = Buffer.allocUnsafe(1 << 16);
let pos = 0;

function put(s: string): void {
  const n = s.length;
  if (pos + n > buf.length) grow(n);
  for (let i = 0; i < n; i++) buf[pos++] = s.charCodeAt(i);
}

function grow(n: number): void {
  const next = Buffer.allocUnsafe(Math.max(buf.length * 2, pos + n));
  buf.copy(next, 0, 0, pos);
  buf = next;
}

/** A newline and the indentation of `level`. */
function newline(level: number): void {
  const n = 1 + 2 * level;
  if (pos + n > buf.length) grow(n);
  buf[pos++] = 0x0a;
  for (let i = 1; i < n; i++) buf[pos++] = 0x20;
}

// Strings repeat (keys, label values, kinds): their style is decided once. Bounded, so that a long
// run with unique values does not keep them all.
const STYLED = new Map<string, string | null>();
const MAX_STYLED = 100_000;

/** A string as js-yaml writes it in block context, or null when it needs a style only js-yaml writes. */
function scalar(s: string): string | null {
  let styled = STYLED.get(s);
  if (styled === undefined) {
    styled = style(s);
    if (STYLED.size >= MAX_STYLED) STYLED.clear();
    STYLED.set(s, styled);
  }
  return styled;
}

function style(s: string): string | null {
  if (s.length === 0) return "''";
  if (!PRINTABLE_ASCII.test(s)) return null;
  if (DEPRECATED_BOOLEANS.has(s) || (s.includes(':') && DEPRECATED_BASE60.test(s))) return `'${s}'`;
  const last = s.charCodeAt(s.length - 1);
  const plain =
    !NOT_PLAIN_FIRST.has(s.charAt(0)) &&
    last !== 0x20 &&
    last !== 0x3a &&
    !s.includes(' #') &&
    !s.includes(': ') &&
    !(MAYBE_TYPED.test(s) && IMPLICIT.some((t) => t.resolve(s)));
  return plain ? s : `'${s.replace(/'/g, "''")}'`;
}

/** A leaf value, or false when js-yaml must write the document. */
function leaf(v: unknown): boolean {
  switch (typeof v) {
    case 'string': {
      const s = scalar(v);
      if (s === null) return false;
      put(s);
      return true;
    }
    case 'number':
      // Integers only (js-yaml's int type); floats, -0, NaN and Infinity have a representation of their own.
      if (v % 1 !== 0 || Object.is(v, -0)) return false;
      put(String(v));
      return true;
    case 'boolean':
      put(v ? 'true' : 'false');
      return true;
    default:
      if (v !== null) return false;
      put('null');
      return true;
  }
}

/** The keys of a plain object (js-yaml writes it as a mapping), or undefined for anything else. */
function keysOf(v: object): string[] | undefined {
  const proto: unknown = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null ? Object.keys(v) : undefined;
}

/** A value at `level`; `compact`: its first line continues the current one (`- ` of a sequence item). */
function node(v: unknown, level: number, compact: boolean): boolean {
  if (typeof v !== 'object' || v === null) return leaf(v);
  if (Array.isArray(v)) {
    if (v.length > 0) return sequence(v, level, compact);
    put('[]');
    return true;
  }
  const keys = keysOf(v);
  if (keys === undefined) return false;
  if (keys.length > 0) return mapping(v as Record<string, unknown>, keys, level, compact);
  put('{}');
  return true;
}

/** Whether `v` is written on lines of its own (a non-empty mapping or sequence). */
function isBlock(v: unknown): boolean {
  if (typeof v !== 'object' || v === null) return false;
  if (Array.isArray(v)) return v.length > 0;
  for (const k in v) if (Object.prototype.hasOwnProperty.call(v, k)) return true;
  return false;
}

function mapping(
  o: Record<string, unknown>,
  keys: readonly string[],
  level: number,
  compact: boolean,
): boolean {
  for (let i = 0; i < keys.length; i++) {
    const k = keys[i]!;
    const v = o[k];
    // js-yaml skips undefined values, which changes where the mapping's lines start: its own path.
    if (v === undefined) return false;
    const key = scalar(k);
    // Keys over 1024 characters become explicit (`? key`) pairs in js-yaml.
    if (key === null || key.length > 1024) return false;
    if (!compact || i > 0) newline(level);
    put(key);
    put(isBlock(v) ? ':' : ': ');
    if (!node(v, level + 1, false)) return false;
  }
  return true;
}

function sequence(a: readonly unknown[], level: number, compact: boolean): boolean {
  for (let i = 0; i < a.length; i++) {
    // js-yaml writes a hole or undefined as null: rare enough to leave to it.
    if (a[i] === undefined) return false;
    if (!compact || i > 0) newline(level);
    put('- ');
    if (!node(a[i], level + 1, true)) return false;
  }
  return true;
}

/** @internal The document as the fast path writes it, or undefined when it is js-yaml's to write. */
export function _fastYaml(value: unknown): string | undefined {
  pos = 0;
  if (!node(value, 0, true)) return undefined;
  put('\n');
  return buf.toString('latin1', 0, pos);
}

/** One YAML document, byte-identical to `js-yaml.dump(value, { noRefs: true, lineWidth: -1 })`. */
export function dumpYaml(value: unknown): string {
  return _fastYaml(value) ?? yaml.dump(value, OPTIONS);
}
