/** Where the pod spec sits in each pod-bearing kind, and iteration over its containers. */
import { asArray, asObject, asString, type JsonObject } from './json';
import { child, index } from './path';
import type { Subject } from './subject';

export interface PodTemplate {
  readonly spec: JsonObject;
  readonly specPath: string;
  readonly metadata: JsonObject | undefined;
  readonly metadataPath: string;
  /** Kinds whose pods are meant to run forever (probes make sense); false for Jobs and run-once Pods. */
  readonly longRunning: boolean;
}

export type ContainerGroup = 'containers' | 'initContainers' | 'ephemeralContainers';

export interface ContainerRef {
  readonly container: JsonObject;
  readonly path: string;
  readonly group: ContainerGroup;
  /** For messages: `container "web"` / `init container "migrate"`. */
  readonly label: string;
}

const TEMPLATE_KINDS: Readonly<
  Record<string, { readonly groups: readonly string[]; readonly path: readonly string[] }>
> = {
  Deployment: { groups: ['apps', 'extensions'], path: ['spec', 'template'] },
  StatefulSet: { groups: ['apps'], path: ['spec', 'template'] },
  DaemonSet: { groups: ['apps', 'extensions'], path: ['spec', 'template'] },
  ReplicaSet: { groups: ['apps', 'extensions'], path: ['spec', 'template'] },
  ReplicationController: { groups: [''], path: ['spec', 'template'] },
  Job: { groups: ['batch'], path: ['spec', 'template'] },
  CronJob: { groups: ['batch'], path: ['spec', 'jobTemplate', 'spec', 'template'] },
  PodTemplate: { groups: [''], path: ['template'] },
  // Argo Rollouts: a full Rollout carries its pod template (one with workloadRef has none of its own).
  Rollout: { groups: ['argoproj.io'], path: ['spec', 'template'] },
};

/** The pod template of a workload (or the Pod itself), or undefined for other kinds. */
export function podTemplateOf(subject: Subject): PodTemplate | undefined {
  const { kind } = subject.ref;
  const obj = subject.obj;
  if (kind === 'Pod' && subject.group === '') {
    const spec = asObject(obj.spec);
    if (!spec) return undefined;
    const restart = asString(spec.restartPolicy);
    return {
      spec,
      specPath: 'spec',
      metadata: asObject(obj.metadata),
      metadataPath: 'metadata',
      longRunning: restart === undefined || restart === 'Always',
    };
  }
  const where = TEMPLATE_KINDS[kind];
  if (!where || !where.groups.includes(subject.group)) return undefined;
  let node: JsonObject | undefined = obj;
  let path = '';
  for (const key of where.path) {
    node = asObject(node?.[key]);
    path = child(path, key);
  }
  const spec = asObject(node?.spec);
  if (!node || !spec) return undefined;
  return {
    spec,
    specPath: child(path, 'spec'),
    metadata: asObject(node.metadata),
    metadataPath: child(path, 'metadata'),
    longRunning: kind !== 'Job' && kind !== 'CronJob' && kind !== 'PodTemplate',
  };
}

const GROUP_LABEL: Readonly<Record<ContainerGroup, string>> = {
  containers: 'container',
  initContainers: 'init container',
  ephemeralContainers: 'ephemeral container',
};

export function containersOf(
  pod: PodTemplate,
  groups: readonly ContainerGroup[] = ['containers', 'initContainers', 'ephemeralContainers'],
): ContainerRef[] {
  const out: ContainerRef[] = [];
  for (const group of groups) {
    const groupPath = child(pod.specPath, group);
    asArray(pod.spec[group]).forEach((c, i) => {
      const container = asObject(c);
      if (!container) return;
      const name = asString(container.name) ?? `#${i}`;
      out.push({ container, path: index(groupPath, i), group, label: `${GROUP_LABEL[group]} "${name}"` });
    });
  }
  return out;
}

/** The labels a pod created from the template carries. */
export function templateLabels(pod: PodTemplate): Readonly<Record<string, string>> {
  const labels = asObject(pod.metadata?.labels) ?? {};
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(labels)) if (typeof v === 'string') out[k] = v;
  return out;
}
