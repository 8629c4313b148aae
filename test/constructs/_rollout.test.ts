import {
  CanaryStep,
  Delivery,
  Gateway,
  Microservice,
  Protocol,
  StatefulService,
  TrafficRouting,
} from '../../constructs';
import { flowKey, flows, IP_BLOCK_READINGS, type Party } from '../../src/analyze/network-policy';
import { partiesOf, portsOf, type ManifestObject } from '../../src/analyze/parties';
import { newSystem, synth } from './_helpers';

// The pods a delivery adds (a canary's, a blue-green preview's) are the Deployment template's pods with Argo
// Rollouts' labels on top: the derived NetworkPolicies give them exactly the flows of the stable pods, on either
// reading of ipBlocks, and nothing else gains a flow.

// Envoy Gateway's data plane of the Gateway 'public' in delinkcious, as the evaluator names the party.
const GATEWAY_PODS =
  'envoy-gateway-system/gateway.envoyproxy.io/owning-gateway-name=public,' +
  'gateway.envoyproxy.io/owning-gateway-namespace=delinkcious';

describe('the NetworkPolicies of a delivered service', () => {
  test("cover its canary and preview pods with exactly the stable pods' flows", () => {
    // GIVEN web (canary, analyzed, its weights in the Gateway's route) calling db, and api (blue-green) calling
    // web, both routed by a Gateway
    const { system } = newSystem({ monitoring: { serviceMonitors: true } });
    const db = new StatefulService(system, 'db', {
      image: 'postgres:15.5-alpine',
      ports: [{ name: 'pg', port: 5432, protocol: Protocol.TCP }],
      storage: { size: '1Gi', mountPath: '/data' },
    });
    const web = new Microservice(system, 'web', {
      image: 'example/web:1.0.0',
      ports: [{ name: 'http', port: 8080 }],
      replicas: 4,
      metrics: {},
      dependencies: [{ target: db }],
      delivery: Delivery.canary({
        steps: [CanaryStep.setWeight(25), CanaryStep.analysis()],
        trafficRouting: TrafficRouting.GATEWAY_API,
      }),
    });
    const api = new Microservice(system, 'api', {
      image: 'example/api:1.0.0',
      ports: [{ name: 'http', port: 5000 }],
      replicas: 2,
      dependencies: [{ target: web }],
      delivery: Delivery.blueGreen(),
    });
    new Gateway(system, 'public', {
      rules: [
        { host: 'api.example.com', routes: [{ backend: api }] },
        { host: 'web.example.com', routes: [{ backend: web }] },
      ],
    });
    const objects = synth(system) as ManifestObject[];
    const parties = partiesOf(objects);
    // WHEN the new revision's pods join, with the labels the controller gives them
    const twin = (id: string, extra: Record<string, string>, ip: string): Party => {
      const p = parties.find((x) => x.id === id);
      if (!p) throw new Error(`no party ${id}`);
      return { ...p, id: `${id} (new)`, labels: { ...p.labels, ...extra }, ip };
    };
    const added = [
      twin('delinkcious/web', { 'rollouts-pod-template-hash': '6864c87457' }, '10.244.200.1'),
      twin(
        'delinkcious/api',
        { 'rollouts-pod-template-hash': '7d9f8b6c5', 'shipshape.io/rollout-role': 'preview' },
        '10.244.200.2',
      ),
    ];
    const policies = objects.filter((o) => o.kind === 'NetworkPolicy') as Parameters<typeof flows>[0];
    for (const reading of IP_BLOCK_READINGS) {
      const options = { ports: portsOf(objects, parties), reading, namespaces: new Set(['delinkcious']) };
      const before = flows(policies, parties, options).map(flowKey).sort();
      const after = flows(policies, [...parties, ...added], options).map(flowKey);
      // THEN every flow of a new pod is a stable pod's flow, renamed, and the stable flows are all there
      const renamed = after.map((f) => f.replaceAll(' (new)', ''));
      expect([...new Set(renamed)].sort()).toEqual(before);
      for (const id of ['delinkcious/web', 'delinkcious/api']) {
        const of = (list: readonly string[], who: string) =>
          list
            .filter((f) => f.startsWith(`${who}>`) || f.includes(`>${who}:`))
            .map((f) => f.replaceAll(who, 'X').replaceAll(' (new)', ''));
        const mine = [...new Set(of(after, `${id} (new)`))].sort();
        expect([reading, id, mine]).toEqual([reading, id, of(before, id).sort()]);
      }
      // AND the canary reaches db and is reached by api and the Gateway's pods (through web-canary) on the
      // routed port; the preview is reached by the Gateway's pods
      expect(after).toEqual(
        expect.arrayContaining([
          'delinkcious/web (new)>delinkcious/db:5432/TCP',
          'delinkcious/api>delinkcious/web (new):8080/TCP',
          `${GATEWAY_PODS}>delinkcious/api (new):5000/TCP`,
          `${GATEWAY_PODS}>delinkcious/web (new):8080/TCP`,
        ]),
      );
    }
  });
});
