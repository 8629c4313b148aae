import { JsonPatch } from 'cdk8s';
import { k8s } from 'cdk8s-plus-27';
import type { Construct } from 'constructs';
import { _checkEnvName, _checkInt, _checkMountPath } from './_checks';
import type { _EnvEntry } from './_containers';
import { _fail, type _Where } from './_errors';
import { _declareWorkloadValues } from './_builtin-values';
import { _contentHash } from './_hash';
import { _selectorLabels } from './_labels';
import { _lazy } from './_lazy';
import { _exposureSpec, _resolveExposure } from './_exposure';
import { _intOrString, _resolveServiceParts } from './_service-plan';
import { _KEYS, _props } from './_keys';
import { _entries, _string } from './_types';
import type { _VolumeDecl } from './_volumes';
import { _spreadConstraints } from './_pod-checks';
import { _checkObjectSize, _planWorkload, _workloadBase } from './_workload-plan';
import { EnvValue } from './env-value';
import type { ExternalTrafficPolicy, ServiceType, TrafficSources } from './exposure';
import { isConfigKey } from './names';
import type { TopologySpread } from './pod';
import { ServiceWorkload, type ServiceWorkloadProps } from './service-workload';

/** A HorizontalPodAutoscaler (autoscaling/v2) on CPU and/or memory utilization. */
export interface Autoscaling {
  /** Lower bound of replicas (at least 1). */
  readonly minReplicas: number;
  /** Upper bound of replicas. */
  readonly maxReplicas: number;
  /**
   * Target average CPU utilization, percent of the request.
   * @default 70 when `memoryUtilization` is not set
   */
  readonly cpuUtilization?: number;
  /**
   * Target average memory utilization, percent of the request.
   * @default - CPU only
   */
  readonly memoryUtilization?: number;
}

/** Rolling update of the Deployment. */
export interface RollingUpdate {
  /**
   * Extra pods during a rollout (number or percentage).
   * @default 1
   */
  readonly maxSurge?: number | string;
  /**
   * Pods that may be unavailable during a rollout (number or percentage).
   * @default 0
   */
  readonly maxUnavailable?: number | string;
}

/** Configuration held in the service's own ConfigMap (`<name>-config`). */
export interface MicroserviceConfig {
  /**
   * Keys exposed as environment variables of the main container.
   * @default - none
   */
  readonly env?: Readonly<Record<string, string>>;
  /**
   * Files (name -> content) mounted read-only under `mountPath`.
   * @default - none
   */
  readonly files?: Readonly<Record<string, string>>;
  /**
   * Directory of the files.
   * @default '/etc/<name>'
   */
  readonly mountPath?: string;
}

/** Props of a {@link Microservice}. */
export interface MicroserviceProps extends ServiceWorkloadProps {
  /**
   * Replicas when there is no autoscaling.
   * @default 1
   */
  readonly replicas?: number;
  /**
   * HorizontalPodAutoscaler; the Deployment then leaves `replicas` to it.
   * @default - fixed `replicas`
   */
  readonly autoscaling?: Autoscaling;
  /**
   * Rollout pacing.
   * @default { maxSurge: 1, maxUnavailable: 0 }
   */
  readonly rollingUpdate?: RollingUpdate;
  /**
   * Type of the main Service; `NODE_PORT` and `LOAD_BALANCER` need `serviceSources`.
   * @default ServiceType.CLUSTER_IP
   */
  readonly serviceType?: ServiceType;
  /**
   * Where traffic to a NodePort or LoadBalancer main Service may come from (required for those, refused for ClusterIP).
   * @default - none (a ClusterIP Service is reached by declared dependencies only)
   */
  readonly serviceSources?: TrafficSources;
  /**
   * `spec.externalTrafficPolicy` of a NodePort or LoadBalancer main Service.
   * @default ExternalTrafficPolicy.LOCAL
   */
  readonly serviceExternalTrafficPolicy?: ExternalTrafficPolicy;
  /**
   * Own ConfigMap; pods roll when its content changes (content-hash annotation).
   * @default - no ConfigMap
   */
  readonly config?: MicroserviceConfig;
  /**
   * Spread replicas across zones and nodes.
   * @default - no constraints
   */
  readonly topologySpread?: TopologySpread;
}

