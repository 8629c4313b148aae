import { k8s } from 'cdk8s-plus-27';
import { _checkGoDuration } from './_checks';
import { _planServicePorts } from './_port-plan';
import { _resolveProbes, type _ProbePlan } from './_probe-plan';
import { _fail, type _Where } from './_errors';
import {
  _externalAccess,
  _resolveExtraServices,
  type _Exposure,
  type _ExternalAccess,
  type _ExtraServicePlan,
} from './_exposure';
import { _props } from './_keys';
import { _string } from './_types';
import type { _WorkloadBase } from './_workload-plan';
import { ServiceType } from './exposure';
import { Protocol, type ServicePort } from './port';
import type { Availability, MetricsEndpoint, ServiceWorkloadProps } from './service-workload';
import { _AVAILABILITY_KEYS, _METRICS_ENDPOINT_KEYS } from './service-workload';

/** The Service side of a workload, checked and defaulted. */
export interface _ServiceParts {
  readonly ports: readonly Required<ServicePort>[];
  /** The first port. */
  readonly mainPort: Required<ServicePort>;
  readonly probes: _ProbePlan;
  readonly metrics?: Required<MetricsEndpoint> | undefined;
  readonly pdb?: k8s.PodDisruptionBudgetSpec | undefined;
  /** How the main Service is exposed. */
  readonly exposure: _Exposure;
  readonly extraServices: readonly _ExtraServicePlan[];
  /** Ports and sources of every Service reachable from outside the cluster. */
  readonly external: readonly _ExternalAccess[];
  /** The fewest replicas the budget accepts (0 without one): the floor of the chart's replica values. */
  readonly minReplicas: number;
  /** Names of the optional objects (PodDisruptionBudget, ServiceMonitor, extra Services). */
  readonly claims: readonly (readonly [kind: string, name: string, prop?: string])[];
}

const PERCENT = /^([0-9]{1,3})%$/;

/**
 * Resolves ports, probes, metrics, availability and extra Services; `replicas` is the floor the
 * budget is checked against, `exposure` how the main Service is exposed.
 */
export function _resolveServiceParts(
  base: _WorkloadBase,
  replicas: { readonly count: number; readonly prop: string },
  selectorLabels: Readonly<Record<string, string>>,
  exposure: _Exposure = { type: ServiceType.CLUSTER_IP },
): _ServiceParts {
  const { at, system, name } = base;
  const props = base.props as ServiceWorkloadProps;
  const { ports, main } = _planServicePorts(at, props.ports);
  let metrics: Required<MetricsEndpoint> | undefined;
  if (props.metrics !== undefined) {
    const m = _props<MetricsEndpoint>(at, 'metrics', props.metrics, _METRICS_ENDPOINT_KEYS);
    metrics = {
      port: m.port === undefined ? main.name : _string(at, 'metrics.port', m.port),
      path: m.path === undefined ? '/metrics' : _string(at, 'metrics.path', m.path),
      interval: m.interval ?? '30s',
    };
    const port = ports.find((p) => p.name === metrics?.port);
    if (!port)
      _fail(
        at,
        'metrics.port',
        `must name a port of the workload (${ports.map((p) => p.name).join(', ')})`,
        metrics.port,
      );
    if (port.protocol !== Protocol.HTTP) _fail(at, 'metrics.port', 'must be an HTTP port', metrics.port);
    if (!metrics.path.startsWith('/') || /\s/.test(metrics.path))
      _fail(at, 'metrics.path', "must be an absolute URL path starting with '/'", metrics.path);
    _checkGoDuration(at, 'metrics.interval', metrics.interval);
  }
  const probes = _resolveProbes(
    at,
    'probes',
    props.probes,
    ports,
    { port: main, healthPath: props.healthPath },
    true,
  );
  const pdb = availability(at, props.availability, replicas, selectorLabels);
  const extraServices = _resolveExtraServices(at, name, ports, props.extraServices, system._clusterRanges);
  const external = [
    ..._externalAccess(name, exposure, ports),
    ...extraServices.flatMap((x) => _externalAccess(x.name, x, x.ports)),
  ];
  if (system.mesh && external.length > 0) {
    const main = _externalAccess(name, exposure, ports).length > 0;
    _fail(
      at,
      main ? 'serviceType' : 'extraServices',
      'must not expose a NodePort or LoadBalancer Service in a meshed System: not supported yet, STRICT mutual TLS rejects the plaintext clients outside the mesh send',
      main
        ? exposure.type
        : extraServices.filter((x) => x.type !== ServiceType.CLUSTER_IP).map((x) => x.type),
      'Route outside traffic through a Gateway (its data plane is in the mesh), or give the System no mesh',
    );
  }
  let minReplicas = 0;
  // The count given passed; the rule is monotonic in the count, so the first count that passes is the floor.
  for (let n = 1; pdb && minReplicas === 0; n++) {
    try {
      availability(at, props.availability, { count: n, prop: replicas.prop }, selectorLabels);
      minReplicas = n;
    } catch {
      // fewer replicas than the budget needs
    }
  }
  const claims: [string, string, string?][] = [];
  if (pdb) claims.push(['PodDisruptionBudget', name]);
  if (metrics && system.serviceMonitors) claims.push(['ServiceMonitor', name]);
  extraServices.forEach((x, i) => claims.push(['Service', x.name, `extraServices[${i}].suffix`]));
  return {
    ports,
    mainPort: main,
    probes,
    metrics,
    pdb,
    minReplicas,
    exposure,
    extraServices,
    external,
    claims,
  };
}

