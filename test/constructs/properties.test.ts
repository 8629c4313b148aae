import { Testing, type App } from 'cdk8s';
import * as fc from 'fast-check';
import {
  EnvValue,
  Gateway,
  GatewayRef,
  GatewayTls,
  Ingress,
  Microservice,
  Probe,
  Protocol,
  Secret,
  SecretStore,
  ServiceType,
  ShipshapeError,
  StatefulService,
  System,
  Task,
  Worker,
  type GatewayProps,
  type GatewayRefProps,
  type IngressProps,
  type MicroserviceProps,
  type SecretProps,
  type ServicePort,
  type StatefulServiceProps,
  type SystemProps,
  type TaskProps,
  type WorkerProps,
} from '../../constructs';
import { _show } from '../../constructs/_errors';
import { _ALL_KEYS, _nearest, type _Keys } from '../../constructs/_keys';
import { validateObjects } from '../../src/validate';
import { newSystem, synth, type Obj } from './_helpers';

/** The key list the library declares beside interface `iface`. */
function keysOf(iface: string): _Keys {
  const keys = _ALL_KEYS.find((k) => k.iface === iface);
  if (keys === undefined) throw new Error(`no key list for ${iface}`);
  return keys;
}

// Property-based tests: any valid props synthesize objects that pass every validator rule; any
// invalid prop fails with a ShipshapeError in the one message format, never a crash or output.

const image = fc
  .tuple(
    fc.constantFrom('nginx', 'example/api', 'registry.example.com:5000/team/app'),
    fc.stringMatching(/^[0-9]{1,2}\.[0-9]{1,2}(\.[0-9]{1,2})?$/),
  )
  .map(([r, t]) => `${r}:${t}`);
const cpu = fc.constantFrom(['50m', '100m'], ['100m', '500m'], ['250m', '1'], ['1', '2']);
const memory = fc.constantFrom(['64Mi', '128Mi'], ['128Mi', '256Mi'], ['256Mi', '1Gi'], ['1Gi', '1Gi']);
const envName = fc.stringMatching(/^[A-Z][A-Z0-9_]{0,10}$/);
const envValue = fc.stringMatching(/^[a-z0-9 ./:=-]{0,20}$/);

const ports: fc.Arbitrary<ServicePort[]> = fc
  .uniqueArray(
    fc.record({
      name: fc.stringMatching(/^[a-z]{1,5}$/),
      port: fc.integer({ min: 1024, max: 65000 }),
      protocol: fc.constantFrom(Protocol.HTTP, Protocol.GRPC, Protocol.TCP),
    }),
    {
      minLength: 1,
      maxLength: 3,
      selector: (p) => p.name,
    },
  )
  .filter((ps) => new Set(ps.map((p) => p.port)).size === ps.length);

const scaling = fc.oneof(
  fc.record({ replicas: fc.integer({ min: 0, max: 1 }) }),
  fc.record({ replicas: fc.integer({ min: 2, max: 5 }), availability: fc.constant({ maxUnavailable: 1 }) }),
  fc.integer({ min: 2, max: 4 }).chain((min) =>
    fc.record({
      autoscaling: fc.record({
        minReplicas: fc.constant(min),
        maxReplicas: fc.integer({ min, max: min + 6 }),
        cpuUtilization: fc.integer({ min: 10, max: 100 }),
      }),
      availability: fc.constant({ minAvailable: min - 1 }),
    }),
  ),
);

