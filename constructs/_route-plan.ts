import { _checkLength, _isDnsSubdomain } from './_checks';
import { _SERVICE_WORKLOAD } from './_endpoint-plan';
import { _fail, type _Where } from './_errors';
import { _props } from './_keys';
import { _array, _enumOr } from './_types';
import {
  PathType,
  RouteKind,
  _ROUTE_KEYS,
  _RULE_KEYS,
  type GatewayRoute,
  type GatewayRule,
} from './gateway-rule';
import { Protocol, Transport, type ServicePort } from './port';
import type { ServiceWorkload } from './service-workload';
import type { System } from './system';

// The host and path rules of a Gateway, a GatewayRef or an Ingress, checked once: what the API server's
// schemas and the Gateway API CRDs' CEL rules would refuse is refused here, at synth time, with the
// prop the caller wrote.

/** One checked route. */
export interface _CheckedRoute {
  readonly path: string;
  readonly pathType: PathType;
  readonly backend: ServiceWorkload;
  readonly port: Required<ServicePort>;
  readonly kind: RouteKind;
  /** The System-wide key of the route (host, match), for the collision check. */
  readonly key: string;
}

/** A rule whose routes passed every check. */
export interface _CheckedRule {
  readonly host?: string | undefined;
  readonly routes: readonly _CheckedRoute[];
}

/** Which object the rules become: Gateway API routes, or an Ingress. */
export type _RouteTarget = 'gateway' | 'ingress';

const REGEX_CHARS = /[*()[\]{}^$|?+\\]/;

/** What the Gateway API CRDs (v1.4.1 and v1.7.0 standard) refuse in an `Exact`/`PathPrefix` path value. */
const GATEWAY_PATH_RULES: readonly [test: (p: string) => boolean, rule: string][] = [
  [(p) => p.includes('//'), "must not contain '//'"],
  [(p) => p.includes('/./'), "must not contain '/./'"],
  [(p) => p.includes('/../'), "must not contain '/../'"],
  [(p) => /%2f/i.test(p), "must not contain '%2f' or '%2F'"],
  [(p) => p.includes('#'), "must not contain '#'"],
  [(p) => p.endsWith('/..'), "must not end with '/..'"],
  [(p) => p.endsWith('/.'), "must not end with '/.'"],
];

/** Checks a rule without changing anything; `pending` holds route keys checked earlier in the same call. */
export function _checkRule(
  at: _Where,
  system: System,
  target: _RouteTarget,
  raw: unknown,
  prop: string,
  pending: Set<string>,
): _CheckedRule {
  const rule = _props<GatewayRule>(at, prop, raw, _RULE_KEYS);
  const host = rule.host;
  if (host !== undefined) _checkHost(at, `${prop}.host`, host);
  const list = rule.routes === undefined ? [] : _array(at, `${prop}.routes`, rule.routes);
  if (list.length === 0) _fail(at, `${prop}.routes`, 'must list at least one route', rule.routes);
  const routes = list.map((r, i) => checkRoute(at, system, target, host, r, `${prop}.routes[${i}]`));
  for (const [i, r] of routes.entries()) {
    const p = `${prop}.routes[${i}]`;
    const shown = `${host ?? '*'}${r.kind === RouteKind.GRPC ? ' (gRPC)' : r.path}`;
    if (pending.has(r.key))
      _fail(at, `${p}.path`, `must not repeat a route that ${at.node.path} already serves`, shown);
    system._checkRoute(r.key, at, `${p}.path`, shown);
    pending.add(r.key);
  }
  return { host, routes };
}

function checkRoute(
  at: _Where,
  system: System,
  target: _RouteTarget,
  host: string | undefined,
  raw: unknown,
  p: string,
): _CheckedRoute {
  const route = _props<GatewayRoute>(at, p, raw, _ROUTE_KEYS);
  const backend = route.backend as unknown;
  if (typeof backend !== 'object' || backend === null || !(_SERVICE_WORKLOAD in backend)) {
    _fail(
      at,
      `${p}.backend`,
      'must be a Microservice or StatefulService',
      backend,
      'Pass the construct itself (a Task has no Service to route to)',
    );
  }
  const b = backend as unknown as ServiceWorkload;
  if (b.system !== system)
    _fail(at, `${p}.backend`, `must be a service of system '${system.node.path}'`, b.node.path);
  const port = b.port(route.port ?? b.mainPort.name, `${p}.port`, at);
  const portProp = route.port === undefined ? `${p}.backend` : `${p}.port`;
  if (port.transport !== Transport.TCP)
    _fail(
      at,
      portProp,
      `must route to a TCP port: port '${port.name}' of '${b.name}' is ${port.transport}, which HTTP and gRPC routes cannot carry`,
      port.name,
    );
  const kind = routeKind(at, target, route, port, b, p, portProp);
  const path = route.path ?? '/';
  const pathType = _enumOr(at, `${p}.pathType`, route.pathType, PathType, PathType.PREFIX);
  checkPath(at, target, `${p}.path`, path, pathType);
  if (kind === RouteKind.GRPC && (path !== '/' || pathType !== PathType.PREFIX))
    _fail(
      at,
      route.path !== undefined ? `${p}.path` : `${p}.pathType`,
      'must be left unset for a gRPC backend: a GRPCRoute serves every method of its host, it matches no URL path',
      route.path !== undefined ? path : pathType,
    );
  const key = kind === RouteKind.GRPC ? `${host ?? '*'} grpc` : `${host ?? '*'} ${pathType} ${path}`;
  return { path, pathType, backend: b, port, kind, key };
}

