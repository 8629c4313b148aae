import { k8s } from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { _checkDnsLabel, _checkLabelKey, _isDnsSubdomain } from './_checks';
import { _fail, type _Where } from './_errors';
import { _keys, _props } from './_keys';
import { _array, _at, _entries, _instance, _string, _enumOr } from './_types';
import { _SERVICE_WORKLOAD } from './_endpoint-plan';
import { _commonLabels } from './_labels';
import { _declareGatewayValues } from './_builtin-values';
import { _checkComponent, _ownComponent } from './_chart-values';
import { _lazy } from './_lazy';
import type { ServiceWorkload } from './service-workload';
import { System } from './system';

/** How an Ingress path matches. */
export enum PathType {
  /** Path prefix split by `/`. */
  PREFIX = 'Prefix',
  /** The exact path. */
  EXACT = 'Exact',
  /** Left to the ingress controller (e.g. regular expressions for ingress-nginx). */
  IMPLEMENTATION_SPECIFIC = 'ImplementationSpecific',
}

/** One path of a host, routed to a service. */
export interface GatewayRoute {
  /**
   * URL path.
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
}

const ROUTE_KEYS = _keys('GatewayRoute', ['path', 'pathType', 'backend', 'port']);

/** Routes of one host. */
export interface GatewayRule {
  /**
   * Host name (RFC 1123; a leading `*.` wildcard is allowed).
   * @default - every host
   */
  readonly host?: string;
  /** Paths of the host. */
  readonly routes: readonly GatewayRoute[];
}

const RULE_KEYS = _keys('GatewayRule', ['host', 'routes']);

/** TLS of a Gateway: a certificate Secret, or one cert-manager issues. */
export class GatewayTls {
  /** An existing TLS Secret (`kubernetes.io/tls`). */
  public static fromSecret(secretName: string): GatewayTls {
    return new GatewayTls(secretName, undefined);
  }

  /** A certificate cert-manager issues from a ClusterIssuer into `<gateway>-tls`. */
  public static certManager(clusterIssuer: string): GatewayTls {
    return new GatewayTls(undefined, { 'cert-manager.io/cluster-issuer': clusterIssuer });
  }

  /** A certificate cert-manager issues from a namespaced Issuer into `<gateway>-tls`. */
  public static certManagerIssuer(issuer: string): GatewayTls {
    return new GatewayTls(undefined, { 'cert-manager.io/issuer': issuer });
  }

  private constructor(
    /** @internal */ public readonly _secretName: string | undefined,
    /** @internal */ public readonly _annotations: Readonly<Record<string, string>> | undefined,
  ) {}
}

/** Props of a {@link Gateway}. */
export interface GatewayProps {
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

const KEYS = _keys('GatewayProps', ['name', 'ingressClassName', 'rules', 'tls', 'annotations'], 'Gateway');

/** A rule whose routes passed every check. */
interface CheckedRule {
  readonly host?: string | undefined;
  readonly routes: readonly {
    path: string;
    pathType: PathType;
    backend: ServiceWorkload;
    port: string;
    key: string;
  }[];
}

const REGEX_CHARS = /[*()[\]{}^$|?+\\]/;

/**
 * The public entry (an Ingress): host and path rules pointing at services by reference, TLS from a
 * Secret or cert-manager. Backends are opened to the ingress controller in their NetworkPolicies.
 */
export class Gateway extends Construct {
  /** Name of the Ingress. */
  public readonly name: string;
  /** Hosts served, in rule order. */
  public readonly hosts: string[];
  /** Whether TLS is configured. */
  public readonly tlsEnabled: boolean;
  /** Every route, in declaration order. */
  public readonly routes: {
    readonly host?: string | undefined;
    readonly path: string;
    readonly backend: ServiceWorkload;
    readonly port: string;
  }[];
  /** Escape hatch: the Ingress. */
  public readonly ingress: k8s.KubeIngress;
  private readonly system: System;
  private readonly at: _Where;
  /** Paths by host (`undefined`: any host) in first-use order; a Map keeps addRule O(1) in the hosts. */
  private readonly rules: Map<string | undefined, k8s.HttpIngressPath[]>;

