import { Node } from 'constructs';
import {
  ConfigMap,
  EnvFrom,
  EnvValue,
  Microservice,
  Probe,
  Protocol,
  Secret,
  System,
  Worker,
  type MicroserviceProps,
} from '../../constructs';
import { validateObjects } from '../../src/validate';
import { renderChart } from '../../src/synth/helm/chart';
import { renderOutput, toYaml } from '../../src/synth/output';
import { _contentHash } from '../../constructs/_hash';
import { describeWithHelm, template, writeChart } from '../synth/helm/_helm';
import { synthesizeApp } from '../../src/synth/synthesize';
import { errorOf, find, newSystem, ofKind, synth, type Obj } from './_helpers';

// Issue 18, "shared config": one ConfigMap and one Secret read by many workloads through envFrom.

const web: MicroserviceProps = { image: 'nginx:1.25.3', ports: [{ name: 'http', port: 8080 }] };
const pod = (objects: Obj[], name: string) => find(objects, 'Deployment', name).spec.template;
const HASH = 'config-hash.shipshape.io/common';

describe('ConfigMap shared through envFrom', () => {
  test('renders one ConfigMap, envFrom in every reader, and a rollout hash on exactly the readers', () => {
    // GIVEN an environment-wide ConfigMap two services read, and a third that does not
    const { system } = newSystem();
    const common = new ConfigMap(system, 'common', { data: { DISABLE_PROFILER: '1', LOG_LEVEL: 'info' } });
    new Microservice(system, 'a', { ...web, envFrom: [EnvFrom.configMap(common)] });
    new Microservice(system, 'b', { ...web, env: { LOG: EnvValue.fromConfigMap(common, 'LOG_LEVEL') } });
    new Microservice(system, 'c', web);
    // WHEN
    const objects = synth(system);
    // THEN
    expect(find(objects, 'ConfigMap', 'common').data).toEqual({ DISABLE_PROFILER: '1', LOG_LEVEL: 'info' });
    expect(pod(objects, 'a').spec.containers[0].envFrom).toEqual([{ configMapRef: { name: 'common' } }]);
    expect(pod(objects, 'b').spec.containers[0].env).toEqual([
      { name: 'LOG', valueFrom: { configMapKeyRef: { name: 'common', key: 'LOG_LEVEL' } } },
    ]);
    const hash = pod(objects, 'a').metadata.annotations[HASH];
    expect(hash).toMatch(/^[0-9a-f]{16}$/);
    expect(pod(objects, 'b').metadata.annotations[HASH]).toBe(hash);
    expect(pod(objects, 'c').metadata.annotations).toBeUndefined();
    expect(Node.of(common).defaultChild).toBe(common.configMap);
    expect(validateObjects(objects.map((object) => ({ object })))).toEqual([]);
  });

  test('the hash follows the content: readers roll when it changes', () => {
    // GIVEN two Systems whose shared ConfigMap differs in one value
    const hashOf = (level: string) => {
      const { system } = newSystem();
      const common = new ConfigMap(system, 'common', { data: { LOG_LEVEL: level } });
      new Microservice(system, 'a', { ...web, envFrom: [EnvFrom.configMap(common)] });
      return pod(synth(system), 'a').metadata.annotations[HASH];
    };
    // WHEN / THEN
    expect(hashOf('info')).toBe(hashOf('info'));
    expect(hashOf('debug')).not.toBe(hashOf('info'));
  });

  test('a value that is a service address makes every reader a caller of that service', () => {
    // GIVEN a ConfigMap with every service's address (Online Boutique style), read by one service
    const { system } = newSystem();
    const cart = new Microservice(system, 'cart', {
      image: 'example/cart:1.0.0',
      ports: [{ name: 'grpc', port: 7070, protocol: Protocol.GRPC }],
    });
    const addresses = new ConfigMap(system, 'addresses', {
      data: { CART_SERVICE_ADDR: cart.endpoint().address },
    });
    new Microservice(system, 'frontend', { ...web, envFrom: [EnvFrom.configMap(addresses)] });
    new Microservice(system, 'other', web);
    // WHEN
    const objects = synth(system);
    // THEN the address is literal in the ConfigMap, and the NetworkPolicies allow exactly that call
    expect(find(objects, 'ConfigMap', 'addresses').data).toEqual({
      CART_SERVICE_ADDR: 'cart.delinkcious.svc:7070',
    });
    expect(find(objects, 'NetworkPolicy', 'frontend').spec.egress).toEqual([
      {
        to: [
          {
            podSelector: {
              matchLabels: { 'app.kubernetes.io/instance': 'delinkcious', 'app.kubernetes.io/name': 'cart' },
            },
          },
        ],
        ports: [{ protocol: 'TCP', port: 7070 }],
      },
    ]);
    expect(find(objects, 'NetworkPolicy', 'cart').spec.ingress).toEqual([
      {
        from: [
          {
            podSelector: {
              matchLabels: {
                'app.kubernetes.io/instance': 'delinkcious',
                'app.kubernetes.io/name': 'frontend',
              },
            },
          },
        ],
        ports: [{ protocol: 'TCP', port: 7070 }],
      },
    ]);
    expect(find(objects, 'NetworkPolicy', 'other').spec.egress).toBeUndefined();
  });

  test('a ConfigMap the System does not own, by name: optional, and references to its keys allowed', () => {
    // GIVEN
    const { system } = newSystem();
    new Microservice(system, 'a', {
      ...web,
      envFrom: [EnvFrom.configMap('platform-env', { optional: true, prefix: 'PLATFORM_' })],
      env: { URL: EnvValue.value('https://$(PLATFORM_DOMAIN)/') },
    });
    // WHEN
    const c = pod(synth(system), 'a').spec.containers[0];
    // THEN
    expect(c.envFrom).toEqual([
      { configMapRef: { name: 'platform-env', optional: true }, prefix: 'PLATFORM_' },
    ]);
  });

  test('a Secret read through envFrom: a declared Secret, its keys as variables, no value in the output', () => {
    // GIVEN
    const { system } = newSystem();
    const db = new Secret(system, 'db', { keys: ['USER', 'PASSWORD'] });
    new Microservice(system, 'a', {
      ...web,
      envFrom: [EnvFrom.secret(db)],
      env: { DATABASE_URL: EnvValue.value('postgresql://$(USER):$(PASSWORD)@db/app') },
    });
    // WHEN
    const objects = synth(system);
    // THEN
    expect(pod(objects, 'a').spec.containers[0].envFrom).toEqual([{ secretRef: { name: 'db' } }]);
    expect(ofKind(objects, 'Secret')).toEqual([]);
    expect(validateObjects(objects.map((object) => ({ object })))).toEqual([]);
  });

  test('sidecars read shared config too', () => {
    // GIVEN
    const { system } = newSystem();
    const common = new ConfigMap(system, 'common', { data: { A: '1' } });
    new Worker(system, 'w', {
      image: 'busybox:1.36.1',
      probes: { readiness: Probe.exec(['true']) },
      sidecars: [
        {
          name: 's',
          image: 'busybox:1.36.1',
          envFrom: [EnvFrom.configMap(common)],
          probes: { readiness: false },
        },
      ],
    });
    // WHEN
    const t = pod(synth(system), 'w');
    // THEN
    expect(t.spec.containers[1].envFrom).toEqual([{ configMapRef: { name: 'common' } }]);
    expect(t.metadata.annotations[HASH]).toMatch(/^[0-9a-f]{16}$/);
  });

  test.each<[string, (s: System) => unknown, string]>([
    [
      'a key that is no variable name',
      (s) => {
        const c = new ConfigMap(s, 'common', { data: { '1A': 'x' } });
        return new Microservice(s, 'a', { ...web, envFrom: [EnvFrom.configMap(c)] });
      },
      "Delinkcious/a: 'envFrom[0]' must read only keys that are variable names, but ConfigMap 'common' has '1A' (got '1A'). Set a prefix, or read the key with EnvValue.fromConfigMap",
    ],
    [
      'a key that redefines an injected endpoint variable',
      (s) => {
        const cart = new Microservice(s, 'cart', web);
        const c = new ConfigMap(s, 'common', { data: { CART_SERVICE_HOST: 'x' } });
        return new Microservice(s, 'a', {
          ...web,
          envFrom: [EnvFrom.configMap(c)],
          dependencies: [{ target: cart }],
        });
      },
      "Delinkcious/a: 'envFrom[0]' must not define the endpoint variable injected for dependency 'cart' (got 'CART_SERVICE_HOST')",
    ],
    [
      'a key read one by one that the ConfigMap lacks',
      (s) => {
        const c = new ConfigMap(s, 'common', { data: { A: '1' } });
        return new Microservice(s, 'a', { ...web, env: { X: EnvValue.fromConfigMap(c, 'B') } });
      },
      "Delinkcious/a: 'env.X.key' must be a key of ConfigMap 'common' (A) (got 'B')",
    ],
    [
      'optional on a ConfigMap of the System',
      (s) => {
        const c = new ConfigMap(s, 'common', { data: { A: '1' } });
        return new Microservice(s, 'a', { ...web, envFrom: [EnvFrom.configMap(c, { optional: true })] });
      },
      "Delinkcious/a: 'envFrom[0].optional' must not be set for a ConfigMap of the System: it always exists (got true)",
    ],
    [
      'something that is no EnvFrom',
      (s) => new Microservice(s, 'a', { ...web, envFrom: ['common' as never] }),
      "Delinkcious/a: 'envFrom[0]' must be an EnvFrom (got 'common'). Use EnvFrom.configMap(config) or EnvFrom.secret(secret)",
    ],
    [
      'a ConfigMap name a workload already uses for its own config',
      (s) => {
        new Microservice(s, 'a', { ...web, config: { env: { A: '1' } } });
        return new ConfigMap(s, 'a-config', { data: { A: '1' } });
      },
      "Delinkcious/a-config: 'id' must be unique among the ConfigMap objects of the system, but Delinkcious/a already uses it (got 'a-config')",
    ],
    [
      'a ConfigMap name too long to name its readers’ annotation',
      (s) => new ConfigMap(s, 'c', { name: 'c'.repeat(64), data: { A: '1' } }),
      `Delinkcious/c: 'name' must be at most 63 characters (got '${'c'.repeat(64)}')`,
    ],
    [
      'a value that is neither a string nor an address',
      (s) => new ConfigMap(s, 'c', { data: { A: EnvValue.value('x') } }),
      "Delinkcious/c: 'data.A' must be a string or a service address (got an EnvValue). Use e.g. cart.endpoint().address for a service the readers call",
    ],
  ])('refuses %s', (_, make, message) => {
    // GIVEN / WHEN / THEN
    const { system } = newSystem();
    expect(errorOf(() => make(system))).toBe(message);
  });

  test('refuses a ConfigMap of another System', () => {
    // GIVEN
    const { app, system } = newSystem();
    const other = new System(app, 'Other', { namespace: 'other' });
    const common = new ConfigMap(other, 'common', { data: { A: '1' } });
    // WHEN / THEN
    expect(
      errorOf(() => new Microservice(system, 'a', { ...web, envFrom: [EnvFrom.configMap(common)] })),
    ).toBe(
      "Delinkcious/a: 'envFrom[0].configMap' must be a ConfigMap of system 'Delinkcious' (namespace 'delinkcious'): pods read ConfigMaps of their own namespace only (got 'Other/common')",
    );
  });
});

