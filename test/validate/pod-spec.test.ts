import { containersOf, podTemplateOf, templateLabels } from '../../src/validate/pod-spec';
import { makeSubject } from '../../src/validate/subject';
import { deployment, podSpec, type Obj } from './helpers/builders';

const subject = (obj: Obj) => makeSubject(obj, { object: obj }, 0);

describe('podTemplateOf', () => {
  it('finds the template of a CronJob two levels down, with its paths', () => {
    // GIVEN a CronJob WHEN its template is looked up THEN the paths point into jobTemplate and it is not long-running
    const cron = {
      apiVersion: 'batch/v1',
      kind: 'CronJob',
      metadata: { name: 'c' },
      spec: { jobTemplate: { spec: { template: { metadata: { labels: { a: 'b' } }, spec: podSpec() } } } },
    };
    const pod = podTemplateOf(subject(cron));
    expect([pod?.specPath, pod?.metadataPath, pod?.longRunning]).toEqual([
      'spec.jobTemplate.spec.template.spec',
      'spec.jobTemplate.spec.template.metadata',
      false,
    ]);
    expect(pod && templateLabels(pod)).toEqual({ a: 'b' });
  });

  it('treats a bare Pod as long-running unless its restartPolicy says otherwise', () => {
    // GIVEN Pods with restartPolicy unset and OnFailure WHEN looked up THEN only the first is long-running
    const pod = (restartPolicy?: string): Obj => ({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'p' },
      spec: { ...podSpec(), restartPolicy },
    });
    expect([
      podTemplateOf(subject(pod()))?.longRunning,
      podTemplateOf(subject(pod('OnFailure')))?.longRunning,
    ]).toEqual([true, false]);
  });

  it('ignores kinds without a pod template and same-named kinds of other groups', () => {
    // GIVEN a Service and a Deployment of a CRD group WHEN looked up THEN neither has a template
    expect(
      podTemplateOf(subject({ apiVersion: 'v1', kind: 'Service', metadata: { name: 's' }, spec: {} })),
    ).toBeUndefined();
    expect(podTemplateOf(subject({ ...deployment(), apiVersion: 'example.com/v1' }))).toBeUndefined();
  });

  it("reads a full Argo Rollouts Rollout's template, and none of one that references its Deployment", () => {
    // GIVEN a Rollout with a template and one with workloadRef WHEN looked up THEN only the first has one
    const template = { metadata: { labels: { app: 'web' } }, spec: podSpec() };
    const rollout = (spec: object): Obj => ({
      apiVersion: 'argoproj.io/v1alpha1',
      kind: 'Rollout',
      metadata: { name: 'web' },
      spec,
    });
    const full = podTemplateOf(subject(rollout({ template })));
    expect([full?.specPath, full?.longRunning]).toEqual(['spec.template.spec', true]);
    expect(
      podTemplateOf(subject(rollout({ workloadRef: { kind: 'Deployment', name: 'web' } }))),
    ).toBeUndefined();
  });
});

describe('containersOf', () => {
  it('lists containers, init and ephemeral containers with their paths and labels', () => {
    // GIVEN a pod with one container of each group WHEN listed THEN each has its path and label
    const d = deployment();
    d.spec.template.spec.initContainers = [{ name: 'init' }];
    d.spec.template.spec.ephemeralContainers = [{ name: 'debug' }, 'not-an-object'];
    const pod = podTemplateOf(subject(d))!;
    expect(containersOf(pod).map((c) => [c.path, c.label])).toEqual([
      ['spec.template.spec.containers[0]', 'container "web"'],
      ['spec.template.spec.initContainers[0]', 'init container "init"'],
      ['spec.template.spec.ephemeralContainers[0]', 'ephemeral container "debug"'],
    ]);
    expect(containersOf(pod, ['initContainers']).map((c) => c.group)).toEqual(['initContainers']);
  });
});
