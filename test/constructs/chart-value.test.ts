// The public API of chart values, used as an outside construct author would: only the package entry points.
import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import * as yaml from 'js-yaml';
import { ChartValue, Microservice, Probe, System, Worker, type JsonSchema } from 'shipshape';
import { defineApp, renderOutput, synthesizeApp } from 'shipshape/synth';

/** An outside construct: a settings ConfigMap whose log level is a chart value. */
class Settings extends Construct {
  public readonly configMap: ApiObject;
  constructor(scope: Construct, id: string, level = 'info', key = 'logLevel') {
    super(scope, id);
    this.configMap = new ApiObject(this, 'config', {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: `${id}-settings` },
      data: { LOG_LEVEL: level },
    });
    ChartValue.expose(this, {
      key,
      description: 'Log level of the settings.',
      schema: { type: 'string', enum: ['debug', 'info', 'warn'] },
      targets: [{ object: this.configMap, path: '/data/LOG_LEVEL' }],
    });
  }
}

function build(add: (system: System) => void) {
  const app = defineApp({
    build(scope) {
      const system = new System(scope, 'shop', { namespace: 'shop' });
      add(system);
    },
  });
  return () => renderOutput(synthesizeApp(app));
}

const worker = (system: Construct, name: string) =>
  new Worker(system, name, { image: 'example/w:1.0.0', probes: { readiness: Probe.exec(['true']) } });

