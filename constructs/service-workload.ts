import { ApiObject } from 'cdk8s';
import { k8s } from 'cdk8s-plus-27';
import type { Construct } from 'constructs';
import { _fail, type _Where } from './_errors';
import { _EXTRA_SERVICE_LABEL, _exposureSpec, _externalEdges } from './_exposure';
import { _podPeer, type _Edge } from './_network-policy';
import { _peer } from './_peer';
import type { _ServiceParts } from './_service-plan';
import { _SERVICE_WORKLOAD } from './_endpoint-plan';
import type { _WorkloadPlan } from './_workload-plan';
import { _endpointVariables, EndpointPart, EnvValue } from './env-value';
import type { ExternalService, ExtraService } from './exposure';
import type { Probes } from './pod';
import type { PodPeer } from './platform';
import type { ServiceAccountIdentity } from './gateway-implementation';
import { _authorizationSpec, _ISTIO_SECURITY, _meshProbeEdges, _probedPorts, _withMeshPorts } from './_istio';
import { _lazy } from './_lazy';
import { _uniqueCallers, type _MeshCaller, type _WorkloadIntent } from './_mesh-intent';
import { Protocol, type ServicePort } from './port';
import { _WORKLOAD_KEYS, Workload, type WorkloadProps } from './workload';
import { _keys } from './_keys';
import { _safeKeys } from './_special-keys';

/** An edge data plane's pods, ServiceAccount and the ports it may reach. */
type _EdgePeer = { peer: PodPeer; serviceAccount: ServiceAccountIdentity | undefined; ports: Set<string> };

/** A Prometheus metrics endpoint. */
export interface MetricsEndpoint {
  /**
   * Port name serving metrics.
   * @default - the main port
   */
  readonly port?: string;
  /**
   * URL path of the metrics.
   * @default '/metrics'
   */
  readonly path?: string;
  /**
   * Scrape interval (Go duration).
   * @default '30s'
   */
  readonly interval?: string;
}

export const _METRICS_ENDPOINT_KEYS = _keys('MetricsEndpoint', ['port', 'path', 'interval']);

/** A PodDisruptionBudget: how many pods voluntary disruptions (drains, upgrades) may take down. */
export interface Availability {
  /**
   * Pods (number or percentage) that may be unavailable at once; exclusive with `minAvailable`.
   * @default 1 when `minAvailable` is not set
   */
  readonly maxUnavailable?: number | string;
  /**
   * Pods (number or percentage) that must stay available; exclusive with `maxUnavailable`.
   * @default - use `maxUnavailable`
   */
  readonly minAvailable?: number | string;
}

export const _AVAILABILITY_KEYS = _keys('Availability', ['maxUnavailable', 'minAvailable']);

/**
 * A service's address as env values for a workload that depends on it, and the names of the variables behind
 * them (the endpoint variables the dependency injects).
 */
export interface Endpoint {
  /** `$(<TARGET>_SERVICE_HOST)`: the Service's DNS name. */
  readonly host: EnvValue;
  /** `$(<TARGET>_SERVICE_PORT)` (main port) or `$(<TARGET>_SERVICE_PORT_<NAME>)`: the Service port. */
  readonly port: EnvValue;
  /** `host:port`. */
  readonly address: EnvValue;
  /** Name of the host variable, e.g. `LINK_MANAGER_SERVICE_HOST`, for values such as URLs. */
  readonly hostVariable: string;
  /** Name of the port variable, e.g. `LINK_MANAGER_SERVICE_PORT`. */
  readonly portVariable: string;
}

/** Props of a workload reachable through a Service. */
export interface ServiceWorkloadProps extends WorkloadProps {
  /** Named ports; the first is the main port (probes, dependencies and metrics default to it). */
  readonly ports: readonly ServicePort[];
  /**
   * Probes of the main container.
   * @default - readiness and liveness derived from the main port
   */
  readonly probes?: Probes;
  /**
   * Path of the default HTTP probes.
   * @default '/healthz'
   */
  readonly healthPath?: string;
  /**
   * Prometheus metrics endpoint: Prometheus may scrape it, and a ServiceMonitor is emitted when the System enables them.
   * @default - no metrics
   */
  readonly metrics?: MetricsEndpoint;
  /**
   * PodDisruptionBudget.
   * @default - no PodDisruptionBudget
   */
  readonly availability?: Availability;
  /**
   * Services beside the main one, each `<name>-<suffix>` on some of the ports (e.g. a LoadBalancer
   * for the public port); a NodePort or LoadBalancer one declares its `sources`.
   * @default - the main Service only
   */
  readonly extraServices?: readonly ExtraService[];
}

