/** The ConfigMap a Microservice holds its `config` in: planned from the checked props, rendered with cdk8s. */
import { _checkEnvName, _checkLength, _checkMountPath } from './_checks';
import type { _EnvEntry } from './_containers';
import { _fail, type _Where } from './_errors';
import { _entries, _string } from './_types';
import type { _VolumeDecl } from './_volumes';
import { _checkObjectSize } from './_object-size';
import { EnvValue } from './env-value';
import type { MicroserviceConfig } from './microservice';
import { isConfigKey } from './names';

/** The service's own ConfigMap: data, the env entries read from it and the volume of its files. */
export function _planConfig(
  at: _Where,
  name: string,
  container: string,
  config: MicroserviceConfig,
): { name: string; data: Record<string, string>; env: _EnvEntry[]; volume?: _VolumeDecl | undefined } {
  const configMap = `${name}-config`;
  // A Map, not an object: keys such as `constructor` or `__proto__` are ordinary config keys.
  const data = new Map<string, string>();
  const source = new Map<string, string>();
  const read = (prop: 'config.env' | 'config.files', v: unknown) =>
    (v === undefined ? [] : _entries(at, prop, v)).map(([k, value]) => {
      _checkLength(at, prop, k, 253, 'keys');
      if (!isConfigKey(k)) _fail(at, prop, "must use keys of letters, digits, '-', '_' or '.'", k);
      const first = source.get(k);
      if (first !== undefined)
        _fail(at, `${prop}.${k}`, `must not repeat the key '${first}.${k}' already defines`, k);
      data.set(k, _string(at, `${prop}.${k}`, value));
      source.set(k, prop);
      return k;
    });
  const envKeys = read('config.env', config.env);
  const fileKeys = read('config.files', config.files);
  envKeys.forEach((k) => _checkEnvName(at, `config.env.${k}`, k));
  if (data.size === 0) _fail(at, 'config', "must set 'env' or 'files'", config);
  let volume: _VolumeDecl | undefined;
  if (fileKeys.length > 0) {
    const mountPath =
      config.mountPath === undefined ? `/etc/${name}` : _string(at, 'config.mountPath', config.mountPath);
    _checkMountPath(at, 'config.mountPath', mountPath);
    volume = {
      prop: 'config.files',
      preferred: 'config',
      fixed: true,
      key: 'config',
      source: { configMap: { name: configMap, items: fileKeys.map((key) => ({ key, path: key })) } },
      mounts: [{ container, mountPath, readOnly: true }],
    };
  } else if (config.mountPath !== undefined) {
    _fail(at, 'config.mountPath', "must only be set with 'config.files'", config.mountPath);
  }
  // A ConfigMap holds at most 1 MiB of data.
  _checkObjectSize(
    at,
    [...data].map(
      ([k, v]) => [`${source.get(k)}.${k}`, Buffer.byteLength(k) + Buffer.byteLength(v), v] as const,
    ),
    1024 * 1024,
    'a ConfigMap',
  );
  const out: Record<string, string> = {};
  for (const [k, v] of data)
    Object.defineProperty(out, k, { value: v, enumerable: true, writable: true, configurable: true });
  return {
    name: configMap,
    data: out,
    env: envKeys.map((k) => [k, EnvValue.fromConfigMap(configMap, k), `config.env.${k}`]),
    volume,
  };
}

/** A copy with keys sorted; own properties only, so `__proto__` stays a key. */
export function _sortedCopy(data: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const k of Object.keys(data).sort()) {
    Object.defineProperty(out, k, { value: data[k], enumerable: true, writable: true, configurable: true });
  }
  return out;
}
