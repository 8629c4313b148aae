import { _keys } from './_keys';
import type { ServiceWorkload } from './service-workload';

/** How a route's path matches. */
export enum PathType {
  /** Path prefix split by `/` (Gateway API `PathPrefix`, Ingress `Prefix`). */
  PREFIX = 'Prefix',
  /** The exact path. */
  EXACT = 'Exact',
  /** Left to the ingress controller (an {@link Ingress} only; Gateway API routes refuse it). */
  IMPLEMENTATION_SPECIFIC = 'ImplementationSpecific',
}

/** The Gateway API route kind of a backend. */
export enum RouteKind {
  /** An `HTTPRoute` (backends whose port speaks `Protocol.HTTP`). */
  HTTP = 'HTTPRoute',
  /** A `GRPCRoute` (backends whose port speaks `Protocol.GRPC`). */
  GRPC = 'GRPCRoute',
}

/** One path of a host, routed to a service. */
export interface GatewayRoute {
  /**
   * URL path (a GRPCRoute serves every method of its host, so its path stays `/`).
   * @default '/'
   */
  readonly path?: string;
  /**
   * Path matching.
   * @default PathType.PREFIX
   */
  readonly pathType?: PathType;
  /** The service that serves it (by reference; it must belong to the same System). */
  readonly backend: ServiceWorkload;
  /**
   * Port name of the backend.
   * @default - the backend's main port
   */
  readonly port?: string;
  /**
   * Route kind; it must match what the port speaks.
   * @default - `RouteKind.GRPC` for a `Protocol.GRPC` port, else `RouteKind.HTTP`
   */
  readonly kind?: RouteKind;
}

export const _ROUTE_KEYS = _keys('GatewayRoute', ['path', 'pathType', 'backend', 'port', 'kind']);

/** Routes of one host. */
export interface GatewayRule {
  /**
   * Host name (RFC 1123; a leading `*.` wildcard is allowed).
   * @default - every host the listener accepts
   */
  readonly host?: string;
  /** Paths of the host. */
  readonly routes: readonly GatewayRoute[];
}

export const _RULE_KEYS = _keys('GatewayRule', ['host', 'routes']);

/** One route as listed by {@link Gateway.routes} and {@link GatewayRef.routes}. */
export interface GatewayRouteInfo {
  /** Host, or `undefined` for every host of the listener. */
  readonly host: string | undefined;
  /** Path (`/` for a GRPCRoute). */
  readonly path: string;
  /** The backend. */
  readonly backend: ServiceWorkload;
  /** Port name of the backend. */
  readonly port: string;
  /** `HTTPRoute` or `GRPCRoute`. */
  readonly kind: RouteKind;
}
