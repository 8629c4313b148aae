import { k8s } from 'cdk8s-plus-27';
import type { Construct } from 'constructs';
import { _checkInt, _checkMountPath, _isDnsSubdomain } from './_checks';
import { _fail } from './_errors';
import { _lazy } from './_lazy';
import { _checkQuantity } from './_quantity';
import { ServiceWorkload, type ServiceWorkloadProps } from './service-workload';
import type { TopologySpread } from './workload';

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
}

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
}

/**
 * A stateful service: StatefulSet with a volumeClaimTemplate per replica, a headless Service for
 * stable pod DNS names, ServiceAccount, NetworkPolicy, and optionally a PodDisruptionBudget and a
 * ServiceMonitor.
 */
export class StatefulService extends ServiceWorkload {
  /** Replicas. */
  public readonly replicas: number;
  private readonly peerPorts: readonly string[];

  constructor(scope: Construct, id: string, props: StatefulServiceProps) {
    // 52: the controller-revision-hash label is `<name>-<10 chars>` and must fit in 63.
    super(scope, id, props, { maxNameLength: 52 });
    const replicas = props.replicas ?? 1;
    const storage = props.storage;
    const accessModes = storage?.accessModes ?? [AccessMode.READ_WRITE_ONCE];
    const policy = props.podManagementPolicy ?? PodManagementPolicy.ORDERED_READY;
    this.replicas = replicas;
    this.peerPorts = props.peerPorts ?? [];

    _checkInt(this, 'replicas', replicas, 0);
    if (!storage) _fail(this, 'storage', 'must be set: a StatefulService keeps state on a volume', storage);
    _checkQuantity(this, 'storage.size', storage.size, '10Gi');
    _checkMountPath(this, 'storage.mountPath', storage.mountPath);
    if (storage.storageClassName !== undefined && !_isDnsSubdomain(storage.storageClassName)) {
      _fail(this, 'storage.storageClassName', 'must be a DNS-1123 subdomain', storage.storageClassName);
    }
    if (accessModes.length === 0)
      _fail(this, 'storage.accessModes', 'must list at least one access mode', accessModes);
    accessModes.forEach((m) => {
      if (!Object.values(AccessMode).includes(m))
        _fail(this, 'storage.accessModes', `must contain only ${Object.values(AccessMode).join(', ')}`, m);
    });
    if (!Object.values(PodManagementPolicy).includes(policy)) {
      _fail(
        this,
        'podManagementPolicy',
        `must be one of ${Object.values(PodManagementPolicy).join(', ')}`,
        policy,
      );
    }
    this.peerPorts.forEach((p) => this.port(p, 'peerPorts'));
    if (props.topologySpread?.maxSkew !== undefined)
      _checkInt(this, 'topologySpread.maxSkew', props.topologySpread.maxSkew, 1);
    this._addVolume('data', undefined, { name: 'data', mountPath: storage.mountPath });
    const pdb = this._checkAvailability(props.availability, replicas, 'replicas');
    this._commit([['StatefulSet', this.name], ['Service', this.name], ...this._optionalClaims(pdb)]);

    new k8s.KubeService(this, 'service', {
      metadata: { name: this.name, labels: this._labels },
      spec: {
        clusterIp: 'None',
        publishNotReadyAddresses: props.publishNotReadyAddresses || undefined,
        selector: { ...this.selectorLabels },
        ports: this._servicePorts(),
      },
    });
    new _StatefulSetObject(this, 'statefulset', {
      metadata: this._workloadMetadata,
      spec: {
        serviceName: this.name,
        replicas,
        podManagementPolicy: policy,
        revisionHistoryLimit: 5,
        selector: { matchLabels: { ...this.selectorLabels } },
        updateStrategy: { type: 'RollingUpdate' },
        template: _lazy(() => this._podTemplate(props.topologySpread)),
        volumeClaimTemplates: [
          {
            metadata: { name: 'data', labels: { ...this.selectorLabels } },
            spec: {
              accessModes: [...accessModes],
              storageClassName: storage.storageClassName,
              volumeMode: 'Filesystem',
              resources: { requests: { storage: k8s.Quantity.fromString(storage.size) } },
            },
          },
        ],
      },
    });
    this._createOptionalObjects(pdb);
  }

  /** @internal */
  protected override _peerIngressRules(): k8s.NetworkPolicyIngressRule[] {
    return this.peerPorts.length === 0 ? [] : [{ from: [this.self()], ports: this.peerPortList() }];
  }

  /** @internal */
  protected override _extraEgressRules(): k8s.NetworkPolicyEgressRule[] {
    return this.peerPorts.length === 0 ? [] : [{ to: [this.self()], ports: this.peerPortList() }];
  }

  private self(): k8s.NetworkPolicyPeer {
    return { podSelector: { matchLabels: { ...this.selectorLabels } } };
  }

  private peerPortList(): k8s.NetworkPolicyPort[] {
    return this.ports
      .filter((p) => this.peerPorts.includes(p.name))
      .map((p) => ({ protocol: 'TCP', port: k8s.IntOrString.fromNumber(p.port) }));
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
