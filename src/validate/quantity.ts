/**
 * Kubernetes resource quantities (k8s.io/apimachinery/pkg/api/resource): a signed decimal number followed by a
 * binary-SI (Ki..Ei), decimal-SI (n u m "" k M G T P E) or exponent (e3, E-2) suffix. YAML numbers are quantities
 * too. Values are compared as floating-point base units (cores, bytes), precise enough for request <= limit.
 */
import { asObject, isObject, type JsonObject } from './json';
import { child } from './path';
import type { Emit } from './subject';

const QUANTITY =
  /^([+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+))(Ki|Mi|Gi|Ti|Pi|Ei|n|u|m|k|M|G|T|P|E|[eE][+-]?[0-9]+)?$/;
const SCALE: Readonly<Record<string, number>> = {
  n: 1e-9,
  u: 1e-6,
  m: 1e-3,
  k: 1e3,
  M: 1e6,
  G: 1e9,
  T: 1e12,
  P: 1e15,
  E: 1e18,
  Ki: 2 ** 10,
  Mi: 2 ** 20,
  Gi: 2 ** 30,
  Ti: 2 ** 40,
  Pi: 2 ** 50,
  Ei: 2 ** 60,
};

/** The value in base units, or undefined when `v` is not a quantity. */
export function parseQuantity(v: unknown): number | undefined {
  if (typeof v === 'number') return Number.isFinite(v) ? v : undefined;
  if (typeof v !== 'string') return undefined;
  const m = QUANTITY.exec(v);
  if (!m) return undefined;
  const n = Number(m[1]);
  const suffix = m[2];
  if (suffix === undefined) return n;
  const scale = SCALE[suffix];
  return scale !== undefined ? n * scale : n * 10 ** Number(suffix.slice(1));
}

/** ResourceRequirements: quantities are non-negative and each request is at most its limit. */
export function checkResourceRequirements(value: JsonObject, path: string, emit: Emit): void {
  const requests = asObject(value.requests) ?? {};
  const limits = asObject(value.limits) ?? {};
  for (const [section, map] of [
    ['requests', requests],
    ['limits', limits],
  ] as const) {
    for (const [resource, q] of Object.entries(map)) {
      const n = parseQuantity(q);
      if (n !== undefined && n < 0) {
        emit(
          'schema-quantity',
          child(child(path, section), resource),
          `${section}.${resource} must not be negative, got ${String(q)}`,
        );
      }
    }
  }
  if (!isObject(value.limits)) return;
  for (const [resource, q] of Object.entries(requests)) {
    const request = parseQuantity(q);
    const limit = parseQuantity(limits[resource]);
    if (request === undefined || limit === undefined) continue;
    if (request > limit) {
      emit(
        'request-above-limit',
        child(child(path, 'requests'), resource),
        `${resource} request ${String(q)} is greater than its limit ${String(limits[resource])}`,
      );
    }
  }
}