/** The keys of {@link ServiceWorkloadProps}, which the props of the workloads behind a Service extend. */
export const _SERVICE_WORKLOAD_KEYS: readonly string[] = [
  ..._WORKLOAD_KEYS,
  'ports',
  'probes',
  'healthPath',
  'metrics',
  'availability',
  'extraServices',
];

/**
 * A workload behind a Service: named ports, probes, who may call it (dependents, the data planes of
 * the Gateways that route to it, Prometheus), its metrics endpoint and its disruption budget.
 */
export abstract class ServiceWorkload extends Workload {
  /** Ports, defaults resolved; the first is the main port. */
  public readonly ports: readonly Required<ServicePort>[];
  /** The main port. */
  public readonly mainPort: Required<ServicePort>;
  /** Metrics endpoint, if declared. */
  public readonly metrics?: Required<MetricsEndpoint> | undefined;
  /** Escape hatch: the PodDisruptionBudget, when `availability` is set. */
  public readonly pdb?: k8s.KubePodDisruptionBudget;
  /** Escape hatch: the ALLOW AuthorizationPolicy of its callers, when the System has a mesh. */
  public readonly authorizationPolicy?: ApiObject;
  /** Escape hatch: the ServiceMonitor, when metrics are declared and the System emits them. */
  public readonly serviceMonitor?: ApiObject;
  /** Its Services reachable from outside the cluster (NodePort, LoadBalancer), main first, with their sources. */
  public readonly externalServices: readonly ExternalService[];
  /**
   * Escape hatch: the `extraServices` by suffix, e.g.
   * `svc.extraServices.get('public')?.metadata.addAnnotation('service.beta.kubernetes.io/aws-load-balancer-type', 'nlb')`.
   */
  public readonly extraServices: ReadonlyMap<string, k8s.KubeService>;

  private readonly dependents: Map<Workload, Set<string>>;
  /** Edge data planes (Gateway proxies, ingress controllers), their ServiceAccounts and the ports each may reach, by peer. */
  private readonly edgePeers: Map<string, _EdgePeer>;
  /** @internal The Gateway API routes that reach the service (kind and name), for a traffic-routed canary. */
  public readonly _routes: { readonly kind: string; readonly name: string }[] = [];
  /** @internal The canary Service beside the main one, when a canary's traffic is routed by weights. */
  public _canaryService?: string | undefined;
  /** @internal */
  protected readonly _service: _ServiceParts;

  /** @internal */
  protected constructor(scope: Construct, id: string, plan: _WorkloadPlan, service: _ServiceParts) {
    super(scope, id, plan);
    Object.defineProperty(this, _SERVICE_WORKLOAD, { value: true });
    this._service = service;
    this.ports = service.ports;
    this.mainPort = service.mainPort;
    this.metrics = service.metrics;
    this.dependents = new Map();
    this.edgePeers = new Map();
    this.extraServices = new Map();
    if (this.system.mesh) {
      this.authorizationPolicy = new ApiObject(this, 'authorization-policy', {
        apiVersion: _ISTIO_SECURITY,
        kind: 'AuthorizationPolicy',
        metadata: { name: this.name, labels: { ...plan.labels } },
        spec: _lazy(() => _authorizationSpec(this.system.mesh!, this._meshIntent())),
      });
    }
    this.externalServices = service.external.map((x) => ({
      name: x.name,
      type: x.type,
      ports: x.ports.map((p) => p.name),
      cidrs: [...x.cidrs],
      anywhere: x.anywhere,
    }));
  }

  /**
   * This service's address (`port`: a port name, the main port by default) as env values for a workload that
   * declares a dependency on it on that port, e.g. `env: { CART_SERVICE_ADDR: cart.endpoint().address }`.
   */
  public endpoint(port?: string): Endpoint {
    const name = port === undefined ? this.mainPort.name : this.port(port, 'port').name;
    const value = (part: EndpointPart) => EnvValue.fromEndpoint(this, { port: name, part });
    const v = _endpointVariables(this, name);
    return {
      host: value(EndpointPart.HOST),
      port: value(EndpointPart.PORT),
      address: value(EndpointPart.ADDRESS),
      hostVariable: v.host,
      portVariable: v.port,
    };
  }

