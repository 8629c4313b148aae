import * as fc from 'fast-check';
import {
  EndpointPart,
  EnvValue,
  Microservice,
  Probe,
  Protocol,
  type MicroserviceProps,
  type ServiceWorkload,
} from '../../constructs';
import { errorOf, find, newSystem, synth } from './_helpers';

// Issue 18, "endpoint variables public" and "one rule, one meaning".

const links = (system: ReturnType<typeof newSystem>['system']) =>
  new Microservice(system, 'links', {
    image: 'nginx:1.25.3',
    ports: [
      { name: 'http', port: 8080 },
      { name: 'admin', port: 9090, servicePort: 90 },
    ],
  });
const web: MicroserviceProps = { image: 'nginx:1.25.3', ports: [{ name: 'http', port: 80 }] };

const envOf = (system: ReturnType<typeof newSystem>['system'], name: string) =>
  Object.fromEntries(
    find(synth(system), 'Deployment', name).spec.template.spec.containers[0].env.map((e: any) => [
      e.name,
      e.value,
    ]),
  );

describe('a dependency endpoint as an EnvValue', () => {
  test("target.endpoint() gives the host, the port and the address of the service's variables", () => {
    // GIVEN a caller that reads the upstream variable names it expects (Online Boutique style)
    const { system } = newSystem();
    const target = links(system);
    new Microservice(system, 'web', {
      ...web,
      dependencies: [{ target, ports: ['http', 'admin'] }],
      env: {
        LINKS_ADDR: target.endpoint().address,
        LINKS_HOST: target.endpoint().host,
        ADMIN_PORT: target.endpoint('admin').port,
        ADMIN_URL: EnvValue.value(
          `http://$(${target.endpoint('admin').hostVariable}):$(${target.endpoint('admin').portVariable})/`,
        ),
        ADMIN_ADDR: EnvValue.fromEndpoint(target, { port: 'admin', part: EndpointPart.ADDRESS }),
      },
    });
    // WHEN
    const env = envOf(system, 'web');
    // THEN the values refer to the injected variables, which Kubernetes expands
    expect(env).toEqual({
      LINKS_SERVICE_HOST: 'links.delinkcious.svc',
      LINKS_SERVICE_PORT: '8080',
      LINKS_SERVICE_PORT_HTTP: '8080',
      LINKS_SERVICE_PORT_ADMIN: '90',
      LINKS_ADDR: '$(LINKS_SERVICE_HOST):$(LINKS_SERVICE_PORT)',
      LINKS_HOST: '$(LINKS_SERVICE_HOST)',
      ADMIN_PORT: '$(LINKS_SERVICE_PORT_ADMIN)',
      ADMIN_URL: 'http://$(LINKS_SERVICE_HOST):$(LINKS_SERVICE_PORT_ADMIN)/',
      ADMIN_ADDR: '$(LINKS_SERVICE_HOST):$(LINKS_SERVICE_PORT_ADMIN)',
    });
    expect(target.endpoint('admin')).toMatchObject({
      hostVariable: 'LINKS_SERVICE_HOST',
      portVariable: 'LINKS_SERVICE_PORT_ADMIN',
    });
  });

  test('counts dependencies added later, and works in sidecars', () => {
    // GIVEN a caller that reads the endpoint of a service it declares a dependency on afterwards
    const { system } = newSystem();
    const target = links(system);
    const caller = new Microservice(system, 'web', {
      ...web,
      env: { LINKS_ADDR: target.endpoint().address },
      sidecars: [
        {
          name: 'proxy',
          image: 'envoyproxy/envoy:v1.29.1',
          env: { UPSTREAM: target.endpoint('admin').address },
          probes: { readiness: Probe.exec(['/bin/true']) },
        },
      ],
    });
    // WHEN
    caller.addDependency({ target, ports: ['http', 'admin'] });
    const pod = find(synth(system), 'Deployment', 'web').spec.template.spec;
    // THEN
    expect(pod.containers[0].env.at(-1)).toEqual({
      name: 'LINKS_ADDR',
      value: '$(LINKS_SERVICE_HOST):$(LINKS_SERVICE_PORT)',
    });
    expect(pod.containers[1].env.at(-1)).toEqual({
      name: 'UPSTREAM',
      value: '$(LINKS_SERVICE_HOST):$(LINKS_SERVICE_PORT_ADMIN)',
    });
  });

  test.each<[string, (t: ServiceWorkload) => Partial<MicroserviceProps>, string]>([
    [
      'an endpoint of a service that is not a dependency',
      (t) => ({ env: { X: t.endpoint().address } }),
      "Delinkcious/web: 'env.X' must read the endpoint of a declared dependency, but 'links' is none (got 'links')",
    ],
    [
      'the endpoint of a port the dependency does not use',
      (t) => ({ dependencies: [{ target: t }], env: { X: t.endpoint('admin').port } }),
      "Delinkcious/web: 'env.X' must read a port the dependency on 'links' uses (http) (got 'admin'). Add 'admin' to the dependency's ports",
    ],
  ])('refuses %s when synthesized (dependencies may still be added until then)', (_, props, message) => {
    // GIVEN
    const { system } = newSystem();
    const target = links(system);
    new Microservice(system, 'web', { ...web, ...props(target) });
    // WHEN / THEN
    expect(errorOf(() => synth(system))).toBe(message);
  });
});