const validProps: fc.Arbitrary<MicroserviceProps> = fc
  .record({
    image,
    ports,
    scaling,
    cpu,
    memory,
    env: fc.uniqueArray(fc.tuple(envName, envValue), { maxLength: 4, selector: ([k]) => k }),
    config: fc.option(
      fc.uniqueArray(fc.tuple(fc.stringMatching(/^CFG_[A-Z]{1,6}$/), envValue), {
        minLength: 1,
        maxLength: 3,
        selector: ([k]) => k,
      }),
      { nil: undefined },
    ),
    metrics: fc.boolean(),
    spread: fc.boolean(),
    exposure: fc.option(
      fc.record({
        serviceType: fc.constantFrom(ServiceType.NODE_PORT, ServiceType.LOAD_BALANCER),
        serviceSources: fc.oneof(
          fc.constant({ anywhere: true as const }),
          fc.constant({ cidrs: ['203.0.113.0/24', '2001:db8::/32'] }),
        ),
      }),
      { nil: undefined },
    ),
    extra: fc.option(
      fc.constantFrom(ServiceType.CLUSTER_IP, ServiceType.NODE_PORT, ServiceType.LOAD_BALANCER),
      {
        nil: undefined,
      },
    ),
  })
  .map((r) => {
    const http = r.ports.find((p) => p.protocol === Protocol.HTTP);
    return {
      image: r.image,
      ports: r.ports,
      ...r.scaling,
      resources: {
        cpu: { request: r.cpu[0], limit: r.cpu[1] },
        memory: { request: r.memory[0], limit: r.memory[1] },
      },
      env: Object.fromEntries(r.env.map(([k, v]) => [k, { value: v }])) as never,
      config: r.config && { env: Object.fromEntries(r.config) },
      metrics: r.metrics && http ? { port: http.name } : undefined,
      topologySpread: r.spread ? {} : undefined,
      ...r.exposure,
      extraServices: r.extra && [
        {
          suffix: 'extra',
          ports: [r.ports[r.ports.length - 1].name],
          type: r.extra,
          sources: r.extra === ServiceType.CLUSTER_IP ? undefined : { cidrs: ['198.51.100.0/24'] },
        },
      ],
    };
  });

/** Replaces plain `{ value }` env entries by EnvValues (fast-check builds plain data). */
function withEnv(props: MicroserviceProps): MicroserviceProps {
  const { EnvValue } = require('../../constructs'); // eslint-disable-line @typescript-eslint/no-require-imports
  const env = Object.fromEntries(
    Object.entries(props.env ?? {}).map(([k, v]) => [
      k,
      EnvValue.value((v as unknown as { value: string }).value),
    ]),
  );
  return { ...props, env };
}

describe('properties', () => {
  test('valid props always synthesize objects that pass every validator rule', () => {
    fc.assert(
      fc.property(
        fc.array(validProps, { minLength: 1, maxLength: 4 }),
        fc.boolean(),
        (services, withStores) => {
          // GIVEN
          const { system } = newSystem();
          const made: Microservice[] = [];
          // WHEN
          services.forEach((props, i) => {
            const deps = made.filter((_, j) => (i + j) % 2 === 0).map((target) => ({ target }));
            made.push(new Microservice(system, `svc-${i}`, { ...withEnv(props), dependencies: deps }));
          });
          if (withStores) {
            const db = new StatefulService(system, 'store', {
              image: 'redis:7.2.4-alpine',
              ports: [{ name: 'redis', port: 6379, protocol: Protocol.TCP }],
              storage: { size: '1Gi', mountPath: '/data' },
            });
            new Task(system, 'job', {
              image: 'busybox:1.36.1',
              schedule: '*/5 * * * *',
              dependencies: [{ target: db }, { target: made[0] }],
            });
          }
          const findings = validateObjects(synth(system).map((object) => ({ object })));
          // THEN
          expect(findings.map((f) => `${f.ruleId} ${f.object.kind}/${f.object.name}: ${f.message}`)).toEqual(
            [],
          );
        },
      ),
      { numRuns: 60 },
    );
  });

  const mutations: fc.Arbitrary<[string, (p: MicroserviceProps) => MicroserviceProps]> = fc.oneof(
    fc.constantFrom<[string, (p: MicroserviceProps) => MicroserviceProps]>(
      ['image latest', (p) => ({ ...p, image: 'nginx:latest' })],
      ['image untagged', (p) => ({ ...p, image: 'nginx' })],
      ['image uppercase', (p) => ({ ...p, image: 'NGINX:1' })],
      ['no ports', (p) => ({ ...p, ports: [] })],
      ['duplicate ports', (p) => ({ ...p, ports: [p.ports[0], { ...p.ports[0], name: 'other' }] })],
      ['request above limit', (p) => ({ ...p, resources: { cpu: { request: '2', limit: '1' } } })],
      ['bad quantity', (p) => ({ ...p, resources: { memory: { request: '1 Gi', limit: '2Gi' } } })],
      ['bad env name', (p) => ({ ...p, env: { '9LIVES': { value: 'x' } as never } })],
      [
        'hpa min > max',
        (p) => ({ ...p, replicas: undefined, autoscaling: { minReplicas: 5, maxReplicas: 2 } }),
      ],
      [
        'blocking pdb',
        (p) => ({ ...p, replicas: 2, autoscaling: undefined, availability: { minAvailable: 2 } }),
      ],
      ['root', (p) => ({ ...p, identity: { runAsUser: 0 } })],
      ['bad name', (p) => ({ ...p, name: '-bad-' })],
      ['bad mount', (p) => ({ ...p, writablePaths: ['relative/path'] })],
    ),
    fc
      .integer({ min: -5, max: 0 })
      .map((n): [string, (p: MicroserviceProps) => MicroserviceProps] => [
        'port out of range',
        (p) => ({ ...p, ports: [{ name: 'http', port: n }] }),
      ]),
    fc
      .double({ min: -3, max: -0.1, noNaN: true })
      .map((n): [string, (p: MicroserviceProps) => MicroserviceProps] => [
        'negative replicas',
        (p) => ({ ...p, autoscaling: undefined, availability: undefined, replicas: n }),
      ]),
  );

  test('an invalid prop always fails with a ShipshapeError in the one message format, and nothing is synthesized', () => {
    fc.assert(
      fc.property(validProps, mutations, (props, [, mutate]) => {
        // GIVEN
        const { system } = newSystem();
        // WHEN
        let error: unknown;
        try {
          new Microservice(system, 'svc', withEnv(mutate(props)));
        } catch (e) {
          error = e;
        }
        // THEN
        expect(error).toBeInstanceOf(ShipshapeError);
        expect((error as Error).message).toMatch(/^Delinkcious\/svc: '[^']+' .+ \(got .*\)(\. .+)?$/s);
        expect(synth(system).filter((o) => o.metadata.labels?.['app.kubernetes.io/name'] === 'svc')).toEqual(
          [],
        );
      }),
      { numRuns: 200 },
    );
  });
});

