import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { _checkDnsLabel, _checkGoDuration, _checkUnique, _isDnsSubdomain } from './_checks';
import { _fail } from './_errors';
import { isConfigKey } from './names';
import { _commonLabels } from './_labels';
import { System } from './system';

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
  ) {}
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

/** Props of a {@link Secret}. */
export interface SecretProps {
  /**
   * Name of the Kubernetes Secret.
   * @default - the construct id
   */
  readonly name?: string;
  /** Keys the Secret holds; workloads may read only these. */
  readonly keys: readonly string[];
  /**
   * Keys whose value a deployer may generate (random passwords) when none is configured.
   * @default - none
   */
  readonly generatedKeys?: readonly string[];
  /**
   * Materialize the Secret with an ExternalSecret from this store; `false` expects it created out of band.
   * @default - the System's `externalSecrets`
   */
  readonly external?: ExternalSecretsOptions | false;
}

/**
 * Declares a Secret by name and keys. It never holds values, so no Secret with data is ever
 * synthesized: either an ExternalSecret materializes it from a store, or a deployer (the Pulumi
 * stack, `kubectl create secret`) creates it out of band.
 */
export class Secret extends Construct {
  /** Name of the Kubernetes Secret. */
  public readonly name: string;
  /** Declared keys. */
  public readonly keys: readonly string[];
  /** Keys a deployer may generate. */
  public readonly generatedKeys: readonly string[];
  /** True when an ExternalSecret in the output materializes this Secret. */
  public readonly external: boolean;

  constructor(scope: Construct, id: string, props: SecretProps) {
    super(scope, id);
    const system = System.of(this);
    this.name = props.name ?? id;
    this.keys = [...(props.keys ?? [])];
    this.generatedKeys = [...(props.generatedKeys ?? [])];
    const external = props.external === undefined ? system.externalSecrets : props.external || undefined;
    this.external = external !== undefined;

    if (!_isDnsSubdomain(this.name)) _fail(this, 'name', 'must be a DNS-1123 subdomain', this.name);
    if (this.keys.length === 0) _fail(this, 'keys', 'must declare at least one key', this.keys);
    this.keys.forEach((k, i) => {
      if (typeof k !== 'string' || !isConfigKey(k)) {
        _fail(this, `keys[${i}]`, "must consist of letters, digits, '-', '_' or '.'", k);
      }
    });
    _checkUnique(this, 'keys', this.keys, 'key');
    for (const k of this.generatedKeys) {
      if (!this.keys.includes(k))
        _fail(this, 'generatedKeys', `must name declared keys (${this.keys.join(', ')})`, k);
    }
    if (external) {
      _checkGoDuration(this, 'external.refreshInterval', external.refreshInterval ?? '1h');
      _checkDnsLabel(this, 'external.store.name', external.store.name, 253);
      if (!external.remotePrefix)
        _fail(this, 'external.remotePrefix', 'must not be empty', external.remotePrefix);
    }
    system._claimAll(this, [
      ['Secret', this.name],
      ...(external ? ([['ExternalSecret', this.name]] as const) : []),
    ]);
    system._register('secret', this);

    if (external) {
      new ApiObject(this, 'external-secret', {
        apiVersion: 'external-secrets.io/v1',
        kind: 'ExternalSecret',
        metadata: { name: this.name, labels: _commonLabels(system, this.name) },
        spec: {
          refreshInterval: external.refreshInterval ?? '1h',
          secretStoreRef: { kind: external.store.kind, name: external.store.name },
          target: { name: this.name, creationPolicy: 'Owner' },
          data: this.keys.map((k) => ({
            secretKey: k,
            // The CRD's defaults, written out: `data` is an atomic list, so a default the server adds inside
            // it would make every client-side `kubectl apply` re-send the list and report "configured".
            remoteRef: {
              key: `${external.remotePrefix.replace(/\/+$/, '')}/${this.name}`,
              property: k,
              conversionStrategy: 'Default',
              decodingStrategy: 'None',
              metadataPolicy: 'None',
            },
          })),
        },
      });
    }
  }

  /** @internal Fails unless `key` is declared. */
  public _checkKey(scope: Construct, prop: string, key: string): void {
    if (!this.keys.includes(key)) {
      _fail(scope, prop, `must be a key declared by secret '${this.name}' (${this.keys.join(', ')})`, key);
    }
  }
}
