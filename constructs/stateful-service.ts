import { k8s } from 'cdk8s-plus-27';
import type { Construct } from 'constructs';
import { _checkDnsSubdomain, _checkInt, _checkMountPath } from './_checks';
import { _declareWorkloadValues } from './_builtin-values';
import { _fail } from './_errors';
import { _lazy } from './_lazy';
import { _podPeer, type _Edge } from './_network-policy';
import { _checkQuantity } from './_quantity';
import { _resolveServiceParts } from './_service-plan';
import { _keys, _props } from './_keys';
import { _array, _boolean, _enum, _string, _strings, _enumOr } from './_types';
import { _spreadConstraints } from './_pod-checks';
import { _planWorkload, _workloadBase } from './_workload-plan';
import { _checkRelativePath } from './_volume-plan';
import type { TopologySpread } from './pod';
import { _SERVICE_WORKLOAD_KEYS, ServiceWorkload, type ServiceWorkloadProps } from './service-workload';

/** How a StatefulSet starts and stops its pods. */
export enum PodManagementPolicy {
  /** One at a time, in ordinal order (databases, quorum members). */
  ORDERED_READY = 'OrderedReady',
  /** All at once (peers that discover each other). */
  PARALLEL = 'Parallel',
}

/** Access mode of a volume. */
export enum AccessMode {
  /** Read-write by one node. */
  READ_WRITE_ONCE = 'ReadWriteOnce',
  /** Read-write by one pod. */
  READ_WRITE_ONCE_POD = 'ReadWriteOncePod',
  /** Read-only by many nodes. */
  READ_ONLY_MANY = 'ReadOnlyMany',
  /** Read-write by many nodes. */
  READ_WRITE_MANY = 'ReadWriteMany',
}

/** The persistent volume of each replica (a volumeClaimTemplate named `data`). */
export interface Storage {
  /** Requested size, e.g. `10Gi`. */
  readonly size: string;
  /** Where the main container mounts it. */
  readonly mountPath: string;
  /**
   * StorageClass of the claims.
   * @default - the cluster's default StorageClass
   */
  readonly storageClassName?: string;
  /**
   * Access modes.
   * @default [AccessMode.READ_WRITE_ONCE]
   */
  readonly accessModes?: readonly AccessMode[];
  /**
   * A directory inside the volume to mount at `mountPath` instead of its root, e.g. `pgdata` for a database
   * whose init refuses a volume root that holds `lost+found`.
   * @default - the volume root
   */
  readonly subPath?: string;
}

const STORAGE_KEYS = _keys('Storage', ['size', 'mountPath', 'storageClassName', 'accessModes', 'subPath']);

/** Props of a {@link StatefulService}. */
export interface StatefulServiceProps extends ServiceWorkloadProps {
  /**
   * Replicas.
   * @default 1
   */
  readonly replicas?: number;
  /** Persistent volume of each replica. */
  readonly storage: Storage;
  /**
   * Start/stop order of the pods.
   * @default PodManagementPolicy.ORDERED_READY
   */
  readonly podManagementPolicy?: PodManagementPolicy;
  /**
   * Port names the replicas use among themselves (cluster routes); NetworkPolicies allow them between replicas.
   * @default - none
   */
  readonly peerPorts?: readonly string[];
  /**
   * Publish DNS records of pods before they are ready (peer discovery at cluster formation).
   * @default false
   */
  readonly publishNotReadyAddresses?: boolean;
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
  'StatefulServiceProps',
  [
    ..._SERVICE_WORKLOAD_KEYS,
    'replicas',
    'storage',
    'podManagementPolicy',
    'peerPorts',
    'publishNotReadyAddresses',
    'topologySpread',
    'revisionHistoryLimit',
  ],
  'StatefulService',
);

/**
 * A stateful service: StatefulSet with a volumeClaimTemplate per replica, a headless Service for
 * stable pod DNS names, ServiceAccount, NetworkPolicy, and optionally a PodDisruptionBudget and a
 * ServiceMonitor.
 */
export class StatefulService extends ServiceWorkload {
  /** Replicas. */
  public readonly replicas: number;
  /** Escape hatch: the StatefulSet. */
  public readonly statefulSet: k8s.KubeStatefulSet;
  /** Escape hatch: the headless Service. */
  public readonly service: k8s.KubeService;
  private readonly peerPorts: readonly string[];

