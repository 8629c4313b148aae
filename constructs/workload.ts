import { Duration } from 'cdk8s';
import { k8s } from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import {
  _checkDnsLabel,
  _checkInt,
  _checkLabelKey,
  _checkLabelValue,
  _checkMountPath,
  _checkPortNumber,
  _checkServiceName,
} from './_checks';
import { _fail } from './_errors';
import { _checkImage } from './_image';
import { _commonLabels, _envPrefix, _selectorLabels } from './_labels';
import { _lazy } from './_lazy';
import { _checkQuantity, _checkRequestLimit } from './_quantity';
import { _containerSecurityContext, _podSecurityContext, type _PodIdentity } from './_security';
import { _renderEnv, EnvValue } from './env-value';
import type { Probe } from './probe';
import { Protocol, type ServicePort } from './port';
import type { Resources } from './resources';
import type { Secret } from './secret';
import type { ServiceWorkload } from './service-workload';
import { System } from './system';

/** When the kubelet pulls the image. */
export enum ImagePullPolicy {
  /** Pull only when the node lacks the image (right for pinned tags and digests). */
  IF_NOT_PRESENT = 'IfNotPresent',
  /** Pull on every start. */
  ALWAYS = 'Always',
  /** Never pull (images preloaded, e.g. `minikube image load`). */
  NEVER = 'Never',
}

/** Liveness, readiness and startup probes of a container. */
export interface Probes {
  /**
   * Gates traffic: the pod receives requests only while this succeeds.
   * @default - derived from the main port (HTTP GET `healthPath`, gRPC health, or TCP connect)
   */
  readonly readiness?: Probe;
  /**
   * Restarts the container when it fails.
   * @default - same check as readiness
   */
  readonly liveness?: Probe;
  /**
   * Holds the other probes until the container has started.
   * @default - none
   */
  readonly startup?: Probe;
}

/** The user and groups the pod runs as (never root). */
export interface PodIdentity {
  /**
   * UID of every container.
   * @default 65532
   */
  readonly runAsUser?: number;
  /**
   * Primary GID of every container.
   * @default - same as `runAsUser`
   */
  readonly runAsGroup?: number;
  /**
   * GID that owns mounted volumes.
   * @default - same as `runAsGroup`
   */
  readonly fsGroup?: number;
}

/** A declared Secret mounted as files, read-only. */
export interface SecretMount {
  /** The secret. */
  readonly secret: Secret;
  /** Directory of the files (one per key). */
  readonly mountPath: string;
  /**
   * Keys to mount.
   * @default - every declared key
   */
  readonly keys?: readonly string[];
}

/** Egress to addresses outside the cluster (e.g. an OAuth provider). */
export interface ExternalEgress {
  /** CIDR of the destination, e.g. `0.0.0.0/0`. */
  readonly cidr: string;
  /** Destination TCP ports. */
  readonly ports: readonly number[];
  /**
   * CIDRs excluded from `cidr` (e.g. the cluster's private ranges).
   * @default - none
   */
  readonly except?: readonly string[];
}

/** A dependency on another service of the same System. */
export interface Dependency {
  /** The service depended on. */
  readonly target: ServiceWorkload;
  /**
   * Port names of the target used.
   * @default - the target's main port
   */
  readonly ports?: readonly string[];
}

/** Spreading of replicas across failure domains. */
export interface TopologySpread {
  /**
   * Maximum difference in replica count between two domains.
   * @default 1
   */
  readonly maxSkew?: number;
  /**
   * Refuse to schedule rather than violate the spread.
   * @default false
   */
  readonly strict?: boolean;
}

/** An extra container: a sidecar (runs beside the main one) or an init container (runs before). */
export interface ContainerProps {
  /** Container name (a DNS-1123 label), unique in the pod. */
  readonly name: string;
  /** Image with a pinned tag or digest. */
  readonly image: string;
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
   * Environment, in order.
   * @default - none
   */
  readonly env?: Readonly<Record<string, EnvValue>>;
  /**
   * CPU and memory.
   * @default { cpu: { request: '50m', limit: '200m' }, memory: { request: '64Mi', limit: '128Mi' } }
   */
  readonly resources?: Resources;
  /**
   * Ports the container listens on (not exposed on the Service).
   * @default - none
   */
  readonly ports?: readonly ServicePort[];
  /**
   * Probes of a sidecar (init containers cannot have probes).
   * @default - none
   */
  readonly probes?: Probes;
  /**
   * Writable directories (emptyDir) of this container; the root filesystem stays read-only.
   * @default ['/tmp']
   */
  readonly writablePaths?: readonly string[];
}

