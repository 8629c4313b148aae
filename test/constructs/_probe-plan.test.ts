import {
  Microservice,
  Probe,
  Protocol,
  StatefulService,
  Worker,
  type MicroserviceProps,
  type Probes,
} from '../../constructs';
import { validateObjects } from '../../src/validate';
import { errorOf, find, newSystem, synth, type Obj } from './_helpers';

// Issue 18, "probes as the app has them": no probe at all for what serves nothing, liveness off while readiness
// stays, a startup probe; what is refused as dangerous and what is merely unusual (allowed, acknowledged).

const web: MicroserviceProps = { image: 'nginx:1.25.3', ports: [{ name: 'http', port: 8080 }] };
const container = (o: Obj, i = 0) => o.spec.template.spec.containers[i];
const findings = (objects: Obj[]) =>
  validateObjects(objects.map((object) => ({ object }))).map((f) => `${f.ruleId} ${f.object.name}`);

describe('probes as the app has them', () => {
  test('a worker that serves nothing runs without any probe: { readiness: false }', () => {
    // GIVEN a load generator (Online Boutique's has no probe)
    const { system } = newSystem();
    new Worker(system, 'loadgen', { image: 'locustio/locust:2.24.1', probes: { readiness: false } });
    // WHEN
    const objects = synth(system);
    const deployment = find(objects, 'Deployment', 'loadgen');
    // THEN no probe, and the validator reports both as acknowledged, not as findings
    expect(container(deployment).readinessProbe).toBeUndefined();
    expect(container(deployment).livenessProbe).toBeUndefined();
    expect(deployment.metadata.annotations).toEqual({
      'ignore.shipshape.io/no-liveness-probe': 'probes.readiness is false and probes.liveness copies it',
      'ignore.shipshape.io/no-readiness-probe': 'probes.readiness is false',
    });
    expect(findings(objects)).toEqual([]);
  });

  test('liveness off while readiness stays', () => {
    // GIVEN
    const { system } = newSystem();
    new Microservice(system, 'web', { ...web, probes: { liveness: false } });
    // WHEN
    const deployment = find(synth(system), 'Deployment', 'web');
    // THEN
    expect(container(deployment).readinessProbe.httpGet).toEqual({ path: '/healthz', port: 'http' });
    expect(container(deployment).livenessProbe).toBeUndefined();
    expect(deployment.metadata.annotations).toEqual({
      'ignore.shipshape.io/no-liveness-probe': 'probes.liveness is false',
    });
  });

  test('a startup probe for slow database init holds the others back', () => {
    // GIVEN
    const { system } = newSystem();
    new StatefulService(system, 'db', {
      image: 'postgres:16.2',
      ports: [{ name: 'pg', port: 5432, protocol: Protocol.TCP }],
      storage: { size: '1Gi', mountPath: '/var/lib/postgresql/data' },
      probes: {
        readiness: Probe.exec(['pg_isready']),
        startup: Probe.exec(['pg_isready'], { failureThreshold: 60 }),
      },
    });
    // WHEN
    const c = container(find(synth(system), 'StatefulSet', 'db'));
    // THEN
    expect(c.startupProbe).toEqual({
      exec: { command: ['pg_isready'] },
      periodSeconds: 10,
      timeoutSeconds: 1,
      failureThreshold: 60,
    });
    expect(c.livenessProbe).toEqual(c.readinessProbe);
  });

  test('a service backend without readiness is unusual, allowed and acknowledged', () => {
    // GIVEN
    const { system } = newSystem();
    new Microservice(system, 'web', { ...web, probes: { readiness: false } });
    // WHEN
    const objects = synth(system);
    // THEN
    expect(container(find(objects, 'Deployment', 'web')).readinessProbe).toBeUndefined();
    expect(findings(objects)).toEqual([]);
  });

  test('a sidecar that serves nothing may go unprobed, explicitly', () => {
    // GIVEN a log shipper without probes
    const { system } = newSystem();
    new Microservice(system, 'web', {
      ...web,
      sidecars: [{ name: 'shipper', image: 'fluent/fluent-bit:2.2.2', probes: { readiness: false } }],
    });
    // WHEN
    const deployment = find(synth(system), 'Deployment', 'web');
    // THEN
    expect(container(deployment, 1).readinessProbe).toBeUndefined();
    expect(deployment.metadata.annotations).toEqual({
      'ignore.shipshape.io/no-liveness-probe':
        'sidecars[0].probes.readiness is false and sidecars[0].probes.liveness copies it',
      'ignore.shipshape.io/no-readiness-probe': 'sidecars[0].probes.readiness is false',
    });
  });

  test.each<[string, () => unknown, string]>([
    [
      'liveness without readiness on a Service backend',
      () => ({ readiness: false, liveness: Probe.tcp() }),
      "Delinkcious/web: 'probes.liveness' must not be set while 'probes.readiness' is false on a workload behind a Service: the Service would keep sending requests to a container that fails it until it is restarted, and to the restarted one at once (got a Probe). Set a readiness probe too, or 'liveness: false'",
    ],
    [
      'a probe of another kind than Probe or false',
      () => ({ readiness: true }),
      "Delinkcious/web: 'probes.readiness' must be a Probe or false (got true). Use e.g. Probe.http('/healthz')",
    ],
  ])('refuses %s', (_, probes, message) => {
    // GIVEN / WHEN / THEN
    const { system } = newSystem();
    expect(errorOf(() => new Microservice(system, 'web', { ...web, probes: probes() as Probes }))).toBe(
      message,
    );
  });

  test('a worker may keep liveness without readiness: nothing routes to it', () => {
    // GIVEN / WHEN
    const { system } = newSystem();
    new Worker(system, 'w', {
      image: 'busybox:1.36.1',
      probes: { readiness: false, liveness: Probe.exec(['true']) },
    });
    const c = container(find(synth(system), 'Deployment', 'w'));
    // THEN
    expect(c.livenessProbe.exec).toEqual({ command: ['true'] });
    expect(c.readinessProbe).toBeUndefined();
  });

  test('a worker still says why when probes are missing', () => {
    // GIVEN / WHEN / THEN
    const { system } = newSystem();
    expect(errorOf(() => new Worker(system, 'w', { image: 'busybox:1.36.1', probes: {} }))).toBe(
      "Delinkcious/w: 'probes.readiness' must be set: a worker has no port to probe, so it is probed by a command (got undefined). Use e.g. Probe.exec(['/bin/healthcheck']), or { readiness: false } for a process that serves nothing",
    );
  });
});
