import { type ApiObject, Chart, JsonPatch } from 'cdk8s';
import { k8s } from 'cdk8s-plus-27';
import type { Construct, IConstruct } from 'constructs';
import { _checkDnsLabel, _checkLabels, _checkLabelValue } from './_checks';
import { _fail, ShipshapeError, type _Where } from './_errors';
import { _resolveExternalSecrets } from './secret-store';
import { _keys, _props } from './_keys';
import { _at, _boolean, _enumOr } from './_types';
import { _peer } from './_peer';
import { _resolveClusterNetwork, type _ClusterRange } from './_cluster-network';
import { _restoreKeys, _safeKeys } from './_special-keys';
import type { Gateway } from './gateway';
import type { ConfigMap } from './config-map';
import type { GatewayRef } from './gateway-ref';
import type { Ingress } from './ingress';
import type { Secret } from './secret';
import type { ServiceAccount } from './service-account';
import type { ExternalSecretsOptions } from './secret-store';
import {
  _checkPodPeer,
  _resolveMonitoring,
  type ClusterNetwork,
  type MonitoringOptions,
  type PodPeer,
} from './platform';
import type { Workload } from './workload';
import type { ServiceAccountIdentity } from './gateway-implementation';
import { _enrolmentLabels, _renderMeshBase } from './_istio';
import { _resolveMeshPlan } from './_mesh-plan';
import type { Mesh } from './mesh';

/** Pod Security Standards level enforced on the namespace. */
export enum PodSecurityLevel {
  /** The most restrictive standard; every shipshape pod meets it. */
  RESTRICTED = 'restricted',
  /** Minimally restrictive, prevents known privilege escalations. */
  BASELINE = 'baseline',
}

/** Props of a {@link System}. */
export interface SystemProps {
  /** Namespace of every object of the system (a DNS-1123 label). */
  readonly namespace: string;
  /**
   * Value of `app.kubernetes.io/part-of` and `app.kubernetes.io/instance`.
   * @default - the namespace
   */
  readonly partOf?: string;
  /**
   * Extra labels on every object.
   * @default - none
   */
  readonly labels?: Readonly<Record<string, string>>;
  /**
   * Emit the Namespace object (with Pod Security labels).
   * @default true
   */
  readonly createNamespace?: boolean;
  /**
   * Pod Security Standards level enforced, audited and warned on the namespace.
   * @default PodSecurityLevel.RESTRICTED
   */
  readonly podSecurity?: PodSecurityLevel;
  /**
   * Derive NetworkPolicies: default deny, DNS, declared dependencies, Gateway data planes, Prometheus.
   * @default true
   */
  readonly networkPolicies?: boolean;
  /**
   * Cluster DNS pods every pod may query on port 53.
   * @default { namespace: 'kube-system', podLabels: { 'k8s-app': 'kube-dns' } }
   */
  readonly dns?: PodPeer;
  /**
   * Prometheus Operator integration.
   * @default - no ServiceMonitors; Prometheus in namespace `monitoring` may scrape
   */
  readonly monitoring?: MonitoringOptions;
  /**
   * Materialize every declared Secret through an ExternalSecret from this store.
   * @default - Secrets are created out of band (e.g. by the Pulumi stack)
   */
  readonly externalSecrets?: ExternalSecretsOptions;
  /**
   * The cluster's pod and Service ranges, which the ipBlocks of outside traffic except.
   * @default - every private range (see ClusterNetwork)
   */
  readonly clusterNetwork?: ClusterNetwork;
  /**
   * Enrol the workloads in a service mesh, with mTLS and authorization derived from the graph, e.g. `Mesh.istio()`.
   * @default - no mesh
   */
  readonly mesh?: Mesh;
}

const KEYS = _keys(
  'SystemProps',
  [
    'namespace',
    'partOf',
    'labels',
    'createNamespace',
    'podSecurity',
    'networkPolicies',
    'dns',
    'monitoring',
    'externalSecrets',
    'clusterNetwork',
    'mesh',
  ],
  'System',
);

const SYSTEM = Symbol.for('shipshape.System');
const SHARED_NAMESPACES = new Set(['default', 'kube-system', 'kube-public', 'kube-node-lease']);