/** Props every workload shares. */
export interface WorkloadProps {
  /**
   * Name of the workload and of its objects.
   * @default - the construct id
   */
  readonly name?: string;
  /** Image with a pinned tag or digest (`latest` is refused). */
  readonly image: string;
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
   * Size cap of every emptyDir.
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
}

/** A volume and the containers that mount it (`volume` is absent for volumeClaimTemplates). */
interface VolumePlan {
  readonly name: string;
  readonly volume?: k8s.Volume;
  readonly mounts: readonly { readonly container: string | '*'; readonly mount: k8s.VolumeMount }[];
}

const DEFAULT_RESOURCES: Required<Resources> = {
  cpu: { request: '100m', limit: '500m' },
  memory: { request: '128Mi', limit: '256Mi' },
};
const SIDECAR_RESOURCES: Required<Resources> = {
  cpu: { request: '50m', limit: '200m' },
  memory: { request: '64Mi', limit: '128Mi' },
};

/** `/var/run/postgresql` -> `var-run-postgresql`. */
function slug(path: string): string {
  return (
    path
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 40)
      .replace(/-+$/, '') || 'root'
  );
}

/**
 * The pod model every shipshape workload shares: one main container (plus sidecars and init
 * containers), Pod Security "restricted" by construction, requests and limits, its own
 * ServiceAccount without a token, endpoint env vars of its dependencies, and a NetworkPolicy
 * derived from the System's graph.
 */
export abstract class Workload extends Construct {
  /** Name of the workload and of its objects. */
  public readonly name: string;
  /** The System it belongs to. */
  public readonly system: System;
  /** Labels its pods are selected by. */
  public readonly selectorLabels: Readonly<Record<string, string>>;

  /** @internal Recommended labels of every object of the workload. */
  protected readonly _labels: Readonly<Record<string, string>>;
  /** @internal */
  protected readonly _props: WorkloadProps;
  /** @internal Metadata of the Deployment/StatefulSet/Job/CronJob. */
  protected readonly _workloadMetadata: k8s.ObjectMeta;
  private readonly identity: _PodIdentity;
  private readonly volumes: VolumePlan[] = [];
  private readonly dependencies = new Map<ServiceWorkload, Set<string>>();
  private committed = false;
  private readonly egress: readonly ExternalEgress[];

