import { Duration } from 'cdk8s';
import * as fs from 'fs';
import * as path from 'path';
import * as ts from 'typescript';
import {
  EnvValue,
  Gateway,
  Microservice,
  Probe,
  Protocol,
  Secret,
  SecretStore,
  ShipshapeError,
  StatefulService,
  System,
  Task,
  Worker,
} from '../../constructs';
import { _ALL_KEYS, _checkKeys, _keys, _nearest } from '../../constructs/_keys';
import { defineApp } from '../../src/synth/contract';
import { synthesizeApp } from '../../src/synth/synthesize';
import { errorOf, newSystem, synth } from './_helpers';

// Unknown prop names (typos of JavaScript and JSON-driven callers) are refused, and the key lists
// the check uses are the props the TypeScript interfaces declare.

const ROOT = path.join(__dirname, '..', '..');
const CONSTRUCTS = path.join(ROOT, 'constructs');
const PUBLIC = fs
  .readdirSync(CONSTRUCTS)
  .filter((f) => f.endsWith('.ts') && !f.startsWith('_') && f !== 'index.ts')
  .map((f) => path.join(CONSTRUCTS, f));
// Where the interfaces of the key lists are declared: the public construct files, the app
// contract and its GitOps settings, and cdk8s-plus-27's k8s module (rbacRules are its PolicyRule).
const SOURCES = [
  ...PUBLIC,
  path.join(ROOT, 'src', 'synth', 'contract.ts'),
  path.join(ROOT, 'src', 'synth', 'gitops', 'options.ts'),
  require.resolve('cdk8s-plus-27/lib/imports/k8s.d.ts'),
];
// Interfaces that are not props objects: what the API returns (a parsed CIDR, a resolved external Service that
// `shipshape graph` draws, a service's endpoint values), and a free JSON object (a chart value's schema).
// Gateway identities are what an implementation's callbacks receive and return, GatewayRouteInfo what a Gateway lists.
const NOT_INPUT = new Set([
  'Cidr',
  'Endpoint',
  'ExternalService',
  'JsonObject',
  'GatewayIdentity',
  'ServiceAccountIdentity',
  'GatewayRouteInfo',
]);

interface Declared {
  readonly file: string;
  readonly exported: boolean;
  readonly own: string[];
  readonly parents: string[];
}

function declaredInterfaces(): Map<string, Declared> {
  const out = new Map<string, Declared>();
  for (const file of SOURCES) {
    const sf = ts.createSourceFile(file, fs.readFileSync(file, 'utf8'), ts.ScriptTarget.ES2022, true);
    sf.forEachChild((node) => {
      // The library's own interfaces win over k8s.d.ts's of the same name (ServicePort).
      if (!ts.isInterfaceDeclaration(node) || out.has(node.name.text)) return;
      out.set(node.name.text, {
        file: path.relative(ROOT, file),
        exported: !!node.modifiers?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword),
        own: node.members.filter(ts.isPropertySignature).map((m) => m.name.getText(sf)),
        parents: (node.heritageClauses ?? []).flatMap((h) => h.types.map((t) => t.expression.getText(sf))),
      });
    });
  }
  return out;
}

/** Every prop of `name`, inherited ones (`extends`) first. */
function propsOf(name: string, all: ReadonlyMap<string, Declared>): string[] {
  const d = all.get(name);
  if (!d) throw new Error(`interface ${name} is not declared in ${SOURCES.join(', ')}`);
  return [...d.parents.flatMap((p) => propsOf(p, all)), ...d.own];
}

