import { k8s } from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { _checkDnsLabel, _checkDnsSubdomain, _checkLabelKey } from './_checks';
import { _fail, type _Where } from './_errors';
import { _keys, _props } from './_keys';
import { _array, _at, _entries, _instance, _string } from './_types';
import { _commonLabels } from './_labels';
import { _declareEntryValues } from './_builtin-values';
import { _checkComponent, _ownComponent } from './_chart-values';
import { _lazy } from './_lazy';
import { _safeKeys } from './_special-keys';
import { _checkRule, type _CheckedRule } from './_route-plan';
import type { GatewayRouteInfo, GatewayRule } from './gateway-rule';
import { GatewayTls } from './gateway-tls';
import { _checkPodPeer, type PodPeer } from './platform';
import { System } from './system';

/** Props of an {@link Ingress}. */
export interface IngressProps {
  /**
   * Name of the Ingress.
   * @default - the construct id
   */
  readonly name?: string;
  /**
   * IngressClass of the controller that serves it.
   * @default - the cluster's default IngressClass
   */
  readonly ingressClassName?: string;
  /** The ingress controller's pods: the backends' NetworkPolicies admit them to the routed ports. */
  readonly controller: PodPeer;
  /**
   * Host rules.
   * @default - none; add them with `addRule`
   */
  readonly rules?: readonly GatewayRule[];
  /**
   * TLS for every host of the rules.
   * @default - plain HTTP
   */
  readonly tls?: GatewayTls;
  /**
   * Annotations for the ingress controller.
   * @default - none
   */
  readonly annotations?: Readonly<Record<string, string>>;
}

const KEYS = _keys(
  'IngressProps',
  ['name', 'ingressClassName', 'controller', 'rules', 'tls', 'annotations'],
  'Ingress',
);

/**
 * An explicit `networking.k8s.io/v1` Ingress, for clusters that still run an ingress controller (the
 * default entry is a Gateway API {@link Gateway}): host and path rules pointing at services by reference,
 * TLS from a Secret or cert-manager. The backends admit the pods of `controller`, which the caller names.
 */
export class Ingress extends Construct {
  /** Name of the Ingress. */
  public readonly name: string;
  /** Hosts served, in rule order. */
  public readonly hosts: string[];
  /** Whether TLS is configured. */
  public readonly tlsEnabled: boolean;
  /** Every route, in declaration order. */
  public readonly routes: GatewayRouteInfo[];
  /** The ingress controller's pods. */
  public readonly controller: PodPeer;
  /** Escape hatch: the Ingress. */
  public readonly ingress: k8s.KubeIngress;
  private readonly system: System;
  private readonly at: _Where;
  /** Paths by host (`undefined`: any host) in first-use order; a Map keeps addRule O(1) in the hosts. */
  private readonly rules: Map<string | undefined, k8s.HttpIngressPath[]>;

