import type { IConstruct } from 'constructs';
import { _fail } from './_errors';

// Kubernetes resource.Quantity: <signed number><suffix>, suffix binary (Ki..Ei), decimal (n u m k M G T P E) or exponent.
const QUANTITY =
  /^([+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+))((?:[eE][-+]?[0-9]+)|Ki|Mi|Gi|Ti|Pi|Ei|n|u|m|k|M|G|T|P|E)?$/;
const MULTIPLIER: Readonly<Record<string, number>> = {
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

/** Parses a Kubernetes quantity into base units (cores, bytes); `undefined` when it is not one. */
export function _parseQuantity(value: string): number | undefined {
  if (typeof value !== 'string') return undefined;
  const m = QUANTITY.exec(value);
  if (!m) return undefined;
  const n = Number(m[1]);
  const suffix = m[2];
  if (suffix === undefined) return n;
  if (suffix[0] === 'e' || suffix[0] === 'E') {
    if (suffix.length > 1) return n * 10 ** Number(suffix.slice(1));
  }
  return n * (MULTIPLIER[suffix] ?? NaN);
}

/** A positive quantity; returns its value in base units. */
export function _checkQuantity(scope: IConstruct, prop: string, value: string, example: string): number {
  const n = _parseQuantity(value);
  if (n === undefined || !Number.isFinite(n))
    _fail(scope, prop, `must be a Kubernetes quantity such as '${example}'`, value);
  if (n <= 0) _fail(scope, prop, 'must be greater than zero', value);
  return n;
}

/** A request/limit pair where the request does not exceed the limit. */
export function _checkRequestLimit(
  scope: IConstruct,
  prop: string,
  request: string,
  limit: string,
  example: string,
): void {
  const r = _checkQuantity(scope, `${prop}.request`, request, example);
  const l = _checkQuantity(scope, `${prop}.limit`, limit, example);
  if (r > l) _fail(scope, `${prop}.request`, `must not exceed '${prop}.limit' (${limit})`, request);
}
