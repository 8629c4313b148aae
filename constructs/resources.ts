import { _keys } from './_keys';

/** A request/limit pair of one resource, as Kubernetes quantities. */
export interface ResourceRange {
  /** Amount the scheduler reserves, e.g. `100m` or `128Mi`. */
  readonly request: string;
  /** Hard cap, e.g. `500m` or `256Mi`. */
  readonly limit: string;
}

export const _RESOURCE_RANGE_KEYS = _keys('ResourceRange', ['request', 'limit']);

/** CPU, memory and ephemeral storage of a container; CPU and memory always carry requests and limits. */
export interface Resources {
  /**
   * CPU request and limit.
   * @default { request: '100m', limit: '500m' }
   */
  readonly cpu?: ResourceRange;
  /**
   * Memory request and limit.
   * @default { request: '128Mi', limit: '256Mi' }
   */
  readonly memory?: ResourceRange;
  /**
   * Ephemeral storage request and limit (the writable layer, logs and emptyDirs), e.g. `{ request: '1Gi', limit: '2Gi' }`.
   * @default - none: the node's disk, shared
   */
  readonly ephemeralStorage?: ResourceRange;
}

export const _RESOURCES_KEYS = _keys('Resources', ['cpu', 'memory', 'ephemeralStorage']);