describe('the chart of shared config', () => {
  test('its data is a chart value, and every reader hashes the rendered data', () => {
    // GIVEN
    const [s] = synthesizeApp({
      build: (scope) => {
        const system = new System(scope, 'Store', { namespace: 'store' });
        const common = new ConfigMap(system, 'common', { data: { LOG_LEVEL: 'info' } });
        new Microservice(system, 'a', { ...web, envFrom: [EnvFrom.configMap(common)] });
      },
    });
    // WHEN
    const chart = renderChart(s!, toYaml);
    // THEN
    expect(chart.values).toMatchObject({ common: { data: { LOG_LEVEL: 'info' } } });
    expect(chart.files.get('templates/a.yaml')).toContain(
      `${HASH}: {{ include "store.config.common" $ | sha256sum | trunc 16 | quote }}`,
    );
    expect(chart.files.get('templates/common.yaml')).toContain('{{- define "store.config.common" -}}');
  });
});

describeWithHelm('shared config in the real helm', () => {
  test('--set on the shared data rolls exactly its readers, with the hash the construct computes', () => {
    // GIVEN the chart of a System with a shared ConfigMap, one reader and one other service
    const systems = synthesizeApp({
      build: (scope) => {
        const system = new System(scope, 'Store', { namespace: 'store' });
        const common = new ConfigMap(system, 'common', { data: { LOG_LEVEL: 'info' } });
        new Microservice(system, 'a', { ...web, envFrom: [EnvFrom.configMap(common)] });
        new Microservice(system, 'b', web);
      },
    });
    const chart = writeChart(renderOutput(systems), 'helm/store/');
    // WHEN rendered with a changed value
    const objects = template(chart, 'store', ['--set-string', 'common.data.LOG_LEVEL=debug']);
    const of = (kind: string, name: string) =>
      objects.find((o) => o.kind === kind && o.metadata.name === name);
    // THEN
    expect(of('ConfigMap', 'common').data).toEqual({ LOG_LEVEL: 'debug' });
    expect(of('Deployment', 'a').spec.template.metadata.annotations[HASH]).toBe(
      _contentHash({ LOG_LEVEL: 'debug' }),
    );
    expect(of('Deployment', 'b').spec.template.metadata.annotations).toBeUndefined();
  });
});
