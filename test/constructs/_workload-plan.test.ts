import { Duration } from 'cdk8s';
import {
  EnvValue,
  Gateway,
  Microservice,
  Probe,
  Protocol,
  Secret,
  System,
  Task,
  type MicroserviceProps,
} from '../../constructs';
import { errorOf, find, newSystem, synth } from './_helpers';

// Issue 11, classes 2-7: every prop of a workload is resolved once, before the construct joins the
// tree; wrong runtime types, values the API server refuses and unsafe policy are refused in the
// one format, naming the prop as the caller wrote it.

const base: MicroserviceProps = { image: 'nginx:1.25.3', ports: [{ name: 'http', port: 8080 }] };
type Build = (system: System) => unknown;
// JavaScript callers: the TypeScript types do not protect them.
const js = (props: Record<string, unknown>) => props as unknown as MicroserviceProps;

function refused(build: Build): string {
  const { system } = newSystem();
  return errorOf(() => build(system));
}

describe('class 2: values the API server refuses', () => {
  test.each<[string, Build, string]>([
    [
      'a ConfigMap reference whose name is not a DNS subdomain',
      (s) => new Microservice(s, 'svc', { ...base, env: { A: EnvValue.fromConfigMap('Bad_Name', 'k') } }),
      "Delinkcious/svc: 'env.A.name' must name a ConfigMap with a DNS-1123 subdomain (got 'Bad_Name')",
    ],
    [
      'a ConfigMap reference whose key is invalid',
      (s) => new Microservice(s, 'svc', { ...base, env: { A: EnvValue.fromConfigMap('cfg', 'a b') } }),
      "Delinkcious/svc: 'env.A.key' must be a ConfigMap key: letters, digits, '-', '_' or '.' (got 'a b')",
    ],
    [
      'a CIDR with a prefix over 32',
      (s) => new Microservice(s, 'svc', { ...base, externalEgress: [{ cidr: '10.0.0.0/33', ports: [443] }] }),
      "Delinkcious/svc: 'externalEgress[0].cidr' must be a CIDR such as '0.0.0.0/0' or '10.0.0.0/8' (IPv4 prefix <= 32, IPv6 <= 128) (got '10.0.0.0/33')",
    ],
    [
      'a CIDR with an octet over 255',
      (s) => new Microservice(s, 'svc', { ...base, externalEgress: [{ cidr: '300.0.0.0/8', ports: [443] }] }),
      "Delinkcious/svc: 'externalEgress[0].cidr' must be a CIDR such as '0.0.0.0/0' or '10.0.0.0/8' (IPv4 prefix <= 32, IPv6 <= 128) (got '300.0.0.0/8')",
    ],
    [
      'an except range outside the cidr',
      (s) =>
        new Microservice(s, 'svc', {
          ...base,
          externalEgress: [{ cidr: '10.0.0.0/8', except: ['192.168.0.0/16'], ports: [443] }],
        }),
      "Delinkcious/svc: 'externalEgress[0].except[0]' must be a range inside 'cidr' (10.0.0.0/8) (got '192.168.0.0/16')",
    ],
    [
      'an except range equal to the cidr (issue 18: the API server wants a strict subset)',
      (s) =>
        new Microservice(s, 'svc', {
          ...base,
          externalEgress: [{ cidr: '10.0.0.0/8', except: ['10.0.0.0/8'], ports: [443] }],
        }),
      "Delinkcious/svc: 'externalEgress[0].except[0]' must be a range strictly inside 'cidr' (10.0.0.0/8): the API server refuses an except equal to its cidr (got '10.0.0.0/8'). Remove the rule instead",
    ],
    [
      'a 2 MB env value (over the request limit)',
      (s) => new Microservice(s, 'svc', { ...base, env: { BIG: EnvValue.value('x'.repeat(2_000_000)) } }),
      `Delinkcious/svc: 'env.BIG' must keep the object under the API server's 1.5 MiB request limit (values total 2000000 bytes) (got '${'x'.repeat(120)}…' (2000000 characters)). Mount large content from a volume or a ConfigMap of its own`,
    ],
    [
      'a ConfigMap over 1 MiB',
      (s) => new Microservice(s, 'svc', { ...base, config: { files: { 'big.txt': 'x'.repeat(1_100_000) } } }),
      `Delinkcious/svc: 'config.files.big.txt' must keep a ConfigMap under the API server's 1 MiB data limit (values total 1100007 bytes) (got '${'x'.repeat(120)}…' (1100000 characters)). Mount large content from a volume or a ConfigMap of its own`,
    ],
    [
      "writablePaths '/'",
      (s) => new Microservice(s, 'svc', { ...base, writablePaths: ['/'] }),
      "Delinkcious/svc: 'writablePaths[0]' must not be '/': the root filesystem stays read-only (got '/'). Name the directory the program writes to",
    ],
    [
      'a Secret of another System consumed as env',
      (s) => {
        const other = new System(s.node.root as never, 'Other', { namespace: 'other' });
        const secret = new Secret(other, 'db', { keys: ['password'] });
        return new Microservice(s, 'svc', { ...base, env: { P: EnvValue.fromSecret(secret, 'password') } });
      },
      "Delinkcious/svc: 'env.P' must be a Secret of system 'Delinkcious' (namespace 'delinkcious'): pods read Secrets of their own namespace only (got 'Other/db'). Declare the Secret in 'Delinkcious'",
    ],
    [
      'an RBAC rule without API groups',
      (s) => new Microservice(s, 'svc', { ...base, rbacRules: [{ resources: ['pods'], verbs: ['get'] }] }),
      "Delinkcious/svc: 'rbacRules[0].apiGroups' must list at least one API group ('' is the core group) (got undefined)",
    ],
  ])('%s', (_, build, message) => {
    // GIVEN a value the API server refuses / WHEN constructed / THEN refused at synth, naming the prop
    expect(refused(build)).toBe(message);
  });
});