// Issue 11: any value of any prop of any construct either synthesizes objects with no validator
// finding, or throws a ShipshapeError in the one format naming a prop the caller set.

/** Leaves the baseline's value of a case's prop in place. */
const KEEP = Symbol('keep');

type Case = {
  readonly construct: string;
  readonly path: string;
  readonly build: (system: System, value: unknown) => void;
};

/** A copy of `base` with `value` at `path` (dot-separated, numeric segments index arrays). */
function setAt(base: unknown, path: string, value: unknown): unknown {
  if (value === KEEP) return base;
  const [head, ...rest] = path.split('.');
  const copy: Record<string, unknown> = Array.isArray(base) ? ([...base] as never) : { ...(base as object) };
  copy[head] = rest.length === 0 ? value : setAt(copy[head] ?? {}, rest.join('.'), value);
  return copy;
}

function cases(): Case[] {
  const ms: MicroserviceProps = {
    image: 'nginx:1.25.3',
    ports: [{ name: 'http', port: 8080 }],
    env: { A: EnvValue.value('a') },
    config: { env: { C: 'c' }, files: { 'f.txt': 'f' } },
    metrics: {},
    sidecars: [{ name: 'side', image: 'busybox:1.36.1', probes: { readiness: Probe.exec(['true']) } }],
    initContainers: [{ name: 'init', image: 'busybox:1.36.1' }],
    serviceType: ServiceType.LOAD_BALANCER,
    serviceSources: { cidrs: ['203.0.113.0/24', '2001:db8::/32'] },
    extraServices: [
      { suffix: 'nodes', type: ServiceType.NODE_PORT, sources: { anywhere: true } },
      { suffix: 'internal' },
    ],
  };
  const msPaths = [
    'name',
    'image',
    'command',
    'args',
    'env',
    'env.A',
    'resources',
    'resources.cpu',
    'resources.cpu.request',
    'resources.memory.limit',
    'dependencies',
    'dependencies.0',
    'dependencies.0.target',
    'dependencies.0.ports',
    'externalEgress',
    'externalEgress.0',
    'externalEgress.0.cidr',
    'externalEgress.0.ports',
    'externalEgress.0.except',
    'secretMounts',
    'secretMounts.0',
    'secretMounts.0.mountPath',
    'secretMounts.0.keys',
    'writablePaths',
    'writablePaths.0',
    'sharedPaths',
    'scratchSizeLimit',
    'initContainers',
    'initContainers.0',
    'initContainers.0.name',
    'sidecars',
    'sidecars.0',
    'sidecars.0.image',
    'sidecars.0.env',
    'sidecars.0.ports',
    'sidecars.0.probes',
    'sidecars.0.writablePaths',
    'identity',
    'identity.runAsUser',
    'imagePullPolicy',
    'component',
    'podAnnotations',
    'terminationGracePeriod',
    'rbacRules',
    'rbacRules.0',
    'rbacRules.0.verbs',
    'ports',
    'ports.0',
    'ports.0.name',
    'ports.0.port',
    'ports.0.protocol',
    'ports.0.transport',
    'containerName',
    'ports.0.servicePort',
    'probes',
    'probes.readiness',
    'healthPath',
    'metrics',
    'metrics.port',
    'metrics.path',
    'metrics.interval',
    'availability',
    'availability.maxUnavailable',
    'replicas',
    'autoscaling',
    'autoscaling.minReplicas',
    'rollingUpdate',
    'rollingUpdate.maxSurge',
    'serviceType',
    'serviceSources',
    'serviceSources.anywhere',
    'serviceSources.cidrs',
    'serviceSources.cidrs.0',
    'serviceExternalTrafficPolicy',
    'extraServices',
    'extraServices.0',
    'extraServices.0.suffix',
    'extraServices.0.ports',
    'extraServices.0.ports.0',
    'extraServices.0.type',
    'extraServices.0.sources',
    'extraServices.0.sources.anywhere',
    'extraServices.0.sources.cidrs',
    'extraServices.0.externalTrafficPolicy',
    'extraServices.1',
    'config',
    'config.env',
    'config.files',
    'config.mountPath',
    'topologySpread',
    'topologySpread.maxSkew',
    'topologySpread.strict',
  ];
  const withRefs = (system: System) => {
    const db = new StatefulService(system, 'db', {
      image: 'redis:7.2.4',
      ports: [{ name: 'redis', port: 6379, protocol: Protocol.TCP }],
      storage: { size: '1Gi', mountPath: '/data' },
    });
    const secret = new Secret(system, 'creds', { keys: ['k'] });
    return {
      ...ms,
      dependencies: [{ target: db }],
      secretMounts: [{ secret, mountPath: '/etc/creds' }],
      externalEgress: [{ cidr: '0.0.0.0/0', ports: [443] }],
      rbacRules: [{ apiGroups: [''], resources: ['pods'], verbs: ['get'] }],
    };
  };
  const st: StatefulServiceProps = {
    image: 'postgres:16.1',
    ports: [{ name: 'pg', port: 5432, protocol: Protocol.TCP }],
    storage: { size: '1Gi', mountPath: '/var/lib/pg' },
    peerPorts: ['pg'],
    extraServices: [
      { suffix: 'edge', type: ServiceType.LOAD_BALANCER, sources: { cidrs: ['198.51.100.0/24'] } },
    ],
  };
  const stPaths = [
    'storage',
    'storage.size',
    'storage.mountPath',
    'storage.storageClassName',
    'storage.accessModes',
    'podManagementPolicy',
    'peerPorts',
    'publishNotReadyAddresses',
    'replicas',
    'topologySpread',
    'extraServices',
    'extraServices.0.sources',
    'extraServices.0.sources.cidrs.0',
  ];
  const task: TaskProps = { image: 'busybox:1.36.1', schedule: '*/5 * * * *', timeZone: 'Europe/Berlin' };
  const taskPaths = [
    'schedule',
    'timeZone',
    'concurrencyPolicy',
    'backoffLimit',
    'activeDeadline',
    'startingDeadline',
    'ttlAfterFinished',
    'successfulJobsHistoryLimit',
    'failedJobsHistoryLimit',
    'restartPolicy',
    'completions',
    'parallelism',
    'suspend',
    'env',
    'image',
    'writablePaths',
  ];
  const secretPaths = [
    'name',
    'keys',
    'keys.0',
    'generatedKeys',
    'external',
    'external.store',
    'external.remotePrefix',
    'external.refreshInterval',
  ];
  const route = ['', '.path', '.pathType', '.backend', '.port', '.kind'].map((p) => `rules.0.routes.0${p}`);
  const gwPaths = [
    'name',
    'implementation',
    'rules',
    'rules.0',
    'rules.0.host',
    'rules.0.routes',
    ...route,
    'tls',
    'annotations',
  ];
  const ingPaths = [...gwPaths.filter((p) => p !== 'implementation'), 'ingressClassName', 'controller'];
  const refKeys = [
    'gatewayName',
    'gatewayNamespace',
    'sectionName',
    'hostname',
    'https',
    'implementation',
    'name',
  ];
  const refPaths = [...refKeys, ...gwPaths.filter((p) => p.startsWith('rules'))];
  const NGINX = { namespace: 'ingress-nginx', podLabels: { 'app.kubernetes.io/name': 'ingress-nginx' } };
  const SHARED = { gatewayName: 'shared', gatewayNamespace: 'gateways' };
  const web = (s: System) =>
    new Microservice(s, 'web', { image: 'nginx:1.25.3', ports: [{ name: 'http', port: 8080 }] });
  const rulesTo = (backend: Microservice) => [{ host: 'a.example.com', routes: [{ path: '/', backend }] }];
  const sysPaths = [
    'namespace',
    'partOf',
    'labels',
    'createNamespace',
    'podSecurity',
    'networkPolicies',
    'dns',
    'dns.namespace',
    'dns.podLabels',
    'ingressController',
    'monitoring',
    'monitoring.serviceMonitors',
    'monitoring.serviceMonitorLabels',
    'monitoring.prometheus',
    'externalSecrets',
  ];
  return [
    ...msPaths.map((path) => ({
      construct: 'Microservice',
      path,
      build: (s: System, v: unknown) =>
        new Microservice(s, 'svc', setAt(withRefs(s), path, v) as MicroserviceProps),
    })),
    ...stPaths.map((path) => ({
      construct: 'StatefulService',
      path,
      build: (s: System, v: unknown) =>
        new StatefulService(s, 'svc', setAt(st, path, v) as StatefulServiceProps),
    })),
    ...taskPaths.map((path) => ({
      construct: 'Task',
      path,
      build: (s: System, v: unknown) => new Task(s, 'svc', setAt(task, path, v) as TaskProps),
    })),
    ...['probes', 'probes.readiness', 'probes.liveness', 'replicas', 'topologySpread', 'env', 'image'].map(
      (path) => ({
        construct: 'Worker',
        path,
        build: (s: System, v: unknown) =>
          new Worker(
            s,
            'svc',
            setAt(
              { image: 'busybox:1.36.1', probes: { readiness: Probe.exec(['true']) } },
              path,
              v,
            ) as WorkerProps,
          ),
      }),
    ),
    ...secretPaths.map((path) => ({
      construct: 'Secret',
      path,
      build: (s: System, v: unknown) =>
        new Secret(
          s,
          'svc',
          setAt(
            { keys: ['a'], external: { store: SecretStore.cluster('vault'), remotePrefix: 'app' } },
            path,
            v,
          ) as SecretProps,
        ),
    })),
    ...gwPaths.map((path) => ({
      construct: 'Gateway',
      path,
      build: (s: System, v: unknown) => {
        const props = { tls: GatewayTls.certManager('le'), rules: rulesTo(web(s)) };
        new Gateway(s, 'svc', setAt(props, path, v) as GatewayProps);
      },
    })),
    ...ingPaths.map((path) => ({
      construct: 'Ingress',
      path,
      build: (s: System, v: unknown) => {
        const props = { controller: NGINX, tls: GatewayTls.certManager('le'), rules: rulesTo(web(s)) };
        new Ingress(s, 'svc', setAt(props, path, v) as IngressProps);
      },
    })),
    ...refPaths.map((path) => ({
      construct: 'GatewayRef',
      path,
      build: (s: System, v: unknown) => {
        const props = { ...SHARED, sectionName: 'https', hostname: '*.example.com', rules: rulesTo(web(s)) };
        new GatewayRef(s, 'svc', setAt(props, path, v) as GatewayRefProps);
      },
    })),
    ...sysPaths.map((path) => ({
      construct: 'System',
      path,
      build: (s: System, v: unknown) => {
        const sys = new System(
          s.node.root as App,
          'Other',
          setAt({ namespace: 'other' }, path, v) as SystemProps,
        );
        new Microservice(sys, 'svc', {
          image: 'nginx:1.25.3',
          ports: [{ name: 'http', port: 8080 }],
          metrics: {},
        });
      },
    })),
  ];
}

