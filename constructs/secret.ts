import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { _checkLength, _checkUnique, _isDnsSubdomain } from './_checks';
import { _fail, type _Where } from './_errors';
import { _resolveExternalSecrets, type ExternalSecretsOptions } from './secret-store';
import { _keys, _props } from './_keys';
import { _at, _strings } from './_types';
import { isConfigKey } from './names';
import { _commonLabels } from './_labels';
import { System } from './system';

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

const KEYS = _keys('SecretProps', ['name', 'keys', 'generatedKeys', 'external'], 'Secret');

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

  /** Escape hatch: the ExternalSecret, when one materializes the Secret. */
  public readonly externalSecret?: ApiObject;

  constructor(scope: Construct, id: string, props: SecretProps) {
    const at = _at(scope, id);
    const system = System._for(at, scope);
    const p = _props<SecretProps>(at, 'props', props, KEYS);
    const name = p.name ?? id;
    const nameProp = p.name === undefined ? 'id' : 'name';
    if (typeof name !== 'string') _fail(at, nameProp, 'must be a string', name);
    if (name.length > 253) _fail(at, nameProp, 'must be at most 253 characters', name);
    if (!_isDnsSubdomain(name)) _fail(at, nameProp, 'must be a DNS-1123 subdomain', name);
    if (p.keys === undefined) _fail(at, 'keys', 'must declare at least one key', p.keys);
    const keys = _strings(at, 'keys', p.keys);
    if (keys.length === 0) _fail(at, 'keys', 'must declare at least one key', keys);
    keys.forEach((k, i) => {
      _checkLength(at, `keys[${i}]`, k, 253);
      if (!isConfigKey(k)) _fail(at, `keys[${i}]`, "must consist of letters, digits, '-', '_' or '.'", k);
    });
    _checkUnique(at, 'keys', keys, 'key');
    const generatedKeys = p.generatedKeys === undefined ? [] : _strings(at, 'generatedKeys', p.generatedKeys);
    generatedKeys.forEach((k, i) => {
      if (!keys.includes(k))
        _fail(at, `generatedKeys[${i}]`, `must name declared keys (${keys.join(', ')})`, k);
    });
    const external =
      p.external === undefined
        ? system.externalSecrets
        : p.external === false
          ? undefined
          : _resolveExternalSecrets(at, 'external', p.external);
    system._claimAll(
      at,
      [['Secret', name], ...(external ? ([['ExternalSecret', name]] as const) : [])],
      nameProp,
    );
    super(scope, id);
    this.name = name;
    this.keys = [...keys];
    this.generatedKeys = [...generatedKeys];
    this.external = external !== undefined;
    system._register('secret', this);

    if (external) {
      this.externalSecret = new ApiObject(this, 'external-secret', {
        apiVersion: 'external-secrets.io/v1',
        kind: 'ExternalSecret',
        metadata: { name, labels: _commonLabels(system, name) },
        spec: {
          refreshInterval: external.refreshInterval ?? '1h',
          secretStoreRef: { kind: external.store.kind, name: external.store.name },
          target: { name, creationPolicy: 'Owner' },
          data: keys.map((k) => ({
            secretKey: k,
            // The CRD's defaults, written out: `data` is an atomic list, so a default the server adds inside
            // it would make every client-side `kubectl apply` re-send the list and report "configured".
            remoteRef: {
              key: `${external.remotePrefix.replace(/\/+$/, '')}/${name}`,
              property: k,
              conversionStrategy: 'Default',
              decodingStrategy: 'None',
              metadataPolicy: 'None',
            },
          })),
        },
      });
      this.node.defaultChild = this.externalSecret;
    }
  }

  /** @internal Fails unless `key` is declared. */
  public _checkKey(scope: _Where, prop: string, key: string): void {
    if (!this.keys.includes(key)) {
      _fail(scope, prop, `must be a key declared by secret '${this.name}' (${this.keys.join(', ')})`, key);
    }
  }
}
