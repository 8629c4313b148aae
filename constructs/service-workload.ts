import { ApiObject } from 'cdk8s';
import { k8s } from 'cdk8s-plus-27';
import type { Construct } from 'constructs';
import { _fail, type _Where } from './_errors';
import { _podPeer, type _Edge } from './_network-policy';
import { _peer } from './_peer';
import type { _ServiceParts } from './_service-plan';
import { _SERVICE_WORKLOAD, type _WorkloadPlan } from './_workload-plan';
import type { Probes } from './pod';
import { Protocol, type ServicePort } from './port';
import { Workload, type WorkloadProps } from './workload';

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
}

/**
 * A workload behind a Service: named ports, probes, who may call it (dependents, the ingress
 * controller, Prometheus), its metrics endpoint and its disruption budget.
 */
export abstract class ServiceWorkload extends Workload {
  /** Ports, defaults resolved; the first is the main port. */
  public readonly ports: readonly Required<ServicePort>[];
  /** The main port. */
  public readonly mainPort: Required<ServicePort>;
  /** Metrics endpoint, if declared. */
  public readonly metrics?: Required<MetricsEndpoint>;
  /** Escape hatch: the PodDisruptionBudget, when `availability` is set. */
  public readonly pdb?: k8s.KubePodDisruptionBudget;
  /** Escape hatch: the ServiceMonitor, when metrics are declared and the System emits them. */
  public readonly serviceMonitor?: ApiObject;

  private readonly dependents: Map<Workload, Set<string>>;
  private readonly gatewayPorts: Set<string>;
  /** @internal */
  protected readonly _service: _ServiceParts;

  /** @internal */
  protected constructor(scope: Construct, id: string, plan: _WorkloadPlan, service: _ServiceParts) {
    super(scope, id, plan);
    Object.defineProperty(this, _SERVICE_WORKLOAD, { value: true });
    this._service = service;
    this.ports = service.ports;
    this.mainPort = service.ports[0];
    this.metrics = service.metrics;
    this.dependents = new Map();
    this.gatewayPorts = new Set();
  }

  /** Lets the ingress controller reach `portName` (used by Gateway backends). */
  public allowFromIngressController(portName: string): void {
    this.port(portName, 'port');
    this.gatewayPorts.add(portName);
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
    if (this.gatewayPorts.size > 0)
      edges.push({ peer: _peer(this.system.ingressController), ports: portsOf(this.gatewayPorts) });
    if (this.metrics)
      edges.push({ peer: _peer(this.system.prometheus), ports: portsOf([this.metrics.port]) });
    return edges;
  }

  /** @internal Ingress among the workload's own replicas. */
  protected _peerIngressEdges(): _Edge[] {
    return [];
  }

  /** @internal The Service's ports. */
  protected _servicePorts(): k8s.ServicePort[] {
    return this.ports.map((p) => ({
      name: p.name,
      port: p.servicePort,
      targetPort: k8s.IntOrString.fromString(p.name),
      protocol: p.transport,
      appProtocol: p.protocol === Protocol.TCP ? undefined : p.protocol,
    }));
  }

  /** @internal Emits the PodDisruptionBudget and the ServiceMonitor, when there are any (after the main objects, as dist/ has them). */
  protected _createOptionalObjects(): void {
    const { pdb } = this._service;
    const labels = this._plan.labels;
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
      metadata: { name: this.name, labels: { ...labels, ...this.system.serviceMonitorLabels } },
      spec: {
        selector: { matchLabels: { ...this.selectorLabels } },
        namespaceSelector: { matchNames: [this.system.namespace] },
        endpoints: [
          {
            port: this.metrics.port,
            path: this.metrics.path,
            interval: this.metrics.interval,
            scheme: 'http',
          },
        ],
      },
    });
  }
}
