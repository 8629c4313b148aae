/** Where ExternalSecrets read their values: a SecretStore reference and the options a System or Secret gives. */
import { _checkDnsLabel, _checkGoDuration } from './_checks';
import { _fail, type _Where } from './_errors';
import { _keys, _props } from './_keys';

/** Brand of SecretStore instances (survives two copies of shipshape, unlike `instanceof`). */
export const _SECRET_STORE = Symbol.for('shipshape.SecretStore');

/** Kind of an external-secrets store. */
export enum SecretStoreKind {
  /** A cluster-wide `ClusterSecretStore`. */
  CLUSTER = 'ClusterSecretStore',
  /** A `SecretStore` in the system's namespace. */
  NAMESPACED = 'SecretStore',
}

/** A reference to an external-secrets (Cluster)SecretStore, e.g. one backed by Vault. */
export class SecretStore {
  /** A `ClusterSecretStore` by name. */
  public static cluster(name: string): SecretStore {
    return new SecretStore(SecretStoreKind.CLUSTER, name);
  }

  /** A `SecretStore` in the system's namespace, by name. */
  public static namespaced(name: string): SecretStore {
    return new SecretStore(SecretStoreKind.NAMESPACED, name);
  }

  private constructor(
    /** Kind of the store. */
    public readonly kind: SecretStoreKind,
    /** Name of the store. */
    public readonly name: string,
  ) {
    Object.defineProperty(this, _SECRET_STORE, { value: true });
  }
}

/** Where ExternalSecrets read their values. */
export interface ExternalSecretsOptions {
  /** The store that holds the values. */
  readonly store: SecretStore;
  /** Remote key prefix: secret `s` key `K` is read from `<remotePrefix>/s`, property `K`. */
  readonly remotePrefix: string;
  /**
   * How often the operator re-reads the store (Go duration).
   * @default '1h'
   */
  readonly refreshInterval?: string;
}

const EXTERNAL_SECRETS_KEYS = _keys('ExternalSecretsOptions', ['store', 'remotePrefix', 'refreshInterval']);

/** ExternalSecrets options (a System's default or a Secret's own), every field checked. */
export function _resolveExternalSecrets(at: _Where, prop: string, raw: unknown): ExternalSecretsOptions {
  const e = _props<ExternalSecretsOptions>(at, prop, raw, EXTERNAL_SECRETS_KEYS);
  const store = e.store as unknown;
  if (typeof store !== 'object' || store === null || !(_SECRET_STORE in store))
    _fail(at, `${prop}.store`, 'must be a SecretStore', store, "Use SecretStore.cluster('name')");
  _checkGoDuration(at, `${prop}.refreshInterval`, e.refreshInterval ?? '1h');
  _checkDnsLabel(at, `${prop}.store.name`, e.store.name, 253);
  if (typeof e.remotePrefix !== 'string' || e.remotePrefix === '')
    _fail(at, `${prop}.remotePrefix`, 'must be a non-empty string', e.remotePrefix);
  return e;
}
