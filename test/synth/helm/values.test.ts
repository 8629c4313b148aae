import * as yaml from 'js-yaml';
import Ajv from 'ajv';
import app from '../../../src/delinkcious/app';
import { synthesizeApp } from '../../../src/synth/index';
import {
  getAt,
  pointer,
  resolveValues,
  setAt,
  valuesSchema,
  valuesTree,
  valuesYaml,
} from '../../../src/synth/helm/values';
import { shop } from './_shop';
import { ChartValue, Image, Microservice, System, type MicroserviceProps } from '../../../constructs';

describe('JSON pointers', () => {
  test('read and replace fields, escaped segments included, without touching the input', () => {
    // GIVEN
    const o = { a: { 'b/c': [1, { d: 2 }] } };
    // WHEN / THEN
    expect(pointer('/a/b~1c/1/d')).toEqual(['a', 'b/c', '1', 'd']);
    expect(getAt(o, '/a/b~1c/1/d')).toBe(2);
    expect(getAt(o, '/a/nope')).toBeUndefined();
    expect(setAt(o, pointer('/a/b~1c/1/d'), 3)).toEqual({ a: { 'b/c': [1, { d: 3 }] } });
    expect(o.a['b/c'][1]).toEqual({ d: 2 });
  });
});

describe('the values of a System', () => {
  test('are the built-in values of every component, with the synthesized defaults', () => {
    // GIVEN / WHEN
    const resolved = resolveValues(shop());
    // THEN
    expect(resolved.values.map((v) => v.key)).toEqual([
      'ordersDb.image',
      'ordersDb.replicas',
      'ordersDb.resources',
      'web.image',
      'web.replicas',
      'web.resources',
      'web.config',
      'api.image',
      'api.autoscaling.minReplicas',
      'api.autoscaling.maxReplicas',
      'api.resources',
      'consumer.image',
      'consumer.replicas',
      'consumer.resources',
      'nightly.image',
      'nightly.resources',
      'public.hosts',
      'public.tls',
    ]);
    expect(valuesTree(resolved.values)).toMatchObject({
      web: { image: { repository: 'example/web', tag: '1.4.2', digest: '' }, replicas: 2 },
      api: {
        image: { repository: 'example/api', tag: '', digest: `sha256:${'a'.repeat(64)}` },
        autoscaling: { minReplicas: 2, maxReplicas: 6 },
      },
      public: {
        hosts: ['shop.example.com', 'api.shop.example.com'],
        tls: { clusterIssuer: 'letsencrypt' },
      },
    });
    // the HPA floor follows the disruption budget (maxUnavailable 1 needs a replica)
    expect(resolved.values.find((v) => v.key === 'api.autoscaling.minReplicas')!.schema).toMatchObject({
      minimum: 1,
    });
  });

  test('values.yaml documents each value as helm-docs reads it, and loads back to the defaults', () => {
    // GIVEN
    const { values } = resolveValues(shop());
    // WHEN
    const text = valuesYaml(values, 'Header line');
    // THEN
    expect(
      text.startsWith(
        '# Header line\n\nordersDb:\n  # -- Image with a pinned tag or digest (a tag without a version number, such as `latest`, is refused).\n  image:\n',
      ),
    ).toBe(true);
    expect(text).toContain(
      '  autoscaling:\n    # -- Lower bound of replicas (at least 1).\n    minReplicas: 2\n',
    );
    expect(yaml.load(text)).toEqual(valuesTree(values));
  });

  test.each(['local', 'staging', 'production'])(
    '%s: the defaults pass the chart schema; unknown keys do not',
    (env) => {
      // GIVEN
      const s = synthesizeApp(app, { environments: [env] })[0]!;
      const { values } = resolveValues(s);
      const validate = new Ajv({ strict: false }).compile(valuesSchema(values, 'x'));
      // WHEN / THEN
      expect([validate(valuesTree(values)), validate.errors]).toEqual([true, null]);
      expect(validate({ ...valuesTree(values), extra: {} })).toBe(false);
      expect(values.some((v) => v.key === 'nats.replicas')).toBe(false); // removed by the app: its routes list the replicas
    },
  );
});

describe('defaults and values the chart schema refuses (issue 18)', () => {
  const store = (
    extra: (system: System, web: Microservice) => void,
    webProps: Partial<MicroserviceProps> = {},
  ) =>
    synthesizeApp({
      build: (scope) => {
        const system = new System(scope, 'Store', { namespace: 'store' });
        const web = new Microservice(system, 'web', {
          image: 'nginx:1.25.3',
          ports: [{ name: 'http', port: 8080 }],
          config: { env: { LOG_LEVEL: 'trace' } },
          ...webProps,
        });
        extra(system, web);
      },
    })[0]!;

  test('refuses a ChartValue whose synthesized default fails its own schema', () => {
    // GIVEN a value exposed with a schema the synthesized field does not meet
    const s = store((_, web) =>
      ChartValue.expose(web, {
        key: 'gracePeriod',
        description: 'Grace period.',
        schema: { type: 'integer', maximum: 10 },
        targets: [{ object: web.deployment, path: '/spec/template/spec/terminationGracePeriodSeconds' }],
      }),
    );
    // WHEN / THEN
    expect(() => resolveValues(s)).toThrow(
      "Store/web: 'schema' must accept the value synthesized for chart value 'web.gracePeriod' (got 30): must be <= 10",
    );
  });

  test('the built-in values of a moving tag and of ephemeral storage pass their own schema', () => {
    // GIVEN
    const s = store(() => undefined, {
      image: Image.mutableTag('nginx:stable', { reason: 'upstream ships it' }),
      resources: { ephemeralStorage: { request: '1Gi', limit: '2Gi' } },
    });
    // WHEN
    const { values } = resolveValues(s);
    const validate = new Ajv({ strict: false }).compile(valuesSchema(values, 'x'));
    // THEN
    expect([validate(valuesTree(values)), validate.errors]).toEqual([true, null]);
    expect(values.find((v) => v.key === 'web.resources')!.default).toEqual({
      requests: { cpu: '100m', memory: '128Mi', 'ephemeral-storage': '1Gi' },
      limits: { cpu: '500m', memory: '256Mi', 'ephemeral-storage': '2Gi' },
    });
  });
});
