import { JsonPatch, type ApiObject } from 'cdk8s';
import { k8s } from 'cdk8s-plus-27';
import type { Construct } from 'constructs';
import { _checkInt } from './_checks';
import { _planConfig, _sortedCopy } from './_config-plan';
import { _fail, type _Where } from './_errors';
import { _declareWorkloadValues } from './_builtin-values';
import { _contentHash } from './_hash';
import { _createHpa } from './_hpa';
import { _lazy } from './_lazy';
import { _exposureSpec, _resolveExposure } from './_exposure';
import { _intOrString, _resolveServiceParts } from './_service-plan';
import { _keys, _props } from './_keys';
import { _planServiceDelivery, _ROLE_LABEL, _ROLLOUT_HASH_LABEL } from './_delivery-plan';
import { _canaryServiceOf, _createDeliveryObjects, _deliveryClaims, _ROLLOUTS_API } from './_rollout';
import type { Delivery } from './delivery';
import { _spreadConstraints } from './_pod-checks';
import { _planWorkload, _workloadBase } from './_workload-plan';
import type { ExternalTrafficPolicy, ServiceType, TrafficSources } from './exposure';
import type { TopologySpread } from './pod';
import { _SERVICE_WORKLOAD_KEYS, ServiceWorkload, type ServiceWorkloadProps } from './service-workload';

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

const AUTOSCALING_KEYS = _keys('Autoscaling', [
  'minReplicas',
  'maxReplicas',
  'cpuUtilization',
  'memoryUtilization',
]);

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

const ROLLING_UPDATE_KEYS = _keys('RollingUpdate', ['maxSurge', 'maxUnavailable']);

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

const CONFIG_KEYS = _keys('MicroserviceConfig', ['env', 'files', 'mountPath']);

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
   * Rollout pacing: of the Deployment's rolling update, or of a canary's steps.
   * @default { maxSurge: 1, maxUnavailable: 0 }
   */
  readonly rollingUpdate?: RollingUpdate;
  /**
   * Progressive delivery by Argo Rollouts: `Delivery.canary({ steps })` or `Delivery.blueGreen()`. The Deployment
   * keeps the pod template and runs no pods; a Rollout that references it runs them.
   * @default - a rolling update of the Deployment
   */
  readonly delivery?: Delivery;
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
  /**
   * Old ReplicaSets (or ControllerRevisions) kept for `kubectl rollout undo`.
   * @default 5
   */
  readonly revisionHistoryLimit?: number;
}

