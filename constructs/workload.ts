import type { Duration } from 'cdk8s';
import { k8s } from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { _renderContainer } from './_containers';
import { _checkComponent, _ownComponent } from './_chart-values';
import { _defined } from './_defined';
import { _lazy } from './_lazy';
import { _policySpec, _podPeer, type _Edge } from './_network-policy';
import { _podSecurityContext } from './_security';
import { _checkEndpointClash, _endpointEnv, _resolveDependency } from './_endpoint-plan';
import { _checkSelection, _recordSelection } from './_label-plan';
import { _restoreKeys } from './_special-keys';
import { _roleObjects } from './_rbac';
import { _meshEgressEdges, _podEnrolmentLabels, _withMeshPorts } from './_istio';
import { _checkMeshIdentity } from './_mesh-plan';
import type { _WorkloadPlan } from './_workload-plan';
import { _fail } from './_errors';
import { _renderEnv } from './env-value';
import type { EnvFrom } from './env-from';
import type { EnvValue } from './env-value';
import type { ServiceAccount } from './service-account';
import type { Image } from './image';
import type {
  ContainerProps,
  Dependency,
  ExternalEgress,
  ImagePullPolicy,
  PodIdentity,
  SecretMount,
} from './pod';
import type { Resources } from './resources';
import type { ServiceWorkload } from './service-workload';
import type { System } from './system';