  constructor(scope: Construct, id: string, props: GatewayProps = {}) {
    const at = _at(scope, id);
    const system = System._for(at, scope);
    const p = _props<GatewayProps>(at, 'props', props ?? {}, KEYS);
    const name = p.name ?? id;
    _checkDnsLabel(at, p.name === undefined ? 'id' : 'name', name);
    if (p.ingressClassName !== undefined && !_isDnsSubdomain(p.ingressClassName)) {
      _fail(at, 'ingressClassName', 'must be a DNS-1123 subdomain', p.ingressClassName);
    }
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
    if (tls?._secretName !== undefined && !_isDnsSubdomain(tls._secretName)) {
      _fail(at, 'tls', 'must name a Secret with a DNS-1123 subdomain', tls._secretName);
    }
    const issuer = Object.entries(tls?._annotations ?? {})[0];
    if (issuer && !_isDnsSubdomain(issuer[1])) {
      _fail(at, 'tls', 'must name a cert-manager issuer with a DNS-1123 subdomain', issuer[1]);
    }
    const pending = new Set<string>();
    const rules = (p.rules === undefined ? [] : _array(at, 'rules', p.rules)).map((r, i) =>
      checkRule(at, system, tls !== undefined, r, `rules[${i}]`, pending),
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
    this.tlsEnabled = tls !== undefined;
    this.hosts = [];
    this.routes = [];
    this.rules = new Map();
    system._register('gateway', this);
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
        annotations: { ...annotations, ...tls?._annotations },
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
    _declareGatewayValues(this, {
      component,
      ingress: this.ingress,
      hosts: () => {
        const keys = [...this.rules.keys()];
        return this.hosts.map((h) => [h, keys.indexOf(h)] as const);
      },
      tls: tls && {
        secretName: tls._secretName ?? `${name}-tls`,
        issuer: issuer && {
          key: issuer[0] === 'cert-manager.io/issuer' ? 'issuer' : 'clusterIssuer',
          annotation: issuer[0],
          name: issuer[1],
        },
      },
    });
  }

  /** Adds the routes of one host. */
  public addRule(rule: GatewayRule, prop = 'rules'): void {
    this.applyRule(checkRule(this.at, this.system, this.tlsEnabled, rule, prop, new Set()));
  }

  private applyRule(rule: CheckedRule): void {
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
    for (const { path, pathType, backend, port } of rule.routes) {
      backend.allowFromIngressController(port);
      paths.push({
        path,
        pathType,
        backend: { service: { name: backend.name, port: { name: port } } },
      });
      this.routes.push({ host, path, backend, port });
    }
  }
}

/** Checks a rule without changing anything; `pending` holds route keys checked earlier in the same call. */
function checkRule(
  at: _Where,
  system: System,
  tlsEnabled: boolean,
  raw: unknown,
  prop: string,
  pending: Set<string>,
): CheckedRule {
  const rule = _props<GatewayRule>(at, prop, raw, RULE_KEYS);
  const host = rule.host;
  if (host !== undefined) checkHost(at, `${prop}.host`, host);
  if (tlsEnabled && host === undefined) {
    _fail(at, `${prop}.host`, "must be set when 'tls' is configured: certificates are issued per host", host);
  }
  const list = rule.routes === undefined ? [] : _array(at, `${prop}.routes`, rule.routes);
  if (list.length === 0) _fail(at, `${prop}.routes`, 'must list at least one route', rule.routes);
  const routes = list.map((raw, i) => {
    const p = `${prop}.routes[${i}]`;
    const route = _props<GatewayRoute>(at, p, raw, ROUTE_KEYS);
    const path = route.path ?? '/';
    const pathType = _enumOr(at, `${p}.pathType`, route.pathType, PathType, PathType.PREFIX);
    checkPath(at, `${p}.path`, path, pathType);
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
    const port = b.port(route.port ?? b.mainPort.name, `${p}.port`, at).name;
    const key = `${host ?? '*'} ${pathType} ${path}`;
    const shown = `${host ?? '*'}${path}`;
    if (pending.has(key))
      _fail(at, `${p}.path`, `must not repeat a route that ${at.node.path} already serves`, shown);
    system._checkRoute(key, at, `${p}.path`, shown);
    pending.add(key);
    return { path, pathType, backend: b, port, key };
  });
  return { host, routes };
}

function checkHost(at: _Where, prop: string, host: unknown): void {
  const bare = typeof host === 'string' && host.startsWith('*.') ? host.slice(2) : host;
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

function checkPath(at: _Where, prop: string, path: unknown, pathType: PathType): void {
  if (typeof path !== 'string' || !path.startsWith('/') || /\s/.test(path))
    _fail(at, prop, "must be an absolute path starting with '/'", path);
  if (pathType !== PathType.IMPLEMENTATION_SPECIFIC && REGEX_CHARS.test(path)) {
    _fail(
      at,
      prop,
      `must be a literal path for pathType ${pathType} (no wildcards or regular expressions)`,
      path,
      path.endsWith('/*') ? `Use '${path.slice(0, -1) || '/'}' with pathType Prefix` : undefined,
    );
  }
}
