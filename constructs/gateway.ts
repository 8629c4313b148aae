import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { _checkDnsLabel, _checkDnsSubdomain, _checkLabelKey } from './_checks';
import { _fail, type _Where } from './_errors';
import { _keys, _props } from './_keys';
import { _array, _at, _entries, _instance, _string } from './_types';
import { _commonLabels } from './_labels';
import { _declareEntryValues, type _At } from './_builtin-values';
import { _checkComponent, _ownComponent } from './_chart-values';
import { _lazy } from './_lazy';
import { _safeKeys } from './_special-keys';
import { _checkRule, type _CheckedRule } from './_route-plan';
import { _GATEWAY_API, _hostSlug, _parentRef, _RouteSet } from './_routes';
import { GatewayImplementation } from './gateway-implementation';
import { GatewayRef, type GatewayRefProps } from './gateway-ref';
import type { GatewayRouteInfo, GatewayRule } from './gateway-rule';
import { GatewayTls } from './gateway-tls';
import { _checkPodPeer, type PodPeer } from './platform';
import { System } from './system';

/** Props of a {@link Gateway}. */
export interface GatewayProps {
  /**
   * Name of the Gateway API Gateway (and the prefix of its routes' names).
   * @default - the construct id
   */
  readonly name?: string;
  /**
   * The Gateway API implementation that serves it: its GatewayClass and its data-plane pods.
   * @default GatewayImplementation.envoyGateway()
   */
  readonly implementation?: GatewayImplementation;
  /**
   * Host rules: one listener per host (two with TLS), one HTTPRoute (or GRPCRoute) per host.
   * @default - none; add them with `addRule`
   */
  readonly rules?: readonly GatewayRule[];
  /**
   * TLS for every host of the rules: HTTPS listeners, and HTTP redirected to HTTPS.
   * @default - plain HTTP
   */
  readonly tls?: GatewayTls;
  /**
   * Annotations on the Gateway.
   * @default - none
   */
  readonly annotations?: Readonly<Record<string, string>>;
}

const KEYS = _keys('GatewayProps', ['name', 'implementation', 'rules', 'tls', 'annotations'], 'Gateway');

/** Gateway API's limit on a Gateway's listeners (`spec.listeners` maxItems, v1.4.1 and v1.7.0 CRDs). */
const MAX_LISTENERS = 64;

interface Listener {
  readonly name: string;
  readonly hostname?: string | undefined;
  readonly protocol: 'HTTP' | 'HTTPS';
  readonly secret?: string | undefined;
}

/**
 * The public entry, as Gateway API (`gateway.networking.k8s.io/v1`): a Gateway with one listener per host
 * (an HTTPS one beside it when TLS is on, HTTP then redirected to HTTPS), and the HTTPRoutes (GRPCRoutes for
 * gRPC backends) of its rules. Listeners admit routes of the System's namespace only. The backends'
 * NetworkPolicies admit exactly this Gateway's data-plane pods, on exactly the routed ports.
 *
 * Names: the Gateway `<name>`; listeners `http-<host>` and `https-<host>` (`*.` written `wildcard.`),
 * `http` for a rule without host; routes `<name>-<host>` (`-grpc` for the GRPCRoute), `<name>` without host;
 * the redirect `<name>-redirect-to-https`; cert-manager Secrets `<name>-<host>-tls`.
 */
export class Gateway extends Construct {
  /** A Gateway the platform runs in another namespace, referenced: the routes attach to it by `parentRefs`. */
  public static fromAttributes(scope: Construct, id: string, attrs: GatewayRefProps): GatewayRef {
    return new GatewayRef(scope, id, attrs);
  }

  /** Name of the Gateway. */
  public readonly name: string;
  /** Hosts served, in rule order. */
  public readonly hosts: string[];
  /** Whether TLS is configured. */
  public readonly tlsEnabled: boolean;
  /** Every route, in declaration order. */
  public readonly routes: GatewayRouteInfo[];
  /** The implementation that serves it. */
  public readonly implementation: GatewayImplementation;
  /** The data-plane pods the backends admit. */
  public readonly dataPlane: PodPeer;
  /** Escape hatch: the Gateway API Gateway. */
  public readonly gateway: ApiObject;
  /** Escape hatch: the HTTPRoute redirecting HTTP to HTTPS, when TLS is configured. */
  public readonly redirect?: ApiObject;
  private readonly system: System;
  private readonly at: _Where;
  private readonly tls: GatewayTls | undefined;
  private readonly listeners: Listener[];
  private readonly routeSet: _RouteSet;