const PERCENT = /^[0-9]{1,3}%$/;

/**
 * A stateless service: Deployment + Service + ServiceAccount + NetworkPolicy, and optionally its
 * ConfigMap, HorizontalPodAutoscaler, PodDisruptionBudget and ServiceMonitor.
 */
export class Microservice extends ServiceWorkload {
  /** Name of the ConfigMap, when the service has config. */
  public readonly configMapName?: string;
  /**
   * Escape hatch: the Deployment, for what the props do not cover, e.g.
   * `svc.deployment.addJsonPatch(JsonPatch.add('/spec/template/spec/priorityClassName', 'high'))`.
   */
  public readonly deployment: k8s.KubeDeployment;
  /** Escape hatch: the Service. */
  public readonly service: k8s.KubeService;
  /** Escape hatch: the ConfigMap, when the service has config. */
  public readonly configMap?: k8s.KubeConfigMap;
  /** Escape hatch: the HorizontalPodAutoscaler, when `autoscaling` is set. */
  public readonly hpa?: k8s.KubeHorizontalPodAutoscalerV2;

  constructor(scope: Construct, id: string, props: MicroserviceProps) {
    const base = _workloadBase(scope, id, props, {
      maxNameLength: 63,
      serviceName: true,
      keys: _KEYS.microservice,
    });
    const { at, name } = base;
    const p = base.props as MicroserviceProps;
    const selectorLabels = _selectorLabels(name, base.system);
    const replicas = p.replicas ?? 1;
    _checkInt(at, 'replicas', replicas, 0);
    const hpa = p.autoscaling === undefined ? undefined : checkAutoscaling(at, p.autoscaling, p.replicas);
    const rollout = checkRollout(at, p.rollingUpdate);
    const exposure = _resolveExposure(
      at,
      { type: 'serviceType', sources: 'serviceSources', policy: 'serviceExternalTrafficPolicy' },
      { type: p.serviceType, sources: p.serviceSources, policy: p.serviceExternalTrafficPolicy },
    );
    const spread = _spreadConstraints(at, p.topologySpread, selectorLabels);
    const config = p.config === undefined ? undefined : checkConfig(at, name, base.containerName, p.config);
    const service = _resolveServiceParts(
      base,
      hpa
        ? { count: hpa.minReplicas, prop: 'autoscaling.minReplicas' }
        : { count: replicas, prop: 'replicas' },
      selectorLabels,
      exposure,
    );
    const plan = _planWorkload(base, {
      ports: service.ports,
      probes: service.probes,
      configEnv: config?.env ?? [],
      volumes: config?.volume ? [config.volume] : [],
      annotations: config ? { 'shipshape.io/config-hash': _contentHash(config.data) } : {},
      claims: [
        ['Deployment', name],
        ['Service', name],
        ...(config ? ([['ConfigMap', config.name]] as const) : []),
        ...(hpa ? ([['HorizontalPodAutoscaler', name]] as const) : []),
        ...service.claims,
      ],
    });
    super(scope, id, plan, service);
    const labels = plan.labels;

    if (config) {
      this.configMapName = config.name;
      // cdk8s cannot render keys named `constructor` or `__proto__`: such data is set by a JSON
      // patch after rendering, keys sorted as cdk8s sorts them.
      const special = Object.keys(config.data).some((k) => k === 'constructor' || k === '__proto__');
      this.configMap = new k8s.KubeConfigMap(this, 'config', {
        metadata: { name: config.name, labels },
        ...(!special && { data: config.data }),
      });
      if (special) this.configMap.addJsonPatch(JsonPatch.add('/data', sortedCopy(config.data)));
    }
    this.deployment = new k8s.KubeDeployment(this, 'deployment', {
      metadata: plan.metadata,
      spec: {
        ...(!hpa && { replicas }),
        revisionHistoryLimit: 5,
        selector: { matchLabels: { ...selectorLabels } },
        strategy: {
          type: 'RollingUpdate',
          rollingUpdate: {
            maxSurge: _intOrString(rollout.maxSurge),
            maxUnavailable: _intOrString(rollout.maxUnavailable),
          },
        },
        template: _lazy(() => this._podTemplate(spread)),
      },
    });
    this.service = new k8s.KubeService(this, 'service', {
      metadata: { name, labels },
      spec: {
        type: exposure.type,
        selector: { ...selectorLabels },
        ports: this._servicePorts(),
        ..._exposureSpec(exposure),
      },
    });
    if (hpa) {
      const cpu = hpa.cpuUtilization ?? (hpa.memoryUtilization === undefined ? 70 : undefined);
      const metric = (resource: string, averageUtilization: number): k8s.MetricSpecV2 => ({
        type: 'Resource',
        resource: { name: resource, target: { type: 'Utilization', averageUtilization } },
      });
      this.hpa = new k8s.KubeHorizontalPodAutoscalerV2(this, 'hpa', {
        metadata: { name, labels },
        spec: {
          scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name },
          minReplicas: hpa.minReplicas,
          maxReplicas: hpa.maxReplicas,
          metrics: [
            ...(cpu !== undefined ? [metric('cpu', cpu)] : []),
            ...(hpa.memoryUtilization !== undefined ? [metric('memory', hpa.memoryUtilization)] : []),
          ],
        },
      });
    }
    this._createOptionalObjects();
    _declareWorkloadValues(this, {
      component: this._valueComponent,
      controller: this.deployment,
      podSpec: '/spec/template/spec',
      image: plan.main.image,
      replicas: hpa
        ? undefined
        : { min: service.minReplicas, description: 'Replicas when there is no autoscaling.' },
      hpa: this.hpa && { object: this.hpa, min: Math.max(1, service.minReplicas) },
      config: this.configMap && {
        object: this.configMap,
        keys: Object.keys(config?.data ?? {}),
        hashPath: '/spec/template/metadata/annotations/shipshape.io~1config-hash',
      },
    });
  }
}