describe('any value of any prop', () => {
  const all = cases();

  test('every baseline synthesizes with no finding', () => {
    for (const c of all) {
      // GIVEN the baseline props of the case (its prop left as the baseline has it)
      const { app, system } = newSystem();
      // WHEN
      c.build(system, KEEP);
      const objects = app.charts.flatMap((chart) => Testing.synth(chart) as Obj[]);
      // THEN
      expect([c.construct, c.path, findingsOf(objects)]).toEqual([c.construct, c.path, []]);
    }
  });

  test('synthesizes valid objects or throws a ShipshapeError naming the prop set', () => {
    fc.assert(
      fc.property(fc.constantFrom(...all), fc.anything(), (c, value) => {
        // GIVEN a System and any value at one prop
        const { app, system } = newSystem();
        let objects: Obj[] | undefined;
        let error: unknown;
        // WHEN it is constructed and synthesized
        try {
          c.build(system, value);
          objects = app.charts.flatMap((chart) => Testing.synth(chart) as Obj[]);
        } catch (e) {
          error = e;
        }
        // THEN either valid objects, or the one error format naming the prop (or a prop inside it)
        if (error === undefined) {
          expect([c.path, findingsOf(objects ?? [])]).toEqual([c.path, []]);
          return;
        }
        expect(error).toBeInstanceOf(ShipshapeError);
        const m = /^[^:]+: '(.+?)' (?:must|needs|refers|has|is not a prop of) .+ \(got .*\)(?:\. .+)?$/s.exec(
          (error as Error).message,
        );
        expect(m).not.toBeNull();
        const prop = (m as RegExpExecArray)[1].replace(/\[(\d+)\]/g, '.$1');
        const top = c.path.split('.')[0];
        // The prop set (or one inside it), or another prop the caller set whose rule names it.
        const allowed = [c.path, top, 'id', 'props'];
        if ((error as Error).message.includes(`'${top}'`)) allowed.push(prop);
        expect([
          c.path,
          (error as Error).message,
          allowed.some((p) => prop === p || prop.startsWith(`${p}.`) || prop.startsWith(`${p}[`)),
        ]).toEqual([c.path, (error as Error).message, true]);
      }),
      { numRuns: Number(process.env.SHIPSHAPE_FC_RUNS ?? 400) },
    );
  });
});