describe('class 3: wrong runtime types from JavaScript callers', () => {
  test.each<[string, Build, string]>([
    [
      'a number instead of a Duration',
      (s) => new Microservice(s, 'svc', js({ ...base, terminationGracePeriod: 30 })),
      "Delinkcious/svc: 'terminationGracePeriod' must be a Duration (got 30). Use e.g. Duration.seconds(30)",
    ],
    [
      'a string instead of an EnvValue',
      (s) => new Microservice(s, 'svc', js({ ...base, env: { A: 'x' } })),
      "Delinkcious/svc: 'env.A' must be an EnvValue (got 'x'). Use e.g. EnvValue.value('...')",
    ],
    [
      'a name instead of a construct reference',
      (s) => new Microservice(s, 'svc', js({ ...base, dependencies: [{ target: 'db' }] })),
      "Delinkcious/svc: 'dependencies[0].target' must be a Microservice or StatefulService (got 'db'). Pass the construct itself, not its name",
    ],
    [
      'a Task as a Gateway backend',
      (s) => {
        const task = new Task(s, 'job', { image: 'busybox:1.36' });
        return new Gateway(s, 'gw', { rules: [{ routes: [{ backend: task as never }] }] });
      },
      "Delinkcious/gw: 'rules[0].routes[0].backend' must be a Microservice or StatefulService (got Task 'Delinkcious/job'). Pass the construct itself (a Task has no Service to route to)",
    ],
    [
      'an unknown enum value',
      (s) => new Microservice(s, 'svc', js({ ...base, serviceType: 'External' })),
      "Delinkcious/svc: 'serviceType' must be one of ClusterIP, NodePort, LoadBalancer (got 'External')",
    ],
    [
      'an enum key instead of its value',
      (s) =>
        new Microservice(s, 'svc', js({ ...base, ports: [{ name: 'http', port: 80, protocol: 'HTTP' }] })),
      "Delinkcious/svc: 'ports[0].protocol' must be one of http, grpc, tcp (got 'HTTP')",
    ],
    [
      'props that are not an object',
      (s) => new Microservice(s, 'svc', js(undefined as never)),
      "Delinkcious/svc: 'props' must be an object (got undefined)",
    ],
    [
      'a string instead of a list',
      (s) => new Microservice(s, 'svc', js({ ...base, writablePaths: '/tmp' })),
      "Delinkcious/svc: 'writablePaths' must be an array (got '/tmp')",
    ],
    [
      'a number instead of a probe',
      (s) => new Microservice(s, 'svc', js({ ...base, probes: { readiness: 5 } })),
      "Delinkcious/svc: 'probes.readiness' must be a Probe or false (got 5). Use e.g. Probe.http('/healthz')",
    ],
  ])('%s', (_, build, message) => {
    // GIVEN a wrong runtime type / WHEN constructed / THEN a ShipshapeError, not a TypeError
    expect(refused(build)).toBe(message);
  });
});

