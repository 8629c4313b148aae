import {
  ApiObject,
  App,
  Duration,
  JsonPatch,
  Lazy,
  Testing,
  type IResolver,
  type ResolutionContext,
} from 'cdk8s';
import { k8s } from 'cdk8s-plus-27';
import type { IConstruct } from 'constructs';
import { buildShipshape } from '../../../bench/synthetic';
import shop from '../../../examples/shop/app';
import {
  EnvValue,
  Microservice,
  Probe,
  Protocol,
  Secret,
  StatefulService,
  System,
  Task,
} from '../../../constructs';
import { synthesizeApp } from '../../../src/synth/synthesize';
import { synthesizeEnvironment } from '../../../src/delinkcious/app';
import { MIRRORED_CDK8S_SOURCE, mirroredSourceHash, renderJson } from '../../../src/synth/render/to-json';

/** JSON text that also shows keys with undefined values (JSON.stringify drops them; YAML would not). */
const exact = (v: unknown): string =>
  JSON.stringify(v, (_, x: unknown) => (x === undefined ? '<undefined>' : x)) ?? '<undefined>';

// renderJson is ApiObject.toJson (and the L1 classes' toJson on top of it) without cdk8s's
// generic resolution pass: the same JSON, key order included, for every object.

const apiObjects = (root: IConstruct): ApiObject[] =>
  root.node.findAll().filter((c): c is ApiObject => ApiObject.isApiObject(c));

/** The object's JSON both ways, as text (key order matters: it is the YAML's order). */
const bothWays = (o: ApiObject) => [exact(renderJson(o)), exact(o.toJson())];

function expectSameJson(objects: readonly ApiObject[]): void {
  expect(objects.length).toBeGreaterThan(0);
  for (const o of objects) {
    const [fast, own] = bothWays(o);
    expect([o.node.path, fast]).toEqual([o.node.path, own]);
  }
}

