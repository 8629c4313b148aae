import { Node } from 'constructs';
import { Microservice, Probe, Worker } from '../../constructs';
import { validateObjects } from '../../src/validate';
import { errorOf, find, newSystem, synth } from './_helpers';

describe('Worker', () => {
  test('a portless long-running process: Deployment, no Service, no inbound traffic, valid', () => {
    // GIVEN
    const { system } = newSystem();
    const api = new Microservice(system, 'api', {
      image: 'nginx:1.25.3',
      ports: [{ name: 'http', port: 8080 }],
    });
    // WHEN
    const worker = new Worker(system, 'consumer', {
      image: 'example/consumer:1.2.0',
      replicas: 2,
      probes: { readiness: Probe.exec(['/bin/healthcheck']) },
      dependencies: [{ target: api }],
    });
    const objects = synth(system);
    // THEN
    expect(objects.filter((o) => o.metadata.name === 'consumer').map((o) => o.kind)).toEqual([
      'ServiceAccount',
      'NetworkPolicy',
      'Deployment',
    ]);
    const pod = find(objects, 'Deployment', 'consumer').spec.template.spec;
    expect(pod.containers[0].ports).toBeUndefined();
    expect(pod.containers[0].livenessProbe).toEqual(pod.containers[0].readinessProbe);
    expect(pod.containers[0].env.map((e: { name: string }) => e.name)).toEqual([
      'API_SERVICE_HOST',
      'API_SERVICE_PORT',
      'API_SERVICE_PORT_HTTP',
    ]);
    expect(find(objects, 'NetworkPolicy', 'consumer').spec.ingress).toBeUndefined();
    expect(worker.deployment.kind).toBe('Deployment');
    expect(validateObjects(objects.map((object) => ({ object })))).toEqual([]);
  });

  test.each([
    [
      'no readiness probe',
      {},
      "Delinkcious/w: 'probes.readiness' must be set: a worker has no port to probe, so it is probed by a command (got undefined). Use e.g. Probe.exec(['/bin/healthcheck']), or { readiness: false } for a process that serves nothing",
    ],
    [
      'a probe of a port',
      { readiness: Probe.tcp() },
      "Delinkcious/w: 'probes.readiness' needs a port to probe, but the container declares none (got undefined). Use Probe.exec()",
    ],
  ])('refuses %s', (_, probes, message) => {
    // GIVEN / WHEN / THEN
    const { system } = newSystem();
    expect(errorOf(() => new Worker(system, 'w', { image: 'example/consumer:1.2.0', probes }))).toBe(message);
  });
});

describe('cdk8s conventions (issue 18)', () => {
  test('Node.of(worker).defaultChild is its Deployment', () => {
    // GIVEN / WHEN
    const { system } = newSystem();
    const w = new Worker(system, 'w', {
      image: 'busybox:1.36.1',
      probes: { readiness: Probe.exec(['true']) },
    });
    // THEN
    expect(Node.of(w).defaultChild).toBe(w.deployment);
  });
});