/** Props every workload shares. */
export interface WorkloadProps {
  /**
   * Name of the workload and of its objects.
   * @default - the construct id
   */
  readonly name?: string;
  /**
   * Name of the main container (e.g. the name a log pipeline or `kubectl logs -c` expects).
   * @default - the workload's name
   */
  readonly containerName?: string;
  /**
   * Image with a pinned tag or digest (a tag without a version number, such as `latest`, is refused).
   * `Image.mutableTag('redis:alpine', { reason })` accepts a moving tag explicitly.
   */
  readonly image: string | Image;
  /**
   * Entrypoint override.
   * @default - the image's entrypoint
   */
  readonly command?: readonly string[];
  /**
   * Arguments.
   * @default - the image's command
   */
  readonly args?: readonly string[];
  /**
   * ConfigMaps and Secrets whose every key becomes a variable of the main container (Kubernetes' `envFrom`),
   * e.g. one environment-wide ConfigMap several workloads read: `[EnvFrom.configMap(common)]`. `env` wins.
   * @default - none
   */
  readonly envFrom?: readonly EnvFrom[];
  /**
   * Environment of the main container, in order; `$(NAME)` may refer to earlier variables and to
   * the endpoint variables of `dependencies` (`<TARGET>_SERVICE_HOST`, `<TARGET>_SERVICE_PORT`).
   * @default - none
   */
  readonly env?: Readonly<Record<string, EnvValue>>;
  /**
   * CPU and memory of the main container.
   * @default { cpu: { request: '100m', limit: '500m' }, memory: { request: '128Mi', limit: '256Mi' } }
   */
  readonly resources?: Resources;
  /**
   * Services this one calls: their endpoints are injected as env vars and egress to them is allowed.
   * @default - none
   */
  readonly dependencies?: readonly Dependency[];
  /**
   * Destinations outside the cluster this workload may reach.
   * @default - none
   */
  readonly externalEgress?: readonly ExternalEgress[];
  /**
   * Declared Secrets mounted as files.
   * @default - none
   */
  readonly secretMounts?: readonly SecretMount[];
  /**
   * Writable directories (emptyDir) of the main container; the root filesystem stays read-only.
   * @default ['/tmp']
   */
  readonly writablePaths?: readonly string[];
  /**
   * Directories (emptyDir) shared by every container of the pod, e.g. logs read by a shipper sidecar.
   * @default - none
   */
  readonly sharedPaths?: readonly string[];
  /**
   * Size cap of every emptyDir (a quantity), or {@link UNLIMITED_SCRATCH} for none.
   * @default '256Mi'
   */
  readonly scratchSizeLimit?: string;
  /**
   * Containers run to completion before the main one.
   * @default - none
   */
  readonly initContainers?: readonly ContainerProps[];
  /**
   * Containers run beside the main one (log shippers, proxies).
   * @default - none
   */
  readonly sidecars?: readonly ContainerProps[];
  /**
   * UID/GIDs of the pod.
   * @default { runAsUser: 65532, runAsGroup: 65532, fsGroup: 65532 }
   */
  readonly identity?: PodIdentity;
  /**
   * Image pull policy of every container.
   * @default ImagePullPolicy.IF_NOT_PRESENT
   */
  readonly imagePullPolicy?: ImagePullPolicy;
  /**
   * Value of `app.kubernetes.io/component`.
   * @default - none
   */
  readonly component?: string;
  /**
   * Team labels (`team`, `tier`, `cost-center`) on every object and pod of the workload, never on a selector;
   * the System's `labels` are added too. Labels shipshape sets (`app.kubernetes.io/*`) are refused.
   * @default - none
   */
  readonly labels?: Readonly<Record<string, string>>;
  /**
   * Labels that select the workload's pods, e.g. an upstream app's `{ app: 'cartservice' }`: added to its labels
   * and pod labels, and the whole selector of its Deployment or StatefulSet, Service, PodDisruptionBudget,
   * NetworkPolicies (its own and its peers'), ServiceMonitor and spread constraints. A live Deployment's or
   * StatefulSet's selector is immutable, so keep the upstream one to migrate in place; it must select this
   * workload's pods only.
   * @default { 'app.kubernetes.io/name': <name>, 'app.kubernetes.io/instance': <the System's partOf> }
   */
  readonly selectorLabels?: Readonly<Record<string, string>>;
  /**
   * Extra annotations on the pods.
   * @default - none
   */
  readonly podAnnotations?: Readonly<Record<string, string>>;
  /**
   * Time the pod gets to stop gracefully.
   * @default Duration.seconds(30)
   */
  readonly terminationGracePeriod?: Duration;
  /**
   * Least-privilege RBAC rules for the workload's own ServiceAccount (a Role and RoleBinding);
   * the API token is mounted only when rules are given.
   * @default - no rules, no token
   */
  readonly rbacRules?: readonly k8s.PolicyRule[];
  /**
   * A ServiceAccount of the System that several workloads run as (e.g. one cloud IAM identity); the workload
   * then has none of its own, and its RBAC rules are the ServiceAccount's.
   * @default - a ServiceAccount of its own, named like the workload
   */
  readonly serviceAccount?: ServiceAccount;
}

/** The keys of {@link WorkloadProps}, which every workload's props extend. */
export const _WORKLOAD_KEYS: readonly string[] = [
  'name',
  'containerName',
  'image',
  'command',
  'args',
  'envFrom',
  'env',
  'resources',
  'dependencies',
  'externalEgress',
  'secretMounts',
  'writablePaths',
  'sharedPaths',
  'scratchSizeLimit',
  'initContainers',
  'sidecars',
  'identity',
  'imagePullPolicy',
  'component',
  'labels',
  'selectorLabels',
  'podAnnotations',
  'terminationGracePeriod',
  'rbacRules',
  'serviceAccount',
];

/**
 * The pod model every shipshape workload shares: one main container (plus sidecars and init
 * containers), Pod Security "restricted" by construction, requests and limits, its own
 * ServiceAccount without a token, endpoint env vars of its dependencies, and a NetworkPolicy
 * derived from the System's graph. A subclass resolves every prop into a plan before calling
 * this constructor, so a refused construct leaves nothing in the tree.
 */
