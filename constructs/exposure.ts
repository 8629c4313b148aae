import { _keys } from './_keys';

// How a workload's Services are exposed: the Service type, the extra Services beside the main one,
// and where traffic to a Service reachable from outside the cluster may come from.

/** How a Service is exposed. */
export enum ServiceType {
  /** Inside the cluster only. */
  CLUSTER_IP = 'ClusterIP',
  /** On a port of every node; needs declared sources. */
  NODE_PORT = 'NodePort',
  /** Through a cloud load balancer; needs declared sources. */
  LOAD_BALANCER = 'LoadBalancer',
}

/**
 * Where the nodes send traffic that arrives from outside the cluster (`spec.externalTrafficPolicy`).
 * NetworkPolicy ipBlocks match the source address the pod sees: only `LOCAL` keeps the client's.
 */
export enum ExternalTrafficPolicy {
  /** To pods on the receiving node only, keeping the client's source address. */
  LOCAL = 'Local',
  /** To any pod, through a second hop that replaces the source address with a node's. */
  CLUSTER = 'Cluster',
}

/** Traffic from every address, IPv4 and IPv6 (NetworkPolicy ipBlocks `0.0.0.0/0` and `::/0`). */
export interface AnySource {
  /** Admit every address (`true`; list `cidrs` instead to admit some ranges only). */
  readonly anywhere: true;
}

export const _ANY_SOURCE_KEYS = _keys('AnySource', ['anywhere']);

/** Traffic from some address ranges only. */
export interface CidrSources {
  /** Canonical CIDRs (`203.0.113.0/24`, `2001:db8::/32`); a LoadBalancer also gets them as `loadBalancerSourceRanges`. */
  readonly cidrs: readonly string[];
}

export const _CIDR_SOURCES_KEYS = _keys('CidrSources', ['cidrs']);

/**
 * Where traffic to a Service reachable from outside the cluster (NodePort, LoadBalancer) may come
 * from: the workload's NetworkPolicy admits exactly these sources on exactly the Service's ports.
 */
export type TrafficSources = AnySource | CidrSources;

/** A Service of a workload reachable from outside the cluster, as resolved (what `shipshape graph` draws). */
export interface ExternalService {
  /** Name of the Service. */
  readonly name: string;
  /** `NODE_PORT` or `LOAD_BALANCER`. */
  readonly type: ServiceType;
  /** Port names it exposes. */
  readonly ports: readonly string[];
  /** Ranges declared (`0.0.0.0/0` and `::/0` for anywhere); its NetworkPolicy rules admit them minus the cluster's ranges. */
  readonly cidrs: readonly string[];
  /** Whether the sources are `{ anywhere: true }`. */
  readonly anywhere: boolean;
}

/** A Service beside the workload's main one, selecting the same pods, e.g. a LoadBalancer for some ports. */
export interface ExtraService {
  /** Suffix of the Service's name, a DNS-1123 label: the Service is `<workload>-<suffix>`. */
  readonly suffix: string;
  /**
   * Port names of the workload the Service exposes.
   * @default - the main port
   */
  readonly ports?: readonly string[];
  /**
   * Service type.
   * @default ServiceType.CLUSTER_IP
   */
  readonly type?: ServiceType;
  /**
   * Where traffic may come from; required for `NODE_PORT` and `LOAD_BALANCER`, refused for `CLUSTER_IP`.
   * @default - none (a ClusterIP Service is reached by declared dependencies only)
   */
  readonly sources?: TrafficSources;
  /**
   * `spec.externalTrafficPolicy` of a NodePort or LoadBalancer Service.
   * @default ExternalTrafficPolicy.LOCAL
   */
  readonly externalTrafficPolicy?: ExternalTrafficPolicy;
}

export const _EXTRA_SERVICE_KEYS = _keys('ExtraService', [
  'suffix',
  'ports',
  'type',
  'sources',
  'externalTrafficPolicy',
]);