// Issue 11: a key no props interface declares (a JavaScript caller's typo) is refused wherever a
// plain props object is taken, naming the key where the caller wrote it; valid calls are untouched.

type KeyCase = {
  readonly construct: string;
  /** Where the object is, dot-separated ('' for the construct's props); numeric segments index arrays. */
  readonly path: string;
  readonly keys: _Keys;
  /** Builds (and synthesizes) the construct with `extra` added to the object at `path`. */
  readonly build: (system: System, extra?: readonly [string, unknown]) => void;
};

/** A copy of `base` with the own key `key` (also `__proto__`) set to `value` in the object at `path`. */
function withKey(base: unknown, path: string, key: string, value: unknown): unknown {
  const [head, ...rest] = path === '' ? [] : path.split('.');
  const copy: Record<string, unknown> = Array.isArray(base) ? ([...base] as never) : { ...(base as object) };
  if (head === undefined) {
    Object.defineProperty(copy, key, { value, enumerable: true, writable: true, configurable: true });
    return copy;
  }
  copy[head] = withKey(copy[head] ?? {}, rest.join('.'), key, value);
  return copy;
}

function keyCases(): KeyCase[] {
  const at =
    (construct: string, keys: _Keys, make: (s: System, props: never) => void, base: (s: System) => unknown) =>
    (path: string, k: _Keys = keys): KeyCase => ({
      construct,
      path,
      keys: k,
      build: (s, extra) => {
        const props = base(s);
        make(s, (extra ? withKey(props, path, extra[0], extra[1]) : props) as never);
        synth(s);
      },
    });
  const refs = (s: System): MicroserviceProps => {
    const db = new StatefulService(s, 'db', {
      image: 'redis:7.2.4',
      ports: [{ name: 'redis', port: 6379, protocol: Protocol.TCP }],
      storage: { size: '1Gi', mountPath: '/data' },
    });
    return {
      image: 'nginx:1.25.3',
      ports: [{ name: 'http', port: 8080 }],
      resources: { cpu: { request: '100m', limit: '200m' } },
      config: { env: { C: 'c' } },
      metrics: {},
      dependencies: [{ target: db }],
      secretMounts: [{ secret: new Secret(s, 'creds', { keys: ['k'] }), mountPath: '/etc/creds' }],
      externalEgress: [{ cidr: '0.0.0.0/0', ports: [443] }],
      rbacRules: [{ apiGroups: [''], resources: ['pods'], verbs: ['get'] }],
      sidecars: [{ name: 'side', image: 'busybox:1.36.1', probes: { readiness: Probe.exec(['true']) } }],
      initContainers: [{ name: 'init', image: 'busybox:1.36.1' }],
    };
  };
  const ms = at('Microservice', keysOf('MicroserviceProps'), (s, p) => new Microservice(s, 'svc', p), refs);
  const st = at(
    'StatefulService',
    keysOf('StatefulServiceProps'),
    (s, p) => new StatefulService(s, 'svc', p),
    () => ({
      image: 'postgres:16.1',
      ports: [{ name: 'pg', port: 5432, protocol: Protocol.TCP }],
      storage: { size: '1Gi', mountPath: '/var/lib/pg' },
    }),
  );
  const task = at(
    'Task',
    keysOf('TaskProps'),
    (s, p) => new Task(s, 'svc', p),
    () => ({ image: 'busybox:1.36.1', schedule: '@daily' }),
  );
  const worker = at(
    'Worker',
    keysOf('WorkerProps'),
    (s, p) => new Worker(s, 'svc', p),
    () => ({
      image: 'busybox:1.36.1',
      probes: { readiness: Probe.exec(['true']) },
    }),
  );
  const secret = at(
    'Secret',
    keysOf('SecretProps'),
    (s, p) => new Secret(s, 'svc', p),
    () => ({
      keys: ['a'],
      external: { store: SecretStore.cluster('vault'), remotePrefix: 'app' },
    }),
  );
  const gw = at(
    'Gateway',
    keysOf('GatewayProps'),
    (s, p) => new Gateway(s, 'svc', p),
    (s) => ({
      rules: [
        {
          host: 'a.example.com',
          routes: [
            {
              backend: new Microservice(s, 'web', {
                image: 'nginx:1.25.3',
                ports: [{ name: 'http', port: 8080 }],
              }),
            },
          ],
        },
      ],
    }),
  );
  const sys = at(
    'System',
    keysOf('SystemProps'),
    (s, p) => void new System(s.node.root as App, 'Other', p),
    () => ({ namespace: 'other' }),
  );
  return [
    ...[
      ['', keysOf('MicroserviceProps')],
      ['ports.0', keysOf('ServicePort')],
      ['resources', keysOf('Resources')],
      ['resources.cpu', keysOf('ResourceRange')],
      ['dependencies.0', keysOf('Dependency')],
      ['externalEgress.0', keysOf('ExternalEgress')],
      ['secretMounts.0', keysOf('SecretMount')],
      ['rbacRules.0', keysOf('PolicyRule')],
      ['sidecars.0', keysOf('ContainerProps')],
      ['sidecars.0.probes', keysOf('Probes')],
      ['initContainers.0', keysOf('ContainerProps')],
      ['identity', keysOf('PodIdentity')],
      ['probes', keysOf('Probes')],
      ['metrics', keysOf('MetricsEndpoint')],
      ['availability', keysOf('Availability')],
      ['autoscaling', keysOf('Autoscaling')],
      ['rollingUpdate', keysOf('RollingUpdate')],
      ['config', keysOf('MicroserviceConfig')],
      ['topologySpread', keysOf('TopologySpread')],
    ].map(([path, keys]) => ms(path as string, keys as _Keys)),
    st(''),
    st('storage', keysOf('Storage')),
    task(''),
    worker(''),
    worker('probes', keysOf('Probes')),
    secret(''),
    secret('external', keysOf('ExternalSecretsOptions')),
    gw(''),
    gw('rules.0', keysOf('GatewayRule')),
    gw('rules.0.routes.0', keysOf('GatewayRoute')),
    sys(''),
    sys('dns', keysOf('PodPeer')),
    sys('monitoring', keysOf('MonitoringOptions')),
    sys('monitoring.prometheus', keysOf('PodPeer')),
    sys('externalSecrets', keysOf('ExternalSecretsOptions')),
    // Factory options, checked where the value is used (named beside the value's other props).
    ...(
      [
        [
          'probes.readiness',
          keysOf('HttpProbeOptions'),
          (o: object) => ({ probes: { readiness: Probe.http('/h', o) } }),
        ],
        [
          'probes.liveness',
          keysOf('GrpcProbeOptions'),
          (o: object) => ({ probes: { liveness: Probe.grpc(o) } }),
        ],
        [
          'probes.startup',
          keysOf('PortProbeOptions'),
          (o: object) => ({ probes: { startup: Probe.tcp(o) } }),
        ],
        [
          'env.A',
          keysOf('ConfigMapEnvOptions'),
          (o: object) => ({ env: { A: EnvValue.fromConfigMap('cm', 'k', o) } }),
        ],
      ] as const
    ).map(
      ([path, keys, props]): KeyCase => ({
        construct: 'Microservice',
        path,
        keys,
        build: (s, extra) => {
          const options = extra ? withKey({}, '', extra[0], extra[1]) : {};
          new Microservice(s, 'svc', {
            image: 'nginx:1.25.3',
            ports: [{ name: 'http', port: 8080, protocol: Protocol.GRPC }],
            ...props(options as object),
          });
          synth(s);
        },
      }),
    ),
  ];
}

