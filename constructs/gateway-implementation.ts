import { createHash } from 'crypto';
import { _checkDnsLabel, _isDnsSubdomain } from './_checks';
import { _fail, type _Where } from './_errors';
import { _keys, _props, type _Keys } from './_keys';
import type { PodPeer } from './platform';

/** A Gateway API Gateway, by name and namespace (what an implementation derives its data plane from). */
export interface GatewayIdentity {
  /** Name of the Gateway. */
  readonly name: string;
  /** Namespace of the Gateway. */
  readonly namespace: string;
}

/** A Kubernetes ServiceAccount, by name and namespace (the identity a mesh policy admits). */
export interface ServiceAccountIdentity {
  /** Name of the ServiceAccount. */
  readonly name: string;
  /** Namespace of the ServiceAccount. */
  readonly namespace: string;
}

const SERVICE_ACCOUNT_KEYS = _keys('ServiceAccountIdentity', ['name', 'namespace']);

/** @internal Checks a ServiceAccount the caller gave (or an implementation returned) and copies it. */
export function _checkServiceAccount(at: _Where, prop: string, v: unknown): ServiceAccountIdentity {
  const r = _props<ServiceAccountIdentity>(at, prop, v, SERVICE_ACCOUNT_KEYS);
  _checkDnsLabel(at, `${prop}.namespace`, r.namespace);
  if (!_isDnsSubdomain(r.name))
    _fail(at, `${prop}.name`, 'must be a ServiceAccount name (a DNS-1123 subdomain)', r.name);
  return { name: r.name, namespace: r.namespace };
}

/** What a custom implementation tells: its GatewayClass and where the proxies of one Gateway run. */
export interface CustomGatewayImplementationOptions {
  /** The GatewayClass its Gateways name (`spec.gatewayClassName`). */
  readonly gatewayClassName: string;
  /** The data-plane pods of exactly one Gateway: NetworkPolicies admit these to the routed ports. */
  readonly dataPlane: (gateway: GatewayIdentity) => PodPeer;
  /**
   * The ServiceAccount those pods run as.
   * @default - unknown (`dataPlaneServiceAccount` returns `undefined`)
   */
  readonly serviceAccount?: (gateway: GatewayIdentity) => ServiceAccountIdentity;
}

const CUSTOM_KEYS = _keys('CustomGatewayImplementationOptions', [
  'gatewayClassName',
  'dataPlane',
  'serviceAccount',
]);

/** Options of {@link GatewayImplementation.envoyGateway}. */
export interface EnvoyGatewayOptions {
  /**
   * Namespace of the Envoy Gateway controller, where it runs the proxies of every Gateway.
   * @default 'envoy-gateway-system'
   */
  readonly namespace?: string;
  /**
   * The GatewayClass whose `controllerName` is `gateway.envoyproxy.io/gatewayclass-controller`.
   * @default 'envoy-gateway'
   */
  readonly gatewayClassName?: string;
}

const ENVOY_KEYS = _keys('EnvoyGatewayOptions', ['namespace', 'gatewayClassName']);

/** Options of {@link GatewayImplementation.istio}. */
export interface IstioGatewayOptions {
  /**
   * The GatewayClass of Istio's Gateway API support.
   * @default 'istio'
   */
  readonly gatewayClassName?: string;
}

const ISTIO_KEYS = _keys('IstioGatewayOptions', ['gatewayClassName']);

// Istio's automated deployment (istio.io/istio, pilot/pkg/config/kube/gatewaycommon/deploymentcontroller.go at
// the pseudo-version e2e/tools.sh pins): Deployment and ServiceAccount `<gateway>-<class>` in the Gateway's
// namespace, pods labelled `gateway.networking.k8s.io/gateway-name` (both overridable by Gateway annotations).

/** Envoy Gateway's labels on the proxy pods of one Gateway (`internal/gatewayapi/translator.go`, v1.9.1). */
const ENVOY_OWNING_NAME = 'gateway.envoyproxy.io/owning-gateway-name';
const ENVOY_OWNING_NAMESPACE = 'gateway.envoyproxy.io/owning-gateway-namespace';

/**
 * Envoy Gateway's name of the proxy Deployment, Service and ServiceAccount of a Gateway, as v1.9.1 derives it
 * (`proxy.ExpectedResourceHashedName` over `utils.GetHashedName("<ns>/<name>", 48)`): `envoy-`, then
 * `<ns>-<name>` cut to 48 characters (a trailing `-` dropped), `-`, and the first 8 hex digits of the
 * SHA-256 of `<ns>/<name>`.
 */