/** Anything of a System that owns a name (collision checks and listings). */
interface Member {
  readonly kind: 'workload' | 'secret' | 'gateway' | 'ingress' | 'config' | 'identity';
  readonly construct: Construct;
}

/**
 * One namespace and the services in it. The System knows the whole graph: it emits the
 * namespace and the default-deny/DNS NetworkPolicies, checks names and routes for collisions, and
 * is where workloads find the platform peers (Prometheus, DNS).
 */
export class System extends Chart {
  /** Whether `x` is a System (Chart's `instanceof` matches every Chart, so Systems carry their own brand). */
  public static isSystem(x: unknown): x is System {
    return x !== null && typeof x === 'object' && SYSTEM in x;
  }

  /** The System a construct belongs to. */
  public static override of(scope: IConstruct): System {
    const system = System._find(scope);
    if (system) return system;
    throw new ShipshapeError(
      `${scope.node.path}: must be defined inside a System (got no System among its scopes)`,
    );
  }

  /** @internal The System among `scope` and its ancestors, if any. */
  public static _find(scope: IConstruct): System | undefined {
    for (let c: IConstruct | undefined = scope; c; c = c.node.scope) {
      if (System.isSystem(c)) return c;
    }
    return undefined;
  }

  /** @internal The System of a construct about to be created at `at` in `scope`. */
  public static _for(at: _Where, scope: IConstruct): System {
    const system = System._find(scope);
    if (!system) _fail(at, 'scope', 'must be a System or a construct inside one', scope);
    return system;
  }

  /** Namespace of every object. */
  declare public readonly namespace: string;
  /** `app.kubernetes.io/part-of` of every object. */
  public readonly partOf: string;
  /** Whether NetworkPolicies are derived. */
  public readonly networkPolicies: boolean;
  /** DNS peer. */
  public readonly dns: PodPeer;
  /** Prometheus peer. */
  public readonly prometheus: PodPeer;
  /** Whether ServiceMonitors are emitted. */
  public readonly serviceMonitors: boolean;
  /** Extra ServiceMonitor labels. */
  public readonly serviceMonitorLabels: Readonly<Record<string, string>>;
  /** Prometheus' API address, for rollout analyses. */
  public readonly prometheusUrl: string;
  /** Store of ExternalSecrets, if any. */
  public readonly externalSecrets?: ExternalSecretsOptions | undefined;
  /** The cluster's pod and Service ranges, defaults applied. */
  public readonly clusterNetwork: Required<ClusterNetwork>;
  /** @internal The ranges ipBlocks except, each once. */
  public readonly _clusterRanges: readonly _ClusterRange[];
  /** The mesh the workloads are enrolled in, if any. */
  public readonly mesh?: Mesh | undefined;
  /** The ServiceAccount Prometheus scrapes as (the mesh admits it to metrics ports). */
  public readonly prometheusServiceAccount: ServiceAccountIdentity;

  /** Escape hatch: the Namespace, when the System creates it. */
  public readonly namespaceObject?: k8s.KubeNamespace;
  /** Escape hatch: the default-deny NetworkPolicy, when policies are derived. */
  public readonly defaultDenyPolicy?: k8s.KubeNetworkPolicy;
  /** Escape hatch: the NetworkPolicy allowing DNS, when policies are derived. */
  public readonly dnsPolicy?: k8s.KubeNetworkPolicy;
  /** Escape hatch: the namespace-wide PeerAuthentication and the allow-nothing AuthorizationPolicy, with a mesh. */
  public readonly meshObjects?: { readonly peerAuthentication: ApiObject; readonly allowNothing: ApiObject };

  private readonly names: Map<string, string>;
  private readonly routes: Map<string, string>;
  private readonly members: Member[];

