import { Node } from 'constructs';
import { CanaryStep, Delivery, Microservice, Probe, Worker } from '../../constructs';
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

  test('delivers by a canary of pods, refusing blue-green and an analysis it has no metrics for', () => {
    // GIVEN a worker delivered by a canary
    const { system } = newSystem();
    const probes = { readiness: Probe.exec(['/bin/healthcheck']) };
    const worker = new Worker(system, 'consumer', {
      image: 'example/consumer:1.2.0',
      replicas: 4,
      probes,
      delivery: Delivery.canary({ steps: [CanaryStep.setWeight(25), CanaryStep.awaitPromotion()] }),
    });
    // WHEN
    const objects = synth(system);
    // THEN the Rollout runs its pods from the Deployment's template
    expect(find(objects, 'Deployment', 'consumer').spec.replicas).toBe(0);
    expect(worker.rollout).toBeDefined();
    expect(find(objects, 'Rollout', 'consumer').spec).toMatchObject({
      replicas: 4,
      workloadRef: { kind: 'Deployment', name: 'consumer' },
      strategy: { canary: { steps: [{ setWeight: 25 }, { pause: {} }] } },
    });
    expect(validateObjects(objects.map((object) => ({ object }))).map((f) => f.ruleId)).toEqual([]);
    // AND what cannot work is refused
    const image = 'example/consumer:1.2.0';
    expect(errorOf(() => new Worker(system, 'bg', { image, probes, delivery: Delivery.blueGreen() }))).toBe(
      "Delinkcious/bg: 'delivery' must be a canary: blue-green switches a Service, and this workload has none (got 'blueGreen')",
    );
    expect(
      errorOf(
        () =>
          new Worker(system, 'an', {
            image,
            probes,
            replicas: 2,
            delivery: Delivery.canary({ steps: [CanaryStep.setWeight(50), CanaryStep.analysis()] }),
          }),
      ),
    ).toBe(
      "Delinkcious/an: 'delivery.steps[1]' must not analyze a service without metrics: the analysis reads the Prometheus metrics it exposes (got 'analysis'). Remove the analysis: a workload without a Service declares no metrics",
    );
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
