import * as fc from 'fast-check';
import { Microservice, Probe } from '../../constructs';
import { allows, flowKey, IP_BLOCK_READINGS, type NetworkPolicyLike } from '../../src/analyze/network-policy';
import { partiesOfPair, portsOf, type ManifestObject } from '../../src/analyze/parties';
import { diffOutputs } from '../../src/diff/compare';
import { flowKeysOf } from '../../src/diff/edges';
import type { KubeObject } from '../../src/synth/files';
import { outputOf } from './_apps';

// For random edits of a random System: the reported edges are the evaluator's difference (brute force, on both
// ipBlock readings, over the same parties and ports), and the reported rolls are the pod templates that differ.

interface Service {
  readonly image: string;
  readonly port: number;
  readonly replicas: number;
  readonly config?: string;
  readonly probe: boolean;
}
interface Shape {
  readonly services: Service[];
  readonly deps: [number, number][];
}

const service = fc.record({
  image: fc.constantFrom('example/a:1.0.0', 'example/a:1.1.0'),
  port: fc.constantFrom(8080, 9090),
  replicas: fc.integer({ min: 1, max: 3 }),
  config: fc.option(fc.constantFrom('x', 'y'), { nil: undefined }),
  probe: fc.boolean(),
});
const shape: fc.Arbitrary<Shape> = fc.record({
  services: fc.array(service, { minLength: 2, maxLength: 4 }),
  deps: fc.array(fc.tuple(fc.nat(3), fc.nat(3)), { maxLength: 5 }),
});
type Edit =
  | { kind: 'service'; i: number; change: Partial<Service> }
  | { kind: 'add-dep'; dep: [number, number] }
  | { kind: 'drop-dep'; k: number };
const edit: fc.Arbitrary<Edit> = fc.oneof(
  fc.record({
    kind: fc.constant('service' as const),
    i: fc.nat(3),
    change: service.chain((s) =>
      fc
        .subarray(Object.keys(s))
        .map((keys) => Object.fromEntries(keys.map((k) => [k, s[k as keyof Service]]))),
    ),
  }),
  fc.record({ kind: fc.constant('add-dep' as const), dep: fc.tuple(fc.nat(3), fc.nat(3)) }),
  fc.record({ kind: fc.constant('drop-dep' as const), k: fc.nat(4) }),
);

function apply(s: Shape, edits: readonly Edit[]): Shape {
  let services = [...s.services];
  let deps = [...s.deps];
  for (const e of edits) {
    if (e.kind === 'service')
      services = services.map((x, i) => (i === e.i % services.length ? { ...x, ...e.change } : x));
    else if (e.kind === 'add-dep') deps = [...deps, e.dep];
    else deps = deps.filter((_, k) => k !== e.k);
  }
  return { services, deps };
}

function build(s: Shape) {
  return (system: Parameters<Parameters<typeof outputOf>[0]>[0]) => {
    const made: Microservice[] = [];
    s.services.forEach((x, i) => {
      const targets = [
        ...new Set(
          s.deps.filter(([from]) => from % s.services.length === i).map(([, to]) => to % s.services.length),
        ),
      ]
        .filter((t) => t < i) // a dependency needs its target built first
        .map((t) => ({ target: made[t]! }));
      made.push(
        new Microservice(system, `s${i}`, {
          image: x.image,
          ports: [{ name: 'http', port: x.port }],
          replicas: x.replicas,
          dependencies: targets,
          ...(x.config !== undefined && { config: { env: { MODE: x.config } } }),
          ...(x.probe && { probes: { readiness: Probe.http('/ready') } }),
        }),
      );
    });
  };
}

/** The evaluator's flows of one side, brute force, per reading. */
function referenceFlows(
  objects: readonly KubeObject[],
  parties: ReturnType<typeof partiesOfPair>['base'],
  ports: number[],
  namespaces: Set<string>,
) {
  const policies = objects.filter((o) => o.kind === 'NetworkPolicy') as unknown as NetworkPolicyLike[];
  const governed = (ns: string | undefined) => ns !== undefined && namespaces.has(ns);
  return new Map(
    IP_BLOCK_READINGS.map((reading) => {
      const keys = new Set<string>();
      for (const from of parties)
        for (const to of parties)
          for (const port of ports)
            for (const protocol of ['TCP', 'UDP', 'SCTP'])
              if (
                from !== to &&
                (governed(from.namespace) || governed(to.namespace)) &&
                allows(policies, from, to, port, protocol, reading)
              )
                keys.add(flowKey({ from: from.id, to: to.id, port, protocol }));
      return [reading as string, keys];
    }),
  );
}

