import {
  Microservice,
  Probe,
  Task,
  UNLIMITED_SCRATCH,
  Worker,
  type MicroserviceProps,
} from '../../constructs';
import { validateObjects } from '../../src/validate';
import { errorOf, find, newSystem, synth, type Obj } from './_helpers';

// Issue 10: emptyDirs are size-capped unless the caller asks for unbounded scratch space explicitly.

const base: MicroserviceProps = {
  image: 'example/builder:2.0.1',
  ports: [{ name: 'http', port: 8080 }],
  sharedPaths: ['/workspace'],
};

const emptyDirs = (o: Obj) =>
  (o.spec.template.spec.volumes as { name: string; emptyDir?: object }[]).map((v) => [v.name, v.emptyDir]);

describe('scratch size', () => {
  test('every emptyDir gets the default 256Mi limit unless told otherwise', () => {
    // GIVEN
    const { system } = newSystem();
    // WHEN
    new Microservice(system, 'svc', base);
    const d = find(synth(system), 'Deployment', 'svc');
    // THEN
    expect(emptyDirs(d)).toEqual([
      ['tmp', { sizeLimit: '256Mi' }],
      ['shared-workspace', { sizeLimit: '256Mi' }],
    ]);
    expect(d.metadata.annotations).toBeUndefined();
  });

  test('UNLIMITED_SCRATCH renders emptyDirs without sizeLimit, and the object says it is intended', () => {
    // GIVEN
    const { system } = newSystem();
    // WHEN
    new Microservice(system, 'svc', { ...base, scratchSizeLimit: UNLIMITED_SCRATCH });
    const objects = synth(system);
    const d = find(objects, 'Deployment', 'svc');
    // THEN
    expect(emptyDirs(d)).toEqual([
      ['tmp', {}],
      ['shared-workspace', {}],
    ]);
    expect(d.metadata.annotations).toEqual({
      'ignore.shipshape.io/unset-emptydir-size-limit': 'scratchSizeLimit is UNLIMITED_SCRATCH',
    });
    // AND the validator, which warns on any other emptyDir without a limit, accepts it
    expect(validateObjects(objects.map((object) => ({ object })))).toEqual([]);
    delete d.metadata.annotations;
    expect(validateObjects([{ object: d }]).map((f) => `${f.ruleId} ${f.path}: ${f.message}`)).toEqual([
      'unset-emptydir-size-limit spec.template.spec.volumes[0].emptyDir.sizeLimit: emptyDir volume "tmp" has no sizeLimit',
      'unset-emptydir-size-limit spec.template.spec.volumes[1].emptyDir.sizeLimit: emptyDir volume "shared-workspace" has no sizeLimit',
    ]);
  });

  test('the opt-out sits beside the RBAC one, and only where an emptyDir exists', () => {
    // GIVEN
    const { system } = newSystem();
    // WHEN
    new Microservice(system, 'op', {
      ...base,
      scratchSizeLimit: UNLIMITED_SCRATCH,
      rbacRules: [{ apiGroups: [''], resources: ['configmaps'], verbs: ['get'] }],
    });
    new Worker(system, 'none', {
      image: 'busybox:1.36.1',
      probes: { readiness: Probe.exec(['true']) },
      writablePaths: [],
      scratchSizeLimit: UNLIMITED_SCRATCH,
    });
    const objects = synth(system);
    // THEN
    expect(find(objects, 'Deployment', 'op').metadata.annotations).toEqual({
      'ignore.shipshape.io/automount-service-account-token': 'RBAC rules of this workload need the API token',
      'ignore.shipshape.io/unset-emptydir-size-limit': 'scratchSizeLimit is UNLIMITED_SCRATCH',
    });
    expect(find(objects, 'Deployment', 'none').metadata.annotations).toBeUndefined();
  });

  test('tasks take it too (the CronJob carries the opt-out)', () => {
    // GIVEN
    const { system } = newSystem();
    // WHEN
    new Task(system, 'export', {
      image: 'busybox:1.36.1',
      schedule: '0 3 * * *',
      scratchSizeLimit: UNLIMITED_SCRATCH,
    });
    const cron = find(synth(system), 'CronJob', 'export');
    // THEN
    expect(cron.spec.jobTemplate.spec.template.spec.volumes).toEqual([{ name: 'tmp', emptyDir: {} }]);
    expect(cron.metadata.annotations).toEqual({
      'ignore.shipshape.io/unset-emptydir-size-limit': 'scratchSizeLimit is UNLIMITED_SCRATCH',
    });
  });

  test.each([
    [
      'the empty string',
      '',
      "Delinkcious/svc: 'scratchSizeLimit' must be a Kubernetes quantity such as '256Mi' (got ''). Use UNLIMITED_SCRATCH for emptyDirs without a size limit",
    ],
    [
      'another spelling',
      'Unlimited',
      "Delinkcious/svc: 'scratchSizeLimit' must be a Kubernetes quantity such as '256Mi' (got 'Unlimited'). Use UNLIMITED_SCRATCH for emptyDirs without a size limit",
    ],
    ['null', null, "Delinkcious/svc: 'scratchSizeLimit' must be a string (got null)"],
    ['zero', '0', "Delinkcious/svc: 'scratchSizeLimit' must be greater than zero (got '0')"],
  ])('refuses %s', (_name, value, message) => {
    // GIVEN
    const { system } = newSystem();
    // WHEN / THEN
    expect(
      errorOf(() => new Microservice(system, 'svc', { ...base, scratchSizeLimit: value as string })),
    ).toBe(message);
  });

  test('the sentinel is the plain string a JSON-driven caller writes', () => {
    // GIVEN / WHEN / THEN
    expect(UNLIMITED_SCRATCH).toBe('unlimited');
  });
});