export function _envoyProxyName(gateway: GatewayIdentity): string {
  const key = `${gateway.namespace}/${gateway.name}`;
  const hash = createHash('sha256').update(key).digest('hex').slice(0, 8);
  const flat = key.replace(/\//g, '-');
  const cut = flat.length > 48 ? flat.slice(0, 48).replace(/-$/, '') : flat;
  return `envoy-${cut}-${hash}`;
}

/**
 * The Gateway API implementation that serves a Gateway: its GatewayClass and the exact data-plane pods of
 * each Gateway, which the backends' NetworkPolicies admit (never every proxy of the cluster).
 */
export class GatewayImplementation {
  /**
   * Envoy Gateway (v1.9): the proxies of a Gateway run in the controller's namespace, labelled
   * `gateway.envoyproxy.io/owning-gateway-name` and `-namespace`, as ServiceAccount
   * `envoy-<ns>-<name>-<hash>`.
   */
  public static envoyGateway(options: EnvoyGatewayOptions = {}): GatewayImplementation {
    const namespace = options?.namespace ?? 'envoy-gateway-system';
    return new GatewayImplementation(
      { keys: ENVOY_KEYS, raw: options },
      'envoyGateway',
      options?.gatewayClassName ?? 'envoy-gateway',
      namespace,
      (gw) => ({
        namespace,
        podLabels: { [ENVOY_OWNING_NAME]: gw.name, [ENVOY_OWNING_NAMESPACE]: gw.namespace },
      }),
      (gw) => ({ name: _envoyProxyName(gw), namespace }),
    );
  }

  /**
   * Istio's Gateway API support (automated deployment): the proxies of a Gateway run in the Gateway's own
   * namespace, labelled `gateway.networking.k8s.io/gateway-name`, as ServiceAccount `<name>-<class>`.
   */
  public static istio(options: IstioGatewayOptions = {}): GatewayImplementation {
    const className = options?.gatewayClassName ?? 'istio';
    return new GatewayImplementation(
      { keys: ISTIO_KEYS, raw: options },
      'istio',
      className,
      undefined,
      (gw) => ({ namespace: gw.namespace, podLabels: { 'gateway.networking.k8s.io/gateway-name': gw.name } }),
      (gw) => ({ name: `${gw.name}-${className}`, namespace: gw.namespace }),
    );
  }

  /** Any other implementation, described by its GatewayClass and its data-plane pods. */
  public static custom(options: CustomGatewayImplementationOptions): GatewayImplementation {
    return new GatewayImplementation(
      { keys: CUSTOM_KEYS, raw: options },
      'custom',
      options?.gatewayClassName,
      undefined,
      options?.dataPlane,
      options?.serviceAccount,
    );
  }

  private constructor(
    private readonly options: { readonly keys: _Keys; readonly raw: unknown },
    /** Which factory made it (`envoyGateway`, `istio`, `custom`). */
    public readonly kind: string,
    /** The GatewayClass its Gateways name. */
    public readonly gatewayClassName: string,
    /** The namespace of the controller, when the proxies run there (Envoy Gateway). */
    public readonly controllerNamespace: string | undefined,
    private readonly dataPlaneOf: (gateway: GatewayIdentity) => PodPeer,
    private readonly serviceAccountOf: ((gateway: GatewayIdentity) => ServiceAccountIdentity) | undefined,
  ) {}

  /**
   * @internal Checks the factory's options (JavaScript and JSON callers get no compiler help), naming them
   * as `<prop>` of the construct that uses the implementation.
   */
  public _check(at: _Where, prop: string): void {
    if (this.options.raw !== undefined) _props(at, prop, this.options.raw, this.options.keys);
    if (typeof this.gatewayClassName !== 'string' || !_isDnsSubdomain(this.gatewayClassName))
      _fail(
        at,
        `${prop}.gatewayClassName`,
        'must be a GatewayClass name (a DNS-1123 subdomain)',
        this.gatewayClassName,
      );
    if (this.controllerNamespace !== undefined)
      _checkDnsLabel(at, `${prop}.namespace`, this.controllerNamespace);
    if (typeof this.dataPlaneOf !== 'function')
      _fail(
        at,
        `${prop}.dataPlane`,
        'must be a function of the Gateway (name, namespace) to its data-plane pods',
        this.dataPlaneOf,
      );
    if (this.serviceAccountOf !== undefined && typeof this.serviceAccountOf !== 'function')
      _fail(
        at,
        `${prop}.serviceAccount`,
        'must be a function of the Gateway (name, namespace) to a ServiceAccount',
        this.serviceAccountOf,
      );
  }

  /** The data-plane pods of exactly this Gateway. */
  public dataPlane(gateway: GatewayIdentity): PodPeer {
    return this.dataPlaneOf(gateway);
  }

  /**
   * @internal The data plane's ServiceAccount, checked, when a mesh must admit it (`undefined` without a mesh);
   * fails when the implementation cannot tell it.
   */
  public _meshAccount(
    at: _Where,
    meshed: boolean,
    gateway: GatewayIdentity,
  ): ServiceAccountIdentity | undefined {
    if (!meshed) return undefined;
    const sa = this.serviceAccountOf?.(gateway);
    if (sa === undefined)
      _fail(
        at,
        'implementation.serviceAccount',
        "must be given in a meshed System: the backends' AuthorizationPolicies admit the data plane by its ServiceAccount",
        sa,
        'Pass GatewayImplementation.custom({ gatewayClassName, dataPlane, serviceAccount: (gw) => ({ name, namespace }) })',
      );
    return _checkServiceAccount(at, 'implementation.serviceAccount', sa);
  }

  /** The ServiceAccount those pods run as (for mesh policies), when the implementation tells it. */
  public dataPlaneServiceAccount(gateway: GatewayIdentity): ServiceAccountIdentity | undefined {
    return this.serviceAccountOf?.(gateway);
  }
}