const KEYS = _keys(
  'MicroserviceProps',
  [
    ..._SERVICE_WORKLOAD_KEYS,
    'replicas',
    'autoscaling',
    'rollingUpdate',
    'delivery',
    'serviceType',
    'serviceSources',
    'serviceExternalTrafficPolicy',
    'config',
    'topologySpread',
    'revisionHistoryLimit',
  ],
  'Microservice',
);

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
  /** Escape hatch: the Argo Rollouts Rollout, when `delivery` is set. */
  public readonly rollout?: ApiObject;
  /** Escape hatch: the AnalysisTemplate, when the delivery analyzes. */
  public readonly analysisTemplate?: ApiObject;
  /** Escape hatch: the canary Service `<name>-canary` of a canary routed by `TrafficRouting.GATEWAY_API`. */
  public readonly canaryService?: k8s.KubeService;
  /** Escape hatch: the preview Service `<name>-preview` of a blue-green delivery. */
  public readonly previewService?: k8s.KubeService;

  constructor(scope: Construct, id: string, props: MicroserviceProps) {
    const base = _workloadBase(scope, id, props, {
      maxNameLength: 63,
      serviceName: true,
      keys: KEYS,
    });
    const { at, name } = base;
    const p = base.props as MicroserviceProps;
    const selectorLabels = base.selectorLabels;
    const replicas = p.replicas ?? 1;
    _checkInt(at, 'replicas', replicas, 0);
    const hpa = p.autoscaling === undefined ? undefined : checkAutoscaling(at, p.autoscaling, p.replicas);
    const minimum = hpa
      ? { count: hpa.minReplicas, prop: 'autoscaling.minReplicas' }
      : { count: replicas, prop: 'replicas' };
    const rollout = checkRollout(at, p.rollingUpdate);
    const history = p.revisionHistoryLimit ?? 5;
    _checkInt(at, 'revisionHistoryLimit', history, 0);
    const exposure = _resolveExposure(
      at,
      { type: 'serviceType', sources: 'serviceSources', policy: 'serviceExternalTrafficPolicy' },
      { type: p.serviceType, sources: p.serviceSources, policy: p.serviceExternalTrafficPolicy },
      base.system._clusterRanges,
    );
    const spread = _spreadConstraints(at, p.topologySpread, selectorLabels);
    const config =
      p.config === undefined
        ? undefined
        : _planConfig(
            at,
            name,
            base.containerName,
            _props<MicroserviceConfig>(at, 'config', p.config, CONFIG_KEYS),
          );
    const service = _resolveServiceParts(base, minimum, selectorLabels, exposure);
    const delivery = _planServiceDelivery(at, p.delivery, {
      metrics: service.metrics,
      serviceMonitors: base.system.serviceMonitors,
      hasService: true,
      rollingUpdate: p.rollingUpdate,
      replicas: minimum,
      maxSurge: rollout.maxSurge,
    });
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
        ...(delivery ? _deliveryClaims(delivery, name) : []),
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
      if (special) this.configMap.addJsonPatch(JsonPatch.add('/data', _sortedCopy(config.data)));
    }
    this.deployment = new k8s.KubeDeployment(this, 'deployment', {
      metadata: plan.metadata,
      spec: {
        // With a delivery the Rollout runs the pods (and owns the replica count).
        ...(delivery ? { replicas: 0 } : !hpa && { replicas }),
        revisionHistoryLimit: history,
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
    // cdk8s convention: the primary object, e.g. for `Node.of(svc).defaultChild` (ids unchanged).
    this.node.defaultChild = this.deployment;
    this.service = new k8s.KubeService(this, 'service', {
      metadata: { name, labels },
      spec: {
        type: exposure.type,
        selector: { ...selectorLabels },
        ports: this._servicePorts(),
        ..._exposureSpec(exposure),
      },
    });
    this._canaryService = delivery && _canaryServiceOf(delivery, name);
    const objects =
      delivery &&
      _createDeliveryObjects(this, delivery, {
        name,
        selectorLabels,
        replicas: hpa ? undefined : replicas,
        revisionHistoryLimit: history,
        maxSurge: rollout.maxSurge,
        maxUnavailable: rollout.maxUnavailable,
        activeService: name,
        previewService: delivery.strategy === 'blueGreen' ? `${name}-preview` : undefined,
        canaryService: this._canaryService,
        routes: this._routes,
        labels,
        namespace: base.system.namespace,
        prometheusUrl: base.system.prometheusUrl,
        scrapeInterval: service.metrics?.interval,
        servicePorts: this._servicePorts(),
      });
    if (objects) {
      this.rollout = objects.rollout;
      if (objects.analysisTemplate) this.analysisTemplate = objects.analysisTemplate;
      if (objects.previewService) this.previewService = objects.previewService;
      if (objects.canaryService) this.canaryService = objects.canaryService;
    }
    if (hpa) {
      this.hpa = _createHpa(
        this,
        { name, labels },
        hpa,
        delivery
          ? { apiVersion: _ROLLOUTS_API, kind: 'Rollout', name }
          : { apiVersion: 'apps/v1', kind: 'Deployment', name },
      );
    }
    this._createOptionalObjects({
      podTargetLabels: delivery?.analysis ? [_ROLLOUT_HASH_LABEL] : [],
      preview: objects?.previewService && { suffix: 'preview', roleLabel: _ROLE_LABEL },
    });
    _declareWorkloadValues(this, {
      component: this._valueComponent,
      controller: this.deployment,
      replicasOf: objects?.rollout,
      podSpec: '/spec/template/spec',
      image: plan.main.image,
      imageMoves: plan.main.mutableImage !== undefined,
      ephemeralStorage: plan.main.resources.requests?.['ephemeral-storage'] !== undefined,
      sharedConfigs: plan.sharedConfigs.map((c) => ({ configMap: c.configMap, name: c.name })),
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

function checkAutoscaling(at: _Where, raw: unknown, replicas: unknown): Autoscaling {
  const hpa = _props<Autoscaling>(at, 'autoscaling', raw, AUTOSCALING_KEYS);
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
  const given = raw === undefined ? {} : _props<RollingUpdate>(at, 'rollingUpdate', raw, ROLLING_UPDATE_KEYS);
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