describe('class 4: errors of other formats become ShipshapeError at construction', () => {
  test('a duplicate construct id', () => {
    // GIVEN
    const { system } = newSystem();
    new Microservice(system, 'svc', base);
    // WHEN / THEN
    expect(errorOf(() => new Microservice(system, 'svc', base))).toBe(
      "Delinkcious/svc: 'id' must be unique among the children of 'Delinkcious', but Delinkcious/svc already uses it (got 'svc')",
    );
  });

  test('a Duration that is not a whole number of seconds, at construction rather than synthesis', () => {
    // GIVEN / WHEN / THEN
    expect(
      refused((s) => new Microservice(s, 'svc', { ...base, terminationGracePeriod: Duration.millis(1500) })),
    ).toBe(
      "Delinkcious/svc: 'terminationGracePeriod' must be a whole number of seconds (got '1 second 500 millis')",
    );
  });

  test('a refused construct leaves nothing in the tree, so the id can be reused', () => {
    // GIVEN a refused construct
    const { system } = newSystem();
    errorOf(() => new Microservice(system, 'svc', { ...base, replicas: -1 }));
    // WHEN the same id is used again
    new Microservice(system, 'svc', base);
    // THEN it synthesizes
    expect(find(synth(system), 'Deployment', 'svc')).toBeDefined();
  });
});

describe('class 5: message quality', () => {
  test.each<[string, Build, string]>([
    [
      'NaN is printed as NaN',
      (s) => new Microservice(s, 'svc', { ...base, replicas: NaN }),
      "Delinkcious/svc: 'replicas' must be an integer (got NaN)",
    ],
    [
      'Infinity is printed as Infinity',
      (s) => new Microservice(s, 'svc', { ...base, ports: [{ name: 'http', port: Infinity }] }),
      "Delinkcious/svc: 'ports[0].port' must be an integer between 1 and 65535 (got Infinity)",
    ],
    [
      'healthPath is named as written',
      (s) => new Microservice(s, 'svc', { ...base, healthPath: 'healthz' }),
      "Delinkcious/svc: 'healthPath' must be an absolute URL path starting with '/' and without spaces (got 'healthz')",
    ],
    [
      'an init container env var is named as written',
      (s) =>
        new Microservice(s, 'svc', {
          ...base,
          initContainers: [{ name: 'init', image: 'busybox:1.36', env: { 'A B': EnvValue.value('x') } }],
        }),
      "Delinkcious/svc: 'initContainers[0].env.A B' must be a valid environment variable name: letters, digits, '_', '-' or '.', not starting with a digit (got 'A B')",
    ],
    [
      'a sidecar probe is named by index',
      (s) =>
        new Microservice(s, 'svc', {
          ...base,
          sidecars: [
            { name: 'a', image: 'busybox:1.36', probes: { readiness: Probe.exec(['true']) } },
            { name: 'b', image: 'busybox:1.36', probes: { readiness: Probe.tcp() } },
          ],
        }),
      "Delinkcious/svc: 'sidecars[1].probes.readiness' needs a port to probe, but the container declares none (got undefined). Use Probe.exec()",
    ],
    [
      'a too-long name is a length error',
      (s) => new Microservice(s, 'svc', { ...base, name: 'a'.repeat(70) }),
      `Delinkcious/svc: 'name' must be at most 63 characters (got '${'a'.repeat(70)}')`,
    ],
    [
      'an endpoint variable of an undeclared dependency gets a possible hint',
      (s) =>
        new Microservice(s, 'svc', { ...base, env: { URL: EnvValue.value('http://$(DB_SERVICE_HOST)') } }),
      "Delinkcious/svc: 'env.URL' refers to $(DB_SERVICE_HOST), which is not defined before it (got 'http://$(DB_SERVICE_HOST)'). Declare the service in 'dependencies' (endpoint variables exist only for declared dependencies) or escape it as $$(DB_SERVICE_HOST)",
    ],
    [
      'a duplicate says where the first definition came from',
      (s) => new Microservice(s, 'svc', { ...base, config: { env: { A: '1' }, files: { A: '2' } } }),
      "Delinkcious/svc: 'config.files.A' must not repeat the key 'config.env.A' already defines (got 'A')",
    ],
    [
      'a duplicate object name says which construct has it',
      (s) => {
        new Microservice(s, 'a', base);
        return new Microservice(s, 'b', { ...base, name: 'a' });
      },
      "Delinkcious/b: 'name' must be unique among the ServiceAccount objects of the system, but Delinkcious/a already uses it (got 'a')",
    ],
  ])('%s', (_, build, message) => {
    // GIVEN a bad value / WHEN constructed / THEN the message names it as the caller wrote it
    expect(refused(build)).toBe(message);
  });
});

