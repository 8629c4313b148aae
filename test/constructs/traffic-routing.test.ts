import {
  CanaryStep,
  Delivery,
  Gateway,
  Microservice,
  Probe,
  Protocol,
  TrafficRouting,
  Worker,
  type MicroserviceProps,
} from '../../constructs';
import { synthesizeFiles } from '../../src/synth/files';
import { errorOf, find, newSystem, synth } from './_helpers';

// A canary whose traffic the Gateway API routes split (TrafficRouting.GATEWAY_API): a canary Service beside the
// stable one, both in the routes' backendRefs, and the Rollout naming the routes for Argo Rollouts' plugin.

const routed = (steps: CanaryStep[] = [CanaryStep.setWeight(10), CanaryStep.setWeight(50)]) =>
  Delivery.canary({ steps, trafficRouting: TrafficRouting.GATEWAY_API });
const web: MicroserviceProps = {
  image: 'example/web:1.0.0',
  ports: [
    { name: 'http', port: 8080 },
    { name: 'grpc', port: 9090, protocol: Protocol.GRPC },
  ],
  replicas: 2,
  metrics: {},
};

describe('a canary routed by Gateway API weights', () => {
  test('adds <name>-canary beside the stable Service, in every route, and names the routes in the Rollout', () => {
    // GIVEN a routed canary of 2 replicas reached by an HTTPRoute and a GRPCRoute
    const { system } = newSystem({ monitoring: { serviceMonitors: true } });
    const svc = new Microservice(system, 'web', {
      ...web,
      delivery: Delivery.canary({
        steps: [CanaryStep.setWeight(10), CanaryStep.analysis(), CanaryStep.setWeight(50)],
        trafficRouting: TrafficRouting.GATEWAY_API,
      }),
    });
    new Gateway(system, 'public', {
      rules: [{ host: 'web.example.com', routes: [{ backend: svc }, { backend: svc, port: 'grpc' }] }],
    });
    // WHEN synthesized
    const objects = synth(system);
    // THEN the Rollout names the canary and stable Services and the plugin's routes
    const strategy = find(objects, 'Rollout', 'web').spec.strategy.canary;
    expect(strategy.canaryService).toBe('web-canary');
    expect(strategy.stableService).toBe('web');
    expect(strategy.trafficRouting).toEqual({
      plugins: {
        'argoproj-labs/gatewayAPI': {
          namespace: 'delinkcious',
          httpRoutes: [{ name: 'public-web.example.com' }],
          grpcRoutes: [{ name: 'public-web.example.com-grpc' }],
        },
      },
    });
    // AND a weight of 10 with 2 replicas is not refused (the weights are exact, not a share of pods)
    expect(strategy.steps[0]).toEqual({ setWeight: 10 });
    // AND the canary Service selects the same pods on the same ports, marked as an extra Service
    const canary = find(objects, 'Service', 'web-canary');
    expect(canary.metadata.labels?.['shipshape.io/extra-service']).toBe('canary');
    expect(canary.spec.selector).toEqual(find(objects, 'Service', 'web').spec.selector);
    expect(canary.spec.ports).toEqual(find(objects, 'Service', 'web').spec.ports);
    // AND each route sends everything to the stable Service until the controller moves the weights
    const refs = (kind: string, name: string) => find(objects, kind, name).spec.rules[0].backendRefs;
    expect(refs('HTTPRoute', 'public-web.example.com')).toEqual([
      { group: '', kind: 'Service', name: 'web', port: 8080, weight: 100 },
      { group: '', kind: 'Service', name: 'web-canary', port: 8080, weight: 0 },
    ]);
    expect(refs('GRPCRoute', 'public-web.example.com-grpc')).toEqual([
      { group: '', kind: 'Service', name: 'web', port: 9090, weight: 100 },
      { group: '', kind: 'Service', name: 'web-canary', port: 9090, weight: 0 },
    ]);
    // AND the analysis reads the canary pods through the canary Service, which the ServiceMonitor scrapes too
    const query = find(objects, 'AnalysisTemplate', 'web').spec.metrics[0].provider.prometheus.query;
    expect(query).toContain('service="web-canary"');
    const selector = find(objects, 'ServiceMonitor', 'web').spec.selector;
    expect(selector.matchExpressions).toBeUndefined();
    expect(canary.metadata.labels).toEqual(expect.objectContaining(selector.matchLabels));
  });

  test('leaves a canary by replicas as it was: one backendRef, no canary Service', () => {
    // GIVEN a routed service whose canary splits by pods
    const { system } = newSystem();
    const svc = new Microservice(system, 'web', {
      ...web,
      delivery: Delivery.canary({ steps: [CanaryStep.setWeight(50)] }),
    });
    new Gateway(system, 'public', { rules: [{ host: 'web.example.com', routes: [{ backend: svc }] }] });
    // WHEN synthesized
    const objects = synth(system);
    // THEN
    expect(objects.some((o) => o.metadata.name === 'web-canary')).toBe(false);
    expect(find(objects, 'Rollout', 'web').spec.strategy.canary.trafficRouting).toBeUndefined();
    expect(find(objects, 'HTTPRoute', 'public-web.example.com').spec.rules[0].backendRefs).toEqual([
      { group: '', kind: 'Service', name: 'web', port: 8080, weight: 1 },
    ]);
  });

  test('refuses a routed canary no Gateway routes to, at synthesis', () => {
    // GIVEN / WHEN a routed canary without a route
    const { system } = newSystem();
    new Microservice(system, 'web', { ...web, delivery: routed() });
    // THEN
    expect(errorOf(() => synthesizeFiles(system))).toBe(
      "Delinkcious/web: 'delivery.trafficRouting' must be TrafficRouting.REPLICAS for a service no Gateway routes to: the plugin moves weights in its routes (got 'gatewayAPI'). Route the service from a Gateway or GatewayRef, or remove trafficRouting",
    );
  });

  test('refuses a routed canary of a Worker, an unknown router, and a name taken by the canary Service', () => {
    // GIVEN a System
    const { system } = newSystem();
    // WHEN / THEN a Worker has no Service to route
    expect(
      errorOf(
        () =>
          new Worker(system, 'bg', {
            image: 'example/bg:1.0.0',
            probes: { readiness: Probe.exec(['/bin/healthcheck']) },
            delivery: routed(),
          }),
      ),
    ).toBe(
      "Delinkcious/bg: 'delivery.trafficRouting' must be TrafficRouting.REPLICAS for a workload without a Service: no route reaches its pods (got 'gatewayAPI')",
    );
    // AND an unknown router is named
    expect(
      errorOf(
        () =>
          new Microservice(system, 'api', {
            ...web,
            delivery: Delivery.canary({
              steps: [CanaryStep.setWeight(50)],
              trafficRouting: 'istio' as never,
            }),
          }),
      ),
    ).toMatch(/^Delinkcious\/api: 'delivery.trafficRouting' must be one of /);
    // AND the canary Service's name is claimed
    new Microservice(system, 'web-canary', { ...web });
    expect(errorOf(() => new Microservice(system, 'web', { ...web, delivery: routed() }))).toMatch(
      /^Delinkcious\/web: 'delivery' .*web-canary/,
    );
  });
});
