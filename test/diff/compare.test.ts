import { Microservice, Probe, StatefulService, Protocol } from '../../constructs';
import { diffEnvironment, diffOutputs } from '../../src/diff/compare';
import { diffBuilds, diffObjectsOf, outputOf } from './_apps';

// Injected changes on a System, each with its known effect, and the report's summary.

type System = Parameters<Parameters<typeof outputOf>[0]>[0];

/** A shop: web calls api, api calls db; `edit` changes one thing. */
function shop(edit: { image?: string; dependency?: boolean; config?: string; probe?: boolean } = {}) {
  return (system: System) => {
    const db = new StatefulService(system, 'db', {
      image: 'postgres:15.5-alpine',
      ports: [{ name: 'pg', port: 5432, protocol: Protocol.TCP }],
      storage: { size: '1Gi', mountPath: '/data' },
    });
    const cache = new Microservice(system, 'cache', {
      image: 'example/cache:1.0.0',
      ports: [{ name: 'http', port: 6000 }],
    });
    const api = new Microservice(system, 'api', {
      image: edit.image ?? 'example/api:1.0.0',
      ports: [{ name: 'http', port: 8080 }],
      dependencies: [{ target: db }, ...(edit.dependency ? [{ target: cache }] : [])],
      config: { env: { LOG_LEVEL: edit.config ?? 'info' } },
      ...(edit.probe && { probes: { readiness: Probe.http('/ready') } }),
    });
    new Microservice(system, 'web', {
      image: 'example/web:1.0.0',
      ports: [{ name: 'http', port: 3000 }],
      dependencies: [{ target: api }],
      config: { env: { THEME: 'dark' } },
    });
  };
}

describe('injected changes', () => {
  test('a new dependency opens exactly one edge (and rolls its caller for the endpoint env)', () => {
    // GIVEN api gains a dependency on cache / WHEN compared
    const env = diffBuilds(shop(), shop({ dependency: true })).environments[0]!;
    // THEN one edge api -> cache on cache's port, nothing closed
    expect(env.edges.opened).toEqual([
      { source: 'network-policy', from: 'shop/api', to: 'shop/cache', ports: ['6000/TCP'], readings: [] },
    ]);
    expect(env.edges.closed).toEqual([]);
    expect(env.rolls.map((r) => [r.workload.name, r.causes.map((c) => c.reason)])).toEqual([
      ['api', ['env']],
    ]);
    expect(env.risks).toEqual([
      { level: 'widen', section: 'edges', text: 'edge opened: shop/api → shop/cache 6000/TCP' },
    ]);
  });

  test('an image bump rolls exactly one workload and opens nothing', () => {
    // GIVEN api's image bumped / WHEN compared
    const env = diffBuilds(shop(), shop({ image: 'example/api:1.1.0' })).environments[0]!;
    // THEN api rolls for its image; no edge, no risk
    expect(env.rolls.map((r) => [r.workload.kind, r.workload.name, r.mode, r.causes])).toEqual([
      [
        'Deployment',
        'api',
        'rolling',
        [
          { reason: 'image', detail: 'api: example/api:1.0.0 → example/api:1.1.0' },
          { reason: 'labels', detail: 'app.kubernetes.io/version: 1.0.0 → 1.1.0' },
        ],
      ],
    ]);
    expect([env.edges, env.risks, env.exposure, env.privilege]).toEqual([
      { opened: [], closed: [], sources: ['network-policy'] },
      [],
      [],
      [],
    ]);
    // AND only api's objects changed (the image tag is its version label too)
    expect(new Set(env.objects.changed.map((c) => c.object.name.replace(/-config$/, '')))).toEqual(
      new Set(['api']),
    );
  });

  test('a config change rolls the readers of that ConfigMap only', () => {
    // GIVEN api's config changes (web has a ConfigMap of its own) / WHEN compared
    const env = diffBuilds(shop(), shop({ config: 'debug' })).environments[0]!;
    // THEN api rolls for config, naming its ConfigMap and key; web does not roll
    expect(env.rolls.map((r) => [r.workload.name, r.causes])).toEqual([
      ['api', [{ reason: 'config', detail: 'ConfigMap api-config: LOG_LEVEL' }]],
    ]);
    expect(env.objects.changed.map((c) => `${c.object.kind}/${c.object.name}`)).toEqual([
      'ConfigMap/api-config',
      'Deployment/api',
    ]);
  });

  test('a probe change rolls that workload for its probes', () => {
    // GIVEN api's readiness probe becomes HTTP / WHEN compared / THEN api rolls for probes only
    const env = diffBuilds(shop(), shop({ probe: true })).environments[0]!;
    expect(env.rolls.map((r) => [r.workload.name, r.causes.map((c) => c.reason)])).toEqual([
      ['api', ['probes']],
    ]);
  });
});

describe('diffOutputs', () => {
  test('environments added, removed and unchanged; the summary counts them', () => {
    // GIVEN dev and staging, then dev and prod
    const before = outputOf(shop(), ['dev', 'staging']);
    const after = outputOf(shop({ image: 'example/api:2.0.0' }), ['dev', 'prod']);
    // WHEN compared, all and only dev
    const report = diffOutputs(before, after, {
      base: { label: 'main', commit: 'a'.repeat(40) },
      head: { label: 'working tree' },
    });
    const dev = diffOutputs(before, after, { environments: ['dev'] });
    // THEN
    expect(report.environments.map((e) => [e.name, e.status])).toEqual([
      ['dev', 'changed'],
      ['prod', 'added'],
      ['staging', 'removed'],
    ]);
    // (what a new environment opens is new: its edges count as widening; a removed one's do not)
    const widen = report.environments.map((e) => e.risks.filter((r) => r.level === 'widen').length);
    expect([widen[0], widen[1]! > 0, widen[2]]).toEqual([0, true, 0]);
    expect(report.summary).toEqual({ environments: 3, changed: 3, widen: widen[1], rolls: 1, breaking: 0 });
    expect(report.schemaVersion).toBe(1);
    expect(dev.environments.map((e) => e.name)).toEqual(['dev']);
    expect(diffEnvironment('x', undefined, undefined).status).toBe('added');
  });

  test('the same build twice is no change', () => {
    // GIVEN / WHEN / THEN
    const report = diffBuilds(shop(), shop());
    expect(report.environments.map((e) => e.status)).toEqual(['unchanged']);
    expect(report.summary.changed).toBe(0);
  });
});

test('an Argo CD Application that starts pruning is a disrupting change', () => {
  // GIVEN an Application whose automated sync turns prune on
  const app = (prune: boolean) => ({
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Application',
    metadata: { name: 'shop-dev', namespace: 'argocd' },
    spec: { syncPolicy: { automated: { prune, selfHeal: true } } },
  });
  // WHEN compared / THEN
  expect(diffObjectsOf([app(false)], [app(true)]).risks).toEqual([
    {
      level: 'disrupt',
      section: 'objects',
      text: 'Application argocd/shop-dev: Argo CD now prunes: objects removed from Git are deleted from the cluster',
    },
  ]);
});