test('a sidecar without probes is refused (the validator requires probes on every long-running container)', () => {
  // GIVEN / WHEN / THEN
  expect(
    refused((s) => new Microservice(s, 'svc', { ...base, sidecars: [{ name: 'a', image: 'busybox:1.36' }] })),
  ).toBe(
    "Delinkcious/svc: 'sidecars[0].probes' must set a readiness probe: every long-running container is probed (got undefined). Use e.g. Probe.exec(['/bin/check']) or Probe.tcp(), or { readiness: false } for a sidecar that serves nothing",
  );
});

describe('class 6: valid inputs are accepted', () => {
  test('config keys named like Object.prototype members', () => {
    // GIVEN
    const { system } = newSystem();
    // WHEN
    new Microservice(system, 'svc', {
      ...base,
      config: { files: JSON.parse('{"constructor": "a", "__proto__": "b", "toString": "c"}') },
    });
    // THEN
    expect(find(synth(system), 'ConfigMap', 'svc-config').data).toEqual({
      constructor: 'a',
      ['__proto__']: 'b',
      toString: 'c',
    });
  });

  test('a gRPC-named port with its protocol set is probed by gRPC', () => {
    // GIVEN
    const { system } = newSystem();
    // WHEN
    new Microservice(system, 'svc', {
      ...base,
      ports: [{ name: 'grpc', port: 9090, protocol: Protocol.GRPC }],
    });
    // THEN
    expect(
      find(synth(system), 'Deployment', 'svc').spec.template.spec.containers[0].readinessProbe.grpc,
    ).toEqual({
      port: 9090,
    });
  });
});

describe('class 7: policy', () => {
  test.each(['default', 'kube-system', 'kube-public', 'kube-node-lease', 'kube-foo'])(
    "namespace '%s' is not taken over",
    (namespace) => {
      // GIVEN / WHEN / THEN
      expect(errorOf(() => newSystem({ namespace }))).toBe(
        `Delinkcious: 'namespace' must be a namespace of the system's own: creating it or applying default-deny NetworkPolicies would take over a shared namespace (got '${namespace}'). Choose a new namespace, or set 'createNamespace: false' and 'networkPolicies: false'`,
      );
    },
  );

  test('a shared namespace is fine when the System neither creates it nor denies its traffic', () => {
    // GIVEN / WHEN
    const { system } = newSystem({ namespace: 'default', createNamespace: false, networkPolicies: false });
    // THEN
    expect(synth(system)).toEqual([]);
  });

  test.each(['alpine', 'stable', 'edge', 'bookworm'])("the moving tag '%s' is refused", (tag) => {
    // GIVEN / WHEN / THEN
    expect(refused((s) => new Microservice(s, 'svc', { ...base, image: `redis:${tag}` }))).toBe(
      `Delinkcious/svc: 'image' must not use the moving tag '${tag}' (got 'redis:${tag}'). Pin a version tag or a digest, or accept the moving tag with Image.mutableTag('redis:${tag}', { reason })`,
    );
  });

  test('a probe period of 0 is refused (the API server would replace it by 10 s)', () => {
    // GIVEN / WHEN / THEN
    expect(
      refused(
        (s) =>
          new Microservice(s, 'svc', {
            ...base,
            probes: { readiness: Probe.http('/ready', { period: Duration.seconds(0) }) },
          }),
      ),
    ).toBe("Delinkcious/svc: 'probes.readiness.period' must be at least 1 second (got '0 seconds')");
  });

  test('a port named grpc without a protocol is refused with a hint', () => {
    // GIVEN / WHEN / THEN
    expect(
      refused((s) => new Microservice(s, 'svc', { ...base, ports: [{ name: 'grpc', port: 9090 }] })),
    ).toBe(
      "Delinkcious/svc: 'ports[0].protocol' must be set for a port named 'grpc': the default (HTTP) would probe it over HTTP (got undefined). Use Protocol.GRPC (gRPC health probes) or Protocol.HTTP",
    );
  });
});