  constructor(
    scope: Construct,
    id: string,
    props: WorkloadProps,
    limits: { readonly maxNameLength: number; readonly serviceName: boolean },
  ) {
    super(scope, id);
    const system = System.of(this);
    const name = props.name ?? id;
    const image = _checkImage(this, 'image', props.image);
    const user = props.identity?.runAsUser ?? 65532;
    const group = props.identity?.runAsGroup ?? user;
    this.identity = { runAsUser: user, runAsGroup: group, fsGroup: props.identity?.fsGroup ?? group };
    this.name = name;
    this.system = system;
    this._props = props;
    this.egress = props.externalEgress ?? [];
    this.selectorLabels = _selectorLabels(name, system);
    const version =
      image.tag && /^[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$/.test(image.tag) ? image.tag : undefined;
    this._labels = _commonLabels(system, name, { component: props.component, version });
    // Mounting the token is the point of RBAC rules: say so where validators look (kube-linter style opt-out).
    const needsToken = (props.rbacRules ?? []).length > 0;
    this._workloadMetadata = {
      name,
      labels: this._labels,
      annotations: needsToken
        ? {
            'ignore.shipshape.io/automount-service-account-token':
              'RBAC rules of this workload need the API token',
          }
        : undefined,
    };

    if (limits.serviceName) _checkServiceName(this, 'name', name, limits.maxNameLength);
    else _checkDnsLabel(this, 'name', name, limits.maxNameLength);
    if (props.component !== undefined) _checkLabelValue(this, 'component', props.component);
    Object.keys(props.podAnnotations ?? {}).forEach((k) => _checkLabelKey(this, 'podAnnotations', k));
    for (const [k, v] of Object.entries(this.identity)) {
      _checkInt(this, `identity.${k}`, v, 1, 2147483647);
    }
    _checkResources(this, 'resources', props.resources);
    this.egress.forEach((e, i) => {
      if (!/^[0-9a-fA-F:.]+\/[0-9]{1,3}$/.test(e.cidr))
        _fail(this, `externalEgress[${i}].cidr`, "must be a CIDR such as '0.0.0.0/0'", e.cidr);
      if (e.ports.length === 0)
        _fail(this, `externalEgress[${i}].ports`, 'must list at least one port', e.ports);
      e.ports.forEach((p, j) => _checkPortNumber(this, `externalEgress[${i}].ports[${j}]`, p));
    });
    (props.rbacRules ?? []).forEach((r, i) => {
      for (const field of ['apiGroups', 'resources', 'verbs'] as const) {
        if ((r[field] ?? []).includes('*')) {
          _fail(
            this,
            `rbacRules[${i}].${field}`,
            "must not use the wildcard '*' (least privilege)",
            r[field],
            'List the exact values',
          );
        }
      }
      if ((r.verbs ?? []).length === 0)
        _fail(this, `rbacRules[${i}].verbs`, 'must list at least one verb', r.verbs);
    });
    this.planVolumes(props);
    (props.dependencies ?? []).forEach((d, i) => this.addDependency(d, `dependencies[${i}]`));
  }

  /**
   * Declares that this workload calls `dep.target` on `dep.ports`: injects the target's endpoint
   * env vars and allows the traffic in both NetworkPolicies.
   */
  public addDependency(dep: Dependency, prop = 'dependencies'): void {
    const target = dep.target;
    if (target === (this as Workload)) _fail(this, prop, 'must not name the workload itself', target.name);
    if (target.system !== this.system) {
      _fail(
        this,
        prop,
        `must target a service of system '${this.system.node.path}'`,
        target.node.path,
        'Declare the target in the same System',
      );
    }
    const ports = dep.ports ?? [target.mainPort.name];
    // An empty list would render `ports: []`, which Kubernetes reads as every port.
    if (ports.length === 0) {
      _fail(
        this,
        `${prop}.ports`,
        `must list at least one port name of '${target.name}' (${target.ports.map((tp) => tp.name).join(', ')})`,
        ports,
        "Omit 'ports' to use the main port",
      );
    }
    for (const p of ports) {
      if (!target.ports.some((tp) => tp.name === p)) {
        _fail(
          this,
          `${prop}.ports`,
          `must name ports exposed by '${target.name}' (${target.ports.map((tp) => tp.name).join(', ')})`,
          p,
        );
      }
    }
    if (!this.dependencies.has(target)) {
      const clash = Object.keys(this._props.env ?? {}).find((k) =>
        k.startsWith(`${_envPrefix(target.name)}_SERVICE_`),
      );
      if (clash) {
        _fail(
          this,
          `env.${clash}`,
          `must not redefine the endpoint variable injected for dependency '${target.name}'`,
          clash,
        );
      }
    }
    const known = this.dependencies.get(target) ?? new Set<string>();
    ports.forEach((p) => known.add(p));
    this.dependencies.set(target, known);
    // During construction the target learns of it in _commit, so a failed construction leaves no trace.
    if (this.committed) target._addDependent(this, ports);
  }

  /** Services this workload depends on, with the port names used. */
  public get dependencyList(): readonly {
    readonly target: ServiceWorkload;
    readonly ports: readonly string[];
  }[] {
    return [...this.dependencies].map(([target, ports]) => ({ target, ports: [...ports] }));
  }

  /** @internal Ports of the main container (none for tasks). */
  protected _mainPorts(): readonly Required<ServicePort>[] {
    return [];
  }

  /** @internal Probes of the main container (none for tasks). */
  protected _mainProbes(): Pick<k8s.Container, 'readinessProbe' | 'livenessProbe' | 'startupProbe'> {
    return {};
  }

  /** @internal NetworkPolicy ingress rules (none for tasks). */
  protected _ingressRules(): k8s.NetworkPolicyIngressRule[] {
    return [];
  }

  /** @internal Extra egress rules. */
  protected _extraEgressRules(): k8s.NetworkPolicyEgressRule[] {
    return [];
  }

  /** @internal Env vars read from the workload's own ConfigMap (between endpoint vars and `env`). */
  protected _configEnv(): [string, EnvValue][] {
    return [];
  }

  /** @internal Pod annotations that roll pods when configuration changes. */
  protected _rolloutAnnotations(): Record<string, string> {
    return {};
  }

  /** @internal Adds a volume mounted into the main container; without `volume`, the name refers to a volumeClaimTemplate. */
  protected _addVolume(name: string, volume: k8s.Volume | undefined, mount: k8s.VolumeMount): void {
    this.addVolumePlan({ name, volume, mounts: [{ container: this.name, mount }] });
  }

  /**
   * @internal Called by a subclass once every prop is checked: renders env and extra containers
   * once (so bad input fails here), reserves every object name (its own `claims` too) and only
   * then creates the ServiceAccount, RBAC and NetworkPolicy, so a failed construct leaves nothing behind.
   */
  protected _commit(claims: readonly (readonly [kind: string, name: string])[]): void {
    _renderEnv(this, 'env', this.envEntries());
    (this._props.sidecars ?? []).forEach((c) => this.renderExtra(c, true));
    (this._props.initContainers ?? []).forEach((c) => this.renderExtra(c, false));
    const { name, system } = this;
    const rules = this._props.rbacRules ?? [];
    system._claimAll(this, [
      ['ServiceAccount', name],
      ...(rules.length > 0
        ? ([
            ['Role', name],
            ['RoleBinding', name],
          ] as const)
        : []),
      ...(system.networkPolicies ? ([['NetworkPolicy', name]] as const) : []),
      ...claims,
    ]);
    system._register('workload', this);
    new k8s.KubeServiceAccount(this, 'service-account', {
      metadata: { name, labels: this._labels },
      automountServiceAccountToken: false,
    });
    if (rules.length > 0) {
      new k8s.KubeRole(this, 'role', {
        metadata: { name, labels: this._labels },
        rules: rules.map((r) => ({ ...r })),
      });
      new k8s.KubeRoleBinding(this, 'role-binding', {
        metadata: { name, labels: this._labels },
        roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name },
        subjects: [{ kind: 'ServiceAccount', name, namespace: system.namespace }],
      });
    }
    if (system.networkPolicies) {
      new k8s.KubeNetworkPolicy(this, 'network-policy', {
        metadata: { name, labels: this._labels },
        spec: _lazy(() => this.renderNetworkPolicy()),
      });
    }
    this.committed = true;
    for (const [target, ports] of this.dependencies) target._addDependent(this, [...ports]);
  }

