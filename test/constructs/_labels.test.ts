import {
  Microservice,
  Probe,
  Protocol,
  StatefulService,
  System,
  Task,
  Worker,
  type MicroserviceProps,
} from '../../constructs';
import { validateObjects } from '../../src/validate';
import { errorOf, find, newSystem, ofKind, synth, type Obj } from './_helpers';

// Issue 18, "selectors and history" and "team labels": an app migrating from upstream YAML keeps its selector
// labels; a team puts its labels on every workload, never on selectors; revisionHistoryLimit is configurable.

const web: MicroserviceProps = { image: 'nginx:1.25.3', ports: [{ name: 'http', port: 8080 }] };

describe('selectorLabels', () => {
  test('are added to the pod labels and are the whole selector of every object that selects the pods', () => {
    // GIVEN a service migrating from upstream YAML whose Deployment selects app: cartservice
    const { system } = newSystem({ monitoring: { serviceMonitors: true } });
    const cart = new Microservice(system, 'cartservice', {
      ...web,
      selectorLabels: { app: 'cartservice' },
      replicas: 2,
      availability: { maxUnavailable: 1 },
      metrics: {},
      topologySpread: {},
    });
    new Microservice(system, 'checkout', { ...web, dependencies: [{ target: cart }] });
    // WHEN
    const objects = synth(system);
    const deployment = find(objects, 'Deployment', 'cartservice');
    // THEN
    const selector = { app: 'cartservice' };
    expect(cart.selectorLabels).toEqual(selector);
    expect(deployment.spec.selector).toEqual({ matchLabels: selector });
    expect(deployment.spec.template.metadata.labels).toMatchObject({
      app: 'cartservice',
      'app.kubernetes.io/name': 'cartservice',
    });
    expect(find(objects, 'Service', 'cartservice').spec.selector).toEqual(selector);
    expect(find(objects, 'PodDisruptionBudget', 'cartservice').spec.selector).toEqual({
      matchLabels: selector,
    });
    expect(find(objects, 'NetworkPolicy', 'cartservice').spec.podSelector).toEqual({ matchLabels: selector });
    expect(find(objects, 'NetworkPolicy', 'checkout').spec.egress[0].to).toEqual([
      { podSelector: { matchLabels: selector } },
    ]);
    expect(find(objects, 'ServiceMonitor', 'cartservice').spec.selector).toEqual({ matchLabels: selector });
    expect(
      deployment.spec.template.spec.topologySpreadConstraints.map((c: any) => c.labelSelector.matchLabels),
    ).toEqual([selector, selector]);
    expect(validateObjects(objects.map((object) => ({ object })))).toEqual([]);
  });

  test('work for a StatefulService (and its claim templates) and a Worker', () => {
    // GIVEN
    const { system } = newSystem();
    new StatefulService(system, 'redis', {
      image: 'redis:7.2.4',
      ports: [{ name: 'redis', port: 6379, protocol: Protocol.TCP }],
      storage: { size: '1Gi', mountPath: '/data' },
      selectorLabels: { app: 'redis-cart' },
    });
    new Worker(system, 'loadgenerator', {
      image: 'busybox:1.36.1',
      probes: { readiness: false },
      selectorLabels: { app: 'loadgenerator' },
    });
    // WHEN
    const objects = synth(system);
    // THEN
    const sts = find(objects, 'StatefulSet', 'redis');
    expect(sts.spec.selector).toEqual({ matchLabels: { app: 'redis-cart' } });
    expect(sts.spec.volumeClaimTemplates[0].metadata.labels).toEqual({ app: 'redis-cart' });
    expect(find(objects, 'Deployment', 'loadgenerator').spec.selector).toEqual({
      matchLabels: { app: 'loadgenerator' },
    });
  });

  test.each<[string, (s: System) => unknown, string]>([
    [
      'an empty selector (it would select every pod)',
      (s) => new Microservice(s, 'a', { ...web, selectorLabels: {} }),
      "Delinkcious/a: 'selectorLabels' must hold at least one label: an empty selector selects every pod of the namespace (got {})",
    ],
    [
      'the version label (it changes with the image; selectors are immutable)',
      (s) => new Microservice(s, 'a', { ...web, selectorLabels: { 'app.kubernetes.io/version': '1' } }),
      "Delinkcious/a: 'selectorLabels.app.kubernetes.io/version' must not select by a label that changes with the image: selectors are immutable (got '1')",
    ],
    [
      'a label shipshape sets, with another value',
      (s) => new Microservice(s, 'a', { ...web, selectorLabels: { 'app.kubernetes.io/name': 'b' } }),
      "Delinkcious/a: 'selectorLabels.app.kubernetes.io/name' must equal the value shipshape sets on the pods ('a') (got 'b')",
    ],
    [
      'a selector another workload already uses',
      (s) => {
        new Microservice(s, 'a', { ...web, selectorLabels: { app: 'shop' } });
        return new Microservice(s, 'b', { ...web, selectorLabels: { app: 'shop' } });
      },
      'Delinkcious/b: \'selectorLabels\' must select the pods of this workload only, but they select the pods of Delinkcious/a too (got {"app":"shop"})',
    ],
    [
      'a selector that selects an earlier workload by its team labels',
      (s) => {
        new Microservice(s, 'a', { ...web, labels: { tier: 'web' } });
        return new Microservice(s, 'b', { ...web, selectorLabels: { tier: 'web' } });
      },
      'Delinkcious/b: \'selectorLabels\' must select the pods of this workload only, but they select the pods of Delinkcious/a too (got {"tier":"web"})',
    ],
    [
      'team labels that an earlier selector selects',
      (s) => {
        new Microservice(s, 'a', { ...web, selectorLabels: { tier: 'web' } });
        return new Microservice(s, 'b', { ...web, labels: { tier: 'web' } });
      },
      'Delinkcious/b: \'labels\' must not make the pods of this workload match the selector of Delinkcious/a (got {"tier":"web"})',
    ],
  ])('refuses %s', (_, make, message) => {
    // GIVEN / WHEN / THEN
    const { system } = newSystem();
    expect(errorOf(() => make(system))).toBe(message);
  });
});