  constructor(scope: Construct, id: string, props: GatewayProps = {}) {
    const at = _at(scope, id);
    const system = System._for(at, scope);
    const raw = (props ?? {}) as Record<string, unknown>;
    if (raw['ingressClassName'] !== undefined)
      _fail(
        at,
        'ingressClassName',
        'is not a prop of Gateway: a Gateway is now a Gateway API Gateway (gateway.networking.k8s.io/v1), served by its implementation, and ingressClassName belongs to an Ingress',
        raw['ingressClassName'],
        "Drop 'ingressClassName' (set 'implementation' to choose the GatewayClass), or keep an Ingress: new Ingress(scope, id, { ingressClassName, controller, rules })",
      );
    const p = _props<GatewayProps>(at, 'props', props ?? {}, KEYS);
    const name = p.name ?? id;
    const nameProp = p.name === undefined ? 'id' : 'name';
    _checkDnsLabel(at, nameProp, name);
    const implementation =
      p.implementation === undefined
        ? GatewayImplementation.envoyGateway()
        : _instance(
            at,
            'implementation',
            p.implementation,
            GatewayImplementation,
            'a GatewayImplementation',
            'Use GatewayImplementation.envoyGateway(), .istio() or .custom({ gatewayClassName, dataPlane })',
          );
    implementation._check(at, 'implementation');
    const dataPlane = _checkPodPeer(
      at,
      'implementation.dataPlane',
      implementation.dataPlane({ name, namespace: system.namespace }),
    );
    const dataPlaneAccount = implementation._meshAccount(at, system.mesh !== undefined, {
      name,
      namespace: system.namespace,
    });
    if (dataPlane.namespace === system.namespace && system.networkPolicies)
      _fail(
        at,
        'implementation',
        `must run the data plane outside namespace '${system.namespace}': its default-deny NetworkPolicies would cut the proxies off, and shipshape does not derive policies for another project's pods`,
        implementation.kind,
        'Reference a Gateway the platform runs in its own namespace (Gateway.fromAttributes), or set networkPolicies: false on the System',
      );
    const annotations: Record<string, string> = {};
    for (const [k, v] of p.annotations === undefined ? [] : _entries(at, 'annotations', p.annotations)) {
      _checkLabelKey(at, 'annotations', k);
      annotations[k] = _string(at, `annotations.${k}`, v);
    }
    const tls =
      p.tls === undefined
        ? undefined
        : _instance(
            at,
            'tls',
            p.tls,
            GatewayTls,
            'a GatewayTls',
            "Use GatewayTls.fromSecret('name') or GatewayTls.certManager('issuer')",
          );
    if (tls?._secretName !== undefined)
      _checkDnsSubdomain(at, 'tls', tls._secretName, 'must name a Secret with a DNS-1123 subdomain');
    const issuer = Object.entries(tls?._annotations ?? {})[0];
    if (issuer)
      _checkDnsSubdomain(at, 'tls', issuer[1], 'must name a cert-manager issuer with a DNS-1123 subdomain');
    const pending = new Set<string>();
    const rules = (p.rules === undefined ? [] : _array(at, 'rules', p.rules)).map((r, i) =>
      _checkRule(at, system, 'gateway', r, `rules[${i}]`, pending),
    );
    let component = '';
    system._claim('Gateway', name, at, nameProp, () => {
      component = _checkComponent(at, system, name, nameProp);
    });
    super(scope, id);
    _ownComponent(this, component);
    this.at = at;
    this.name = name;
    this.system = system;
    this.tls = tls;
    this.tlsEnabled = tls !== undefined;
    this.implementation = implementation;
    this.dataPlane = dataPlane;
    this.hosts = [];
    this.routes = [];
    this.listeners = [];
    system._register('gateway', this);
    this.routeSet = new _RouteSet({
      scope: this,
      system,
      prefix: name,
      parentRefs: (host) => [{ name, sectionName: this.listenerOf(host, tls !== undefined).name }],
      dataPlane,
      dataPlaneAccount,
    });
    this.gateway = new ApiObject(this, 'gateway', {
      apiVersion: _GATEWAY_API,
      kind: 'Gateway',
      metadata: {
        name,
        labels: _commonLabels(system, name, { component: 'gateway' }),
        annotations: _safeKeys({ ...annotations, ...tls?._annotations }),
      },
      spec: {
        gatewayClassName: implementation.gatewayClassName,
        listeners: _lazy(() => this.listeners.map(renderListener)),
      },
    });
    this.node.defaultChild = this.gateway;
    if (tls) {
      this.redirect = new ApiObject(this, 'redirect-to-https', {
        apiVersion: _GATEWAY_API,
        kind: 'HTTPRoute',
        metadata: {
          name: `${name}-redirect-to-https`,
          labels: _commonLabels(system, name, { component: 'gateway' }),
        },
        spec: {
          parentRefs: _lazy(() =>
            this.listeners
              .filter((l) => l.protocol === 'HTTP')
              .map((l) => _parentRef({ name, sectionName: l.name })),
          ),
          rules: [
            {
              matches: [{ path: { type: 'PathPrefix', value: '/' } }],
              filters: [{ type: 'RequestRedirect', requestRedirect: { scheme: 'https', statusCode: 301 } }],
            },
          ],
        },
      });
    }
    this.applyRules(rules, (i) => `rules[${i}]`);
    // Rules may still be added with addRule, so this is checked at synthesis (as a ShipshapeError).
    this.node.addValidation({
      validate: () => {
        if (this.listeners.length === 0)
          _fail(this, 'rules', 'must hold at least one rule: a Gateway without listeners serves nothing', []);
        return [];
      },
    });
    _declareEntryValues(this, {
      component,
      hosts: () => this.hosts.map((h) => [h, this.hostTargets(h)] as const),
      tls: tls && {
        description: 'TLS for every host of the rules: HTTPS listeners, and HTTP redirected to HTTPS.',
        secret:
          tls._secretName !== undefined
            ? { name: tls._secretName, at: () => this.secretTargets() }
            : undefined,
        issuer: issuer && {
          key: issuer[0] === 'cert-manager.io/issuer' ? 'issuer' : 'clusterIssuer',
          annotation: issuer[0],
          name: issuer[1],
          object: this.gateway,
        },
      },
    });
  }