  constructor(scope: Construct, id: string, props: SystemProps) {
    const at = _at(scope, id);
    const old = (props as { ingressController?: unknown } | undefined)?.ingressController;
    if (old !== undefined)
      _fail(
        at,
        'ingressController',
        "is not a prop of System any more: a Gateway's backends admit exactly that Gateway's data plane, and an Ingress names its controller",
        old,
        "Pass it as the Ingress's own prop: new Ingress(scope, id, { controller: { namespace, podLabels }, ... })",
      );
    const p = _props<SystemProps>(at, 'props', props, KEYS);
    _checkDnsLabel(at, 'namespace', p.namespace);
    const partOf = p.partOf ?? p.namespace;
    _checkLabelValue(at, p.partOf === undefined ? 'namespace' : 'partOf', partOf);
    _checkLabels(at, 'labels', p.labels ?? {});
    const level = _enumOr(at, 'podSecurity', p.podSecurity, PodSecurityLevel, PodSecurityLevel.RESTRICTED);
    const createNamespace =
      p.createNamespace === undefined ? true : _boolean(at, 'createNamespace', p.createNamespace);
    const networkPolicies =
      p.networkPolicies === undefined ? true : _boolean(at, 'networkPolicies', p.networkPolicies);
    // Creating (and so owning) a shared namespace, or denying all its traffic, takes it over.
    if (
      (createNamespace || networkPolicies) &&
      (SHARED_NAMESPACES.has(p.namespace) || p.namespace.startsWith('kube-'))
    ) {
      _fail(
        at,
        'namespace',
        "must be a namespace of the system's own: creating it or applying default-deny NetworkPolicies would take over a shared namespace",
        p.namespace,
        "Choose a new namespace, or set 'createNamespace: false' and 'networkPolicies: false'",
      );
    }
    const peer = (prop: string, v: unknown, fallback: PodPeer): PodPeer =>
      v === undefined ? fallback : _checkPodPeer(at, prop, v);
    const dns = peer('dns', p.dns, { namespace: 'kube-system', podLabels: { 'k8s-app': 'kube-dns' } });
    const { monitoring, prometheus, serviceMonitors, serviceMonitorLabels, prometheusUrl } =
      _resolveMonitoring(at, p.monitoring);
    const { mesh, prometheusServiceAccount } = _resolveMeshPlan(at, p.mesh, monitoring, prometheus);
    const externalSecrets =
      p.externalSecrets === undefined
        ? undefined
        : _resolveExternalSecrets(at, 'externalSecrets', p.externalSecrets);
    const network = _resolveClusterNetwork(at, p.clusterNetwork);

    // Keys cdk8s cannot render (`constructor`) are renamed for it and restored in toJson (see _special-keys.ts).
    super(scope, id, { namespace: p.namespace, labels: _safeKeys(p.labels ?? {}) });
    Object.defineProperty(this, SYSTEM, { value: true });
    this.names = new Map();
    this.routes = new Map();
    this.members = [];
    this.partOf = partOf;
    this.networkPolicies = networkPolicies;
    this.dns = dns;
    this.prometheus = prometheus;
    this.serviceMonitors = serviceMonitors;
    this.serviceMonitorLabels = serviceMonitorLabels;
    this.prometheusUrl = prometheusUrl;
    this.externalSecrets = externalSecrets;
    this.clusterNetwork = { podCidrs: [...network.podCidrs], serviceCidrs: [...network.serviceCidrs] };
    this._clusterRanges = network.ranges;
    this.mesh = mesh;
    this.prometheusServiceAccount = prometheusServiceAccount;

    const labels = { 'app.kubernetes.io/part-of': partOf, 'app.kubernetes.io/managed-by': 'shipshape' };
    if (createNamespace) {
      const ns = new k8s.KubeNamespace(this, 'namespace', {
        metadata: {
          name: p.namespace,
          labels: {
            ...labels,
            'pod-security.kubernetes.io/enforce': level,
            'pod-security.kubernetes.io/enforce-version': 'v1.27',
            'pod-security.kubernetes.io/audit': level,
            'pod-security.kubernetes.io/warn': level,
            ...(mesh && _enrolmentLabels(mesh)),
          },
        },
      });
      // Charts stamp their namespace on every object; a Namespace is cluster-scoped.
      ns.addJsonPatch(JsonPatch.remove('/metadata/namespace'));
      this.namespaceObject = ns;
      this.node.defaultChild = ns;
    }
    if (this.networkPolicies) {
      // A workload of either name would emit a NetworkPolicy of the same name.
      this._claimAll(this, [
        ['NetworkPolicy', 'default-deny'],
        ['NetworkPolicy', 'allow-dns'],
      ]);
      this.defaultDenyPolicy = new k8s.KubeNetworkPolicy(this, 'default-deny', {
        metadata: { name: 'default-deny', labels },
        spec: { podSelector: {}, policyTypes: ['Ingress', 'Egress'] },
      });
      this.dnsPolicy = new k8s.KubeNetworkPolicy(this, 'allow-dns', {
        metadata: { name: 'allow-dns', labels },
        spec: {
          podSelector: {},
          policyTypes: ['Egress'],
          egress: [
            {
              to: [_peer(this.dns)],
              ports: [
                { protocol: 'UDP', port: k8s.IntOrString.fromNumber(53) },
                { protocol: 'TCP', port: k8s.IntOrString.fromNumber(53) },
              ],
            },
          ],
        },
      });
    }
    if (mesh) this.meshObjects = _renderMeshBase(this, mesh, labels);
  }

