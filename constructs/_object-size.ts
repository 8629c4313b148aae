// The API server's size limits, checked on what callers put in an object (their values alone can exceed them).
import { _fail, type _Where } from './_errors';

/** The API server refuses requests over 1.5 MiB (etcd's limit); leave room for the rest of the object. */
export const _MAX_OBJECT_BYTES = 1.5 * 1024 * 1024 - 64 * 1024;

/** Fails, naming the largest prop, when caller-provided values alone push an object over the request limit. */
export function _checkObjectSize(
  at: _Where,
  sizes: readonly (readonly [prop: string, bytes: number, value: string])[],
  limit = _MAX_OBJECT_BYTES,
  what = 'the object',
): void {
  const total = sizes.reduce((n, [, b]) => n + b, 0);
  if (total <= limit) return;
  // total > limit >= 0, so there is a largest entry.
  const [prop, , value] = [...sizes].sort((a, b) => b[1] - a[1])[0]!;
  _fail(
    at,
    prop,
    `must keep ${what} under the API server's ${limit === _MAX_OBJECT_BYTES ? '1.5 MiB request' : '1 MiB data'} limit (values total ${total} bytes)`,
    value,
    'Mount large content from a volume or a ConfigMap of its own',
  );
}
