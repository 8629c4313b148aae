import { ApiObject } from 'cdk8s';
import type { Construct } from 'constructs';
import { _fail, type _Where } from './_errors';
import { _commonLabels } from './_labels';
import { _lazy } from './_lazy';
import type { _CheckedRule } from './_route-plan';
import { PathType, RouteKind } from './gateway-rule';
import type { ServiceWorkload } from './service-workload';
import type { ServiceAccountIdentity } from './gateway-implementation';
import type { PodPeer } from './platform';
import type { System } from './system';

// The Gateway API routes of one Gateway (owned or referenced): one HTTPRoute per host, and one GRPCRoute
// per host with a gRPC backend, as Gateway API practice suggests (a route per host keeps each host's
// rules, status and ownership apart). Names: `<prefix>-<host>` (`-grpc` for the GRPCRoute), `<prefix>`
// for the rules without a host; construct ids `route-<host>` / `grpc-route-<host>`. Both stay stable
// when rules are added. Fields the CRDs default (parentRefs' group and kind, backendRefs' group, kind and
// weight) are written out, as the API server stores them: client-side `kubectl apply` then stays a no-op
// (JSON merge patches replace whole lists, so a defaulted item would be re-sent on every apply).

/** Gateway API's limit on the rules of one route (`spec.rules` maxItems in the v1.4.1 and v1.7.0 CRDs). */
export const _MAX_RULES = 16;

/** The API version of every Gateway API object shipshape emits (standard channel). */
export const _GATEWAY_API = 'gateway.networking.k8s.io/v1';

/** A `parentRefs` entry. */
export interface _ParentRef {
  readonly name: string;
  readonly namespace?: string;
  readonly sectionName?: string;
}

/** One route object and the rules it holds. */
interface RouteObject {
  readonly object: ApiObject;
  readonly rules: { path: string; pathType: PathType; backend: ServiceWorkload; port: number }[];
}

/** A route object as the chart values see it: its host and the object. */
export interface _RouteOfHost {
  readonly host: string | undefined;
  readonly object: ApiObject;
}

/** What a route set needs from its Gateway. */
export interface _RouteOwner {
  readonly scope: Construct;
  readonly system: System;
  /** Route names start with it (the Gateway's name, or the GatewayRef's). */
  readonly prefix: string;
  /** Where the routes of `host` attach. */
  readonly parentRefs: (host: string | undefined) => readonly _ParentRef[];
  /** The data-plane pods the backends admit. */
  readonly dataPlane: PodPeer;
  /** Their ServiceAccount, when the System's mesh admits them by it. */
  readonly dataPlaneAccount?: ServiceAccountIdentity | undefined;
}

/** The routes of one Gateway, created per host on first use. */
export class _RouteSet {
  /** Route objects in creation order. */
  public readonly objects: _RouteOfHost[] = [];
  private readonly byKey = new Map<string, RouteObject>();

  constructor(private readonly owner: _RouteOwner) {}

  /** The route name of `host` and `kind`. */
  public nameOf(host: string | undefined, kind: RouteKind): string {
    const base = host === undefined ? this.owner.prefix : `${this.owner.prefix}-${hostSlug(host)}`;
    return kind === RouteKind.GRPC ? `${base}-grpc` : base;
  }

  /**
   * Fails, naming `prop`, when the rules would overflow a route or a route name is too long; returns the
   * names of the route objects the rules would create, for the owner to claim in the System.
   */
  public check(
    at: _Where,
    rules: readonly _CheckedRule[],
    prop: (i: number) => string,
  ): [kind: string, name: string, prop: string][] {
    const added = new Map<string, number>();
    const claims: [string, string, string][] = [];
    rules.forEach((rule, i) => {
      for (const r of rule.routes) {
        const key = `${rule.host ?? ''} ${r.kind}`;
        const count = (this.byKey.get(key)?.rules.length ?? 0) + (added.get(key) ?? 0) + 1;
        added.set(key, (added.get(key) ?? 0) + 1);
        const name = this.nameOf(rule.host, r.kind);
        if (!this.byKey.has(key) && !claims.some(([k, n]) => k === r.kind && n === name))
          claims.push([r.kind, name, `${prop(i)}.host`]);
        if (name.length > 253)
          _fail(at, `${prop(i)}.host`, `must keep the route name '${name}' within 253 characters`, rule.host);
        if (count > _MAX_RULES)
          _fail(
            at,
            `${prop(i)}.routes`,
            `must not give host '${rule.host ?? '*'}' more than ${_MAX_RULES} paths: its ${r.kind} holds at most ${_MAX_RULES} rules (Gateway API CRD)`,
            count,
            'Split the paths over another Gateway, or route a common prefix',
          );
      }
    });
    return claims;
  }