  /** @internal Lets `peer`'s pods (an edge data plane, as `serviceAccount` when known) reach `portName`. */
  public _admitFrom(peer: PodPeer, portName: string, serviceAccount?: ServiceAccountIdentity): void {
    this.port(portName, 'port');
    const key = JSON.stringify([peer.namespace, Object.entries(peer.podLabels).sort()]);
    const known = this.edgePeers.get(key) ?? { peer, serviceAccount, ports: new Set<string>() };
    known.ports.add(portName);
    this.edgePeers.set(key, known);
  }

  /** The port named `name`; fails naming `prop` when there is none. */
  public port(name: string, prop: string, scope: _Where = this): Required<ServicePort> {
    const p = this.ports.find((x) => x.name === name);
    if (!p)
      _fail(
        scope,
        prop,
        `must name a port of '${this.name}' (${this.ports.map((x) => x.name).join(', ')})`,
        name,
      );
    return p;
  }

  /** @internal Records that `source` calls this workload on `ports`. */
  public _addDependent(source: Workload, ports: readonly string[]): void {
    const known = this.dependents.get(source) ?? new Set<string>();
    ports.forEach((p) => known.add(p));
    this.dependents.set(source, known);
  }

  /** @internal */
  protected override _ingressEdges(): _Edge[] {
    const portsOf = (names: Iterable<string>) => {
      const wanted = new Set(names);
      return this.ports
        .filter((p) => wanted.has(p.name))
        .map((p) => ({ protocol: p.transport, port: p.port }));
    };
    const edges: _Edge[] = [];
    for (const [source, names] of this.dependents) {
      edges.push({ peer: _podPeer(source.selectorLabels), ports: portsOf(names) });
    }
    edges.push(...this._peerIngressEdges());
    for (const { peer, ports } of this.edgePeers.values())
      edges.push({ peer: _peer(peer), ports: portsOf(ports) });
    if (this.metrics)
      edges.push({ peer: _peer(this.system.prometheus), ports: portsOf([this.metrics.port]) });
    // The mesh's own traffic between the same pods (ambient: HBONE), and the kubelet's probes as it sees them.
    const mesh = this.system.mesh;
    const meshed = mesh ? edges.map((e) => _withMeshPorts(mesh, e)) : edges;
    if (mesh) meshed.push(..._meshProbeEdges(mesh, _probedPorts([this._plan.main, ...this._plan.sidecars])));
    meshed.push(..._externalEdges(this._service.external, this.ports, this.system._clusterRanges));
    return meshed;
  }

  /**
   * @internal The mesh intent: every identity that may call each port (dependents, replicas, Gateway data
   * planes, the scraper), merged by ServiceAccount.
   */
  public _meshIntent(): _WorkloadIntent {
    const callers = new Map<string, _MeshCaller[]>(this.ports.map((p) => [p.name, []]));
    const add = (names: Iterable<string>, c: _MeshCaller) => {
      for (const n of names) callers.get(n)?.push(c);
    };
    const ns = this.system.namespace;
    for (const [source, names] of this.dependents)
      add(names, { kind: 'dependency', serviceAccount: { namespace: ns, name: source.serviceAccountName } });
    add(this._peerPortNames(), {
      kind: 'peer',
      serviceAccount: { namespace: ns, name: this.serviceAccountName },
    });
    for (const { serviceAccount, ports } of this.edgePeers.values()) {
      if (serviceAccount === undefined)
        throw new Error('shipshape bug: a meshed backend admits a data plane of unknown identity');
      add(ports, { kind: 'gateway', serviceAccount });
    }
    if (this.metrics)
      add([this.metrics.port], { kind: 'scraper', serviceAccount: this.system.prometheusServiceAccount });
    return {
      name: this.name,
      selector: this.selectorLabels,
      serviceAccount: { namespace: ns, name: this.serviceAccountName },
      ports: this.ports
        .map((p) => ({
          name: p.name,
          port: p.port,
          transport: p.transport,
          callers: _uniqueCallers(callers.get(p.name)!),
        }))
        .filter((p) => p.callers.length > 0),
    };
  }