  /** The System's objects as JSON (cdk8s's `Chart.toJson`, with any key cdk8s cannot render restored). */
  public override toJson(): ReturnType<Chart['toJson']> {
    return _restoreKeys(super.toJson());
  }

  /** Workloads (services, data stores, tasks), in declaration order. */
  public get workloads(): Workload[] {
    return this.membersOf('workload') as Workload[];
  }

  /** Gateways and GatewayRefs (the routes to a platform Gateway), in declaration order. */
  public get gateways(): (Gateway | GatewayRef)[] {
    return this.membersOf('gateway') as (Gateway | GatewayRef)[];
  }

  /** Ingresses (the explicit opt-in for clusters that run an ingress controller), in declaration order. */
  public get ingresses(): Ingress[] {
    return this.membersOf('ingress') as Ingress[];
  }

  /** Secrets declared in the system, in declaration order. */
  public get secrets(): Secret[] {
    return this.membersOf('secret') as Secret[];
  }

  /** ConfigMaps the System's workloads share, in declaration order. */
  public get configMaps(): ConfigMap[] {
    return this.membersOf('config') as ConfigMap[];
  }

  /** ServiceAccounts the System's workloads share, in declaration order. */
  public get serviceAccounts(): ServiceAccount[] {
    return this.membersOf('identity') as ServiceAccount[];
  }

  /** @internal Records a member for listings. */
  public _register(kind: Member['kind'], construct: Construct): void {
    this.members.push({ kind, construct });
  }

  private membersOf(kind: Member['kind']): Construct[] {
    return this.members.filter((m) => m.kind === kind).map((m) => m.construct);
  }

  /** @internal Reserves `kind/name` for `owner`; two objects of one kind may not share a name. */
  public _claim(kind: string, name: string, owner: _Where, prop = 'name', alsoCheck?: () => void): void {
    this._claimAll(owner, [[kind, name]], prop, alsoCheck);
  }

  /**
   * @internal Reserves every `kind/name` for `owner`, or none of them when one is taken or `alsoCheck`
   * throws; a clash names the claim's own prop, else `prop`.
   */
  public _claimAll(
    owner: _Where,
    claims: readonly (readonly [kind: string, name: string, prop?: string])[],
    prop = 'name',
    alsoCheck?: () => void,
  ): void {
    for (const [kind, name, own] of claims) {
      const previous = this.names.get(`${kind}/${name}`);
      if (previous !== undefined) {
        _fail(
          owner,
          own ?? prop,
          `must be unique among the ${kind} objects of the system, but ${previous} already uses it`,
          name,
        );
      }
    }
    alsoCheck?.();
    for (const [kind, name] of claims) this.names.set(`${kind}/${name}`, owner.node.path);
  }

  /** @internal Fails when an HTTP route (host + path + pathType) is already served. */
  public _checkRoute(key: string, owner: _Where, prop: string, shown: string): void {
    const previous = this.routes.get(key);
    if (previous !== undefined)
      _fail(owner, prop, `must not repeat a route that ${previous} already serves`, shown);
  }

  /** @internal Reserves checked routes for one Gateway. */
  public _claimRoutes(keys: readonly string[], owner: _Where): void {
    for (const k of keys) this.routes.set(k, owner.node.path);
  }
}
