import { Construct } from 'constructs';
import { _checkDnsLabel } from './_checks';
import { _fail, type _Where } from './_errors';
import { _keys, _props } from './_keys';
import { _array, _at, _boolean, _instance } from './_types';
import { _declareEntryValues, type _At } from './_builtin-values';
import { _checkComponent, _ownComponent } from './_chart-values';
import { _checkHost, _checkRule, _hostWithin, type _CheckedRule } from './_route-plan';
import { _RouteSet } from './_routes';
import { GatewayImplementation } from './gateway-implementation';
import type { GatewayRouteInfo, GatewayRule } from './gateway-rule';
import { _checkPodPeer, type PodPeer } from './platform';
import { System } from './system';

/** Props of a {@link GatewayRef}: a Gateway the platform runs, and the System's rules on it. */
export interface GatewayRefProps {
  /** Name of the platform's Gateway. */
  readonly gatewayName: string;
  /** Namespace of the platform's Gateway (its listener's `allowedRoutes` must admit the System's namespace). */
  readonly gatewayNamespace: string;
  /**
   * The listener the routes attach to (`parentRefs[].sectionName`).
   * @default - every listener of the Gateway whose hostname and allowedRoutes admit the routes
   */
  readonly sectionName?: string;
  /**
   * That listener's hostname: every rule's host must be within it (wildcards as Gateway API matches them).
   * @default - a listener without hostname (every host)
   */
  readonly hostname?: string;
  /**
   * Whether that listener terminates TLS (what `shipshape graph` and the chart's NOTES show as the scheme).
   * @default false
   */
  readonly https?: boolean;
  /**
   * The implementation that serves the Gateway.
   * @default GatewayImplementation.envoyGateway()
   */
  readonly implementation?: GatewayImplementation;
  /**
   * Prefix of the routes' names (and the chart values' component).
   * @default - the construct id
   */
  readonly name?: string;
  /**
   * Host rules: one HTTPRoute (or GRPCRoute) per host.
   * @default - none; add them with `addRule`
   */
  readonly rules?: readonly GatewayRule[];
}

const KEYS = _keys(
  'GatewayRefProps',
  ['gatewayName', 'gatewayNamespace', 'sectionName', 'hostname', 'https', 'implementation', 'name', 'rules'],
  'GatewayRef',
);

const SECTION_NAME = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/**
 * A Gateway the platform provides in another namespace, referenced and not created (CDK's
 * `fromAttributes` idiom; see {@link Gateway.fromAttributes}): the System's HTTPRoutes (GRPCRoutes for
 * gRPC backends) attach to it through `parentRefs`, and the backends admit exactly its data-plane pods.
 * Route names: `<name>-<host>` (`-grpc` for the GRPCRoute), `<name>` for a rule without host.
 */
export class GatewayRef extends Construct {
  /** Prefix of the routes' names. */
  public readonly name: string;
  /** Name of the referenced Gateway. */
  public readonly gatewayName: string;
  /** Namespace of the referenced Gateway. */
  public readonly gatewayNamespace: string;
  /** The listener the routes attach to, if one is named. */
  public readonly sectionName?: string | undefined;
  /** Hosts served, in rule order. */
  public readonly hosts: string[];
  /** Whether the listener terminates TLS. */
  public readonly tlsEnabled: boolean;
  /** Every route, in declaration order. */
  public readonly routes: GatewayRouteInfo[];
  /** The implementation that serves the Gateway. */
  public readonly implementation: GatewayImplementation;
  /** The data-plane pods the backends admit. */
  public readonly dataPlane: PodPeer;
  private readonly system: System;
  private readonly at: _Where;
  private readonly hostname: string | undefined;
  private readonly routeSet: _RouteSet;