  /** @internal The pod template. */
  protected _podTemplate(spread?: TopologySpread, restartPolicy?: string): k8s.PodTemplateSpec {
    const p = this._props;
    const annotations = { ...p.podAnnotations, ...this._rolloutAnnotations() };
    const main = this.renderContainer(
      {
        name: this.name,
        image: p.image,
        command: p.command,
        args: p.args,
        resources: p.resources ?? {},
      },
      _renderEnv(this, 'env', this.envEntries()),
      this._mainPorts(),
      DEFAULT_RESOURCES,
    );
    const sidecars = (p.sidecars ?? []).map((c) => this.renderExtra(c, true));
    const inits = (p.initContainers ?? []).map((c) => this.renderExtra(c, false));
    const volumes = this.volumes.flatMap((v) => (v.volume ? [v.volume] : []));
    return {
      metadata: {
        labels: { ...this._labels },
        annotations: Object.keys(annotations).length > 0 ? annotations : undefined,
      },
      spec: {
        serviceAccountName: this.name,
        automountServiceAccountToken: (p.rbacRules ?? []).length > 0,
        enableServiceLinks: false,
        securityContext: _podSecurityContext(this.identity),
        initContainers: inits.length > 0 ? inits : undefined,
        containers: [{ ...main, ...this._mainProbes() }, ...sidecars],
        volumes: volumes.length > 0 ? volumes : undefined,
        topologySpreadConstraints: spread ? this.spreadConstraints(spread) : undefined,
        terminationGracePeriodSeconds: (p.terminationGracePeriod ?? Duration.seconds(30)).toSeconds(),
        restartPolicy,
      },
    };
  }

