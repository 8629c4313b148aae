/**
 * Objects by identity (API group, kind, namespace, name: a new apiVersion of the same kind is a change, not a
 * replacement), matched across the two sides; what was added, removed and changed, with the changed fields;
 * and the changes the API server refuses in place (immutable fields), which need the object replaced.
 */
import type { KubeObject } from '../synth/files';
import { diffFields, same } from './fields';
import type { FieldChange, ObjectChange, ObjectRef, ObjectsDiff } from './report';

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The API group of an apiVersion (`''` for the core group). */
export function groupOf(apiVersion: string): string {
  const slash = apiVersion.lastIndexOf('/');
  return slash < 0 ? '' : apiVersion.slice(0, slash);
}

/** An object's identity as a report names it. */
export function refOf(o: KubeObject): ObjectRef {
  const ns = o.metadata.namespace;
  return {
    apiVersion: o.apiVersion,
    kind: o.kind,
    ...(ns !== undefined && { namespace: ns }),
    name: o.metadata.name,
  };
}

/** `group/Kind/namespace/name`: equal for the same object on both sides. */
export function keyOf(o: {
  readonly apiVersion: string;
  readonly kind: string;
  readonly metadata: Json;
}): string {
  const ns = typeof o.metadata['namespace'] === 'string' ? o.metadata['namespace'] : '';
  return `${groupOf(o.apiVersion)}/${o.kind}/${ns}/${String(o.metadata['name'])}`;
}

/** `Deployment shop/web`, `ClusterRole view`. */
export function describeRef(r: ObjectRef): string {
  return `${r.kind} ${r.namespace === undefined ? '' : `${r.namespace}/`}${r.name}`;
}

/** Report order: kind, then namespace, then name. */
export function compareRefs(a: ObjectRef, b: ObjectRef): number {
  const ka = [a.kind, a.namespace ?? '', a.name, a.apiVersion];
  const kb = [b.kind, b.namespace ?? '', b.name, b.apiVersion];
  for (let i = 0; i < ka.length; i++) if (ka[i] !== kb[i]) return ka[i]! < kb[i]! ? -1 : 1;
  return 0;
}

/** One object on one side or both. */
export interface Matched {
  readonly key: string;
  readonly base?: KubeObject;
  readonly head?: KubeObject;
}

/** The objects of both sides, matched by identity, in report order. */
export function matchObjects(base: readonly KubeObject[], head: readonly KubeObject[]): Matched[] {
  const byKey = new Map<string, { base?: KubeObject; head?: KubeObject }>();
  for (const o of base) byKey.set(keyOf(o), { base: o });
  for (const o of head) byKey.set(keyOf(o), { ...byKey.get(keyOf(o)), head: o });
  return [...byKey]
    .map(([key, m]) => ({ key, ...m }))
    .sort((a, b) => compareRefs(refOf((a.head ?? a.base)!), refOf((b.head ?? b.base)!)));
}

/**
 * Which paths of `o` a report prints no value of: every path of a Secret (its data, and anything that could
 * copy it, such as a last-applied-configuration annotation), none of other kinds.
 */
function secretData(o: KubeObject): (path: string) => boolean {
  const secret = o.kind === 'Secret' && groupOf(o.apiVersion) === '';
  return () => secret;
}

/** The changed fields of an object, values of a Secret's data left out. */
export function objectFields(base: KubeObject, head: KubeObject): FieldChange[] {
  return diffFields(base, head, '', { redact: secretData(head) });
}

const STATEFULSET_MUTABLE = new Set([
  'replicas',
  'ordinals',
  'template',
  'updateStrategy',
  'persistentVolumeClaimRetentionPolicy',
  'minReadySeconds',
  'revisionHistoryLimit',
]);

/** A claim template as the API server stores it: the fields it defaults written out are the same claim. */
function storedClaim(claim: unknown): unknown {
  if (!isObject(claim)) return claim;
  const { apiVersion, kind, status, ...rest } = claim;
  const meta = isObject(rest['metadata']) ? { ...rest['metadata'] } : undefined;
  if (meta && meta['creationTimestamp'] === null) delete meta['creationTimestamp'];
  const spec = isObject(rest['spec']) ? { ...rest['spec'] } : undefined;
  if (spec && spec['volumeMode'] === 'Filesystem') delete spec['volumeMode'];
  const defaulted =
    (apiVersion === undefined || apiVersion === 'v1') &&
    (kind === undefined || kind === 'PersistentVolumeClaim') &&
    (status === undefined || same(status, { phase: 'Pending' }));
  if (!defaulted) return claim;
  return { ...rest, ...(meta && { metadata: meta }), ...(spec && { spec }) };
}

