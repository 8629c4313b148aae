import { Testing } from 'cdk8s';
import * as fc from 'fast-check';
import {
  Gateway,
  GatewayImplementation,
  Mesh,
  Microservice,
  Probe,
  Protocol,
  StatefulService,
  System,
  Task,
  type ServiceWorkload,
} from '../../constructs';
import { ANY_PRINCIPAL, grantKey, meshGrants } from '../../src/analyze/authorization-policy';
import type { ManifestObject } from '../../src/analyze/parties';
import { declaredGrants } from './_declared-grants';

// Each case is a rule of Istio's AuthorizationPolicy reference (security.istio.io/v1), as the smallest
// manifests that show it: one Deployment `shop/web` (port 8080) and the policies of the case.

const web: ManifestObject = {
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'web', namespace: 'shop' },
  spec: {
    template: {
      metadata: { labels: { app: 'web' } },
      spec: { containers: [{ name: 'web', ports: [{ name: 'http', containerPort: 8080 }] }] },
    },
  },
};
const policy = (spec: unknown, namespace = 'shop', name = 'p'): ManifestObject => ({
  apiVersion: 'security.istio.io/v1',
  kind: 'AuthorizationPolicy',
  metadata: { name, namespace },
  spec,
});
const A = 'cluster.local/ns/shop/sa/a';
const B = 'cluster.local/ns/other/sa/b';
const keys = (objects: ManifestObject[]) => meshGrants(objects).map(grantKey);
const allow = (from: unknown, ports?: string[]) => ({
  action: 'ALLOW',
  rules: [{ ...(from !== undefined && { from }), ...(ports && { to: [{ operation: { ports } }] }) }],
});

describe('meshGrants', () => {
  test('without any ALLOW policy every identity reaches every port', () => {
    expect(keys([web])).toEqual(['*>shop/web:*', '*>shop/web:8080']);
  });

  test('an ALLOW policy without rules (allow-nothing) matches nothing, namespace-wide', () => {
    expect(keys([web, policy({})])).toEqual([]);
  });

  test('an ALLOW rule admits exactly its principals on its ports', () => {
    const objects = [
      web,
      policy({}, 'shop', 'deny'),
      policy(allow([{ source: { principals: [A] } }], ['8080'])),
    ];
    expect(keys(objects)).toEqual([`${A}>shop/web:8080`]);
  });

  test('a selector that does not select the pod does not apply, in its namespace or another', () => {
    const other = { selector: { matchLabels: { app: 'db' } }, ...allow(undefined) };
    expect(keys([web, policy(other)])).toEqual(['*>shop/web:*', '*>shop/web:8080']);
    expect(keys([web, policy(allow(undefined), 'elsewhere')])).toEqual(['*>shop/web:*', '*>shop/web:8080']);
  });

  test("the root namespace's selector-less policies apply mesh-wide", () => {
    expect(keys([web, policy({}, 'istio-system')])).toEqual([]);
    expect(meshGrants([web, policy({}, 'mesh-root')], { rootNamespace: 'mesh-root' })).toEqual([]);
  });

  test('a rule without from admits any identity; without to, any port', () => {
    expect(keys([web, policy(allow(undefined, ['8080']))])).toEqual(['*>shop/web:8080']);
    expect(keys([web, policy(allow([{ source: { principals: [A] } }]))])).toEqual([
      `${A}>shop/web:*`,
      `${A}>shop/web:8080`,
    ]);
  });

  test('prefix, suffix and * patterns, notPrincipals, namespaces', () => {
    const objects = (source: unknown) => [
      web,
      policy({}, 'shop', 'x'),
      policy(allow([{ source }], ['8080'])),
      policy(allow([{ source: { principals: [A, B] } }], ['1'])),
    ];
    const on8080 = (source: unknown) => keys(objects(source)).filter((k) => k.endsWith(':8080'));
    expect(on8080({ principals: ['cluster.local/ns/shop/*'] })).toEqual([`${A}>shop/web:8080`]);
    expect(on8080({ principals: ['*/sa/b'] })).toEqual([`${B}>shop/web:8080`]);
    expect(on8080({ principals: ['*'] })).toEqual([
      `${ANY_PRINCIPAL}>shop/web:8080`,
      `${B}>shop/web:8080`,
      `${A}>shop/web:8080`,
    ]);
    expect(on8080({ notPrincipals: [A] })).toEqual([`${ANY_PRINCIPAL}>shop/web:8080`, `${B}>shop/web:8080`]);
    expect(on8080({ namespaces: ['other'] })).toEqual([`${B}>shop/web:8080`]);
  });

  test('DENY wins over ALLOW; notPorts', () => {
    const deny = {
      action: 'DENY',
      rules: [{ from: [{ source: { principals: [A] } }], to: [{ operation: { notPorts: ['9'] } }] }],
    };
    const objects = [
      web,
      policy(deny, 'shop', 'd'),
      policy(allow([{ source: { principals: [A, B] } }], ['8080'])),
    ];
    expect(keys(objects)).toEqual([`${B}>shop/web:8080`]);
  });

  test('reads unmodelled conditions as an upper bound: matching in ALLOW, not matching in DENY', () => {
    const when = [{ key: 'request.headers[x]', values: ['y'] }];
    const allowWhen = { action: 'ALLOW', rules: [{ from: [{ source: { principals: [A] } }], when }] };
    expect(keys([web, policy(allowWhen)])).toEqual([`${A}>shop/web:*`, `${A}>shop/web:8080`]);
    const denyPaths = { action: 'DENY', rules: [{ to: [{ operation: { paths: ['/admin'] } }] }] };
    expect(
      keys([web, policy(denyPaths, 'shop', 'd'), policy(allow([{ source: { principals: [A] } }], ['8080']))]),
    ).toEqual([`${A}>shop/web:8080`]);
  });
});