  private envEntries(): [string, EnvValue][] {
    const injected: [string, EnvValue][] = [];
    for (const [target, ports] of this.dependencies) {
      const prefix = _envPrefix(target.name);
      injected.push([
        `${prefix}_SERVICE_HOST`,
        EnvValue.value(`${target.name}.${this.system.namespace}.svc`),
      ]);
      injected.push([`${prefix}_SERVICE_PORT`, EnvValue.value(String(target.mainPort.servicePort))]);
      for (const port of target.ports.filter((tp) => ports.has(tp.name))) {
        injected.push([
          `${prefix}_SERVICE_PORT_${_envPrefix(port.name)}`,
          EnvValue.value(String(port.servicePort)),
        ]);
      }
    }
    return [...injected, ...this._configEnv(), ...Object.entries(this._props.env ?? {})];
  }

  private renderExtra(c: ContainerProps, sidecar: boolean): k8s.Container {
    const ports: Required<ServicePort>[] = (c.ports ?? []).map((sp) => ({
      name: sp.name,
      port: sp.port,
      protocol: sp.protocol ?? Protocol.HTTP,
      servicePort: sp.port,
    }));
    const rendered = this.renderContainer(
      c,
      _renderEnv(this, `containers.${c.name}.env`, Object.entries(c.env ?? {})),
      ports,
      SIDECAR_RESOURCES,
    );
    if (!sidecar || !c.probes) return rendered;
    const prop = `sidecars.${c.name}.probes`;
    return {
      ...rendered,
      readinessProbe: c.probes.readiness?._render(this, `${prop}.readiness`, ports),
      livenessProbe: (c.probes.liveness ?? c.probes.readiness)?._render(this, `${prop}.liveness`, ports),
      startupProbe: c.probes.startup?._render(this, `${prop}.startup`, ports),
    };
  }

  private renderContainer(
    c: Pick<ContainerProps, 'name' | 'image' | 'command' | 'args' | 'resources'>,
    env: k8s.EnvVar[],
    ports: readonly Required<ServicePort>[],
    defaults: Required<Resources>,
  ): k8s.Container {
    const r = { cpu: c.resources?.cpu ?? defaults.cpu, memory: c.resources?.memory ?? defaults.memory };
    const mounts = this.volumes.flatMap((v) =>
      v.mounts.filter((m) => m.container === c.name || m.container === '*').map((m) => m.mount),
    );
    return {
      name: c.name,
      image: c.image,
      imagePullPolicy: this._props.imagePullPolicy ?? ImagePullPolicy.IF_NOT_PRESENT,
      command: c.command ? [...c.command] : undefined,
      args: c.args ? [...c.args] : undefined,
      env: env.length > 0 ? env : undefined,
      ports:
        ports.length > 0
          ? ports.map((p) => ({ name: p.name, containerPort: p.port, protocol: 'TCP' }))
          : undefined,
      resources: {
        requests: {
          cpu: k8s.Quantity.fromString(r.cpu.request),
          memory: k8s.Quantity.fromString(r.memory.request),
        },
        limits: {
          cpu: k8s.Quantity.fromString(r.cpu.limit),
          memory: k8s.Quantity.fromString(r.memory.limit),
        },
      },
      securityContext: _containerSecurityContext(),
      volumeMounts: mounts.length > 0 ? mounts : undefined,
    };
  }

  private spreadConstraints(s: TopologySpread): k8s.TopologySpreadConstraint[] {
    const whenUnsatisfiable = s.strict ? 'DoNotSchedule' : 'ScheduleAnyway';
    return ['topology.kubernetes.io/zone', 'kubernetes.io/hostname'].map((topologyKey) => ({
      maxSkew: s.maxSkew ?? 1,
      topologyKey,
      whenUnsatisfiable,
      labelSelector: { matchLabels: { ...this.selectorLabels } },
    }));
  }

  private renderNetworkPolicy(): k8s.NetworkPolicySpec {
    const egress: k8s.NetworkPolicyEgressRule[] = [];
    for (const [target, names] of this.dependencies) {
      egress.push({
        to: [{ podSelector: { matchLabels: { ...target.selectorLabels } } }],
        ports: target.ports
          .filter((p) => names.has(p.name))
          .map((p) => ({ protocol: 'TCP', port: k8s.IntOrString.fromNumber(p.port) })),
      });
    }
    egress.push(...this._extraEgressRules());
    for (const e of this.egress) {
      egress.push({
        to: [{ ipBlock: { cidr: e.cidr, except: e.except ? [...e.except] : undefined } }],
        ports: e.ports.map((port) => ({ protocol: 'TCP', port: k8s.IntOrString.fromNumber(port) })),
      });
    }
    const ingress = this._ingressRules();
    return {
      podSelector: { matchLabels: { ...this.selectorLabels } },
      policyTypes: ['Ingress', 'Egress'],
      ingress: ingress.length > 0 ? ingress : undefined,
      egress: egress.length > 0 ? egress : undefined,
    };
  }

