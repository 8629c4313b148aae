/**
 * Kubernetes resource quantities (k8s.io/apimachinery/pkg/api/resource): a signed decimal number followed by a
 * binary-SI (Ki..Ei), decimal-SI (n u m "" k M G T P E) or exponent (e3, E-2) suffix. YAML numbers are quantities
 * too (the parser is the construct library's, so synthesis and validation agree).
 */
import { asObject, isObject, type JsonObject } from './json';
import { child } from './path';
import type { Emit } from './subject';
import { parseQuantity } from '../../constructs/quantity';

export { parseQuantity };

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