  constructor(scope: Construct, id: string, props: IngressProps) {
    const at = _at(scope, id);
    const system = System._for(at, scope);
    const p = _props<IngressProps>(at, 'props', props, KEYS);
    const name = p.name ?? id;
    _checkDnsLabel(at, p.name === undefined ? 'id' : 'name', name);
    if (p.ingressClassName !== undefined) _checkDnsSubdomain(at, 'ingressClassName', p.ingressClassName);
    if (system.mesh !== undefined)
      _fail(
        at,
        'scope',
        "must be a System without a mesh: an Ingress in a meshed System is not supported yet (its controller's ServiceAccount, which the backends' AuthorizationPolicies would admit, is unknown)",
        system.node.path,
        'Route through a Gateway (Gateway API), whose implementation names its data plane ServiceAccount',
      );
    if (p.controller === undefined)
      _fail(
        at,
        'controller',
        "must be set: the backends' NetworkPolicies admit the ingress controller's pods, and no controller is assumed",
        p.controller,
        "Use e.g. { namespace: 'ingress-nginx', podLabels: { 'app.kubernetes.io/name': 'ingress-nginx' } }",
      );
    const controller = _checkPodPeer(at, 'controller', p.controller);
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
      checkTlsHost(
        at,
        tls !== undefined,
        _checkRule(at, system, 'ingress', r, `rules[${i}]`, pending),
        `rules[${i}]`,
      ),
    );
    const nameProp = p.name === undefined ? 'id' : 'name';
    let component = '';
    system._claim('Ingress', name, at, nameProp, () => {
      component = _checkComponent(at, system, name, nameProp);
    });
    super(scope, id);
    _ownComponent(this, component);
    this.at = at;
    this.name = name;
    this.system = system;
    this.controller = controller;
    this.tlsEnabled = tls !== undefined;
    this.hosts = [];
    this.routes = [];
    this.rules = new Map();
    system._register('ingress', this);
    rules.forEach((r) => this.applyRule(r));
    // Rules may still be added with addRule, so this is checked at synthesis (as a ShipshapeError).
    this.node.addValidation({
      validate: () => {
        if (tls && this.hosts.length === 0)
          _fail(this, 'rules', "must hold at least one rule with a host when 'tls' is configured", []);
        return [];
      },
    });

    this.ingress = new k8s.KubeIngress(this, 'ingress', {
      metadata: {
        name,
        labels: _commonLabels(system, name, { component: 'gateway' }),
        annotations: _safeKeys({ ...annotations, ...tls?._annotations }),
      },
      spec: {
        ...(p.ingressClassName !== undefined && { ingressClassName: p.ingressClassName }),
        rules: _lazy(() =>
          [...this.rules].map(([host, paths]) => ({ ...(host !== undefined && { host }), http: { paths } })),
        ),
        ...(tls && {
          tls: _lazy(() => [{ hosts: [...this.hosts], secretName: tls._secretName ?? `${this.name}-tls` }]),
        }),
      },
    });
    this.node.defaultChild = this.ingress;
    _declareEntryValues(this, {
      component,
      hosts: () => {
        const keys = [...this.rules.keys()];
        return this.hosts.map(
          (h) => [h, [{ object: this.ingress, path: `/spec/rules/${keys.indexOf(h)}/host` }]] as const,
        );
      },
      tls: tls && {
        description: 'TLS for every host of the rules.',
        ingress: this.ingress,
        secretName: tls._secretName ?? `${name}-tls`,
        issuer: issuer && {
          key: issuer[0] === 'cert-manager.io/issuer' ? 'issuer' : 'clusterIssuer',
          annotation: issuer[0],
          name: issuer[1],
          object: this.ingress,
        },
      },
    });
  }

  /** Adds the routes of one host. */
  public addRule(rule: GatewayRule, prop = 'rules'): void {
    const checked = _checkRule(this.at, this.system, 'ingress', rule, prop, new Set());
    this.applyRule(checkTlsHost(this.at, this.tlsEnabled, checked, prop));
  }

  private applyRule(rule: _CheckedRule): void {
    const { host } = rule;
    this.system._claimRoutes(
      rule.routes.map((r) => r.key),
      this,
    );
    let paths = this.rules.get(host);
    if (!paths) {
      paths = [];
      this.rules.set(host, paths);
      if (host !== undefined) this.hosts.push(host);
    }
    for (const { path, pathType, backend, port, kind } of rule.routes) {
      backend._admitFrom(this.controller, port.name);
      paths.push({
        path,
        pathType,
        backend: { service: { name: backend.name, port: { name: port.name } } },
      });
      this.routes.push({ host, path, backend, port: port.name, kind });
    }
  }
}

function checkTlsHost(at: _Where, tls: boolean, rule: _CheckedRule, prop: string): _CheckedRule {
  if (tls && rule.host === undefined)
    _fail(
      at,
      `${prop}.host`,
      "must be set when 'tls' is configured: certificates are issued per host",
      rule.host,
    );
  return rule;
}
