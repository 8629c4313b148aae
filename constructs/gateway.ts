import { k8s } from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { _checkDnsLabel, _checkLabelKey, _isDnsSubdomain } from './_checks';
import { _fail } from './_errors';
import { _commonLabels } from './_labels';
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

/** A rule whose routes passed every check. */
interface CheckedRule {
  readonly host?: string;
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
  public readonly hosts: string[] = [];
  /** Whether TLS is configured. */
  public readonly tlsEnabled: boolean;
  /** Every route, in declaration order. */
  public readonly routes: {
    readonly host?: string;
    readonly path: string;
    readonly backend: ServiceWorkload;
    readonly port: string;
  }[] = [];
  private readonly system: System;
  /** Paths by host (`undefined`: any host) in first-use order; a Map keeps addRule O(1) in the hosts. */
  private readonly rules = new Map<string | undefined, k8s.HttpIngressPath[]>();

  constructor(scope: Construct, id: string, props: GatewayProps = {}) {
    super(scope, id);
    const system = System.of(this);
    const name = props.name ?? id;
    this.name = name;
    this.system = system;
    this.tlsEnabled = props.tls !== undefined;
    _checkDnsLabel(this, 'name', name);
    if (props.ingressClassName !== undefined && !_isDnsSubdomain(props.ingressClassName)) {
      _fail(this, 'ingressClassName', 'must be a DNS-1123 subdomain', props.ingressClassName);
    }
    Object.keys(props.annotations ?? {}).forEach((k) => _checkLabelKey(this, 'annotations', k));
    if (props.tls?._secretName !== undefined && !_isDnsSubdomain(props.tls._secretName)) {
      _fail(this, 'tls', 'must name a Secret with a DNS-1123 subdomain', props.tls._secretName);
    }
    const pending = new Set<string>();
    const rules = (props.rules ?? []).map((r, i) => this.checkRule(r, `rules[${i}]`, pending));
    system._claim('Ingress', name, this);
    system._register('gateway', this);
    rules.forEach((r) => this.applyRule(r));
    // Rules may still be added with addRule, so this is checked at synthesis.
    this.node.addValidation({
      validate: () =>
        props.tls && this.hosts.length === 0
          ? ["'rules' must hold at least one rule with a host when 'tls' is configured (got none)"]
          : [],
    });

    const tls = props.tls;
    new k8s.KubeIngress(this, 'ingress', {
      metadata: {
        name,
        labels: _commonLabels(system, name, { component: 'gateway' }),
        annotations: { ...props.annotations, ...tls?._annotations },
      },
      spec: {
        ingressClassName: props.ingressClassName,
        rules: _lazy(() => [...this.rules].map(([host, paths]) => ({ host, http: { paths } }))),
        tls: tls
          ? _lazy(() => [{ hosts: [...this.hosts], secretName: tls._secretName ?? `${this.name}-tls` }])
          : undefined,
      },
    });
  }

  /** Adds the routes of one host. */
  public addRule(rule: GatewayRule, prop = 'rules'): void {
    this.applyRule(this.checkRule(rule, prop, new Set()));
  }

  /** Checks a rule without changing anything; `pending` holds route keys checked earlier in the same call. */
  private checkRule(rule: GatewayRule, prop: string, pending: Set<string>): CheckedRule {
    const host = rule.host;
    if (host !== undefined) this.checkHost(`${prop}.host`, host);
    if (this.tlsEnabled && host === undefined) {
      _fail(
        this,
        `${prop}.host`,
        "must be set when 'tls' is configured: certificates are issued per host",
        host,
      );
    }
    if (!rule.routes || rule.routes.length === 0) {
      _fail(this, `${prop}.routes`, 'must list at least one route', rule.routes);
    }
    const routes = rule.routes.map((route, i) => {
      const p = `${prop}.routes[${i}]`;
      const path = route.path ?? '/';
      const pathType = route.pathType ?? PathType.PREFIX;
      this.checkPath(`${p}.path`, path, pathType);
      const backend = route.backend;
      if (!backend || backend.system !== this.system) {
        _fail(
          this,
          `${p}.backend`,
          `must be a service of system '${this.system.node.path}'`,
          backend?.node.path,
        );
      }
      const port = backend.port(route.port ?? backend.mainPort.name, `${p}.port`, this).name;
      const key = `${host ?? '*'} ${pathType} ${path}`;
      const shown = `${host ?? '*'}${path}`;
      if (pending.has(key))
        _fail(this, `${p}.path`, `must not repeat a route that ${this.node.path} already serves`, shown);
      this.system._checkRoute(key, this, `${p}.path`, shown);
      pending.add(key);
      return { path, pathType, backend, port, key };
    });
    return { host, routes };
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

  private checkHost(prop: string, host: string): void {
    const bare = host.startsWith('*.') ? host.slice(2) : host;
    if (
      typeof host !== 'string' ||
      !_isDnsSubdomain(bare) ||
      /^[0-9.]+$/.test(bare) ||
      (!bare.includes('.') && host.startsWith('*.'))
    ) {
      _fail(
        this,
        prop,
        "must be a lowercase RFC 1123 host name (a leading '*.' wildcard is allowed; no IP addresses, ports or schemes)",
        host,
      );
    }
  }

  private checkPath(prop: string, path: string, pathType: PathType): void {
    if (!Object.values(PathType).includes(pathType))
      _fail(
        this,
        prop.replace(/path$/, 'pathType'),
        `must be one of ${Object.values(PathType).join(', ')}`,
        pathType,
      );
    if (typeof path !== 'string' || !path.startsWith('/') || /\s/.test(path))
      _fail(this, prop, "must be an absolute path starting with '/'", path);
    if (pathType !== PathType.IMPLEMENTATION_SPECIFIC && REGEX_CHARS.test(path)) {
      _fail(
        this,
        prop,
        `must be a literal path for pathType ${pathType} (no wildcards or regular expressions)`,
        path,
        path.endsWith('/*') ? `Use '${path.slice(0, -1) || '/'}' with pathType Prefix` : undefined,
      );
    }
  }
}