export abstract class Workload extends Construct {
  /** Name of the workload and of its objects. */
  public readonly name: string;
  /** The System it belongs to. */
  public readonly system: System;
  /** Labels its pods are selected by. */
  public readonly selectorLabels: Readonly<Record<string, string>>;
  /** Escape hatch: the ServiceAccount its pods run as. */
  public readonly serviceAccount: k8s.KubeServiceAccount;
  /** Escape hatch: the Role of its `rbacRules`, if any. */
  public readonly role?: k8s.KubeRole;
  /** Escape hatch: the RoleBinding of its `rbacRules`, if any. */
  public readonly roleBinding?: k8s.KubeRoleBinding;
  /** Escape hatch: its NetworkPolicy, when the System derives them. */
  public readonly networkPolicy?: k8s.KubeNetworkPolicy;

  /** @internal Every prop, checked and defaulted. */
  protected readonly _plan: _WorkloadPlan;
  /** @internal Its chart values' component key (camelCase of the name). */
  protected readonly _valueComponent: string;
  private readonly dependencies: Map<ServiceWorkload, Set<string>>;

  /** @internal */
  protected constructor(scope: Construct, id: string, plan: _WorkloadPlan) {
    let component = '';
    const selection = { path: plan.at.node.path, selector: plan.selectorLabels, podLabels: plan.podLabels };
    plan.system._claimAll(plan.at, plan.claims, plan.nameProp, () => {
      component = _checkComponent(plan.at, plan.system, plan.name, plan.nameProp);
      _checkSelection(plan.at, plan.system, selection, plan.teamLabels, plan.ownSelector);
    });
    super(scope, id);
    _ownComponent(this, component);
    this._valueComponent = component;
    const { name, system, labels } = plan;
    this._plan = plan;
    this.dependencies = new Map();
    this.name = name;
    this.system = system;
    this.selectorLabels = _restoreKeys(plan.selectorLabels);
    system._register('workload', this);
    _recordSelection(system, selection);
    _checkMeshIdentity(this, system.mesh, plan.account.shared?.serviceAccount.name);
    // A shared ServiceAccount is the System's; the workload only runs as it.
    this.serviceAccount =
      plan.account.shared?.serviceAccount ??
      new k8s.KubeServiceAccount(this, 'service-account', {
        metadata: { name, labels },
        automountServiceAccountToken: false,
      });
    if (plan.rbacRules.length > 0)
      ({ role: this.role, roleBinding: this.roleBinding } = _roleObjects(
        this,
        name,
        system.namespace,
        labels,
        plan.rbacRules,
      ));
    if (system.networkPolicies) {
      this.networkPolicy = new k8s.KubeNetworkPolicy(this, 'network-policy', {
        metadata: { name, labels },
        spec: _lazy(() => _policySpec(this.selectorLabels, this._ingressEdges(), this.egressEdges())),
      });
    }
    for (const d of plan.dependencies) this.record(d.target, d.ports);
    // Endpoint values read dependencies, which may be added until synthesis: checked then, with a clear message.
    this.node.addValidation({
      validate: () => {
        for (const c of [plan.main, ...plan.sidecars, ...plan.inits]) {
          for (const [name, value, own] of c.env) {
            if (value._endpoint)
              value._render(plan.at, own ?? `${c.envProp}.${name}`, name, this.dependencies);
          }
        }
        return [];
      },
    });
  }

  /**
   * Declares that this workload calls `dep.target` on `dep.ports`: injects the target's endpoint
   * env vars and allows the traffic in both NetworkPolicies.
   */
  public addDependency(dep: Dependency, prop = 'dependencies'): void {
    const d = _resolveDependency(this, this.system, this.name, dep, prop);
    if (d.target === (this as Workload))
      _fail(this, `${prop}.target`, 'must not name the workload itself', d.target.name);
    // The constructor's rule: no container defines a variable the dependencies (this one added) inject.
    const after = new Map([...this.dependencies].map(([t, ports]) => [t, new Set(ports)]));
    const ports = after.get(d.target) ?? new Set<string>();
    d.ports.forEach((p) => ports.add(p));
    after.set(d.target, ports);
    const plans = [...after].map(([target, used]) => ({ target, ports: [...used] }));
    const endpoints = _endpointEnv(this.system, after);
    for (const c of [this._plan.main, ...this._plan.sidecars, ...this._plan.inits])
      _checkEndpointClash(this._plan.at, c, endpoints, plans);
    this.record(d.target, d.ports);
  }

