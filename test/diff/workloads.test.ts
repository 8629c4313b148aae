import { isWorkload, rollMode, templateLabels, templateOf, templatePath } from '../../src/diff/workloads';
import type { KubeObject } from '../../src/synth/files';

// Where each workload kind keeps its pod template, and how it replaces pods.

const t = { metadata: { labels: { app: 'a' } }, spec: { containers: [] } };
const o = (apiVersion: string, kind: string, spec: unknown, name = 'a'): KubeObject =>
  ({ apiVersion, kind, metadata: { name, namespace: 'n' }, spec }) as KubeObject;

describe('templateOf', () => {
  test('every pod-making kind, a Rollout through its workloadRef, nothing else', () => {
    // GIVEN one object of each kind
    const rollout = o('argoproj.io/v1alpha1', 'Rollout', {
      workloadRef: { kind: 'Deployment', name: 'web' },
    });
    const target = o('apps/v1', 'Deployment', { template: t }, 'web');
    // WHEN / THEN
    expect(templateOf(o('apps/v1', 'StatefulSet', { template: t }))).toBe(t);
    expect(templateOf(o('batch/v1', 'CronJob', { jobTemplate: { spec: { template: t } } }))).toBe(t);
    expect(templateOf(o('v1', 'Pod', t.spec))?.['spec']).toBe(t.spec);
    expect(templateOf(rollout, [target])).toBe(t);
    expect(templateOf(rollout, [])).toBeUndefined();
    expect(templateOf(o('v1', 'Service', { template: t }))).toBeUndefined();
    expect(isWorkload(o('example.com/v1', 'Deployment', {}))).toBe(false);
    expect(templateLabels(t)).toEqual({ app: 'a' });
    expect([templatePath(o('batch/v1', 'CronJob', {})), templatePath(o('v1', 'Pod', {}))]).toEqual([
      'spec.jobTemplate.spec.template',
      'spec',
    ]);
  });
});

test.each([
  ['apps/v1', 'Deployment', {}, 'rolling'],
  ['apps/v1', 'Deployment', { strategy: { type: 'Recreate' } }, 'recreate'],
  ['apps/v1', 'DaemonSet', { updateStrategy: { type: 'OnDelete' } }, 'on-delete'],
  ['apps/v1', 'ReplicaSet', {}, 'on-delete'],
  ['argoproj.io/v1alpha1', 'Rollout', {}, 'progressive'],
  ['batch/v1', 'CronJob', {}, 'next-run'],
  ['batch/v1', 'Job', {}, 'replace'],
])('%s %s %j rolls %s', (apiVersion, kind, spec, mode) => {
  // GIVEN a workload / WHEN its roll mode is read / THEN
  expect(rollMode(o(apiVersion, kind, spec))).toBe(mode);
});