  constructor(scope: Construct, id: string, props: StatefulServiceProps) {
    // 52: the controller-revision-hash label is `<name>-<10 chars>` and must fit in 63.
    const base = _workloadBase(scope, id, props, {
      maxNameLength: 52,
      serviceName: true,
      keys: KEYS,
    });
    const { at, name } = base;
    const p = base.props as StatefulServiceProps;
    const selectorLabels = base.selectorLabels;
    const replicas = p.replicas ?? 1;
    _checkInt(at, 'replicas', replicas, 0);
    const history = p.revisionHistoryLimit ?? 5;
    _checkInt(at, 'revisionHistoryLimit', history, 0);
    if (p.storage === undefined)
      _fail(at, 'storage', 'must be set: a StatefulService keeps state on a volume', p.storage);
    const storage = _props<Storage>(at, 'storage', p.storage, STORAGE_KEYS);
    _checkQuantity(at, 'storage.size', storage.size, '10Gi');
    _checkMountPath(at, 'storage.mountPath', storage.mountPath);
    if (storage.storageClassName !== undefined)
      _checkDnsSubdomain(at, 'storage.storageClassName', storage.storageClassName);
    const accessModes =
      storage.accessModes === undefined
        ? [AccessMode.READ_WRITE_ONCE]
        : _array(at, 'storage.accessModes', storage.accessModes).map((m, i) =>
            _enum(at, `storage.accessModes[${i}]`, m, AccessMode),
          );
    if (accessModes.length === 0)
      _fail(at, 'storage.accessModes', 'must list at least one access mode', accessModes);
    const subPath =
      storage.subPath === undefined ? undefined : _string(at, 'storage.subPath', storage.subPath);
    if (subPath !== undefined) _checkRelativePath(at, 'storage.subPath', subPath);
    const policy = _enumOr(
      at,
      'podManagementPolicy',
      p.podManagementPolicy,
      PodManagementPolicy,
      PodManagementPolicy.ORDERED_READY,
    );
    const publishNotReady =
      p.publishNotReadyAddresses === undefined
        ? false
        : _boolean(at, 'publishNotReadyAddresses', p.publishNotReadyAddresses);
    const spread = _spreadConstraints(at, p.topologySpread, selectorLabels);
    const service = _resolveServiceParts(base, { count: replicas, prop: 'replicas' }, selectorLabels);
    const peerPorts = p.peerPorts === undefined ? [] : _strings(at, 'peerPorts', p.peerPorts);
    peerPorts.forEach((port, i) => {
      if (!service.ports.some((sp) => sp.name === port))
        _fail(
          at,
          `peerPorts[${i}]`,
          `must name a port of '${name}' (${service.ports.map((x) => x.name).join(', ')})`,
          port,
        );
    });
    const plan = _planWorkload(base, {
      ports: service.ports,
      probes: service.probes,
      configEnv: [],
      volumes: [
        {
          prop: 'storage.mountPath',
          preferred: 'data',
          fixed: true,
          key: 'claim data',
          mounts: [
            {
              container: base.containerName,
              mountPath: _string(at, 'storage.mountPath', storage.mountPath),
              subPath,
            },
          ],
        },
      ],
      annotations: {},
      claims: [['StatefulSet', name], ['Service', name], ...service.claims],
    });
    super(scope, id, plan, service);
    this.replicas = replicas;
    this.peerPorts = peerPorts;

    this.service = new k8s.KubeService(this, 'service', {
      metadata: { name, labels: plan.labels },
      spec: {
        clusterIp: 'None',
        ...(publishNotReady && { publishNotReadyAddresses: true }),
        selector: { ...selectorLabels },
        ports: this._servicePorts(),
      },
    });
    this.statefulSet = new _StatefulSetObject(this, 'statefulset', {
      metadata: plan.metadata,
      spec: {
        serviceName: name,
        replicas,
        podManagementPolicy: policy,
        revisionHistoryLimit: history,
        selector: { matchLabels: { ...selectorLabels } },
        updateStrategy: { type: 'RollingUpdate' },
        template: _lazy(() => this._podTemplate(spread)),
        volumeClaimTemplates: [
          {
            metadata: { name: 'data', labels: { ...selectorLabels } },
            spec: {
              accessModes: [...accessModes],
              ...(storage.storageClassName !== undefined && { storageClassName: storage.storageClassName }),
              volumeMode: 'Filesystem',
              resources: { requests: { storage: k8s.Quantity.fromString(storage.size) } },
            },
          },
        ],
      },
    });
    this.node.defaultChild = this.statefulSet;
    this._createOptionalObjects();
    _declareWorkloadValues(this, {
      component: this._valueComponent,
      controller: this.statefulSet,
      podSpec: '/spec/template/spec',
      image: plan.main.image,
      imageMoves: plan.main.mutableImage !== undefined,
      ephemeralStorage: plan.main.resources.requests?.['ephemeral-storage'] !== undefined,
      sharedConfigs: plan.sharedConfigs.map((c) => ({ configMap: c.configMap, name: c.name })),
      replicas: { min: service.minReplicas, description: 'Replicas.' },
    });
  }

  /** @internal */
  protected override _peerIngressEdges(): _Edge[] {
    return this.peerEdges();
  }

  /** @internal */
  protected override _peerEgressEdges(): _Edge[] {
    return this.peerEdges();
  }

  /** @internal */
  protected override _peerPortNames(): readonly string[] {
    return this.peerPorts;
  }

  private peerEdges(): _Edge[] {
    if (this.peerPorts.length === 0) return [];
    const ports = this.ports
      .filter((p) => this.peerPorts.includes(p.name))
      .map((p) => ({ protocol: p.transport, port: p.port }));
    return [{ peer: _podPeer(this.selectorLabels), ports }];
  }
}

/**
 * The API server stores each claim template with apiVersion/kind (apps/v1 conversion), a null
 * creationTimestamp and the claim defaults (`volumeMode`, set in the props, and `status.phase`). volumeClaimTemplates is an atomic list: one field that
 * differs makes client-side `kubectl apply` re-send it and report "configured" on every run. The L1 class
 * maps its JSON through the typed props, which have none of these fields, so they are added after it.
 */
class _StatefulSetObject extends k8s.KubeStatefulSet {
  public override toJson(): ReturnType<k8s.KubeStatefulSet['toJson']> {
    const json = super.toJson();
    const templates: Record<string, unknown>[] = json.spec?.volumeClaimTemplates ?? [];
    json.spec.volumeClaimTemplates = templates.map((t) => ({
      apiVersion: 'v1',
      kind: 'PersistentVolumeClaim',
      ...t,
      // A zero timestamp is stored as an explicit null (ObjectMeta's Time has no omitempty).
      metadata: { creationTimestamp: null, ...(t['metadata'] as object) },
      status: { phase: 'Pending' },
    }));
    return json;
  }
}
