import { JsonPatch } from 'cdk8s';
import { k8s } from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { _declareConfigMapValues } from './_builtin-values';
import { _checkComponent, _ownComponent } from './_chart-values';
import { _checkDnsSubdomain, _checkLength } from './_checks';
import { _CONFIG_MAP, _isConfigMap, type _ConfigEndpoint } from './_config-brand';
import { _sortedCopy } from './_config-plan';
import { _SERVICE_WORKLOAD } from './_endpoint-plan';
import { _fail, type _Where } from './_errors';
import { _contentHash } from './_hash';
import { _keys, _props } from './_keys';
import { _commonLabels } from './_labels';
import { _at, _entries } from './_types';
import { _checkObjectSize } from './_object-size';
import { _endpointTarget, EnvValue } from './env-value';
import { isConfigKey } from './names';
import { System } from './system';

/** Props of a {@link ConfigMap}. */
export interface ConfigMapProps {
  /**
   * Name of the Kubernetes ConfigMap (a DNS-1123 subdomain of at most 63 characters: it also names the
   * rollout annotation of its readers).
   * @default - the construct id
   */
  readonly name?: string;
  /**
   * Keys and values, read as environment variables (envFrom) or one by one.
   * A value may be the address of a service of the System (`cart.endpoint().address`, rendered as
   * `cart.<namespace>.svc:7070`), which makes every reader a caller of that service (then the data is no chart
   * value: the graph owns it).
   */
  readonly data: Readonly<Record<string, string | EnvValue>>;
}

const KEYS = _keys('ConfigMapProps', ['name', 'data'], 'ConfigMap');

/**
 * Configuration shared by several workloads of a System: one environment-wide ConfigMap read through
 * `envFrom: [EnvFrom.configMap(config)]` or `EnvValue.fromConfigMap(config, key)`. Its readers roll when its
 * content changes (each carries `config-hash.shipshape.io/<name>` on its pods), and a value that is a service's
 * address makes each reader a caller of that service (endpoint variables and NetworkPolicies included).
 */
export class ConfigMap extends Construct {
  /** Name of the ConfigMap. */
  public readonly name: string;
  /** Its keys, sorted. */
  public readonly keys: readonly string[];
  /** Escape hatch: the ConfigMap object. */
  public readonly configMap: k8s.KubeConfigMap;
  /** @internal The rendered data. */
  public readonly _data: Readonly<Record<string, string>>;
  /** @internal The services its values name by address. */
  public readonly _endpoints: readonly _ConfigEndpoint[];
  /** @internal The short content hash of its data (the readers' rollout annotation). */
  public readonly _hash: string;
  /** @internal Its System. */
  public readonly _system: System;

  constructor(scope: Construct, id: string, props: ConfigMapProps) {
    const at = _at(scope, id);
    const system = System._for(at, scope);
    const p = _props<ConfigMapProps>(at, 'props', props, KEYS);
    const name = p.name ?? id;
    const nameProp = p.name === undefined ? 'id' : 'name';
    _checkLength(at, nameProp, name, 63);
    _checkDnsSubdomain(at, nameProp, name);
    if (p.data === undefined) _fail(at, 'data', 'must hold at least one key', p.data);
    const { data, endpoints } = planData(at, system, p.data);
    let component = '';
    system._claimAll(at, [['ConfigMap', name]], nameProp, () => {
      component = _checkComponent(at, system, name, nameProp);
    });
    super(scope, id);
    _ownComponent(this, component);
    this.name = name;
    this._system = system;
    this._data = data;
    this._endpoints = endpoints;
    this._hash = _contentHash(data);
    this.keys = Object.keys(data).sort();
    // cdk8s cannot render keys named `constructor` or `__proto__`: such data is set by a JSON patch.
    const special = this.keys.some((k) => k === 'constructor' || k === '__proto__');
    this.configMap = new k8s.KubeConfigMap(this, 'config-map', {
      metadata: { name, labels: _commonLabels(system, name, { component: 'config' }) },
      ...(!special && { data: { ...data } }),
    });
    if (special) this.configMap.addJsonPatch(JsonPatch.add('/data', _sortedCopy(data)));
    this.node.defaultChild = this.configMap;
    _declareConfigMapValues(this, {
      component,
      object: this.configMap,
      keys: this.keys,
      addresses: endpoints.length > 0,
    });
    system._register('config', this);
  }

  /** Whether `x` is a shipshape ConfigMap (a brand that survives two copies of the library). */
  public static isConfigMap(x: unknown): x is ConfigMap {
    return _isConfigMap(x);
  }
}

Object.defineProperty(ConfigMap.prototype, _CONFIG_MAP, { value: true });

/** The data, every key checked; endpoint values rendered as the service's address. */
function planData(
  at: _Where,
  system: System,
  raw: unknown,
): { data: Record<string, string>; endpoints: _ConfigEndpoint[] } {
  const data: Record<string, string> = {};
  const endpoints: _ConfigEndpoint[] = [];
  for (const [key, value] of _entries(at, 'data', raw)) {
    _checkLength(at, 'data', key, 253, 'keys');
    if (!isConfigKey(key)) _fail(at, 'data', "must use keys of letters, digits, '-', '_' or '.'", key);
    let text: string;
    if (typeof value === 'string') text = value;
    else if (value instanceof EnvValue && value._endpoint) {
      const e = _endpointTarget(at, `data.${key}`, value);
      if (!(_SERVICE_WORKLOAD in e.target) || e.target.system !== system)
        _fail(at, `data.${key}`, `must name a service of system '${system.node.path}'`, e.target.node.path);
      endpoints.push({ key, target: e.target, port: e.port });
      text = e.literal;
    } else {
      _fail(
        at,
        `data.${key}`,
        'must be a string or a service address',
        value,
        'Use e.g. cart.endpoint().address for a service the readers call',
      );
    }
    Object.defineProperty(data, key, { value: text, enumerable: true, writable: true, configurable: true });
  }
  if (Object.keys(data).length === 0) _fail(at, 'data', 'must hold at least one key', raw);
  _checkObjectSize(
    at,
    Object.entries(data).map(
      ([k, v]) => [`data.${k}`, Buffer.byteLength(k) + Buffer.byteLength(v), v] as const,
    ),
    1024 * 1024,
    'a ConfigMap',
  );
  return { data, endpoints };
}
