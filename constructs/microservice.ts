import { k8s } from 'cdk8s-plus-27';
import type { Construct } from 'constructs';
import { _checkInt, _checkMountPath, _checkEnvName } from './_checks';
import { _fail } from './_errors';
import { isConfigKey } from './names';
import { _lazy } from './_lazy';
import { _contentHash } from './_hash';
import { EnvValue } from './env-value';
import { ServiceWorkload, type ServiceWorkloadProps } from './service-workload';
import type { TopologySpread } from './workload';

/** How the Service is exposed. */
export enum ServiceType {
  /** Inside the cluster only. */
  CLUSTER_IP = 'ClusterIP',
  /** On a port of every node. */
  NODE_PORT = 'NodePort',
  /** Through a cloud load balancer. */
  LOAD_BALANCER = 'LoadBalancer',
}

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
   * Service type.
   * @default ServiceType.CLUSTER_IP
   */
  readonly serviceType?: ServiceType;
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
  private readonly configData?: Record<string, string>;

  constructor(scope: Construct, id: string, props: MicroserviceProps) {
    super(scope, id, props, { maxNameLength: 63 });
    const replicas = props.replicas ?? 1;
    const hpa = props.autoscaling;
    const rollout = {
      maxSurge: props.rollingUpdate?.maxSurge ?? 1,
      maxUnavailable: props.rollingUpdate?.maxUnavailable ?? 0,
    };
    const serviceType = props.serviceType ?? ServiceType.CLUSTER_IP;

    _checkInt(this, 'replicas', replicas, 0);
    if (hpa) this.checkAutoscaling(hpa, props.replicas);
    this.checkRollout(rollout);
    if (!Object.values(ServiceType).includes(serviceType))
      _fail(this, 'serviceType', `must be one of ${Object.values(ServiceType).join(', ')}`, serviceType);
    if (props.topologySpread?.maxSkew !== undefined)
      _checkInt(this, 'topologySpread.maxSkew', props.topologySpread.maxSkew, 1);

    if (props.config) {
      this.configMapName = `${this.name}-config`;
      this.configData = this.checkConfig(props.config);
    }
    const pdb = this._checkAvailability(
      props.availability,
      hpa ? hpa.minReplicas : replicas,
      hpa ? 'autoscaling.minReplicas' : 'replicas',
    );
    this._commit([
      ['Deployment', this.name],
      ['Service', this.name],
      ...(this.configMapName ? ([['ConfigMap', this.configMapName]] as const) : []),
      ...(hpa ? ([['HorizontalPodAutoscaler', this.name]] as const) : []),
      ...this._optionalClaims(pdb),
    ]);

    if (this.configMapName) {
      new k8s.KubeConfigMap(this, 'config', {
        metadata: { name: this.configMapName, labels: this._labels },
        data: this.configData,
      });
    }
    new k8s.KubeDeployment(this, 'deployment', {
      metadata: this._workloadMetadata,
      spec: {
        replicas: hpa ? undefined : replicas,
        revisionHistoryLimit: 5,
        selector: { matchLabels: { ...this.selectorLabels } },
        strategy: {
          type: 'RollingUpdate',
          rollingUpdate: {
            maxSurge: intOrString(rollout.maxSurge),
            maxUnavailable: intOrString(rollout.maxUnavailable),
          },
        },
        template: _lazy(() => this._podTemplate(props.topologySpread)),
      },
    });
    new k8s.KubeService(this, 'service', {
      metadata: { name: this.name, labels: this._labels },
      spec: { type: serviceType, selector: { ...this.selectorLabels }, ports: this._servicePorts() },
    });
    if (hpa) {
      const cpu = hpa.cpuUtilization ?? (hpa.memoryUtilization === undefined ? 70 : undefined);
      const metric = (name: string, averageUtilization: number): k8s.MetricSpecV2 => ({
        type: 'Resource',
        resource: { name, target: { type: 'Utilization', averageUtilization } },
      });
      new k8s.KubeHorizontalPodAutoscalerV2(this, 'hpa', {
        metadata: { name: this.name, labels: this._labels },
        spec: {
          scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: this.name },
          minReplicas: hpa.minReplicas,
          maxReplicas: hpa.maxReplicas,
          metrics: [
            ...(cpu !== undefined ? [metric('cpu', cpu)] : []),
            ...(hpa.memoryUtilization !== undefined ? [metric('memory', hpa.memoryUtilization)] : []),
          ],
        },
      });
    }
    this._createOptionalObjects(pdb);
  }

  /** @internal */
  protected override _configEnv(): [string, EnvValue][] {
    const env = (this._props as MicroserviceProps).config?.env ?? {};
    return Object.keys(env).map((k) => [k, EnvValue.fromConfigMap(`${this.name}-config`, k)]);
  }

  /** @internal */
  protected override _rolloutAnnotations(): Record<string, string> {
    return this.configData ? { 'shipshape.io/config-hash': _contentHash(this.configData) } : {};
  }

  /** Checks the config and mounts its files; the ConfigMap itself is created after the commit. */
  private checkConfig(config: MicroserviceConfig): Record<string, string> {
    const env = config.env ?? {};
    const files = config.files ?? {};
    const data: Record<string, string> = {};
    for (const [prop, entries] of [
      ['config.env', env],
      ['config.files', files],
    ] as const) {
      for (const [k, v] of Object.entries(entries)) {
        if (!isConfigKey(k)) _fail(this, prop, "must use keys of letters, digits, '-', '_' or '.'", k);
        if (typeof v !== 'string') _fail(this, `${prop}.${k}`, 'must be a string', v);
        if (k in data) _fail(this, prop, "must not repeat a key of 'config.env' in 'config.files'", k);
        data[k] = v;
      }
    }
    Object.keys(env).forEach((k) => _checkEnvName(this, 'config.env', k));
    if (Object.keys(data).length === 0) _fail(this, 'config', "must set 'env' or 'files'", config);
    const name = `${this.name}-config`;
    const fileKeys = Object.keys(files);
    if (fileKeys.length > 0) {
      const mountPath = config.mountPath ?? `/etc/${this.name}`;
      _checkMountPath(this, 'config.mountPath', mountPath);
      this._addVolume(
        'config',
        { name: 'config', configMap: { name, items: fileKeys.map((key) => ({ key, path: key })) } },
        { name: 'config', mountPath, readOnly: true },
      );
    } else if (config.mountPath !== undefined) {
      _fail(this, 'config.mountPath', "must only be set with 'config.files'", config.mountPath);
    }
    return data;
  }

  private checkAutoscaling(hpa: Autoscaling, replicas: number | undefined): void {
    _checkInt(this, 'autoscaling.minReplicas', hpa.minReplicas, 1);
    _checkInt(this, 'autoscaling.maxReplicas', hpa.maxReplicas, 1);
    if (hpa.maxReplicas < hpa.minReplicas) {
      _fail(
        this,
        'autoscaling.maxReplicas',
        `must be >= 'autoscaling.minReplicas' (${hpa.minReplicas})`,
        hpa.maxReplicas,
      );
    }
    if (hpa.cpuUtilization !== undefined)
      _checkInt(this, 'autoscaling.cpuUtilization', hpa.cpuUtilization, 1, 100);
    if (hpa.memoryUtilization !== undefined)
      _checkInt(this, 'autoscaling.memoryUtilization', hpa.memoryUtilization, 1, 100);
    if (replicas !== undefined) {
      _fail(
        this,
        'replicas',
        "must not be set with 'autoscaling': the HPA owns the replica count",
        replicas,
        "Remove 'replicas'; 'autoscaling.minReplicas' is the floor",
      );
    }
  }

  private checkRollout(r: Required<RollingUpdate>): void {
    const zero = (v: number | string) => v === 0 || v === '0%';
    for (const [k, v] of Object.entries(r)) {
      const ok =
        typeof v === 'number'
          ? Number.isInteger(v) && v >= 0
          : PERCENT.test(v) && Number(v.slice(0, -1)) <= 100;
      if (!ok)
        _fail(this, `rollingUpdate.${k}`, "must be a non-negative integer or a percentage such as '25%'", v);
    }
    if (zero(r.maxSurge) && zero(r.maxUnavailable)) {
      _fail(
        this,
        'rollingUpdate',
        "must not set both 'maxSurge' and 'maxUnavailable' to 0: the rollout could never progress",
        r,
      );
    }
  }
}

function intOrString(v: number | string): k8s.IntOrString {
  return typeof v === 'number' ? k8s.IntOrString.fromNumber(v) : k8s.IntOrString.fromString(v);
}