  private planVolumes(p: WorkloadProps): void {
    const scratchSize = p.scratchSizeLimit ?? '256Mi';
    _checkQuantity(this, 'scratchSizeLimit', scratchSize, '256Mi');
    const sizeLimit = k8s.Quantity.fromString(scratchSize);
    const scratch = (name: string, container: string | '*', path: string, prop: string) => {
      _checkMountPath(this, prop, path);
      this.addVolumePlan({
        name,
        volume: { name, emptyDir: { sizeLimit } },
        mounts: [{ container, mount: { name, mountPath: path } }],
      });
    };
    (p.writablePaths ?? ['/tmp']).forEach((path, i) =>
      scratch(slug(path), this.name, path, `writablePaths[${i}]`),
    );
    (p.sharedPaths ?? []).forEach((path, i) =>
      scratch(`shared-${slug(path)}`, '*', path, `sharedPaths[${i}]`),
    );
    (p.secretMounts ?? []).forEach((m, i) => {
      _checkMountPath(this, `secretMounts[${i}].mountPath`, m.mountPath);
      (m.keys ?? []).forEach((k) => m.secret._checkKey(this, `secretMounts[${i}].keys`, k));
      const name = `secret-${m.secret.name}`.slice(0, 63).replace(/[-.]+$/, '');
      this.addVolumePlan({
        name,
        volume: {
          name,
          secret: {
            secretName: m.secret.name,
            defaultMode: 0o440,
            items: m.keys ? m.keys.map((key) => ({ key, path: key })) : undefined,
          },
        },
        mounts: [{ container: this.name, mount: { name, mountPath: m.mountPath, readOnly: true } }],
      });
    });
    const names = new Set<string>([this.name]);
    for (const [kind, list] of [
      ['sidecars', p.sidecars ?? []],
      ['initContainers', p.initContainers ?? []],
    ] as const) {
      list.forEach((c, i) => {
        _checkDnsLabel(this, `${kind}[${i}].name`, c.name);
        if (names.has(c.name))
          _fail(this, `${kind}[${i}].name`, 'must be unique among the containers of the pod', c.name);
        names.add(c.name);
        _checkImage(this, `${kind}[${i}].image`, c.image);
        _checkResources(this, `${kind}[${i}].resources`, c.resources);
        if (kind === 'initContainers' && c.probes)
          _fail(this, `${kind}[${i}].probes`, 'must not be set: init containers cannot have probes', c.name);
        (c.ports ?? []).forEach((sp, j) => _checkPortNumber(this, `${kind}[${i}].ports[${j}].port`, sp.port));
        (c.writablePaths ?? ['/tmp']).forEach((path, j) =>
          scratch(`${c.name}-${slug(path)}`.slice(0, 63), c.name, path, `${kind}[${i}].writablePaths[${j}]`),
        );
      });
    }
  }

  private addVolumePlan(plan: VolumePlan): void {
    const name = plan.name;
    if (this.volumes.some((v) => v.name === name)) {
      _fail(
        this,
        'volumes',
        'must not derive two volumes with the same name; two paths map to one name',
        name,
        'Use distinct directory names',
      );
    }
    for (const m of plan.mounts) {
      const clash = this.volumes.find((v) =>
        v.mounts.some(
          (o) =>
            o.mount.mountPath === m.mount.mountPath &&
            (o.container === m.container || o.container === '*' || m.container === '*'),
        ),
      );
      if (clash)
        _fail(
          this,
          'volumes',
          `must not mount two volumes at one path (already used by volume '${clash.name}')`,
          m.mount.mountPath,
        );
    }
    this.volumes.push(plan);
  }
}

/** Checks a container's resources: quantities parse, request <= limit. */
function _checkResources(scope: Construct, prop: string, r: Resources | undefined): void {
  if (r?.cpu) _checkRequestLimit(scope, `${prop}.cpu`, r.cpu.request, r.cpu.limit, '250m');
  if (r?.memory) _checkRequestLimit(scope, `${prop}.memory`, r.memory.request, r.memory.limit, '256Mi');
}