  /** Adds the routes of one host. */
  public addRule(rule: GatewayRule, prop = 'rules'): void {
    this.applyRules([_checkRule(this.at, this.system, 'gateway', rule, prop, new Set())], () => prop);
  }

  /** The data-plane ServiceAccount of this Gateway, when its implementation tells it (mesh policies). */
  public dataPlaneServiceAccount(): { readonly name: string; readonly namespace: string } | undefined {
    return this.implementation.dataPlaneServiceAccount({ name: this.name, namespace: this.system.namespace });
  }

  /** Checks every rule against the listeners and routes so far, then applies them all (or none). */
  private applyRules(rules: readonly _CheckedRule[], prop: (i: number) => string): void {
    const hosts = new Set(this.listeners.map((l) => l.hostname));
    let count = this.listeners.length;
    rules.forEach((rule, i) => {
      if (this.tls && rule.host === undefined)
        _fail(
          this.at,
          `${prop(i)}.host`,
          "must be set when 'tls' is configured: certificates are issued per host",
          rule.host,
        );
      if (hosts.has(rule.host)) return;
      hosts.add(rule.host);
      const listener = this.listenerOf(rule.host, this.tlsEnabled);
      if (listener.name.length > 253 || (listener.secret?.length ?? 0) > 253)
        _fail(
          this.at,
          `${prop(i)}.host`,
          'must keep its listener and Secret names within 253 characters',
          rule.host,
        );
      count += this.tls ? 2 : 1;
      if (count > MAX_LISTENERS)
        _fail(
          this.at,
          `${prop(i)}.host`,
          `must not give Gateway '${this.name}' more than ${MAX_LISTENERS} listeners (Gateway API CRD; a host takes ${this.tls ? 'two: HTTP and HTTPS' : 'one'})`,
          rule.host,
          'Declare another Gateway for the other hosts',
        );
    });
    const claims = this.routeSet.check(this.at, rules, prop);
    this.system._claimAll(this.at, claims);
    for (const rule of rules) {
      this.system._claimRoutes(
        rule.routes.map((r) => r.key),
        this,
      );
      if (!this.listeners.some((l) => l.hostname === rule.host)) {
        this.listeners.push(this.listenerOf(rule.host, false));
        if (this.tls) this.listeners.push(this.listenerOf(rule.host, true));
        if (rule.host !== undefined) this.hosts.push(rule.host);
      }
      this.routeSet.add(rule);
      for (const r of rule.routes)
        this.routes.push({
          host: rule.host,
          path: r.path,
          backend: r.backend,
          port: r.port.name,
          kind: r.kind,
        });
    }
  }