/** The service's own ConfigMap: data, the env entries read from it and the volume of its files. */
function checkConfig(
  at: _Where,
  name: string,
  container: string,
  raw: unknown,
): { name: string; data: Record<string, string>; env: _EnvEntry[]; volume?: _VolumeDecl | undefined } {
  const config = _props<MicroserviceConfig>(at, 'config', raw, _KEYS.config);
  const configMap = `${name}-config`;
  // A Map, not an object: keys such as `constructor` or `__proto__` are ordinary config keys.
  const data = new Map<string, string>();
  const source = new Map<string, string>();
  const read = (prop: 'config.env' | 'config.files', v: unknown) =>
    (v === undefined ? [] : _entries(at, prop, v)).map(([k, value]) => {
      if (!isConfigKey(k)) _fail(at, prop, "must use keys of letters, digits, '-', '_' or '.'", k);
      const first = source.get(k);
      if (first !== undefined)
        _fail(at, `${prop}.${k}`, `must not repeat the key '${first}.${k}' already defines`, k);
      data.set(k, _string(at, `${prop}.${k}`, value));
      source.set(k, prop);
      return k;
    });
  const envKeys = read('config.env', config.env);
  const fileKeys = read('config.files', config.files);
  envKeys.forEach((k) => _checkEnvName(at, `config.env.${k}`, k));
  if (data.size === 0) _fail(at, 'config', "must set 'env' or 'files'", config);
  let volume: _VolumeDecl | undefined;
  if (fileKeys.length > 0) {
    const mountPath =
      config.mountPath === undefined ? `/etc/${name}` : _string(at, 'config.mountPath', config.mountPath);
    _checkMountPath(at, 'config.mountPath', mountPath);
    volume = {
      prop: 'config.files',
      preferred: 'config',
      fixed: true,
      key: 'config',
      source: { configMap: { name: configMap, items: fileKeys.map((key) => ({ key, path: key })) } },
      mounts: [{ container, mountPath, readOnly: true }],
    };
  } else if (config.mountPath !== undefined) {
    _fail(at, 'config.mountPath', "must only be set with 'config.files'", config.mountPath);
  }
  // A ConfigMap holds at most 1 MiB of data.
  _checkObjectSize(
    at,
    [...data].map(
      ([k, v]) => [`${source.get(k)}.${k}`, Buffer.byteLength(k) + Buffer.byteLength(v), v] as const,
    ),
    1024 * 1024,
    'a ConfigMap',
  );
  const out: Record<string, string> = {};
  for (const [k, v] of data)
    Object.defineProperty(out, k, { value: v, enumerable: true, writable: true, configurable: true });
  return {
    name: configMap,
    data: out,
    env: envKeys.map((k) => [k, EnvValue.fromConfigMap(configMap, k), `config.env.${k}`]),
    volume,
  };
}

