/**
 * The shared-configuration step of a workload plan: `envFrom` sources (a ConfigMap or a Secret of the System, or
 * a ConfigMap by name) checked and rendered, the variables they define, and what reading a shipshape ConfigMap
 * implies for the workload: a rollout hash per ConfigMap on its pods, and a dependency on every service the
 * ConfigMap names by address.
 */
import type { k8s } from 'cdk8s-plus-27';
import type { ConfigMap } from './config-map';
import { _isConfigMap } from './_config-brand';
import { _checkDnsSubdomain } from './_checks';
import { _fail, type _Where } from './_errors';
import { _props } from './_keys';
import { _array, _boolean, _instance, _string } from './_types';
import { _checkSameSystem } from './_same-system';
import { EnvFrom, _ENV_FROM_OPTIONS_KEYS, type EnvFromOptions } from './env-from';
import { isEnvVarName } from './names';
import { Secret } from './secret';
import type { System } from './system';

/** The `envFrom` of one container, checked. */
export interface _EnvFromPlan {
  readonly rendered: readonly k8s.EnvFromSource[];
  /** Variables the sources define (prefix applied), with the caller's prop of each source. */
  readonly names: readonly (readonly [name: string, prop: string])[];
  /** Whether a source by name defines variables unknown here (references to any name may then resolve). */
  readonly open: boolean;
  /** The shipshape ConfigMaps read. */
  readonly configMaps: readonly ConfigMap[];
}

/** No `envFrom`. */
export const _NO_ENV_FROM: _EnvFromPlan = { rendered: [], names: [], open: false, configMaps: [] };

/** The `envFrom` prop (`prop`) of a container of a workload of `system`. */
export function _resolveEnvFrom(at: _Where, prop: string, raw: unknown, system: System): _EnvFromPlan {
  if (raw === undefined) return _NO_ENV_FROM;
  const rendered: k8s.EnvFromSource[] = [];
  const names: [string, string][] = [];
  const configMaps: ConfigMap[] = [];
  let open = false;
  _array(at, prop, raw).forEach((item, i) => {
    const p = `${prop}[${i}]`;
    const source = _instance(
      at,
      p,
      item,
      EnvFrom,
      'an EnvFrom',
      'Use EnvFrom.configMap(config) or EnvFrom.secret(secret)',
    )._source;
    const o = _props<EnvFromOptions>(at, p, source.options ?? {}, _ENV_FROM_OPTIONS_KEYS);
    const prefix = o.prefix === undefined ? '' : _string(at, `${p}.prefix`, o.prefix);
    if (prefix !== '' && !isEnvVarName(prefix))
      _fail(
        at,
        `${p}.prefix`,
        "must start a valid variable name: letters, digits, '_', '-' or '.', not a digit first",
        prefix,
      );
    const optional = o.optional === undefined ? false : _boolean(at, `${p}.optional`, o.optional);
    const keysOf = (keys: readonly string[], what: string) =>
      keys.forEach((k) => {
        const name = `${prefix}${k}`;
        // The kubelet skips keys that are no variable names (an event says so): refused instead.
        if (!isEnvVarName(name))
          _fail(
            at,
            p,
            `must read only keys that are variable names, but ${what} has '${k}'`,
            name,
            'Set a prefix, or read the key with EnvValue.fromConfigMap',
          );
        names.push([name, p]);
      });
    if (source.kind === 'secret') {
      const secret = _instance(
        at,
        `${p}.secret`,
        source.secret,
        Secret,
        'a Secret',
        'Pass the Secret construct',
      );
      _checkSameSystem(at, `${p}.secret`, secret, system);
      if (optional)
        _fail(at, `${p}.optional`, 'must not be set for a declared Secret: it always exists', optional);
      keysOf(secret.keys, `Secret '${secret.name}'`);
      rendered.push({ secretRef: { name: secret.name }, ...(prefix && { prefix }) });
      return;
    }
    const cm = source.configMap;
    if (_isConfigMap(cm)) {
      if (cm._system !== system) {
        _fail(
          at,
          `${p}.configMap`,
          `must be a ConfigMap of system '${system.node.path}' (namespace '${system.namespace}'): pods read ConfigMaps of their own namespace only`,
          cm.node.path,
        );
      }
      if (optional)
        _fail(
          at,
          `${p}.optional`,
          'must not be set for a ConfigMap of the System: it always exists',
          optional,
        );
      keysOf(cm.keys, `ConfigMap '${cm.name}'`);
      if (!configMaps.includes(cm)) configMaps.push(cm);
      rendered.push({ configMapRef: { name: cm.name }, ...(prefix && { prefix }) });
      return;
    }
    const name = _string(at, `${p}.configMap`, cm);
    _checkDnsSubdomain(at, `${p}.configMap`, name, 'must name a ConfigMap with a DNS-1123 subdomain');
    open = true;
    rendered.push({ configMapRef: { name, ...(optional && { optional }) }, ...(prefix && { prefix }) });
  });
  return { rendered, names, open, configMaps };
}

/** A shipshape ConfigMap the pod reads, and the services its reads name by address. */
export interface _SharedConfig {
  readonly configMap: ConfigMap;
  /** `(target, port)` of every address the pod reads from it. */
  readonly endpoints: readonly ConfigMap['_endpoints'][number][];
}

/**
 * The shipshape ConfigMaps the containers read (through `envFrom` or `EnvValue.fromConfigMap`), each checked to
 * belong to `system`, with the addresses read: `envFrom` reads every key, a variable its key only.
 */
export function _sharedConfigs(
  at: _Where,
  system: System,
  containers: readonly {
    readonly envProp: string;
    readonly env: readonly (readonly [
      name: string,
      value: { readonly _configMap?: { configMap: ConfigMap; key: string } | undefined },
      prop?: string,
    ])[];
    readonly envFrom: _EnvFromPlan;
  }[],
): _SharedConfig[] {
  const read = new Map<ConfigMap, Set<ConfigMap['_endpoints'][number]>>();
  const add = (cm: ConfigMap, endpoints: readonly ConfigMap['_endpoints'][number][]) => {
    const known = read.get(cm) ?? new Set();
    endpoints.forEach((e) => known.add(e));
    read.set(cm, known);
  };
  for (const c of containers) {
    for (const cm of c.envFrom.configMaps) add(cm, cm._endpoints);
    for (const [name, value, own] of c.env) {
      const ref = value._configMap;
      if (!ref) continue;
      if (ref.configMap._system !== system) {
        _fail(
          at,
          own ?? `${c.envProp}.${name}`,
          `must read a ConfigMap of system '${system.node.path}' (namespace '${system.namespace}'): pods read ConfigMaps of their own namespace only`,
          ref.configMap.node.path,
        );
      }
      add(
        ref.configMap,
        ref.configMap._endpoints.filter((e) => e.key === ref.key),
      );
    }
  }
  return [...read].map(([configMap, endpoints]) => ({ configMap, endpoints: [...endpoints] }));
}