/** The PodDisruptionBudget spec, refusing one that would block every eviction with `replicas` pods. */
function availability(
  at: _Where,
  raw: unknown,
  replicas: { readonly count: number; readonly prop: string },
  selectorLabels: Readonly<Record<string, string>>,
): k8s.PodDisruptionBudgetSpec | undefined {
  if (raw === undefined) return undefined;
  const a = _props<Availability>(at, 'availability', raw, _AVAILABILITY_KEYS);
  const { minAvailable, maxUnavailable } = a;
  if (minAvailable !== undefined && maxUnavailable !== undefined) {
    _fail(at, 'availability', "must set only one of 'minAvailable' and 'maxUnavailable'", a);
  }
  if (replicas.count < 1) _fail(at, replicas.prop, `must be >= 1 when 'availability' is set`, replicas.count);
  let pdb: k8s.PodDisruptionBudgetSpec;
  if (minAvailable !== undefined) {
    const n = countOf(at, 'availability.minAvailable', minAvailable, replicas.count);
    if (n >= replicas.count) {
      _fail(
        at,
        'availability.minAvailable',
        `must keep fewer pods than the ${replicas.count} replica(s), or the budget blocks every eviction`,
        minAvailable,
        `Raise '${replicas.prop}' above ${n} or use maxUnavailable: 1`,
      );
    }
    pdb = { minAvailable: intOrString(minAvailable) };
  } else {
    const value = maxUnavailable ?? 1;
    const n = countOf(at, 'availability.maxUnavailable', value, replicas.count);
    if (n < 1) _fail(at, 'availability.maxUnavailable', 'must allow at least one pod to be evicted', value);
    pdb = { maxUnavailable: intOrString(value) };
  }
  return {
    ...pdb,
    selector: { matchLabels: { ...selectorLabels } },
    unhealthyPodEvictionPolicy: 'AlwaysAllow',
  };
}

function countOf(at: _Where, prop: string, value: unknown, replicas: number): number {
  if (typeof value === 'number') {
    if (!Number.isInteger(value) || value < 0)
      _fail(at, prop, 'must be a non-negative integer or a percentage', value);
    return value;
  }
  const m = typeof value === 'string' ? PERCENT.exec(value) : null;
  if (!m || Number(m[1]) > 100)
    _fail(at, prop, "must be a non-negative integer or a percentage such as '25%'", value);
  return Math.ceil((Number(m[1]) * replicas) / 100);
}

/** A number or a percentage string, as Kubernetes' IntOrString. */
export function _intOrString(v: number | string): k8s.IntOrString {
  return typeof v === 'number' ? k8s.IntOrString.fromNumber(v) : k8s.IntOrString.fromString(v);
}
const intOrString = _intOrString;