function checkAutoscaling(at: _Where, raw: unknown, replicas: unknown): Autoscaling {
  const hpa = _props<Autoscaling>(at, 'autoscaling', raw, _KEYS.autoscaling);
  _checkInt(at, 'autoscaling.minReplicas', hpa.minReplicas, 1);
  _checkInt(at, 'autoscaling.maxReplicas', hpa.maxReplicas, 1);
  if (hpa.maxReplicas < hpa.minReplicas) {
    _fail(
      at,
      'autoscaling.maxReplicas',
      `must be >= 'autoscaling.minReplicas' (${hpa.minReplicas})`,
      hpa.maxReplicas,
    );
  }
  if (hpa.cpuUtilization !== undefined)
    _checkInt(at, 'autoscaling.cpuUtilization', hpa.cpuUtilization, 1, 100);
  if (hpa.memoryUtilization !== undefined)
    _checkInt(at, 'autoscaling.memoryUtilization', hpa.memoryUtilization, 1, 100);
  if (replicas !== undefined) {
    _fail(
      at,
      'replicas',
      "must not be set with 'autoscaling': the HPA owns the replica count",
      replicas,
      "Remove 'replicas'; 'autoscaling.minReplicas' is the floor",
    );
  }
  return hpa;
}

function checkRollout(at: _Where, raw: unknown): Required<RollingUpdate> {
  const given = raw === undefined ? {} : _props<RollingUpdate>(at, 'rollingUpdate', raw, _KEYS.rollingUpdate);
  const r = { maxSurge: given.maxSurge ?? 1, maxUnavailable: given.maxUnavailable ?? 0 };
  const zero = (v: number | string) => v === 0 || v === '0%';
  for (const [k, v] of Object.entries(r)) {
    const ok =
      typeof v === 'number'
        ? Number.isInteger(v) && v >= 0
        : typeof v === 'string' && PERCENT.test(v) && Number(v.slice(0, -1)) <= 100;
    if (!ok)
      _fail(at, `rollingUpdate.${k}`, "must be a non-negative integer or a percentage such as '25%'", v);
  }
  if (zero(r.maxSurge) && zero(r.maxUnavailable)) {
    _fail(
      at,
      'rollingUpdate',
      "must not set both 'maxSurge' and 'maxUnavailable' to 0: the rollout could never progress",
      r,
    );
  }
  return r;
}

/** A copy with keys sorted; own properties only, so `__proto__` stays a key. */
function sortedCopy(data: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const k of Object.keys(data).sort()) {
    Object.defineProperty(out, k, { value: data[k], enumerable: true, writable: true, configurable: true });
  }
  return out;
}
