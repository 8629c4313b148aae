import type { k8s } from 'cdk8s-plus-27';
import { createHash } from 'crypto';
import { _fail, type _Where } from './_errors';

/** A volume the caller declared (a writable or shared path, a secret mount, the config files, a claim), not yet named. */
export interface _VolumeDecl {
  /** The caller's prop that declared it, e.g. `sidecars[1].writablePaths[0]`. */
  readonly prop: string;
  /** Its name when no other volume wants the same one: the names synthesized so far (`tmp`, `var-run-postgresql`). */
  readonly preferred: string;
  /** Names other objects refer to (the claim template `data`, the config volume) never change. */
  readonly fixed?: boolean;
  /** What the caller declared (kind, container, path): hashed into the name when the preferred one is shared. */
  readonly key: string;
  /** The volume source; absent for a volumeClaimTemplate. */
  readonly source?: Omit<k8s.Volume, 'name'>;
  /** Containers (`*`: every container) and where they mount it. */
  readonly mounts: readonly _Mount[];
}

/** Where one container mounts a volume. */
export interface _Mount {
  readonly container: string;
  readonly mountPath: string;
  readonly readOnly?: boolean;
  /** A path inside the volume to mount instead of its root. */
  readonly subPath?: string | undefined;
}

/** A named volume of the pod. */
export interface _Volume {
  readonly name: string;
  readonly prop: string;
  readonly volume?: k8s.Volume | undefined;
  readonly mounts: readonly _Mount[];
}

/** `/var/run/postgresql` -> `var-run-postgresql`: the preferred name of a path's volume. */
export function _slug(path: string): string {
  return (
    path
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 40)
      .replace(/-+$/, '') || 'root'
  );
}

/** A DNS label of at most 63 characters from a name that may be longer or hold dots. */
export function _label(name: string): string {
  return (
    name
      .replace(/[^a-z0-9-]+/g, '-')
      .slice(0, 63)
      .replace(/^-+|-+$/g, '') || 'volume'
  );
}

/**
 * Names every declared volume. A volume keeps its preferred name unless another declared volume
 * prefers the same one (`/var/cache` and `/var-cache`, a path `/data` beside the claim `data`,
 * one Secret at two paths); then each of those not fixed gets its preferred name cut and a hash
 * of what the caller declared. Names are thus a function of the declarations, never of their
 * order. Two volumes mounted at one path of one container are refused, naming both props.
 */
export function _nameVolumes(at: _Where, decls: readonly _VolumeDecl[]): _Volume[] {
  const wanted = new Map<string, number>();
  for (const d of decls) wanted.set(d.preferred, (wanted.get(d.preferred) ?? 0) + 1);
  const byName = new Map<string, _VolumeDecl>();
  const volumes: _Volume[] = [];
  for (const d of decls) {
    const name =
      d.fixed || wanted.get(d.preferred) === 1
        ? d.preferred
        : `${d.preferred.slice(0, 54).replace(/-+$/, '')}-${hash(d.key)}`;
    const first = byName.get(name);
    if (first) {
      _fail(at, d.prop, `must not derive volume name '${name}', which '${first.prop}' already uses`, name);
    }
    byName.set(name, d);
    volumes.push({
      name,
      prop: d.prop,
      volume: d.source ? { name, ...d.source } : undefined,
      mounts: d.mounts,
    });
  }
  const seen = new Map<string, string>();
  for (const v of volumes) {
    for (const m of v.mounts) {
      const path = m.mountPath.replace(/\/+$/, '');
      const previous =
        m.container === '*'
          ? findAnyContainer(seen, path)
          : (seen.get(`${m.container} ${path}`) ?? seen.get(`* ${path}`));
      if (previous !== undefined) {
        _fail(
          at,
          v.prop,
          `must not mount a second volume at a path that '${previous}' already mounts`,
          m.mountPath,
        );
      }
      seen.set(`${m.container} ${path}`, v.prop);
    }
  }
  return volumes;
}

function findAnyContainer(seen: ReadonlyMap<string, string>, path: string): string | undefined {
  for (const [k, prop] of seen) if (k.slice(k.indexOf(' ') + 1) === path) return prop;
  return undefined;
}

function hash(key: string): string {
  return createHash('sha256').update(key).digest('hex').slice(0, 8);
}
