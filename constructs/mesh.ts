import { _fail, type _Where } from './_errors';
import { _keys, _props } from './_keys';
import { _string } from './_types';

/**
 * How Istio enrols the pods: `ambient` (the node's ztunnel carries mTLS; no pod change, no restart, nothing
 * for Jobs) or `sidecar` (an injected Envoy per pod).
 */
export type MeshMode = 'ambient' | 'sidecar';

/** Peer authentication of the namespace: `STRICT` rejects plaintext; `PERMISSIVE` accepts it (rollout). */
export type MeshMtls = 'STRICT' | 'PERMISSIVE';

/** Options of {@link Mesh.istio}. */
export interface IstioMeshOptions {
  /**
   * How the pods are enrolled: the namespace label `istio.io/dataplane-mode=ambient`, or `istio-injection=enabled`.
   * @default 'ambient'
   */
  readonly mode?: MeshMode;
  /**
   * Mutual TLS of the namespace-wide PeerAuthentication (`PERMISSIVE` first when rolling out, then `STRICT`).
   * @default 'STRICT'
   */
  readonly mtls?: MeshMtls;
  /**
   * The mesh's trust domain: principals read `<trustDomain>/ns/<namespace>/sa/<serviceAccount>`.
   * @default 'cluster.local'
   */
  readonly trustDomain?: string;
}

const ISTIO_KEYS = _keys('IstioMeshOptions', ['mode', 'mtls', 'trustDomain']);

const MODES: readonly MeshMode[] = ['ambient', 'sidecar'];
const MTLS: readonly MeshMtls[] = ['STRICT', 'PERMISSIVE'];
// A trust domain is a DNS name-like string (SPIFFE: lowercase letters, digits, `.`, `-`, `_`).
const TRUST_DOMAIN = /^[a-z0-9]([a-z0-9._-]{0,251}[a-z0-9])?$/;

/**
 * A service mesh a System enrols its workloads in: the System records who may call whom on which port (the
 * mesh intent, by ServiceAccount principal), and the implementation renders it (Istio today). A System
 * without `mesh` emits no mesh object.
 */
export class Mesh {
  /**
   * Istio (`security.istio.io/v1`): a namespace-wide PeerAuthentication, an allow-nothing AuthorizationPolicy,
   * and per workload an ALLOW AuthorizationPolicy of exactly its declared callers' principals on their ports.
   */
  public static istio(options: IstioMeshOptions = {}): Mesh {
    return new Mesh('istio', options, ISTIO_KEYS);
  }

  /** The implementation (`istio`). */
  public readonly kind: string;
  /** How pods are enrolled. */
  public readonly mode: MeshMode;
  /** Mutual TLS mode of the namespace. */
  public readonly mtls: MeshMtls;
  /** The trust domain of the principals. */
  public readonly trustDomain: string;
  private readonly raw: unknown;
  private readonly keys: ReturnType<typeof _keys>;

  private constructor(kind: string, raw: IstioMeshOptions, keys: ReturnType<typeof _keys>) {
    this.kind = kind;
    this.raw = raw;
    this.keys = keys;
    const o = (typeof raw === 'object' && raw !== null ? raw : {}) as IstioMeshOptions;
    this.mode = o.mode ?? 'ambient';
    this.mtls = o.mtls ?? 'STRICT';
    this.trustDomain = o.trustDomain ?? 'cluster.local';
  }

  /** The principal of a ServiceAccount (`<trustDomain>/ns/<namespace>/sa/<name>`). */
  public principal(serviceAccount: { readonly name: string; readonly namespace: string }): string {
    return `${this.trustDomain}/ns/${serviceAccount.namespace}/sa/${serviceAccount.name}`;
  }

  /** @internal Checks the factory's options (JavaScript and JSON callers get no compiler help) as `<prop>`. */
  public _check(at: _Where, prop: string): void {
    _props(at, prop, this.raw, this.keys);
    if (!MODES.includes(this.mode))
      _fail(at, `${prop}.mode`, `must be one of ${MODES.join(', ')}`, this.mode);
    if (!MTLS.includes(this.mtls)) _fail(at, `${prop}.mtls`, `must be one of ${MTLS.join(', ')}`, this.mtls);
    _string(at, `${prop}.trustDomain`, this.trustDomain);
    if (!TRUST_DOMAIN.test(this.trustDomain))
      _fail(
        at,
        `${prop}.trustDomain`,
        'must be a trust domain (lowercase letters, digits, ".", "-" and "_", at most 253 characters)',
        this.trustDomain,
      );
  }
}
