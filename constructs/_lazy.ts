import { Lazy } from 'cdk8s';

/** A value rendered at synthesis, so dependencies and routes added after construction are included. */
export function _lazy<T>(produce: () => T): T {
  return Lazy.any({ produce }) as T;
}