describe('team labels', () => {
  test('System and workload labels reach every object and pod, never a selector', () => {
    // GIVEN a System-wide team label and a per-workload tier
    const { system } = newSystem({ labels: { team: 'checkout' } });
    new Microservice(system, 'web', { ...web, labels: { tier: 'frontend' } });
    new Task(system, 'backup', { image: 'busybox:1.36.1', labels: { tier: 'batch' } });
    // WHEN
    const objects = synth(system);
    // THEN
    const deployment = find(objects, 'Deployment', 'web');
    for (const o of objects.filter((x) => x.metadata.labels?.['app.kubernetes.io/name'] === 'web')) {
      expect([o.kind, o.metadata.labels]).toEqual([
        o.kind,
        expect.objectContaining({ team: 'checkout', tier: 'frontend' }),
      ]);
    }
    expect(deployment.spec.template.metadata.labels).toMatchObject({ team: 'checkout', tier: 'frontend' });
    expect(find(objects, 'Job', 'backup').spec.template.metadata.labels).toMatchObject({
      team: 'checkout',
      tier: 'batch',
    });
    const selectors: Obj[] = [
      deployment.spec.selector.matchLabels,
      find(objects, 'Service', 'web').spec.selector,
      ...ofKind(objects, 'NetworkPolicy').map((p) => p.spec.podSelector.matchLabels ?? {}),
    ];
    for (const s of selectors) expect(Object.keys(s)).not.toEqual(expect.arrayContaining(['team']));
    for (const s of selectors) expect(Object.keys(s)).not.toEqual(expect.arrayContaining(['tier']));
  });

  test.each([
    [
      'app.kubernetes.io/name',
      "Delinkcious/web: 'labels.app.kubernetes.io/name' must not set a label shipshape sets (got 'x')",
    ],
    [
      'app.kubernetes.io/managed-by',
      "Delinkcious/web: 'labels.app.kubernetes.io/managed-by' must not set a label shipshape sets (got 'x')",
    ],
  ])('refuses a workload label shipshape sets: %s', (key, message) => {
    // GIVEN / WHEN / THEN
    const { system } = newSystem();
    expect(errorOf(() => new Microservice(system, 'web', { ...web, labels: { [key]: 'x' } }))).toBe(message);
  });
});

describe('revisionHistoryLimit', () => {
  test('defaults to 5 and takes the caller’s value on Deployments and StatefulSets', () => {
    // GIVEN
    const { system } = newSystem();
    new Microservice(system, 'a', web);
    new Microservice(system, 'b', { ...web, revisionHistoryLimit: 10 });
    new StatefulService(system, 'c', {
      image: 'redis:7.2.4',
      ports: [{ name: 'redis', port: 6379, protocol: Protocol.TCP }],
      storage: { size: '1Gi', mountPath: '/data' },
      revisionHistoryLimit: 0,
    });
    new Worker(system, 'd', {
      image: 'busybox:1.36.1',
      probes: { readiness: Probe.exec(['true']) },
      revisionHistoryLimit: 2,
    });
    // WHEN
    const objects = synth(system);
    // THEN
    expect(find(objects, 'Deployment', 'a').spec.revisionHistoryLimit).toBe(5);
    expect(find(objects, 'Deployment', 'b').spec.revisionHistoryLimit).toBe(10);
    expect(find(objects, 'StatefulSet', 'c').spec.revisionHistoryLimit).toBe(0);
    expect(find(objects, 'Deployment', 'd').spec.revisionHistoryLimit).toBe(2);
  });

  test('refuses a negative or fractional limit', () => {
    // GIVEN / WHEN / THEN
    const { system } = newSystem();
    expect(errorOf(() => new Microservice(system, 'a', { ...web, revisionHistoryLimit: -1 }))).toBe(
      "Delinkcious/a: 'revisionHistoryLimit' must be >= 0 (got -1)",
    );
  });
});