  constructor(scope: Construct, id: string, props: GatewayRefProps) {
    const at = _at(scope, id);
    const system = System._for(at, scope);
    const p = _props<GatewayRefProps>(at, 'props', props, KEYS);
    const name = p.name ?? id;
    const nameProp = p.name === undefined ? 'id' : 'name';
    _checkDnsLabel(at, nameProp, name);
    _checkDnsLabel(at, 'gatewayName', p.gatewayName, 253);
    _checkDnsLabel(at, 'gatewayNamespace', p.gatewayNamespace);
    if (
      p.sectionName !== undefined &&
      (typeof p.sectionName !== 'string' || !SECTION_NAME.test(p.sectionName) || p.sectionName.length > 253)
    )
      _fail(
        at,
        'sectionName',
        'must be a listener name (a DNS-1123 subdomain of at most 253 characters)',
        p.sectionName,
      );
    if (p.hostname !== undefined) _checkHost(at, 'hostname', p.hostname);
    const https = p.https === undefined ? false : _boolean(at, 'https', p.https);
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
      implementation.dataPlane({ name: p.gatewayName, namespace: p.gatewayNamespace }),
    );
    const dataPlaneAccount = implementation._meshAccount(at, system.mesh !== undefined, {
      name: p.gatewayName,
      namespace: p.gatewayNamespace,
    });
    const pending = new Set<string>();
    const rules = (p.rules === undefined ? [] : _array(at, 'rules', p.rules)).map((r, i) =>
      _checkRule(at, system, 'gateway', r, `rules[${i}]`, pending),
    );
    let component = '';
    system._claim('GatewayRef', name, at, nameProp, () => {
      component = _checkComponent(at, system, name, nameProp);
    });
    super(scope, id);
    _ownComponent(this, component);
    this.at = at;
    this.system = system;
    this.name = name;
    this.gatewayName = p.gatewayName;
    this.gatewayNamespace = p.gatewayNamespace;
    this.sectionName = p.sectionName;
    this.hostname = p.hostname;
    this.tlsEnabled = https;
    this.implementation = implementation;
    this.dataPlane = dataPlane;
    this.hosts = [];
    this.routes = [];
    system._register('gateway', this);
    const parent = {
      name: p.gatewayName,
      namespace: p.gatewayNamespace,
      ...(p.sectionName !== undefined && { sectionName: p.sectionName }),
    };
    this.routeSet = new _RouteSet({
      scope: this,
      system,
      prefix: name,
      parentRefs: () => [parent],
      dataPlane,
      dataPlaneAccount,
    });
    this.applyRules(rules, (i) => `rules[${i}]`);
    this.node.addValidation({
      validate: () => {
        if (this.routes.length === 0)
          _fail(this, 'rules', 'must hold at least one rule: a GatewayRef without routes serves nothing', []);
        return [];
      },
    });
    _declareEntryValues(this, {
      component,
      hosts: () => this.hosts.map((h) => [h, this.hostTargets(h)] as const),
    });
  }

  /** Adds the routes of one host. */
  public addRule(rule: GatewayRule, prop = 'rules'): void {
    this.applyRules([_checkRule(this.at, this.system, 'gateway', rule, prop, new Set())], () => prop);
  }

  /** The data-plane ServiceAccount of the referenced Gateway, when its implementation tells it. */
  public dataPlaneServiceAccount(): { readonly name: string; readonly namespace: string } | undefined {
    return this.implementation.dataPlaneServiceAccount({
      name: this.gatewayName,
      namespace: this.gatewayNamespace,
    });
  }

  private applyRules(rules: readonly _CheckedRule[], prop: (i: number) => string): void {
    rules.forEach((rule, i) => {
      if (rule.host !== undefined && !_hostWithin(rule.host, this.hostname))
        _fail(
          this.at,
          `${prop(i)}.host`,
          `must be within the listener's hostname '${this.hostname}': Gateway API attaches a route only where its hostnames intersect the listener's`,
          rule.host,
        );
    });
    const claims = this.routeSet.check(this.at, rules, prop);
    this.system._claimAll(this.at, claims);
    for (const rule of rules) {
      this.system._claimRoutes(
        rule.routes.map((r) => r.key),
        this,
      );
      if (rule.host !== undefined && !this.hosts.includes(rule.host)) this.hosts.push(rule.host);
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

  /** Every place `host` is written: the routes' hostnames and names. */
  private hostTargets(host: string): _At[] {
    return this.routeSet.objects
      .filter((r) => r.host === host)
      .flatMap((r): _At[] => [
        { object: r.object, path: '/spec/hostnames/0' },
        {
          object: r.object,
          path: '/metadata/name',
          name: { prefix: `${this.name}-`, suffix: r.object.kind === 'GRPCRoute' ? '-grpc' : '' },
        },
      ]);
  }
}