describe('renderJson', () => {
  test('mirrors the cdk8s code it was written against', () => {
    // GIVEN the installed cdk8s / WHEN the source of the functions renderJson mirrors is hashed
    // THEN it is the reviewed one. After a cdk8s upgrade that changes it, renderJson falls back to
    // toJson (correct, slower): review src/synth/render/to-json.ts against the new code, then update the hash.
    expect(mirroredSourceHash()).toBe(MIRRORED_CDK8S_SOURCE);
  });

  test.each(['local', 'staging', 'production'])(
    'Delinkcious %s: every object as toJson renders it',
    (env) => {
      // GIVEN / WHEN / THEN
      expectSameJson(apiObjects(synthesizeEnvironment(env).system));
    },
  );

  test('the example shop and the benchmark system: every object as toJson renders it', () => {
    // GIVEN / WHEN / THEN
    for (const s of synthesizeApp(shop)) expectSameJson(apiObjects(s.system));
    expectSameJson(apiObjects(buildShipshape(Testing.app(), 20)));
  });

  test("takes its own path for the constructs' objects, without calling toJson", () => {
    // GIVEN a System with every kind the constructs emit but the StatefulSet (a subclass with its own toJson)
    const app = Testing.app();
    const system = new System(app, 'S', { namespace: 's', monitoring: { serviceMonitors: true } });
    const db = new StatefulService(system, 'db', {
      image: 'redis:7.2.4',
      ports: [{ name: 'redis', port: 6379, protocol: Protocol.TCP }],
      storage: { size: '1Gi', mountPath: '/data' },
    });
    new Microservice(system, 'web', {
      image: 'nginx:1.25.3',
      ports: [{ name: 'http', port: 8080 }],
      dependencies: [{ target: db }],
      autoscaling: { minReplicas: 2, maxReplicas: 4 },
      availability: { maxUnavailable: 1 },
      metrics: {},
      config: { env: { A: 'a' } },
      rbacRules: [{ apiGroups: [''], resources: ['pods'], verbs: ['get'] }],
    });
    new Task(system, 'job', { image: 'busybox:1.36.1', schedule: '@daily' });
    new Secret(system, 'creds', { keys: ['k'], external: false });
    const objects = apiObjects(system).filter((o) => o.kind !== 'StatefulSet');
    const toJson = jest.spyOn(ApiObject.prototype, 'toJson');
    try {
      // WHEN rendered
      objects.forEach((o) => renderJson(o));
      // THEN cdk8s's own pass never ran
      expect(toJson).not.toHaveBeenCalled();
    } finally {
      toJson.mockRestore();
    }
    expectSameJson(apiObjects(system));
  });

  test('tokens, unions, patches and hand-made objects render as toJson renders them', () => {
    // GIVEN L1 and plain objects with Lazy values, IntOrString, Quantity, Durations, JSON patches,
    // null values, empty arrays and objects, and keys cdk8s mangles (its own pass then)
    const app = Testing.app();
    const chart = new System(app, 'S', { namespace: 's' });
    const later = { replicas: 1 };
    const d = new k8s.KubeDeployment(chart, 'd', {
      metadata: { name: 'd', annotations: { b: 'x', a: 'y' }, finalizers: [] },
      spec: {
        replicas: Lazy.any({ produce: () => later.replicas }) as unknown as number,
        selector: { matchLabels: { z: '1', a: '2' } },
        template: {
          spec: {
            containers: [
              {
                name: 'c',
                ports: [],
                resources: {
                  limits: { cpu: k8s.Quantity.fromString('1'), memory: k8s.Quantity.fromNumber(5) },
                },
                livenessProbe: { httpGet: { port: k8s.IntOrString.fromNumber(80), path: '/' } },
                env: [{ name: 'A', value: undefined }],
              },
            ],
          },
        },
      },
    });
    d.addJsonPatch(JsonPatch.add('/spec/paused', true), JsonPatch.remove('/metadata/annotations/a'));
    later.replicas = 3;
    new ApiObject(chart, 'custom', {
      apiVersion: 'example.com/v1',
      kind: 'Thing',
      metadata: { name: 'thing', labels: { b: 'b', a: 'a' } },
      spec: {
        list: [1, null, { y: 2, x: [] }],
        nested: { empty: {}, n: null, t: Duration.seconds(5).toSeconds() },
      },
    });
    new k8s.KubeConfigMap(chart, 'special', { metadata: { name: 'special' }, data: { constructor: 'x' } });
    // WHEN / THEN
    for (const o of apiObjects(chart)) {
      let fast: unknown;
      let own: unknown;
      try {
        own = exact(o.toJson());
      } catch (e) {
        own = `throws ${(e as Error).message}`;
      }
      try {
        fast = exact(renderJson(o));
      } catch (e) {
        fast = `throws ${(e as Error).message}`;
      }
      expect([o.node.path, fast]).toEqual([o.node.path, own]);
    }
  });

  test('an app with resolvers of its own, or unsorted keys, gets toJson itself', () => {
    // GIVEN a resolver that rewrites every string
    const upper: IResolver = {
      resolve: (c: ResolutionContext) => {
        if (typeof c.value === 'string' && c.value !== c.value.toUpperCase())
          c.replaceValue(c.value.toUpperCase());
      },
    };
    const app = new App({ resolvers: [upper], outdir: '/dev/null' });
    const system = new System(app, 'S', { namespace: 's' });
    new Microservice(system, 'web', { image: 'nginx:1.25.3', ports: [{ name: 'http', port: 8080 }] });
    // WHEN / THEN the resolver's output, as toJson gives it
    expectSameJson(apiObjects(system));
    expect(exact(renderJson(apiObjects(system)[0]))).toContain('"S"');
    process.env.CDK8S_DISABLE_SORT = '1';
    try {
      expectSameJson(apiObjects(buildShipshape(Testing.app(), 2)));
    } finally {
      delete process.env.CDK8S_DISABLE_SORT;
    }
  });

  test('an error while rendering reads as toJson reports it', () => {
    // GIVEN a Lazy value that throws at synthesis
    const app = Testing.app();
    const system = new System(app, 'S', { namespace: 's' });
    const cm = new k8s.KubeConfigMap(system, 'cm', {
      metadata: { name: 'cm' },
      data: Lazy.any({
        produce: () => {
          throw new Error('boom');
        },
      }) as unknown as Record<string, string>,
    });
    // WHEN / THEN
    expect(() => renderJson(cm)).toThrow(
      "Failed serializing construct at path 'S/cm' with name 'cm': Error: boom",
    );
    expect(() => cm.toJson()).toThrow(
      "Failed serializing construct at path 'S/cm' with name 'cm': Error: boom",
    );
  });

  test('an env value rendered from a probe and an EnvValue keeps its order', () => {
    // GIVEN a workload whose env and probes come from the library's own classes
    const app = Testing.app();
    const system = new System(app, 'S', { namespace: 's' });
    new Microservice(system, 'web', {
      image: 'nginx:1.25.3',
      ports: [{ name: 'http', port: 8080 }],
      probes: { readiness: Probe.http('/ready', { headers: { B: '2', A: '1' } }) },
      env: { Z: EnvValue.value('z'), A: EnvValue.fromField('metadata.name') },
    });
    // WHEN / THEN
    expectSameJson(apiObjects(system));
  });
});