const specOf = (o: KubeObject): Json => (isObject(o['spec']) ? o['spec'] : {});

/** Why the API server refuses changing `base` into `head` in place, if it does. */
export function immutableChange(base: KubeObject, head: KubeObject): string | undefined {
  const group = groupOf(head.apiVersion);
  const [a, b] = [specOf(base), specOf(head)];
  const changed = (key: string) => !same(a[key], b[key]);
  if (group === 'apps' && ['Deployment', 'ReplicaSet', 'DaemonSet', 'StatefulSet'].includes(head.kind)) {
    if (changed('selector')) return 'spec.selector is immutable';
  }
  if (group === 'apps' && head.kind === 'StatefulSet') {
    const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].filter(
      (k) => !STATEFULSET_MUTABLE.has(k),
    );
    const claims = (s: Json) =>
      Array.isArray(s['volumeClaimTemplates'])
        ? s['volumeClaimTemplates'].map(storedClaim)
        : s['volumeClaimTemplates'];
    const fields = keys.filter((k) =>
      k === 'volumeClaimTemplates' ? !same(claims(a), claims(b)) : changed(k),
    );
    if (fields.length > 0) return `StatefulSet spec.${fields.join(', spec.')} cannot change in place`;
  }
  if (group === 'batch' && head.kind === 'Job') {
    const fields = ['selector', 'template', 'completionMode'].filter(changed);
    if (fields.length > 0) return `Job spec.${fields.join(', spec.')} is immutable`;
  }
  if (group === '' && head.kind === 'Service') {
    const set = (s: Json, k: string) => s[k] !== undefined && s[k] !== '';
    for (const k of ['clusterIP', 'clusterIPs']) {
      if (set(a, k) && set(b, k) && changed(k)) return `Service spec.${k} is immutable`;
    }
  }
  if (group === '' && head.kind === 'PersistentVolumeClaim') {
    const strip = (s: Json) => {
      const { resources, volumeAttributesClassName, ...rest } = s;
      void resources;
      void volumeAttributesClassName;
      return rest;
    };
    if (!same(strip(a), strip(b))) return 'a PersistentVolumeClaim spec is immutable but for resources';
  }
  if (group === '' && (head.kind === 'ConfigMap' || head.kind === 'Secret') && base['immutable'] === true) {
    if (['data', 'binaryData', 'stringData', 'immutable'].some((k) => !same(base[k], head[k])))
      return `the ${head.kind} is immutable`;
  }
  if (group === 'rbac.authorization.k8s.io' && head.kind.endsWith('Binding')) {
    if (!same(base['roleRef'], head['roleRef'])) return 'roleRef is immutable';
  }
  if (group === '' && head.kind === 'Pod') {
    const { containers: ca, ...ra } = a;
    const { containers: cb, ...rb } = b;
    const images = (cs: unknown) =>
      Array.isArray(cs) ? cs.map((c) => ({ ...(c as Json), image: undefined })) : cs;
    if (!same(ra, rb) || !same(images(ca), images(cb))) return 'a Pod spec is immutable but for images';
  }
  return undefined;
}

/** Objects added, removed and changed among `matched`. */
export function diffObjects(matched: readonly Matched[]): ObjectsDiff {
  const added: ObjectRef[] = [];
  const removed: ObjectRef[] = [];
  const changed: ObjectChange[] = [];
  for (const m of matched) {
    if (m.base === undefined) added.push(refOf(m.head!));
    else if (m.head === undefined) removed.push(refOf(m.base));
    else if (!same(m.base, m.head)) {
      const replace = immutableChange(m.base, m.head);
      changed.push({
        object: refOf(m.head),
        fields: objectFields(m.base, m.head),
        ...(replace && { replace }),
      });
    }
  }
  return { added, removed, changed };
}
