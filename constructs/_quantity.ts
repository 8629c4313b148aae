import { _fail, type _Where } from './_errors';
import { parseQuantity } from './quantity';

/** A positive quantity; returns its value in base units. */
export function _checkQuantity(scope: _Where, prop: string, value: string, example: string): number {
  const n = typeof value === 'string' ? parseQuantity(value) : undefined;
  if (n === undefined || !Number.isFinite(n))
    _fail(scope, prop, `must be a Kubernetes quantity such as '${example}'`, value);
  if (n <= 0) _fail(scope, prop, 'must be greater than zero', value);
  return n;
}

/** A request/limit pair where the request does not exceed the limit. */
export function _checkRequestLimit(
  scope: _Where,
  prop: string,
  request: string,
  limit: string,
  example: string,
): void {
  const r = _checkQuantity(scope, `${prop}.request`, request, example);
  const l = _checkQuantity(scope, `${prop}.limit`, limit, example);
  if (r > l) _fail(scope, `${prop}.request`, `must not exceed '${prop}.limit' (${limit})`, request);
}