describe('ChartValue.expose', () => {
  test('puts an outside construct’s value into values.yaml, the schema, the README and the template', () => {
    // GIVEN
    const tree = build((s) => new Settings(s, 'cache'))();
    // WHEN
    const values = tree.get('helm/shop/values.yaml')!;
    const schema = JSON.parse(tree.get('helm/shop/values.schema.json')!);
    // THEN
    expect(values).toContain('cache:\n  # -- Log level of the settings.\n  logLevel: info\n');
    expect(schema.properties.cache).toEqual({
      type: 'object',
      additionalProperties: false,
      required: ['logLevel'],
      properties: {
        logLevel: {
          description: 'Log level of the settings.',
          type: 'string',
          enum: ['debug', 'info', 'warn'],
        },
      },
    });
    expect(tree.get('helm/shop/README.md')).toContain(
      '| cache.logLevel | string | `"info"` | Log level of the settings. |',
    );
    expect(tree.get('helm/shop/templates/cache.yaml')).toContain(
      'LOG_LEVEL: {{ include "shop.toJson" $.Values.cache.logLevel }}',
    );
    expect(yaml.load(tree.get('shop/cache.yaml')!)).toMatchObject({ data: { LOG_LEVEL: 'info' } });
  });

  test('returns the full key; a construct inside a workload shares the workload’s component', () => {
    // GIVEN
    let keys: string[] = [];
    build((s) => {
      const w = worker(s, 'queue-consumer');
      const cm = new ApiObject(w, 'extra', {
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: { name: 'x' },
        data: { A: '1' },
      });
      const schema: JsonSchema = { type: 'string' };
      keys = [
        ChartValue.expose(w, {
          key: 'extra.a',
          description: 'A.',
          schema,
          targets: [{ object: cm, path: '/data/A' }],
        }),
        ChartValue.expose(cm, {
          key: 'b',
          component: 'other',
          description: 'B.',
          schema,
          targets: [{ object: cm, path: '/metadata/name' }],
        }),
      ];
    })();
    // THEN
    expect(keys).toEqual(['queueConsumer.extra.a', 'other.b']);
  });

  test.each([
    [
      (s: System) => ChartValue.expose(s, { key: 'x', description: 'X.', schema: {}, targets: [] }),
      "shop: 'scope' must name a component: call it on a construct inside a System (got 'shop')",
    ],
    [
      (s: System) => new Settings(s, 'cache', 'info', 'Log-Level'),
      "shop/cache: 'key' must be camelCase names joined by '.', such as 'logLevel' or 'cache.maxMemory' (got 'Log-Level')",
    ],
    [
      (s: System) => {
        const w = worker(s, 'w');
        ChartValue.expose(w, { key: 'x', description: 'two\nlines', schema: {}, targets: [] });
      },
      "shop/w: 'description' must be one non-empty line (got 'two\\nlines')",
    ],
    [
      (s: System) => {
        const w = worker(s, 'w');
        ChartValue.expose(w, {
          key: 'x',
          description: 'X.',
          schema: {},
          targets: [{ object: w.deployment, path: 'spec' }],
        });
      },
      "shop/w: 'targets[0].path' must be a JSON pointer such as '/spec/replicas' (got 'spec')",
    ],
    [
      (s: System) => {
        const w = worker(s, 'w');
        ChartValue.expose(w, {
          key: 'x',
          description: 'X.',
          schema: {},
          targets: [{ object: w as never, path: '/a' }],
        });
      },
      "shop/w: 'targets[0].object' must be an ApiObject (got Worker 'shop/w')",
    ],
    [
      (s: System) => {
        const w = worker(s, 'w');
        ChartValue.expose(w, { key: 'x', description: 'X.', schema: {}, targets: [], default: 1 } as never);
      },
      "shop/w: 'default' is not a prop of ChartValueOptions (got 1). Known props: key, description, schema, targets, component",
    ],
    [
      (s: System) => {
        const w = worker(s, 'w');
        ChartValue.expose(w, {
          key: 'x',
          description: 'X.',
          schema: {},
          targets: [{ object: w.deployment, pointer: '/spec' }],
        } as never);
      },
      "shop/w: 'targets[0].pointer' is not a prop of ChartValueTarget (got '/spec'). Known props: object, path",
    ],
    [
      (s: System) => ChartValue.remove(worker(s, 'w'), 'bad key'),
      "shop/w: 'key' must be camelCase names joined by '.', such as 'logLevel' or 'cache.maxMemory' (got 'bad key')",
    ],
    [
      (s: System) => worker(s, 'global'),
      "shop/global: 'id' must not give the chart value key 'global', which Helm reserves (got 'global'). Rename it",
    ],
    [
      (s: System) => {
        worker(s, 'a-b');
        worker(s, 'a--b');
      },
      "shop/a--b: 'id' must give a chart value key no other component of the system uses, but shop/a-b already uses 'aB' (got 'a--b'). Rename one of them",
    ],
  ])('refuses bad input at construction (%#)', (add, message) => {
    expect(build(add as (s: System) => void)).toThrow(message);
  });

  test.each([
    [
      (s: System) => {
        new Settings(s, 'cache');
        new Settings(s.node.findChild('cache') as Construct, 'again');
      },
      "shop/cache/again: 'key' must be unique among the chart values of the system, but shop/cache already declares it (got 'cache.logLevel'). Choose another key or component",
    ],
    [
      (s: System) => {
        const w = worker(s, 'w');
        ChartValue.expose(w, {
          key: 'image.pullPolicy',
          description: 'Pull policy.',
          schema: {},
          targets: [{ object: w.deployment, path: '/spec/template/spec/containers/0/imagePullPolicy' }],
        });
      },
      "shop/w: 'key' must not be inside the chart value 'w.image' that shop/w declares (got 'w.image.pullPolicy'). Choose another key",
    ],
    [
      (s: System) => {
        const w = worker(s, 'w');
        ChartValue.expose(w, {
          key: 'x',
          description: 'X.',
          schema: {},
          targets: [{ object: w.deployment, path: '/spec/nope' }],
        });
      },
      "shop/w: 'targets' must name fields the object has (got '/spec/nope' in Deployment w for chart value 'w.x')",
    ],
    [
      (s: System) => {
        const w = worker(s, 'w');
        ChartValue.expose(w, {
          key: 'x',
          description: 'X.',
          schema: {},
          targets: [
            { object: w.deployment, path: '/metadata/name' },
            { object: w.deployment, path: '/spec/replicas' },
          ],
        });
      },
      "shop/w: 'targets' must hold the same value at synthesis (got 1 at '/spec/replicas' and \"w\" for chart value 'w.x')",
    ],
    [
      (s: System) => {
        const w = worker(s, 'w');
        ChartValue.expose(w, {
          key: 'x',
          description: 'X.',
          schema: {},
          targets: [{ object: w.deployment, path: '/spec' }],
        });
      },
      "shop/w: 'targets' must not overlap the field '/spec/template/spec/containers/0/image' of Deployment w that chart value 'w.image' renders (got '/spec' for 'w.x')",
    ],
    [
      (s: System) => ChartValue.remove(worker(s, 'w'), 'autoscaling'),
      "shop/w: 'key' must name a chart value of the system (got 'w.autoscaling'). Known: w.image, w.replicas, w.resources",
    ],
  ])('refuses bad declarations when the chart is synthesized (%#)', (add, message) => {
    expect(build(add)).toThrow(message);
  });
});

describe('ChartValue.remove', () => {
  test('takes a built-in value out: the field renders as synthesized', () => {
    // GIVEN
    const tree = build((s) => {
      const svc = new Microservice(s, 'web', {
        image: 'example/web:1.0.0',
        ports: [{ name: 'http', port: 80 }],
      });
      ChartValue.remove(svc, 'replicas');
    })();
    // WHEN
    const template = tree.get('helm/shop/templates/web.yaml')!;
    // THEN
    expect(template).toContain('  replicas: 1\n');
    expect(tree.get('helm/shop/values.yaml')).not.toContain('replicas');
  });
});
