/** Narrowing helpers for parsed JSON/YAML (everything arrives as `unknown`). */
import { _escape } from '../../constructs/_errors';

export type JsonObject = { readonly [key: string]: unknown };

export function isObject(v: unknown): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function asObject(v: unknown): JsonObject | undefined {
  return isObject(v) ? v : undefined;
}

export function asArray(v: unknown): readonly unknown[] {
  return Array.isArray(v) ? v : [];
}

export function asString(v: unknown): string | undefined {
  return typeof v === 'string' ? v : undefined;
}

/** The string values of a string map (labels, selectors); other entries are ignored. */
export function asStringMap(v: unknown): Readonly<Record<string, string>> {
  const out: Record<string, string> = {};
  if (isObject(v)) for (const [k, x] of Object.entries(v)) if (typeof x === 'string') out[k] = x;
  return out;
}

export function describeType(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'number') return Number.isInteger(v) ? 'integer' : 'number';
  return typeof v;
}

/** Short rendering of a value for messages. */
export function show(v: unknown): string {
  // Escaped as the constructs' messages are: a zero-width or lookalike character printed raw hides the problem.
  const s = _escape(JSON.stringify(v) ?? String(v));
  return s.length > 60 ? s.slice(0, 57) + '...' : s;
}
