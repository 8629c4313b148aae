/**
 * The workload kinds a diff knows: where each keeps its pod template and how it replaces pods when the template
 * changes. Argo Rollouts' Rollout counts with its own template or the Deployment its `workloadRef` names.
 */
import type { KubeObject } from '../synth/files';
import { groupOf } from './objects';
import type { RollMode } from './report';

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Kind -> the API groups it has a pod template in. */
const KINDS: Readonly<Record<string, readonly string[]>> = {
  Deployment: ['apps'],
  StatefulSet: ['apps'],
  DaemonSet: ['apps'],
  ReplicaSet: ['apps'],
  ReplicationController: [''],
  Job: ['batch'],
  CronJob: ['batch'],
  Pod: [''],
  Rollout: ['argoproj.io'],
};

/** Whether `o` is a workload (an object that makes pods from a template). */
export function isWorkload(o: KubeObject): boolean {
  return KINDS[o.kind]?.includes(groupOf(o.apiVersion)) ?? false;
}

const at = (o: unknown, ...keys: string[]): unknown =>
  keys.reduce<unknown>((v, k) => (isObject(v) ? v[k] : undefined), o);

/**
 * The pod template of a workload: `spec.template` (a CronJob's in its jobTemplate, a Pod's its own metadata and
 * spec), or for a Rollout with a `workloadRef` the template of that Deployment among `side`.
 */
export function templateOf(o: KubeObject, side: readonly KubeObject[] = []): Json | undefined {
  if (!isWorkload(o)) return undefined;
  if (o.kind === 'Pod') return { metadata: o.metadata, spec: at(o, 'spec') ?? {} };
  if (o.kind === 'CronJob') {
    const t = at(o, 'spec', 'jobTemplate', 'spec', 'template');
    return isObject(t) ? t : undefined;
  }
  const own = at(o, 'spec', 'template');
  if (isObject(own)) return own;
  const ref = at(o, 'spec', 'workloadRef');
  if (o.kind === 'Rollout' && isObject(ref) && typeof ref['name'] === 'string') {
    const target = side.find(
      (x) =>
        x.kind === (ref['kind'] ?? 'Deployment') &&
        x.metadata.name === ref['name'] &&
        x.metadata.namespace === o.metadata.namespace,
    );
    return target === undefined ? undefined : templateOf(target);
  }
  return undefined;
}

/** Where the template sits in the object, as a field path prefix (`spec.template`). */
export function templatePath(o: KubeObject): string {
  if (o.kind === 'Pod') return 'spec';
  return o.kind === 'CronJob' ? 'spec.jobTemplate.spec.template' : 'spec.template';
}

/** How `o` replaces its pods when its template changes. */
export function rollMode(o: KubeObject): RollMode {
  switch (o.kind) {
    case 'Deployment':
      return at(o, 'spec', 'strategy', 'type') === 'Recreate' ? 'recreate' : 'rolling';
    case 'StatefulSet':
    case 'DaemonSet':
      return at(o, 'spec', 'updateStrategy', 'type') === 'OnDelete' ? 'on-delete' : 'rolling';
    case 'ReplicaSet':
    case 'ReplicationController':
      return 'on-delete'; // a ReplicaSet makes new pods from a new template only when old ones go
    case 'Rollout':
      return 'progressive';
    case 'CronJob':
      return 'next-run';
    default:
      return 'replace';
  }
}

/** The labels of a template. */
export function templateLabels(template: Json | undefined): Record<string, string> {
  const labels = at(template, 'metadata', 'labels');
  if (!isObject(labels)) return {};
  return Object.fromEntries(
    Object.entries(labels).filter((e): e is [string, string] => typeof e[1] === 'string'),
  );
}