  /** Name of the ServiceAccount its pods run as (the identity a mesh admits). */
  public get serviceAccountName(): string {
    return this.serviceAccount.name;
  }

  /** Services this workload depends on, with the port names used. */
  public get dependencyList(): readonly {
    readonly target: ServiceWorkload;
    readonly ports: readonly string[];
  }[] {
    return [...this.dependencies].map(([target, ports]) => ({ target, ports: [...ports] }));
  }

  /** @internal NetworkPolicy ingress (none for tasks). */
  protected _ingressEdges(): _Edge[] {
    return [];
  }

  /** @internal Egress among the workload's own replicas (StatefulService peers). */
  protected _peerEgressEdges(): _Edge[] {
    return [];
  }

  /** @internal The pod template, rendered from the plan and the dependencies known at synthesis. */
  protected _podTemplate(
    spread?: k8s.TopologySpreadConstraint[],
    restartPolicy?: string,
  ): k8s.PodTemplateSpec {
    const p = this._plan;
    const endpoints = _endpointEnv(this.system, this.dependencies);
    const render = (c: _WorkloadPlan['main']) =>
      _renderContainer(
        c,
        _renderEnv(p.at, c.envProp, endpoints, c.env, this.dependencies, c.envFrom),
        p.volumes,
        p.imagePullPolicy,
      );
    const volumes = p.volumes.flatMap((v) => (v.volume ? [v.volume] : []));
    const mesh = this.system.mesh;
    // A Job's pods must exit: an injected sidecar runs as a native sidecar (Kubernetes 1.29+), which stops with them.
    const annotations = {
      ...p.podAnnotations,
      ...(mesh?.mode === 'sidecar' &&
        restartPolicy !== undefined && { 'sidecar.istio.io/nativeSidecar': 'true' }),
    };
    return {
      metadata: {
        // Enrolled by the Namespace's label when the System owns it, else pod by pod.
        labels: { ...p.podLabels, ...(mesh && !this.system.namespaceObject && _podEnrolmentLabels(mesh)) },
        ...(Object.keys(annotations).length > 0 && { annotations: { ...annotations } }),
      },
      spec: _defined({
        serviceAccountName: p.account.name,
        automountServiceAccountToken: p.account.token !== undefined,
        enableServiceLinks: false,
        securityContext: _podSecurityContext(p.identity),
        initContainers: p.inits.length > 0 ? p.inits.map(render) : undefined,
        containers: [render(p.main), ...p.sidecars.map(render)],
        volumes: volumes.length > 0 ? volumes : undefined,
        topologySpreadConstraints: spread,
        terminationGracePeriodSeconds: p.terminationGracePeriodSeconds,
        restartPolicy,
      }),
    };
  }

  private record(target: ServiceWorkload, ports: readonly string[]): void {
    const known = this.dependencies.get(target) ?? new Set<string>();
    ports.forEach((p) => known.add(p));
    this.dependencies.set(target, known);
    target._addDependent(this, ports);
  }

  private egressEdges(): _Edge[] {
    const edges: _Edge[] = [];
    for (const [target, names] of this.dependencies) {
      edges.push({
        peer: _podPeer(target.selectorLabels),
        ports: target.ports
          .filter((p) => names.has(p.name))
          .map((p) => ({ protocol: p.transport, port: p.port })),
      });
    }
    const mesh = this.system.mesh;
    const pods = [...edges, ...this._peerEgressEdges()];
    if (!mesh) return [...pods, ...this._plan.externalEgress];
    return [
      ...pods.map((e) => _withMeshPorts(mesh, e)),
      ..._meshEgressEdges(mesh),
      ...this._plan.externalEgress,
    ];
  }
}