  private listenerOf(host: string | undefined, https: boolean): Listener {
    const base = https ? 'https' : 'http';
    const name = host === undefined ? base : `${base}-${_hostSlug(host)}`;
    if (!https) return { name, hostname: host, protocol: 'HTTP' };
    const secret = this.tls?._secretName ?? `${this.name}-${_hostSlug(host ?? '')}-tls`;
    return { name, hostname: host, protocol: 'HTTPS', secret };
  }

  /** Every place `host` is written: as itself (hostnames) and inside names (listeners, routes, Secrets). */
  private hostTargets(host: string): _At[] {
    const at: _At[] = [];
    const named = (object: ApiObject, path: string, prefix: string, suffix = ''): _At => ({
      object,
      path,
      name: { prefix, suffix },
    });
    this.listeners.forEach((l, i) => {
      if (l.hostname !== host) return;
      const base = `/spec/listeners/${i}`;
      const scheme = l.protocol === 'HTTPS' ? 'https-' : 'http-';
      at.push(
        { object: this.gateway, path: `${base}/hostname` },
        named(this.gateway, `${base}/name`, scheme),
      );
      if (l.protocol === 'HTTPS' && this.tls?._secretName === undefined)
        at.push(named(this.gateway, `${base}/tls/certificateRefs/0/name`, `${this.name}-`, '-tls'));
    });
    const section = this.tls ? 'https-' : 'http-';
    for (const r of this.routeSet.objects) {
      if (r.host !== host) continue;
      const grpc = r.object.kind === 'GRPCRoute' ? '-grpc' : '';
      at.push(
        { object: r.object, path: '/spec/hostnames/0' },
        named(r.object, '/metadata/name', `${this.name}-`, grpc),
        named(r.object, '/spec/parentRefs/0/sectionName', section),
      );
    }
    if (this.redirect) {
      const https = this.listeners.filter((l) => l.protocol === 'HTTP');
      https.forEach((l, k) => {
        if (l.hostname === host) at.push(named(this.redirect!, `/spec/parentRefs/${k}/sectionName`, 'http-'));
      });
    }
    return at;
  }

  private secretTargets(): _At[] {
    return this.listeners.flatMap((l, i) =>
      l.protocol === 'HTTPS'
        ? [{ object: this.gateway, path: `/spec/listeners/${i}/tls/certificateRefs/0/name` }]
        : [],
    );
  }
}

function renderListener(l: Listener): Record<string, unknown> {
  return {
    name: l.name,
    ...(l.hostname !== undefined && { hostname: l.hostname }),
    port: l.protocol === 'HTTPS' ? 443 : 80,
    protocol: l.protocol,
    ...(l.secret !== undefined && {
      tls: { mode: 'Terminate', certificateRefs: [{ group: '', kind: 'Secret', name: l.secret }] },
    }),
    allowedRoutes: { namespaces: { from: 'Same' } },
  };
}