/** The route kind: what the port speaks, or the caller's `kind` when it agrees. */
function routeKind(
  at: _Where,
  target: _RouteTarget,
  route: GatewayRoute,
  port: Required<ServicePort>,
  b: ServiceWorkload,
  p: string,
  portProp: string,
): RouteKind {
  if (target === 'ingress') {
    if (route.kind !== undefined)
      _fail(at, `${p}.kind`, 'must be left unset for an Ingress: an Ingress routes HTTP only', route.kind);
    if (port.protocol !== Protocol.HTTP)
      _fail(
        at,
        portProp,
        `must name an HTTP port: port '${port.name}' of '${b.name}' speaks ${port.protocol}`,
        port.name,
        port.protocol === Protocol.GRPC ? 'Route gRPC through a Gateway (a GRPCRoute)' : undefined,
      );
    return RouteKind.HTTP;
  }
  if (port.protocol === Protocol.TCP)
    _fail(
      at,
      portProp,
      `must name an HTTP or gRPC port: port '${port.name}' of '${b.name}' speaks plain TCP, which HTTPRoutes and GRPCRoutes cannot carry`,
      port.name,
    );
  const spoken = port.protocol === Protocol.GRPC ? RouteKind.GRPC : RouteKind.HTTP;
  const kind = _enumOr(at, `${p}.kind`, route.kind, RouteKind, spoken);
  if (kind !== spoken)
    _fail(
      at,
      `${p}.kind`,
      `must match what port '${port.name}' of '${b.name}' speaks (${port.protocol}): a ${kind} to a ${port.protocol} port cannot work`,
      kind,
      `Use RouteKind.${spoken === RouteKind.GRPC ? 'GRPC' : 'HTTP'}, or leave 'kind' unset`,
    );
  return kind;
}

/** Checks a host name as Ingress and Gateway API both accept it (RFC 1123, optional leading `*.`). */
export function _checkHost(at: _Where, prop: string, host: unknown): void {
  const bare = typeof host === 'string' && host.startsWith('*.') ? host.slice(2) : host;
  if (typeof host === 'string' && typeof bare === 'string')
    _checkLength(at, prop, host, 253 + host.length - bare.length);
  if (
    typeof host !== 'string' ||
    typeof bare !== 'string' ||
    !_isDnsSubdomain(bare) ||
    /^[0-9.]+$/.test(bare) ||
    (!bare.includes('.') && host.startsWith('*.'))
  ) {
    _fail(
      at,
      prop,
      "must be a lowercase RFC 1123 host name (a leading '*.' wildcard is allowed; no IP addresses, ports or schemes)",
      host,
    );
  }
}

/**
 * Whether a route's `host` is inside a listener's `hostname`, as Gateway API intersects them: equal, or
 * the listener is a wildcard (`*.example.com`) and the host has at least one more label in front
 * (`a.example.com`, `a.b.example.com`, or a narrower wildcard `*.a.example.com`); a listener without
 * hostname accepts every host.
 */
export function _hostWithin(host: string, listener: string | undefined): boolean {
  if (listener === undefined || host === listener) return true;
  if (!listener.startsWith('*.')) return false;
  const suffix = listener.slice(1); // '.example.com'
  const bare = host.startsWith('*.') ? host.slice(1) : host;
  return bare.endsWith(suffix) && bare.length > suffix.length;
}

function checkPath(at: _Where, target: _RouteTarget, prop: string, path: unknown, pathType: PathType): void {
  if (typeof path !== 'string' || !path.startsWith('/') || /\s/.test(path))
    _fail(at, prop, "must be an absolute path starting with '/'", path);
  if (path.length > 1024) _fail(at, prop, 'must be at most 1024 characters', path);
  if (pathType === PathType.IMPLEMENTATION_SPECIFIC) {
    if (target === 'gateway')
      _fail(
        at,
        prop.replace(/\.path$/, '.pathType'),
        'must be PathType.PREFIX or PathType.EXACT for a Gateway: Gateway API has no implementation-specific path type',
        pathType,
      );
    return;
  }
  if (REGEX_CHARS.test(path)) {
    _fail(
      at,
      prop,
      `must be a literal path for pathType ${pathType} (no wildcards or regular expressions)`,
      path,
      path.endsWith('/*') ? `Use '${path.slice(0, -1) || '/'}' with pathType Prefix` : undefined,
    );
  }
  if (target === 'gateway') {
    for (const [test, rule] of GATEWAY_PATH_RULES) if (test(path)) _fail(at, prop, rule, path);
  }
}