describe('unknown keys', () => {
  const all = keyCases();
  // Identifier-like keys (as JavaScript and JSON callers write them) and keys that are special to objects.
  const key = fc.oneof(
    fc.stringMatching(/^[A-Za-z_$][A-Za-z0-9_$]{0,15}$/),
    fc.constantFrom('__proto__', 'constructor', 'toString', 'hasOwnProperty', '', 'a.b', '0'),
  );

  test('every valid call synthesizes with no finding', () => {
    for (const c of all) {
      // GIVEN the case's valid props / WHEN built and synthesized / THEN no validator finding
      const { app, system } = newSystem();
      c.build(system);
      const objects = app.charts.flatMap((chart) => Testing.synth(chart) as Obj[]);
      expect([c.construct, c.path, findingsOf(objects)]).toEqual([c.construct, c.path, []]);
    }
  });

  test('a random extra key is refused with a message naming it where the caller wrote it', () => {
    fc.assert(
      fc.property(fc.constantFrom(...all), key, fc.anything(), (c, k, value) => {
        fc.pre(!c.keys.names.has(k));
        // GIVEN valid props with an extra key in one object
        const { system } = newSystem();
        // WHEN built / THEN refused in the one format, naming the key and a plausible name or the known props
        const where = c.construct === 'System' ? 'Other' : 'Delinkcious/svc';
        const prop = `${c.path === '' ? '' : `${c.path.replace(/\.(\d+)/g, '[$1]')}.`}${k}`;
        const near = _nearest(k, c.keys.list);
        const hint =
          near === undefined ? `Known props: ${c.keys.list.join(', ')}` : `Did you mean '${near}'?`;
        let error: unknown;
        try {
          c.build(system, [k, value]);
        } catch (e) {
          error = e;
        }
        expect(error).toBeInstanceOf(ShipshapeError);
        expect((error as Error).message).toBe(
          `${where}: '${prop}' is not a prop of ${c.keys.shown} (got ${_show(value)}). ${hint}`,
        );
      }),
      { numRuns: Number(process.env.SHIPSHAPE_FC_RUNS ?? 400) },
    );
  });
});

function findingsOf(objects: readonly Obj[]): string[] {
  return validateObjects(objects.map((object) => ({ object }))).map(
    (f) => `${f.ruleId} ${f.object.kind}/${f.object.name}: ${f.message}`,
  );
}
