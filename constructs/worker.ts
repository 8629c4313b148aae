import type { ApiObject } from 'cdk8s';
import { k8s } from 'cdk8s-plus-27';
import type { Construct } from 'constructs';
import { _checkInt } from './_checks';
import { _resolveProbes } from './_probe-plan';
import { _declareWorkloadValues } from './_builtin-values';
import { _lazy } from './_lazy';
import { _spreadConstraints } from './_pod-checks';
import { _keys } from './_keys';
import { _planServiceDelivery } from './_delivery-plan';
import { _createDeliveryObjects } from './_rollout';
import type { Delivery } from './delivery';
import { _planWorkload, _workloadBase } from './_workload-plan';
import type { Probes, TopologySpread } from './pod';
import { _WORKLOAD_KEYS, Workload, type WorkloadProps } from './workload';

/** Props of a {@link Worker}. */
export interface WorkerProps extends WorkloadProps {
  /**
   * Probes of the main container; a process without ports is probed by a command (`Probe.exec`), and one that
   * serves nothing (a load generator) says so with `{ readiness: false }`.
   */
  readonly probes: Probes;
  /**
   * Replicas.
   * @default 1
   */
  readonly replicas?: number;
  /**
   * Spread replicas across zones and nodes.
   * @default - no constraints
   */
  readonly topologySpread?: TopologySpread;
  /**
   * A canary by Argo Rollouts (`Delivery.canary`: weights are shares of the pods; a worker has no Service for
   * blue-green, and its versions must be able to share the queue).
   * @default - a rolling update of the Deployment
   */
  readonly delivery?: Delivery;
  /**
   * Old ReplicaSets (or ControllerRevisions) kept for `kubectl rollout undo`.
   * @default 5
   */
  readonly revisionHistoryLimit?: number;
}

const KEYS = _keys(
  'WorkerProps',
  [..._WORKLOAD_KEYS, 'probes', 'replicas', 'topologySpread', 'revisionHistoryLimit', 'delivery'],
  'Worker',
);

/**
 * A long-running process without ports (queue consumer, load generator): a Deployment with the
 * same security, resource and dependency model as services, no Service, and a NetworkPolicy that
 * admits no inbound traffic.
 */
export class Worker extends Workload {
  /** Escape hatch: the Deployment. */
  public readonly deployment: k8s.KubeDeployment;
  /** Escape hatch: the Argo Rollouts Rollout, when `delivery` is set. */
  public readonly rollout?: ApiObject;

  constructor(scope: Construct, id: string, props: WorkerProps) {
    const base = _workloadBase(scope, id, props, {
      maxNameLength: 63,
      serviceName: false,
      keys: KEYS,
    });
    const { at, name } = base;
    const p = base.props as WorkerProps;
    const replicas = p.replicas ?? 1;
    _checkInt(at, 'replicas', replicas, 0);
    const history = p.revisionHistoryLimit ?? 5;
    _checkInt(at, 'revisionHistoryLimit', history, 0);
    const selectorLabels = base.selectorLabels;
    const spread = _spreadConstraints(at, p.topologySpread, selectorLabels);
    const probes = _resolveProbes(at, 'probes', p.probes, [], {
      required: 'must be set: a worker has no port to probe, so it is probed by a command',
      hint: "Use e.g. Probe.exec(['/bin/healthcheck']), or { readiness: false } for a process that serves nothing",
    });
    const delivery = _planServiceDelivery(at, p.delivery, {
      serviceMonitors: base.system.serviceMonitors,
      hasService: false,
      replicas: { count: replicas, prop: 'replicas' },
      maxSurge: 1,
    });
    const plan = _planWorkload(base, {
      ports: [],
      probes,
      configEnv: [],
      volumes: [],
      annotations: {},
      claims: [['Deployment', name], ...(delivery ? ([['Rollout', name]] as const) : [])],
    });
    super(scope, id, plan);
    this.deployment = new k8s.KubeDeployment(this, 'deployment', {
      metadata: plan.metadata,
      spec: {
        // With a delivery the Rollout runs the pods.
        replicas: delivery ? 0 : replicas,
        revisionHistoryLimit: history,
        selector: { matchLabels: { ...selectorLabels } },
        strategy: {
          type: 'RollingUpdate',
          rollingUpdate: {
            maxSurge: k8s.IntOrString.fromNumber(1),
            maxUnavailable: k8s.IntOrString.fromNumber(0),
          },
        },
        template: _lazy(() => this._podTemplate(spread)),
      },
    });
    if (delivery) {
      this.rollout = _createDeliveryObjects(this, delivery, {
        name,
        selectorLabels,
        replicas,
        revisionHistoryLimit: history,
        maxSurge: 1,
        maxUnavailable: 0,
        labels: plan.labels,
        namespace: base.system.namespace,
        prometheusUrl: base.system.prometheusUrl,
        servicePorts: [],
      }).rollout;
    }
    this.node.defaultChild = this.deployment;
    _declareWorkloadValues(this, {
      component: this._valueComponent,
      controller: this.deployment,
      replicasOf: this.rollout,
      podSpec: '/spec/template/spec',
      image: plan.main.image,
      imageMoves: plan.main.mutableImage !== undefined,
      ephemeralStorage: plan.main.resources.requests?.['ephemeral-storage'] !== undefined,
      sharedConfigs: plan.sharedConfigs.map((c) => ({ configMap: c.configMap, name: c.name })),
      replicas: { min: 0, description: 'Replicas.' },
    });
  }
}
