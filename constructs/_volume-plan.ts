import { k8s } from 'cdk8s-plus-27';
import { _checkMountPath } from './_checks';
import { _paths, type _ContainerPlan } from './_containers';
import { _fail, type _Where } from './_errors';
import { _checkQuantity } from './_quantity';
import { parseQuantity } from './quantity';
import { _props } from './_keys';
import { _array, _instance, _string, _strings } from './_types';
import { _label, _slug, type _VolumeDecl } from './_volumes';
import type { _WorkloadBase } from './_workload-plan';
import type { SecretMount } from './pod';
import { Secret } from './secret';
import { _checkSameSystem } from './_same-system';
import { UNLIMITED_SCRATCH } from './scratch';
import { _SECRET_ITEM_KEYS, _SECRET_MOUNT_KEYS, type SecretItem } from './pod';

// The volumes a workload's props declare: writable and shared scratch directories and secret mounts.

/** Writable and shared paths and secret mounts of every container, named by what the caller declared. */
export function _volumeDecls(
  base: _WorkloadBase,
  main: _ContainerPlan,
  sidecars: readonly _ContainerPlan[],
  inits: readonly _ContainerPlan[],
): _VolumeDecl[] {
  const { at, props: p } = base;
  const decls: _VolumeDecl[] = [];
  const scratchSize = scratchSizeLimit(at, p.scratchSizeLimit);
  const shared = _paths(at, 'sharedPaths', p.sharedPaths, []);
  const sharedSet = new Set(shared.map(([, path]) => path));
  const scratch = (prop: string, container: string, path: string, preferred: string) => {
    _checkWritablePath(at, prop, path);
    decls.push({
      prop,
      preferred,
      key: `scratch ${container} ${path}`,
      source: {
        emptyDir: scratchSize === undefined ? {} : { sizeLimit: k8s.Quantity.fromString(scratchSize) },
      },
      mounts: [{ container, mountPath: path }],
    });
  };
  const own = (c: _ContainerPlan, prop: string, paths: unknown, first: boolean) => {
    // A default writable path that is also shared is already writable: the shared volume serves it.
    const list = _paths(at, prop, paths, ['/tmp']).filter(
      ([pr, path]) => !(pr === prop && paths === undefined && sharedSet.has(path)),
    );
    for (const [pr, path] of list)
      scratch(pr, c.name, path, first ? _slug(path) : _label(`${c.name}-${_slug(path)}`));
  };
  own(main, 'writablePaths', p.writablePaths, true);
  for (const [prop, path] of shared) scratch(prop, '*', path, `shared-${_slug(path)}`);
  const mounts = p.secretMounts === undefined ? [] : _array(at, 'secretMounts', p.secretMounts);
  mounts.forEach((raw, i) => {
    const prop = `secretMounts[${i}]`;
    const m = _props<SecretMount>(at, prop, raw, _SECRET_MOUNT_KEYS);
    const secret = _instance(at, `${prop}.secret`, m.secret, Secret, 'a Secret', 'Pass the Secret construct');
    _checkSameSystem(at, `${prop}.secret`, secret, base.system);
    _checkMountPath(at, `${prop}.mountPath`, m.mountPath);
    const keys = m.keys === undefined ? undefined : _strings(at, `${prop}.keys`, m.keys);
    keys?.forEach((k, j) => secret._checkKey(at, `${prop}.keys[${j}]`, k));
    if (m.items !== undefined && keys !== undefined)
      _fail(at, `${prop}.items`, "must not be set with 'keys': items lists the keys mounted", m.items);
    const items =
      m.items === undefined
        ? keys?.map((key) => ({ key, path: key }))
        : secretItems(at, prop, m.items, secret);
    const files = items?.map((i) => i.path) ?? secret.keys;
    const subPath = m.subPath === undefined ? undefined : _string(at, `${prop}.subPath`, m.subPath);
    if (subPath !== undefined && !files.includes(subPath))
      _fail(at, `${prop}.subPath`, `must name a file of the mount (${files.join(', ')})`, subPath);
    decls.push({
      prop,
      preferred: _label(`secret-${secret.name}`),
      key: `secret ${secret.name} ${m.mountPath}`,
      source: {
        secret: {
          secretName: secret.name,
          defaultMode: 0o440,
          ...(items && { items }),
        },
      },
      mounts: [{ container: main.name, mountPath: m.mountPath, readOnly: true, subPath }],
    });
  });
  sidecars.forEach((c, i) =>
    own(c, `sidecars[${i}].writablePaths`, (p.sidecars ?? [])[i]?.writablePaths, false),
  );
  inits.forEach((c, i) =>
    own(c, `initContainers[${i}].writablePaths`, (p.initContainers ?? [])[i]?.writablePaths, false),
  );
  return decls;
}

/** `items` of a secret mount: declared keys, each to a relative file path of its own. */
function secretItems(
  at: _Where,
  prop: string,
  raw: unknown,
  secret: Secret,
): { key: string; path: string }[] {
  const seen = new Map<string, number>();
  return _array(at, `${prop}.items`, raw).map((r, i) => {
    const p = `${prop}.items[${i}]`;
    const item = _props<SecretItem>(at, p, r, _SECRET_ITEM_KEYS);
    const key = _string(at, `${p}.key`, item.key);
    secret._checkKey(at, `${p}.key`, key);
    const path = _string(at, `${p}.path`, item.path);
    _checkRelativePath(at, `${p}.path`, path, 'a relative file path');
    const first = seen.get(path);
    if (first !== undefined)
      _fail(at, `${p}.path`, `must not repeat the path of '${prop}.items[${first}]'`, path);
    seen.set(path, i);
    return { key, path };
  });
}

/** A path inside a volume: relative, no `..` part, not empty. */
export function _checkRelativePath(at: _Where, prop: string, path: string, what = 'a relative path'): void {
  if (path === '' || path.startsWith('/') || path.split('/').includes('..') || path.includes('\0'))
    _fail(at, prop, `must be ${what} without '..'`, path);
}

/** The emptyDir size cap: a positive quantity, or none when the caller asked for UNLIMITED_SCRATCH. */
function scratchSizeLimit(at: _Where, raw: unknown): string | undefined {
  if (raw === UNLIMITED_SCRATCH) return undefined;
  if (raw === undefined) return '256Mi';
  const size = _string(at, 'scratchSizeLimit', raw);
  if (parseQuantity(size) === undefined)
    _fail(
      at,
      'scratchSizeLimit',
      "must be a Kubernetes quantity such as '256Mi'",
      size,
      'Use UNLIMITED_SCRATCH for emptyDirs without a size limit',
    );
  _checkQuantity(at, 'scratchSizeLimit', size, '256Mi');
  return size;
}

/** A writable directory: a mount path, and not `/` (the root filesystem stays read-only). */
export function _checkWritablePath(at: _Where, prop: string, path: string): void {
  _checkMountPath(at, prop, path);
  if (/^\/+$/.test(path))
    _fail(
      at,
      prop,
      "must not be '/': the root filesystem stays read-only",
      path,
      'Name the directory the program writes to',
    );
}