  /** @internal The port names the workload's own replicas call each other on (StatefulService peers). */
  protected _peerPortNames(): readonly string[] {
    return [];
  }

  /** @internal Ingress among the workload's own replicas. */
  protected _peerIngressEdges(): _Edge[] {
    return [];
  }

  /** @internal The Service's ports (`only`: these). */
  protected _servicePorts(only: readonly Required<ServicePort>[] = this.ports): k8s.ServicePort[] {
    return only.map((p) => ({
      name: p.name,
      port: p.servicePort,
      targetPort: k8s.IntOrString.fromString(p.name),
      protocol: p.transport,
      ...(p.protocol !== Protocol.TCP && { appProtocol: p.protocol }),
    }));
  }

  /**
   * @internal Emits the extra Services, the PodDisruptionBudget and the ServiceMonitor, when there
   * are any (after the main objects, as dist/ has them). `monitor`: pod labels the ServiceMonitor copies into
   * the series, and the blue-green preview Service (its suffix, and the pod label that tells its pods apart).
   */
  protected _createOptionalObjects(
    monitor: {
      readonly podTargetLabels?: readonly string[];
      readonly preview?: { readonly suffix: string; readonly roleLabel: string } | undefined;
    } = {},
  ): void {
    const { pdb, extraServices } = this._service;
    const labels = this._plan.labels;
    for (const x of extraServices) {
      const service = new k8s.KubeService(this, `extra-service-${x.suffix}`, {
        metadata: { name: x.name, labels: { ...labels, [_EXTRA_SERVICE_LABEL]: x.suffix } },
        spec: {
          type: x.type,
          selector: _safeKeys(this.selectorLabels),
          ports: this._servicePorts(x.ports),
          ..._exposureSpec(x),
        },
      });
      (this.extraServices as Map<string, k8s.KubeService>).set(x.suffix, service);
    }
    if (pdb) {
      (this as { pdb?: k8s.KubePodDisruptionBudget }).pdb = new k8s.KubePodDisruptionBudget(this, 'pdb', {
        metadata: { name: this.name, labels },
        spec: pdb,
      });
    }
    if (!this.metrics || !this.system.serviceMonitors) return;
    (this as { serviceMonitor?: ApiObject }).serviceMonitor = new ApiObject(this, 'service-monitor', {
      apiVersion: 'monitoring.coreos.com/v1',
      kind: 'ServiceMonitor',
      metadata: { name: this.name, labels: _safeKeys({ ...labels, ...this.system.serviceMonitorLabels }) },
      spec: {
        // Extra Services select the same pods: scraping through them too would count every pod twice. A
        // blue-green preview Service is scraped (the main Service selects only the active pods), and its targets
        // that are not preview pods are dropped. A traffic-routed canary's Service is scraped too: the controller
        // makes it select only the canary pods, and the main one only the stable pods.
        selector: {
          matchLabels: _safeKeys(this.selectorLabels),
          ...(extraServices.length > 0 && {
            matchExpressions: [
              monitor.preview || this._canaryService !== undefined
                ? { key: _EXTRA_SERVICE_LABEL, operator: 'NotIn', values: extraServices.map((x) => x.suffix) }
                : { key: _EXTRA_SERVICE_LABEL, operator: 'DoesNotExist' },
            ],
          }),
        },
        ...(monitor.podTargetLabels?.length && { podTargetLabels: [...monitor.podTargetLabels] }),
        namespaceSelector: { matchNames: [this.system.namespace] },
        endpoints: [
          {
            port: this.metrics.port,
            path: this.metrics.path,
            interval: this.metrics.interval,
            scheme: 'http',
            ...(monitor.preview && {
              relabelings: [
                {
                  action: 'drop',
                  sourceLabels: [
                    `__meta_kubernetes_service_label_${_promLabel(_EXTRA_SERVICE_LABEL)}`,
                    `__meta_kubernetes_pod_label_${_promLabel(monitor.preview.roleLabel)}`,
                  ],
                  regex: `${monitor.preview.suffix};(active)?`,
                },
              ],
            }),
          },
        ],
      },
    });
  }
}

/** A Kubernetes label name as Prometheus' service discovery writes it (`shipshape.io/x-y` -> `shipshape_io_x_y`). */
export function _promLabel(label: string): string {
  return label.replace(/[^a-zA-Z0-9_]/g, '_');
}
