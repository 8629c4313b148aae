/**
 * What a pod template reads: the ConfigMaps and Secrets of its env, envFrom, volumes and image pull secrets,
 * and how (which decides whether new content reaches running pods without a restart).
 */
import type { KubeObject } from '../synth/files';
import { groupOf } from './objects';

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const list = (v: unknown): Json[] => (Array.isArray(v) ? v.filter(isObject) : []);
const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);

/** One ConfigMap or Secret a template reads. */
export interface TemplateRead {
  readonly kind: 'ConfigMap' | 'Secret';
  readonly name: string;
  /** `env`/`subPath`: read once at start; `volume`: files the kubelet keeps current; `pull`: image pull secret. */
  readonly via: 'env' | 'subPath' | 'volume' | 'pull';
}

const CONTAINER_GROUPS = ['containers', 'initContainers', 'ephemeralContainers'];

/** The containers of a pod spec, of every group. */
export function containersOf(spec: Json): Json[] {
  return CONTAINER_GROUPS.flatMap((g) => list(spec[g]));
}

/** Every ConfigMap and Secret `template` reads, once per (kind, name, via), in a stable order. */
export function readsOf(template: Json | undefined): TemplateRead[] {
  const spec = isObject(template?.['spec']) ? (template!['spec'] as Json) : {};
  const out = new Map<string, TemplateRead>();
  const add = (kind: TemplateRead['kind'], name: string | undefined, via: TemplateRead['via']) => {
    if (name !== undefined) out.set(`${kind}/${name}/${via}`, { kind, name, via });
  };
  const containers = containersOf(spec);
  for (const c of containers) {
    for (const e of list(c['env'])) {
      const from = isObject(e['valueFrom']) ? e['valueFrom'] : {};
      if (isObject(from['configMapKeyRef'])) add('ConfigMap', str(from['configMapKeyRef']['name']), 'env');
      if (isObject(from['secretKeyRef'])) add('Secret', str(from['secretKeyRef']['name']), 'env');
    }
    for (const e of list(c['envFrom'])) {
      if (isObject(e['configMapRef'])) add('ConfigMap', str(e['configMapRef']['name']), 'env');
      if (isObject(e['secretRef'])) add('Secret', str(e['secretRef']['name']), 'env');
    }
  }
  const subPathMounted = new Set(
    containers.flatMap((c) =>
      list(c['volumeMounts']).filter((m) => str(m['subPath']) ?? str(m['subPathExpr'])),
    ),
  );
  const bySubPath = new Set([...subPathMounted].map((m) => str(m['name'])));
  for (const v of list(spec['volumes'])) {
    const via = bySubPath.has(str(v['name'])) ? 'subPath' : 'volume';
    if (isObject(v['configMap'])) add('ConfigMap', str(v['configMap']['name']), via);
    if (isObject(v['secret'])) add('Secret', str(v['secret']['secretName']), via);
    const projected = isObject(v['projected']) ? list(v['projected']['sources']) : [];
    for (const s of projected) {
      if (isObject(s['configMap'])) add('ConfigMap', str(s['configMap']['name']), via);
      if (isObject(s['secret'])) add('Secret', str(s['secret']['name']), via);
    }
  }
  for (const s of list(spec['imagePullSecrets'])) add('Secret', str(s['name']), 'pull');
  return [...out.values()].sort((a, b) =>
    a.kind !== b.kind ? (a.kind < b.kind ? -1 : 1) : a.name !== b.name ? (a.name < b.name ? -1 : 1) : 0,
  );
}

/** The Secret an ExternalSecret writes (`spec.target.name`, else its own name). */
export function externalSecretTarget(o: KubeObject): string | undefined {
  if (o.kind !== 'ExternalSecret' || groupOf(o.apiVersion) !== 'external-secrets.io') return undefined;
  const target = isObject(o['spec']) && isObject(o['spec']['target']) ? o['spec']['target'] : {};
  return str(target['name']) ?? o.metadata.name;
}
