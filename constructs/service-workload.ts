import { ApiObject } from 'cdk8s';
import { k8s } from 'cdk8s-plus-27';
import type { Construct } from 'constructs';
import { _checkGoDuration, _checkPortName, _checkPortNumber, _checkUnique } from './_checks';
import { _fail } from './_errors';
import { Probe } from './probe';
import { Protocol, type ServicePort } from './port';
import { _peer } from './_peer';
import { Workload, type Probes, type WorkloadProps } from './workload';

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

const PERCENT = /^([0-9]{1,3})%$/;

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

  private readonly dependents = new Map<Workload, Set<string>>();
  private readonly gatewayPorts = new Set<string>();
  private readonly probes: Required<Pick<Probes, 'readiness' | 'liveness'>> & Pick<Probes, 'startup'>;

  constructor(
    scope: Construct,
    id: string,
    props: ServiceWorkloadProps,
    limits: { readonly maxNameLength: number },
  ) {
    const ports = (props.ports ?? []).map((p) => ({
      ...p,
      protocol: p.protocol ?? Protocol.HTTP,
      servicePort: p.servicePort ?? p.port,
    }));
    super(scope, id, props, { ...limits, serviceName: true });
    this.ports = ports;
    this.mainPort = ports[0];
    if (ports.length === 0) _fail(this, 'ports', 'must declare at least one port', props.ports);
    ports.forEach((p, i) => {
      _checkPortName(this, `ports[${i}].name`, p.name);
      _checkPortNumber(this, `ports[${i}].port`, p.port);
      _checkPortNumber(this, `ports[${i}].servicePort`, p.servicePort);
      if (!Object.values(Protocol).includes(p.protocol))
        _fail(
          this,
          `ports[${i}].protocol`,
          `must be one of ${Object.values(Protocol).join(', ')}`,
          p.protocol,
        );
    });
    _checkUnique(
      this,
      'ports',
      ports.map((p) => p.name),
      'port name',
    );
    _checkUnique(
      this,
      'ports',
      ports.map((p) => p.port),
      'port number',
    );
    _checkUnique(
      this,
      'ports',
      ports.map((p) => p.servicePort),
      'service port',
    );

    if (props.metrics) {
      const m = {
        port: props.metrics.port ?? this.mainPort.name,
        path: props.metrics.path ?? '/metrics',
        interval: props.metrics.interval ?? '30s',
      };
      const port = ports.find((p) => p.name === m.port);
      if (!port)
        _fail(
          this,
          'metrics.port',
          `must name a port of the workload (${ports.map((p) => p.name).join(', ')})`,
          m.port,
        );
      if (port.protocol !== Protocol.HTTP) _fail(this, 'metrics.port', 'must be an HTTP port', m.port);
      if (!m.path.startsWith('/') || /\s/.test(m.path))
        _fail(this, 'metrics.path', "must be an absolute URL path starting with '/'", m.path);
      _checkGoDuration(this, 'metrics.interval', m.interval);
      this.metrics = m;
    }

    const healthPath = props.healthPath ?? '/healthz';
    const readiness = props.probes?.readiness ?? Probe._forPort(this.mainPort, healthPath);
    this.probes = {
      readiness,
      liveness: props.probes?.liveness ?? readiness,
      startup: props.probes?.startup,
    };
    this._mainProbes(); // renders once so a bad probe fails at construction
  }

  /** Lets the ingress controller reach `portName` (used by Gateway backends). */
  public allowFromIngressController(portName: string): void {
    this.port(portName, 'port');
    this.gatewayPorts.add(portName);
  }

  /** The port named `name`; fails naming `prop` when there is none. */
  public port(name: string, prop: string, scope: Construct = this): Required<ServicePort> {
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
  protected override _mainPorts(): readonly Required<ServicePort>[] {
    return this.ports;
  }

  /** @internal */
  protected override _mainProbes(): Pick<k8s.Container, 'readinessProbe' | 'livenessProbe' | 'startupProbe'> {
    return {
      readinessProbe: this.probes.readiness._render(this, 'probes.readiness', this.ports),
      livenessProbe: this.probes.liveness._render(this, 'probes.liveness', this.ports),
      startupProbe: this.probes.startup?._render(this, 'probes.startup', this.ports),
    };
  }

  /** @internal */
  protected override _ingressRules(): k8s.NetworkPolicyIngressRule[] {
    const rules: k8s.NetworkPolicyIngressRule[] = [];
    const portsOf = (names: Iterable<string>) =>
      this.ports
        .filter((p) => [...names].includes(p.name))
        .map((p) => ({ protocol: 'TCP', port: k8s.IntOrString.fromNumber(p.port) }));
    for (const [source, names] of this.dependents) {
      rules.push({
        from: [{ podSelector: { matchLabels: { ...source.selectorLabels } } }],
        ports: portsOf(names),
      });
    }
    rules.push(...this._peerIngressRules());
    if (this.gatewayPorts.size > 0)
      rules.push({ from: [_peer(this.system.ingressController)], ports: portsOf(this.gatewayPorts) });
    if (this.metrics)
      rules.push({ from: [_peer(this.system.prometheus)], ports: portsOf([this.metrics.port]) });
    return rules;
  }

  /** @internal Ingress rules among the workload's own replicas. */
  protected _peerIngressRules(): k8s.NetworkPolicyIngressRule[] {
    return [];
  }

  /** @internal The Service's ports. */
  protected _servicePorts(): k8s.ServicePort[] {
    return this.ports.map((p) => ({
      name: p.name,
      port: p.servicePort,
      targetPort: k8s.IntOrString.fromString(p.name),
      protocol: 'TCP',
      appProtocol: p.protocol === Protocol.TCP ? undefined : p.protocol,
    }));
  }

  private createServiceMonitor(): void {
    if (!this.metrics || !this.system.serviceMonitors) return;
    new ApiObject(this, 'service-monitor', {
      apiVersion: 'monitoring.coreos.com/v1',
      kind: 'ServiceMonitor',
      metadata: { name: this.name, labels: { ...this._labels, ...this.system.serviceMonitorLabels } },
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

  /** @internal The PodDisruptionBudget spec, refusing one that would block every eviction with `replicas` pods. */
  protected _checkAvailability(
    availability: Availability | undefined,
    replicas: number,
    replicasProp: string,
  ): k8s.PodDisruptionBudgetSpec | undefined {
    if (!availability) return undefined;
    const { minAvailable, maxUnavailable } = availability;
    if (minAvailable !== undefined && maxUnavailable !== undefined) {
      _fail(this, 'availability', "must set only one of 'minAvailable' and 'maxUnavailable'", availability);
    }
    if (replicas < 1) _fail(this, replicasProp, `must be >= 1 when 'availability' is set`, replicas);
    let pdb: k8s.PodDisruptionBudgetSpec;
    if (minAvailable !== undefined) {
      const n = this.countOf('availability.minAvailable', minAvailable, replicas, true);
      if (n >= replicas) {
        _fail(
          this,
          'availability.minAvailable',
          `must keep fewer pods than the ${replicas} replica(s), or the budget blocks every eviction`,
          minAvailable,
          `Raise '${replicasProp}' above ${n} or use maxUnavailable: 1`,
        );
      }
      pdb = { minAvailable: this.intOrString(minAvailable) };
    } else {
      const value = maxUnavailable ?? 1;
      const n = this.countOf('availability.maxUnavailable', value, replicas, true);
      if (n < 1)
        _fail(this, 'availability.maxUnavailable', 'must allow at least one pod to be evicted', value);
      pdb = { maxUnavailable: this.intOrString(value) };
    }
    return {
      ...pdb,
      selector: { matchLabels: { ...this.selectorLabels } },
      unhealthyPodEvictionPolicy: 'AlwaysAllow',
    };
  }

  /** @internal Names of the optional objects this class emits, for the commit's claims. */
  protected _optionalClaims(pdb: k8s.PodDisruptionBudgetSpec | undefined): [string, string][] {
    const claims: [string, string][] = [];
    if (pdb) claims.push(['PodDisruptionBudget', this.name]);
    if (this.metrics && this.system.serviceMonitors) claims.push(['ServiceMonitor', this.name]);
    return claims;
  }

  /** @internal Emits the PodDisruptionBudget and the ServiceMonitor, when there are any. */
  protected _createOptionalObjects(pdb: k8s.PodDisruptionBudgetSpec | undefined): void {
    if (pdb)
      new k8s.KubePodDisruptionBudget(this, 'pdb', {
        metadata: { name: this.name, labels: this._labels },
        spec: pdb,
      });
    this.createServiceMonitor();
  }

  private countOf(prop: string, value: number | string, replicas: number, roundUp: boolean): number {
    if (typeof value === 'number') {
      if (!Number.isInteger(value) || value < 0)
        _fail(this, prop, 'must be a non-negative integer or a percentage', value);
      return value;
    }
    const m = PERCENT.exec(value);
    if (!m || Number(m[1]) > 100)
      _fail(this, prop, "must be a non-negative integer or a percentage such as '25%'", value);
    const exact = (Number(m[1]) * replicas) / 100;
    return roundUp ? Math.ceil(exact) : Math.floor(exact);
  }

  private intOrString(v: number | string): k8s.IntOrString {
    return typeof v === 'number' ? k8s.IntOrString.fromNumber(v) : k8s.IntOrString.fromString(v);
  }
}