/** A random meshed System: services calling each other on random ports, a Task, Gateway routes, metrics. */
const graph = fc.record({
  mode: fc.constantFrom('ambient' as const, 'sidecar' as const),
  services: fc.array(
    fc.record({
      stateful: fc.boolean(),
      ports: fc.integer({ min: 1, max: 3 }),
      metrics: fc.boolean(),
      peers: fc.boolean(),
      routed: fc.boolean(),
      deps: fc.array(fc.tuple(fc.nat(), fc.nat()), { maxLength: 3 }),
    }),
    { minLength: 1, maxLength: 5 },
  ),
  taskDeps: fc.array(fc.tuple(fc.nat(), fc.nat()), { maxLength: 2 }),
});

type Graph = typeof graph extends fc.Arbitrary<infer T> ? T : never;

function build(g: Graph) {
  const app = Testing.app();
  const system = new System(app, 'Shop', { namespace: 'shop', mesh: Mesh.istio({ mode: g.mode }) });
  const made: ServiceWorkload[] = [];
  g.services.forEach((s, i) => {
    const ports = Array.from({ length: s.ports }, (_, k) => ({
      name: `p${k}`,
      port: 8000 + 10 * i + k,
      protocol: Protocol.HTTP,
    }));
    // Dependencies only point at services made before, so the graph is acyclic in declaration order.
    const dependencies = s.deps
      .filter(() => made.length > 0)
      .map(([t, p]) => {
        const target = made[t % made.length]!;
        return { target, ports: [target.ports[p % target.ports.length]!.name] };
      });
    const common = {
      image: `example/s${i}:1`,
      ports,
      dependencies,
      ...(s.metrics && { metrics: { port: ports[ports.length - 1]!.name } }),
      probes: { readiness: Probe.http('/healthz', { port: 'p0' }) },
    };
    made.push(
      s.stateful
        ? new StatefulService(system, `s${i}`, {
            ...common,
            storage: { size: '1Gi', mountPath: '/data' },
            ...(s.peers && { peerPorts: [ports[0]!.name] }),
          })
        : new Microservice(system, `s${i}`, common),
    );
  });
  new Task(system, 'job', {
    image: 'example/job:1',
    dependencies: g.taskDeps.map(([t, p]) => {
      const target = made[t % made.length]!;
      return { target, ports: [target.ports[p % target.ports.length]!.name] };
    }),
  });
  const routed = made.filter((_, i) => g.services[i]!.routed);
  if (routed.length > 0)
    new Gateway(system, 'edge', {
      implementation: GatewayImplementation.envoyGateway(),
      rules: [
        { host: 'shop.example', routes: routed.map((b, i) => ({ path: `/r${i}`, backend: b, port: 'p0' })) },
      ],
    });
  return system;
}

describe('the derived AuthorizationPolicies, read back', () => {
  test('allow exactly the declared (principal, port) pairs of random graphs, and nothing else', () => {
    fc.assert(
      fc.property(graph, (g) => {
        // GIVEN a random meshed System / WHEN synthesized
        const system = build(g);
        const objects = Testing.synth(system) as ManifestObject[];
        // THEN what the policies allow, read by the analyzer, is what the graph declares
        expect(keys(objects)).toEqual(declaredGrants(system));
      }),
      { numRuns: 80 },
    );
  });

  test('fails when the output is widened: an extra principal, a dropped rule source, a dropped allow-nothing', () => {
    // GIVEN a System with one declared edge
    const system = build({
      mode: 'ambient',
      services: [
        { stateful: false, ports: 2, metrics: false, peers: false, routed: false, deps: [] },
        { stateful: false, ports: 1, metrics: false, peers: false, routed: false, deps: [[0, 1]] },
      ],
      taskDeps: [],
    });
    const objects = () => Testing.synth(system) as any[];
    const declared = declaredGrants(system);
    expect(declared).toEqual(['cluster.local/ns/shop/sa/s1>shop/s0:8001']);
    const policyOf = (o: any[], name: string) =>
      o.find((x) => x.kind === 'AuthorizationPolicy' && x.metadata.name === name);
    // WHEN a principal is added THEN the reading differs
    const extra = objects();
    policyOf(extra, 's0').spec.rules[0].from[0].source.principals.push('cluster.local/ns/shop/sa/job');
    expect(keys(extra)).not.toEqual(declared);
    // WHEN a rule loses its source THEN any identity is read as allowed
    const open = objects();
    delete policyOf(open, 's0').spec.rules[0].from;
    expect(keys(open)).toContain('*>shop/s0:8001');
    // WHEN allow-nothing and a workload's policy are gone THEN that workload is open to all
    const bare = objects().filter((x) => !(x.kind === 'AuthorizationPolicy' && x.metadata.name !== 's0'));
    expect(keys(bare)).toContain('*>shop/s1:8010');
  });
});
