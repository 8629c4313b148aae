import * as fc from 'fast-check';
import {
  Microservice,
  Protocol,
  ShipshapeError,
  StatefulService,
  Task,
  type MicroserviceProps,
  type ServicePort,
} from '../../constructs';
import { validateObjects } from '../../src/validate';
import { newSystem, synth } from './_helpers';

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