  /** Adds checked rules (after `check`): route objects, rules, and the backends' NetworkPolicy admissions. */
  public add(rule: _CheckedRule): void {
    for (const r of rule.routes) {
      r.backend._admitFrom(this.owner.dataPlane, r.port.name, this.owner.dataPlaneAccount);
      const route = { kind: r.kind, name: this.nameOf(rule.host, r.kind) };
      if (!r.backend._routes.some((x) => x.kind === route.kind && x.name === route.name))
        r.backend._routes.push(route);
      this.routeOf(rule.host, r.kind).rules.push({
        path: r.path,
        pathType: r.pathType,
        backend: r.backend,
        port: r.port.servicePort,
      });
    }
  }

  private routeOf(host: string | undefined, kind: RouteKind): RouteObject {
    const key = `${host ?? ''} ${kind}`;
    const known = this.byKey.get(key);
    if (known) return known;
    const { scope, system, prefix } = this.owner;
    const name = this.nameOf(host, kind);
    const idBase = host === undefined ? 'any-host' : hostSlug(host);
    const rules: RouteObject['rules'] = [];
    const object = new ApiObject(
      scope,
      kind === RouteKind.GRPC ? `grpc-route-${idBase}` : `route-${idBase}`,
      {
        apiVersion: _GATEWAY_API,
        kind,
        metadata: { name, labels: _commonLabels(system, prefix, { component: 'gateway' }) },
        spec: {
          parentRefs: this.owner.parentRefs(host).map((p) => _parentRef(p)),
          ...(host !== undefined && { hostnames: [host] }),
          rules: _lazy(() => rules.map((r) => (kind === RouteKind.GRPC ? grpcRule(r) : httpRule(r)))),
        },
      },
    );
    const route = { object, rules };
    this.byKey.set(key, route);
    this.objects.push({ host, object });
    return route;
  }
}

/** A `parentRefs` entry with the group and kind the CRDs default. */
export function _parentRef(p: _ParentRef): Record<string, string> {
  return { group: 'gateway.networking.k8s.io', kind: 'Gateway', ...p };
}

/**
 * The backend, or for a traffic-routed canary its stable and canary Services: all weight on the stable one, which
 * Argo Rollouts' Gateway API plugin moves to the canary step by step and back when the rollout completes.
 */
function backendRefs(r: RouteObject['rules'][number]): Record<string, string | number>[] {
  const ref = (name: string, weight: number) => ({ group: '', kind: 'Service', name, port: r.port, weight });
  const canary = r.backend._canaryService;
  return canary === undefined ? [ref(r.backend.name, 1)] : [ref(r.backend.name, 100), ref(canary, 0)];
}

function httpRule(r: RouteObject['rules'][number]): unknown {
  const type = r.pathType === PathType.EXACT ? 'Exact' : 'PathPrefix';
  return { matches: [{ path: { type, value: r.path } }], backendRefs: backendRefs(r) };
}

function grpcRule(r: RouteObject['rules'][number]): unknown {
  return { backendRefs: backendRefs(r) };
}

/** A host as a name part: `*.` becomes `wildcard.` (`*.example.com` → `wildcard.example.com`). */
export function _hostSlug(host: string): string {
  return host.startsWith('*.') ? `wildcard.${host.slice(2)}` : host;
}

const hostSlug = _hostSlug;