const canonical = (v: unknown): string =>
  Array.isArray(v)
    ? `[${v.map(canonical).join(',')}]`
    : v !== null && typeof v === 'object'
      ? `{${Object.keys(v)
          .sort()
          .map((k) => `${k}:${canonical((v as Record<string, unknown>)[k])}`)
          .join(',')}}`
      : JSON.stringify(v);

test('reported edges are the evaluator difference and reported rolls the pod-template differences', () => {
  fc.assert(
    fc.property(shape, fc.array(edit, { minLength: 1, maxLength: 3 }), (before, edits) => {
      // GIVEN a random System and a random edit of it
      const after = apply(before, edits);
      const [a, b] = [
        outputOf(build(before)).get('dev')!.objects,
        outputOf(build(after)).get('dev')!.objects,
      ];
      // WHEN diffed
      const env = diffOutputs(
        new Map([['dev', { name: 'dev', objects: a }]]),
        new Map([['dev', { name: 'dev', objects: b }]]),
      ).environments[0]!;
      // THEN the edges, per reading, are what the brute-force evaluator says differs
      const parties = partiesOfPair(a as readonly ManifestObject[], b as readonly ManifestObject[]);
      const ports = [
        ...new Set([
          ...portsOf(a as readonly ManifestObject[], parties.base),
          ...portsOf(b as readonly ManifestObject[], parties.head),
        ]),
      ].sort((x, y) => x - y);
      const namespaces = new Set(
        [...a, ...b].filter((o) => o.kind === 'NetworkPolicy').map((o) => o.metadata.namespace ?? 'default'),
      );
      const [fa, fb] = [
        referenceFlows(a, parties.base, ports, namespaces),
        referenceFlows(b, parties.head, ports, namespaces),
      ];
      for (const reading of IP_BLOCK_READINGS) {
        const on = (edges: typeof env.edges.opened) =>
          new Set(
            flowKeysOf(
              edges.filter((e) => e.readings.length === 0 || e.readings.includes(reading)),
              ports,
            ),
          );
        expect(on(env.edges.opened)).toEqual(
          new Set([...fb.get(reading)!].filter((k) => !fa.get(reading)!.has(k))),
        );
        expect(on(env.edges.closed)).toEqual(
          new Set([...fa.get(reading)!].filter((k) => !fb.get(reading)!.has(k))),
        );
      }
      // AND the rolls are the Deployments whose pod template differs
      const templates = (objects: readonly KubeObject[]) =>
        new Map(
          objects
            .filter((o) => o.kind === 'Deployment')
            .map((o) => [o.metadata.name, canonical((o['spec'] as { template: unknown }).template)]),
        );
      const [ta, tb] = [templates(a), templates(b)];
      const differing = [...tb]
        .filter(([name, t]) => ta.has(name) && ta.get(name) !== t)
        .map(([name]) => name);
      expect(env.rolls.map((r) => r.workload.name).sort()).toEqual(differing.sort());
      // AND replicas changes are changes without a roll
      const replicas = (objects: readonly KubeObject[]) =>
        new Map(
          objects
            .filter((o) => o.kind === 'Deployment')
            .map((o) => [o.metadata.name, (o['spec'] as { replicas?: number }).replicas]),
        );
      const [ra, rb] = [replicas(a), replicas(b)];
      const rescaled = [...rb]
        .filter(([name, n]) => ra.has(name) && ra.get(name) !== n)
        .map(([name]) => name);
      expect(
        env.steady
          .filter((s) => s.fields.some((f) => f.path === 'spec.replicas'))
          .map((s) => s.object.name)
          .sort(),
      ).toEqual(rescaled.sort());
    }),
    { numRuns: 40 },
  );
});
