import type { EnvFrom } from './env-from';
import type { EnvValue } from './env-value';
import type { Image } from './image';
import type { Probe } from './probe';
import type { ServicePort } from './port';
import type { Resources } from './resources';
import type { Secret } from './secret';
import type { ServiceWorkload } from './service-workload';
import { _keys } from './_keys';

// The parts of a pod a workload declares: containers, probes, identity, volumes and the traffic it needs.

/** When the kubelet pulls the image. */
export enum ImagePullPolicy {
  /** Pull only when the node lacks the image (right for pinned tags and digests). */
  IF_NOT_PRESENT = 'IfNotPresent',
  /** Pull on every start. */
  ALWAYS = 'Always',
  /** Never pull (images preloaded, e.g. `minikube image load`). */
  NEVER = 'Never',
}

/** Liveness, readiness and startup probes of a container. */
export interface Probes {
  /**
   * Gates traffic: the pod receives requests only while this succeeds; `false` for none (a process that serves
   * nothing, e.g. a load generator: `probes: { readiness: false }` turns every probe off).
   * @default - derived from the main port (HTTP GET `healthPath`, gRPC health, or TCP connect); required for workers and sidecars
   */
  readonly readiness?: Probe | false;
  /**
   * Restarts the container when it fails; `false` for none. A liveness probe without readiness is refused
   * behind a Service.
   * @default - same check as readiness (none when readiness is false)
   */
  readonly liveness?: Probe | false;
  /**
   * Holds the other probes until the container has started.
   * @default - none
   */
  readonly startup?: Probe;
}

export const _PROBES_KEYS = _keys('Probes', ['readiness', 'liveness', 'startup']);

/** The user and groups the pod runs as (never root). */
export interface PodIdentity {
  /**
   * UID of every container.
   * @default 65532
   */
  readonly runAsUser?: number;
  /**
   * Primary GID of every container.
   * @default - same as `runAsUser`
   */
  readonly runAsGroup?: number;
  /**
   * GID that owns mounted volumes.
   * @default - same as `runAsGroup`
   */
  readonly fsGroup?: number;
}

export const _POD_IDENTITY_KEYS = _keys('PodIdentity', ['runAsUser', 'runAsGroup', 'fsGroup']);

/** A key of a Secret mounted under a file name of its own, e.g. key `privateKey` as `signing.key`. */
export interface SecretItem {
  /** The declared key. */
  readonly key: string;
  /** Relative path of its file in the mount (no `..`). */
  readonly path: string;
}

export const _SECRET_ITEM_KEYS = _keys('SecretItem', ['key', 'path']);

/** A declared Secret mounted as files, read-only. */
export interface SecretMount {
  /** The secret. */
  readonly secret: Secret;
  /** Directory of the files (one per key), or the file itself with `subPath`. */
  readonly mountPath: string;
  /**
   * Keys to mount, each as a file of its own name.
   * @default - every declared key
   */
  readonly keys?: readonly string[];
  /**
   * Keys to mount under file names of their own (Kubernetes' `items`); exclusive with `keys`.
   * @default - the keys as `keys` gives them
   */
  readonly items?: readonly SecretItem[];
  /**
   * One file of the mount, mounted at `mountPath` itself, so the rest of a directory the image holds stays
   * (Kubernetes' `subPath`; such a file is not updated when the Secret changes).
   * @default - the whole mount, a directory at `mountPath`
   */
  readonly subPath?: string;
}

export const _SECRET_MOUNT_KEYS = _keys('SecretMount', ['secret', 'mountPath', 'keys', 'items', 'subPath']);

/** Egress to addresses outside the cluster (e.g. an OAuth provider). */
export interface ExternalEgress {
  /** CIDR of the destination, e.g. `0.0.0.0/0`. */
  readonly cidr: string;
  /** Destination TCP ports. */
  readonly ports: readonly number[];
  /**
   * CIDRs excluded from `cidr` (e.g. the cluster's private ranges).
   * @default - none
   */
  readonly except?: readonly string[];
}

export const _EXTERNAL_EGRESS_KEYS = _keys('ExternalEgress', ['cidr', 'ports', 'except']);

/** A dependency on another service of the same System. */
export interface Dependency {
  /** The service depended on. */
  readonly target: ServiceWorkload;
  /**
   * Port names of the target used.
   * @default - the target's main port
   */
  readonly ports?: readonly string[];
}

export const _DEPENDENCY_KEYS = _keys('Dependency', ['target', 'ports']);

/** Spreading of replicas across failure domains. */
export interface TopologySpread {
  /**
   * Maximum difference in replica count between two domains.
   * @default 1
   */
  readonly maxSkew?: number;
  /**
   * Refuse to schedule rather than violate the spread.
   * @default false
   */
  readonly strict?: boolean;
}

export const _TOPOLOGY_SPREAD_KEYS = _keys('TopologySpread', ['maxSkew', 'strict']);

/** An extra container: a sidecar (runs beside the main one) or an init container (runs before). */
export interface ContainerProps {
  /** Container name (a DNS-1123 label), unique in the pod. */
  readonly name: string;
  /** Image with a pinned tag or digest, or an `Image.mutableTag(...)`. */
  readonly image: string | Image;
  /**
   * Entrypoint override.
   * @default - the image's entrypoint
   */
  readonly command?: readonly string[];
  /**
   * Arguments.
   * @default - the image's command
   */
  readonly args?: readonly string[];
  /**
   * ConfigMaps and Secrets whose every key becomes a variable (Kubernetes' `envFrom`).
   * @default - none
   */
  readonly envFrom?: readonly EnvFrom[];
  /**
   * Environment, in order.
   * @default - none
   */
  readonly env?: Readonly<Record<string, EnvValue>>;
  /**
   * CPU and memory.
   * @default { cpu: { request: '50m', limit: '200m' }, memory: { request: '64Mi', limit: '128Mi' } }
   */
  readonly resources?: Resources;
  /**
   * Ports the container listens on (not exposed on the Service).
   * @default - none
   */
  readonly ports?: readonly ServicePort[];
  /**
   * Probes of a sidecar (init containers cannot have probes).
   * @default - none
   */
  readonly probes?: Probes;
  /**
   * Writable directories (emptyDir) of this container; the root filesystem stays read-only.
   * @default ['/tmp']
   */
  readonly writablePaths?: readonly string[];
}

export const _CONTAINER_PROPS_KEYS = _keys('ContainerProps', [
  'name',
  'image',
  'command',
  'args',
  'envFrom',
  'env',
  'resources',
  'ports',
  'probes',
  'writablePaths',
]);