test('refuses the endpoint of a port the service does not have at once', () => {
  // GIVEN / WHEN / THEN
  const { system } = newSystem();
  const t = links(system);
  expect(
    errorOf(
      () =>
        new Microservice(system, 'web', {
          ...web,
          dependencies: [{ target: t }],
          env: { X: EnvValue.fromEndpoint(t, { port: 'nope' }) },
        }),
    ),
  ).toBe("Delinkcious/web: 'env.X.port' must name a port of 'links' (http, admin) (got 'nope')");
  expect(errorOf(() => t.endpoint('nope'))).toBe(
    "Delinkcious/links: 'port' must name a port of 'links' (http, admin) (got 'nope')",
  );
});

describe('one clash rule for the constructor and addDependency', () => {
  const NAMES = [
    'LINKS_SERVICE_HOST',
    'LINKS_SERVICE_PORT',
    'LINKS_SERVICE_PORT_HTTP',
    'LINKS_SERVICE_PORT_ADMIN',
    'LINKS_SERVICE_EXTRA',
    'LINKS_URL',
  ];
  test('a dependency refuses the same variables whether given to the constructor or added later', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.constantFrom(...NAMES), { maxLength: 3 }),
        fc.subarray(['http', 'admin'], { minLength: 1 }),
        (names, ports) => {
          // GIVEN a caller with these variables and a dependency on these ports
          const env = Object.fromEntries(names.map((n) => [n, EnvValue.value('x')]));
          const outcome = (late: boolean) => {
            const { system } = newSystem();
            const target = links(system);
            try {
              const dep = { target, ports };
              const c = new Microservice(system, 'web', {
                ...web,
                env,
                ...(!late && { dependencies: [dep] }),
              });
              if (late) c.addDependency(dep);
              return 'accepted';
            } catch (e) {
              return (e as Error).message;
            }
          };
          // WHEN / THEN both ways give the same answer
          expect(outcome(true)).toBe(outcome(false));
        },
      ),
    );
  });

  test('a variable the dependency does not inject is accepted both ways', () => {
    // GIVEN / WHEN / THEN
    const { system } = newSystem();
    const target = links(system);
    const c = new Microservice(system, 'web', { ...web, env: { LINKS_SERVICE_EXTRA: EnvValue.value('x') } });
    expect(() => c.addDependency({ target })).not.toThrow();
    expect(envOf(system, 'web').LINKS_SERVICE_EXTRA).toBe('x');
  });

  test('a port added later makes its variable injected: a caller that defines it is refused then', () => {
    // GIVEN
    const { system } = newSystem();
    const target = links(system);
    const c = new Microservice(system, 'web', {
      ...web,
      dependencies: [{ target }],
      env: { LINKS_SERVICE_PORT_ADMIN: EnvValue.value('1') },
    });
    // WHEN / THEN
    expect(errorOf(() => c.addDependency({ target, ports: ['admin'] }))).toBe(
      "Delinkcious/web: 'env.LINKS_SERVICE_PORT_ADMIN' must not redefine the endpoint variable injected for dependency 'links' (got 'LINKS_SERVICE_PORT_ADMIN')",
    );
    void Protocol;
  });
});