describe('key lists', () => {
  const all = declaredInterfaces();

  test.each(_ALL_KEYS.map((k) => [k.iface, k] as const))(
    '%s: the runtime list equals the declared props',
    (_, keys) => {
      // GIVEN the interface as the compiler reads it / WHEN compared / THEN the same names, once each
      expect([...keys.list].sort()).toEqual(propsOf(keys.iface, all).sort());
      expect(keys.names.size).toBe(keys.list.length);
    },
  );

  test('every list declared in the sources is registered (and so compared above)', () => {
    // GIVEN every `_keys('<Interface>', ...)` call in constructs/ and src/, each list beside its interface
    const files = [
      ...fs.readdirSync(CONSTRUCTS).map((f) => path.join(CONSTRUCTS, f)),
      ...fs
        .readdirSync(path.join(ROOT, 'src'), { recursive: true, encoding: 'utf8' })
        .map((f) => path.join(ROOT, 'src', f)),
    ].filter((f) => f.endsWith('.ts') && f !== path.join(CONSTRUCTS, '_keys.ts')); // the mechanism itself
    const declared = files.flatMap((f) =>
      [...fs.readFileSync(f, 'utf8').matchAll(/\b_keys\(\s*'(\w+)'/g)].map((m) => m[1]),
    );
    // WHEN compared with the registry / THEN each one is there, none declared twice
    expect(declared.length).toBeGreaterThan(30);
    expect([...declared].sort()).toEqual(_ALL_KEYS.map((k) => k.iface).sort());
  });

  test('every props interface of the public constructs has a key list', () => {
    // GIVEN the exported interfaces of constructs/ / WHEN matched against the lists / THEN none is missing
    const listed = new Set(_ALL_KEYS.map((k) => k.iface));
    const missing = [...all]
      .filter(([name, d]) => d.exported && d.file.startsWith('constructs/') && !NOT_INPUT.has(name))
      .map(([name]) => name)
      .filter((name) => !listed.has(name) && !['WorkloadProps', 'ServiceWorkloadProps'].includes(name));
    expect(missing).toEqual([]);
  });
});

describe('_nearest', () => {
  test.each([
    ['a missing letter', 'replica', ['name', 'replicas'], 'replicas'],
    ['swapped letters', 'nmae', ['name', 'port'], 'name'],
    ['another case', 'Image', ['image'], 'image'],
    ['snake case', 'health_path', ['healthPath', 'metrics'], 'healthPath'],
    ['a prefix', 'storageClass', ['size', 'storageClassName'], 'storageClassName'],
    ['the closest of two', 'port', ['ports', 'path'], 'ports'],
    ['nothing plausible', 'volumes', ['image', 'ports', 'env'], undefined],
    ['a short unrelated key', 'foo', ['bar', 'name'], undefined],
  ])('%s', (_, key, known, expected) => {
    // GIVEN an unknown key / WHEN the nearest known name is looked up / THEN it is the plausible one or none
    expect(_nearest(key, known)).toBe(expected);
  });
});

describe('_checkKeys', () => {
  const at = { node: { path: 'S/x' } };
  const keys = _keys('Sample', ['alpha', 'beta'], 'Sample');
  _ALL_KEYS.pop(); // a test list, not an interface of the library

  test.each([
    ['a typo', { alpah: 1 }, 'p', "S/x: 'p.alpah' is not a prop of Sample (got 1). Did you mean 'alpha'?"],
    [
      'no plausible name',
      { zzz: 'v' },
      'p',
      "S/x: 'p.zzz' is not a prop of Sample (got 'v'). Known props: alpha, beta",
    ],
    [
      'the props themselves',
      { bta: true },
      'props',
      "S/x: 'bta' is not a prop of Sample (got true). Did you mean 'beta'?",
    ],
    [
      'an unset value',
      { gamma: undefined },
      'p',
      "S/x: 'p.gamma' is not a prop of Sample (got undefined). Known props: alpha, beta",
    ],
    [
      'a JSON __proto__ key',
      JSON.parse('{"__proto__": 1}'),
      'p',
      "S/x: 'p.__proto__' is not a prop of Sample (got 1). Known props: alpha, beta",
    ],
    [
      'a long key',
      { ['k'.repeat(100)]: 1 },
      'p',
      `S/x: 'p.${'k'.repeat(60)}…' is not a prop of Sample (got 1). Known props: alpha, beta`,
    ],
    [
      'a control character',
      { 'a\nb': 1 },
      'p',
      "S/x: 'p.a\\nb' is not a prop of Sample (got 1). Known props: alpha, beta",
    ],
  ])('refuses %s', (_, value, prop, message) => {
    // GIVEN an object with an unknown key / WHEN checked / THEN the one format names it
    expect(errorOf(() => _checkKeys(at, prop, value, keys))).toBe(message);
    expect(() => _checkKeys(at, prop, value, keys)).toThrow(ShipshapeError);
  });

  test('known keys pass, also when unset', () => {
    // GIVEN / WHEN / THEN
    expect(() => _checkKeys(at, 'p', { alpha: 1, beta: undefined }, keys)).not.toThrow();
  });
});

describe('every entry point refuses an unknown prop', () => {
  const web = (system: System) =>
    new Microservice(system, 'web', { image: 'nginx:1.25.3', ports: [{ name: 'http', port: 8080 }] });
  const js = <T>(v: Record<string, unknown>) => v as unknown as T;

  test.each<[string, (s: System) => unknown, string]>([
    [
      'Microservice props',
      (s) =>
        new Microservice(
          s,
          'web',
          js({ image: 'nginx:1.25.3', ports: [{ name: 'http', port: 80 }], replica: 3 }),
        ),
      "Delinkcious/web: 'replica' is not a prop of Microservice (got 3). Did you mean 'replicas'?",
    ],
    [
      'an extra Service',
      (s) =>
        new Microservice(
          s,
          'web',
          js({
            image: 'nginx:1.25.3',
            ports: [{ name: 'http', port: 80 }],
            extraServices: [{ sufix: 'public' }],
          }),
        ),
      "Delinkcious/web: 'extraServices[0].sufix' is not a prop of ExtraService (got 'public'). Did you mean 'suffix'?",
    ],
    [
      'CIDR sources',
      (s) =>
        new Microservice(
          s,
          'web',
          js({
            image: 'nginx:1.25.3',
            ports: [{ name: 'http', port: 80 }],
            serviceType: 'LoadBalancer',
            serviceSources: { cidrs: ['203.0.113.0/24'], except: ['203.0.113.7/32'] },
          }),
        ),
      'Delinkcious/web: \'serviceSources.except\' is not a prop of CidrSources (got ["203.0.113.7/32"]). Known props: cidrs',
    ],
    [
      'sources from anywhere',
      (s) =>
        new Microservice(
          s,
          'web',
          js({
            image: 'nginx:1.25.3',
            ports: [{ name: 'http', port: 80 }],
            extraServices: [{ suffix: 'lb', type: 'LoadBalancer', sources: { anywhere: true, ipv6: false } }],
          }),
        ),
      "Delinkcious/web: 'extraServices[0].sources.ipv6' is not a prop of AnySource (got false). Known props: anywhere",
    ],
    [
      'a port',
      (s) => new Microservice(s, 'web', js({ image: 'nginx:1.25.3', ports: [{ nmae: 'http', port: 80 }] })),
      "Delinkcious/web: 'ports[0].nmae' is not a prop of ServicePort (got 'http'). Did you mean 'name'?",
    ],
    [
      'a dependency',
      (s) =>
        new Microservice(
          s,
          'api',
          js({
            image: 'nginx:1.25.3',
            ports: [{ name: 'http', port: 80 }],
            dependencies: [{ target: web(s), port: ['http'] }],
          }),
        ),
      "Delinkcious/api: 'dependencies[0].port' is not a prop of Dependency (got [\"http\"]). Did you mean 'ports'?",
    ],
    [
      'autoscaling',
      (s) =>
        new Microservice(
          s,
          'web',
          js({
            image: 'nginx:1.25.3',
            ports: [{ name: 'http', port: 80 }],
            autoscaling: { min: 2, maxReplicas: 4 },
          }),
        ),
      "Delinkcious/web: 'autoscaling.min' is not a prop of Autoscaling (got 2). Known props: minReplicas, maxReplicas, cpuUtilization, memoryUtilization",
    ],
    [
      'a sidecar',
      (s) =>
        new Microservice(
          s,
          'web',
          js({
            image: 'nginx:1.25.3',
            ports: [{ name: 'http', port: 80 }],
            sidecars: [{ name: 'log', image: 'busybox:1.36.1', readiness: 1 }],
          }),
        ),
      "Delinkcious/web: 'sidecars[0].readiness' is not a prop of ContainerProps (got 1). Known props: name, image, command, args, envFrom, env, resources, ports, probes, writablePaths",
    ],
    [
      'resources',
      (s) =>
        new Microservice(
          s,
          'web',
          js({
            image: 'nginx:1.25.3',
            ports: [{ name: 'http', port: 80 }],
            resources: { cpu: { requests: '1', limit: '2' } },
          }),
        ),
      "Delinkcious/web: 'resources.cpu.requests' is not a prop of ResourceRange (got '1'). Did you mean 'request'?",
    ],
    [
      'probes',
      (s) =>
        new Microservice(
          s,
          'web',
          js({
            image: 'nginx:1.25.3',
            ports: [{ name: 'http', port: 80 }],
            probes: { readines: Probe.tcp() },
          }),
        ),
      "Delinkcious/web: 'probes.readines' is not a prop of Probes (got a Probe). Did you mean 'readiness'?",
    ],
    [
      'probe options',
      (s) => {
        new Microservice(
          s,
          'web',
          js({
            image: 'nginx:1.25.3',
            ports: [{ name: 'http', port: 80 }],
            probes: { readiness: Probe.http('/h', js({ timeoutSeconds: 3 })) },
          }),
        );
        synth(s);
      },
      "Delinkcious/web: 'probes.readiness.timeoutSeconds' is not a prop of HttpProbeOptions (got 3). Did you mean 'timeout'?",
    ],
    [
      'exec probe options (no port to probe)',
      (s) => {
        new Worker(s, 'w', {
          image: 'busybox:1.36.1',
          probes: { readiness: Probe.exec(['true'], js({ port: 'http' })) },
        });
        synth(s);
      },
      "Delinkcious/w: 'probes.readiness.port' is not a prop of ProbeOptions (got 'http'). Known props: initialDelay, period, timeout, failureThreshold",
    ],
    [
      'EnvValue options',
      (s) =>
        new Microservice(s, 'web', {
          image: 'nginx:1.25.3',
          ports: [{ name: 'http', port: 80 }],
          env: { A: EnvValue.fromConfigMap('cm', 'k', js({ optinal: true })) },
        }),
      "Delinkcious/web: 'env.A.optinal' is not a prop of ConfigMapEnvOptions (got true). Did you mean 'optional'?",
    ],
    [
      'an RBAC rule',
      (s) =>
        new Task(
          s,
          't',
          js({
            image: 'busybox:1.36.1',
            rbacRules: [{ apiGroups: [''], resources: ['pods'], verb: ['get'] }],
          }),
        ),
      "Delinkcious/t: 'rbacRules[0].verb' is not a prop of PolicyRule (got [\"get\"]). Did you mean 'verbs'?",
    ],
    [
      'Task props',
      (s) => new Task(s, 't', js({ image: 'busybox:1.36.1', schedule: '@daily', timezone: 'UTC' })),
      "Delinkcious/t: 'timezone' is not a prop of Task (got 'UTC'). Did you mean 'timeZone'?",
    ],
    [
      'storage',
      (s) =>
        new StatefulService(
          s,
          'db',
          js({
            image: 'redis:7.2.4',
            ports: [{ name: 'redis', port: 6379, protocol: Protocol.TCP }],
            storage: { size: '1Gi', mountPath: '/data', storageClass: 'gp2' },
          }),
        ),
      "Delinkcious/db: 'storage.storageClass' is not a prop of Storage (got 'gp2'). Did you mean 'storageClassName'?",
    ],
    [
      'Secret props',
      (s) => new Secret(s, 'creds', js({ keys: ['a'], generated: ['a'] })),
      "Delinkcious/creds: 'generated' is not a prop of Secret (got [\"a\"]). Did you mean 'generatedKeys'?",
    ],
    [
      'a secret mount',
      (s) =>
        new Microservice(
          s,
          'web',
          js({
            image: 'nginx:1.25.3',
            ports: [{ name: 'http', port: 80 }],
            secretMounts: [{ secret: new Secret(s, 'c', { keys: ['a'] }), path: '/etc/c' }],
          }),
        ),
      "Delinkcious/web: 'secretMounts[0].path' is not a prop of SecretMount (got '/etc/c'). Known props: secret, mountPath, keys, items, subPath",
    ],
    [
      'a Gateway route',
      (s) =>
        new Gateway(
          s,
          'gw',
          js({ rules: [{ host: 'a.example.com', routes: [{ path: '/', service: web(s) }] }] }),
        ),
      "Delinkcious/gw: 'rules[0].routes[0].service' is not a prop of GatewayRoute (got Microservice 'Delinkcious/web'). Known props: path, pathType, backend, port, kind",
    ],
    [
      'Gateway props',
      (s) => new Gateway(s, 'gw', js({ ingressClass: 'nginx' })),
      "Delinkcious/gw: 'ingressClass' is not a prop of Gateway (got 'nginx'). Known props: name, implementation, rules, tls, annotations",
    ],
  ])('%s', (_, build, message) => {
    // GIVEN a System / WHEN a JavaScript caller sets an unknown prop / THEN it is refused, naming it
    const { system } = newSystem();
    expect(errorOf(() => build(system))).toBe(message);
  });

  test('System props and their nested objects', () => {
    // GIVEN / WHEN / THEN
    const { app } = newSystem();
    const sys = (id: string, props: Record<string, unknown>) => () => new System(app, id, props as never);
    expect(errorOf(sys('A', { namespace: 'a', networkPolicy: false }))).toBe(
      "A: 'networkPolicy' is not a prop of System (got false). Did you mean 'networkPolicies'?",
    );
    expect(errorOf(sys('B', { namespace: 'b', dns: { namespace: 'kube-system', labels: {} } }))).toBe(
      "B: 'dns.labels' is not a prop of PodPeer (got {}). Known props: namespace, podLabels",
    );
    expect(errorOf(sys('C', { namespace: 'c', monitoring: { serviceMonitor: true } }))).toBe(
      "C: 'monitoring.serviceMonitor' is not a prop of MonitoringOptions (got true). Did you mean 'serviceMonitors'?",
    );
    expect(
      errorOf(
        sys('D', {
          namespace: 'd',
          externalSecrets: { store: SecretStore.cluster('vault'), remotePrefix: 'p', refresh: '1h' },
        }),
      ),
    ).toBe(
      "D: 'externalSecrets.refresh' is not a prop of ExternalSecretsOptions (got '1h'). Did you mean 'refreshInterval'?",
    );
  });

  test("a System's externalSecrets are checked like a Secret's own", () => {
    // GIVEN a store given by name (a JavaScript caller) / WHEN the System is created / THEN refused there
    const { app } = newSystem();
    expect(
      errorOf(
        () =>
          new System(app, 'E', {
            namespace: 'e',
            externalSecrets: { store: 'vault', remotePrefix: 'p' } as never,
          }),
      ),
    ).toBe("E: 'externalSecrets.store' must be a SecretStore (got 'vault'). Use SecretStore.cluster('name')");
  });

  test('the app contract', () => {
    // GIVEN / WHEN / THEN
    expect(errorOf(() => defineApp({ build: () => undefined, enviroments: ['dev'] } as never))).toBe(
      "defineApp: 'enviroments' is not a prop of ShipshapeApp (got [\"dev\"]). Did you mean 'environments'?",
    );
    const app = defineApp({
      build: (scope) => void new System(scope, 'Shop', { namespace: 'shop' }),
      chart: () => ({ appversion: '1.0.0' }) as never,
    });
    expect(errorOf(() => synthesizeApp(app))).toBe(
      "Shop: 'chart().appversion' is not a prop of ChartMetadata (got '1.0.0'). Did you mean 'appVersion'?",
    );
  });

  test('objects passed by reference are not key-checked', () => {
    // GIVEN constructs, Durations, EnvValues and Probes, which carry fields of their own
    const { system } = newSystem();
    const db = new StatefulService(system, 'db', {
      image: 'redis:7.2.4',
      ports: [{ name: 'redis', port: 6379, protocol: Protocol.TCP }],
      storage: { size: '1Gi', mountPath: '/data' },
    });
    // WHEN they are props / THEN nothing is refused
    expect(
      () =>
        new Task(system, 't', {
          image: 'busybox:1.36.1',
          dependencies: [{ target: db }],
          env: { A: EnvValue.value('a') },
          terminationGracePeriod: Duration.seconds(10),
        }),
    ).not.toThrow();
    expect(synth(system).length).toBeGreaterThan(0);
  });
});
