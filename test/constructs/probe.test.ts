import { Duration } from 'cdk8s';
import { Microservice, Probe, type MicroserviceProps } from '../../constructs';
import { errorOf, find, newSystem, synth } from './_helpers';

const base: MicroserviceProps = {
  image: 'nginx:1.25.3',
  ports: [
    { name: 'http', port: 8080 },
    { name: 'admin', port: 9000 },
  ],
};

function container(probes: MicroserviceProps['probes']) {
  const { system } = newSystem();
  new Microservice(system, 'svc', { ...base, probes });
  return find(synth(system), 'Deployment', 'svc').spec.template.spec.containers[0];
}

describe('Probe', () => {
  test('renders HTTP, TCP, gRPC and exec checks with their timing', () => {
    // GIVEN / WHEN
    const c = container({
      readiness: Probe.http('/ready', {
        port: 'admin',
        scheme: 'HTTPS',
        period: Duration.seconds(5),
        failureThreshold: 2,
      }),
      liveness: Probe.tcp({ port: 9000, timeout: Duration.seconds(3) }),
      startup: Probe.exec(['cat', '/tmp/started'], {
        initialDelay: Duration.seconds(2),
        failureThreshold: 30,
      }),
    });
    // THEN
    expect(c.readinessProbe).toEqual({
      httpGet: { path: '/ready', port: 'admin', scheme: 'HTTPS' },
      periodSeconds: 5,
      timeoutSeconds: 1,
      failureThreshold: 2,
    });
    expect(c.livenessProbe).toEqual({
      tcpSocket: { port: 'admin' },
      periodSeconds: 10,
      timeoutSeconds: 3,
      failureThreshold: 3,
    });
    expect(c.startupProbe).toEqual({
      exec: { command: ['cat', '/tmp/started'] },
      initialDelaySeconds: 2,
      periodSeconds: 10,
      timeoutSeconds: 1,
      failureThreshold: 30,
    });
  });

  test('a gRPC probe targets the port number with an optional service name', () => {
    // GIVEN / WHEN
    const c = container({ readiness: Probe.grpc({ port: 'admin', service: 'news.v1' }) });
    // THEN
    expect(c.readinessProbe.grpc).toEqual({ port: 9000, service: 'news.v1' });
  });

  test.each([
    [{ readiness: Probe.exec([]) }, "Delinkcious/svc: 'probes.readiness.command' must not be empty (got [])"],
    [
      { readiness: Probe.tcp({ failureThreshold: 0 }) },
      "Delinkcious/svc: 'probes.readiness.failureThreshold' must be >= 1 (got 0)",
    ],
    [
      { liveness: Probe.http('/a b') },
      "Delinkcious/svc: 'probes.liveness.path' must be an absolute URL path starting with '/' and without spaces (got '/a b')",
    ],
    [
      { startup: Probe.grpc({ port: 7777 }) },
      "Delinkcious/svc: 'probes.startup.port' must be a port of the container (http/8080, admin/9000) (got 7777)",
    ],
  ])('refuses a bad probe (%#)', (probes, message) => {
    // GIVEN
    const { system } = newSystem();
    // WHEN / THEN
    expect(errorOf(() => new Microservice(system, 'svc', { ...base, probes }))).toBe(message);
  });
});
