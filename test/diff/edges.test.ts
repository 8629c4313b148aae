import { diffEdges, flowKeysOf, MESH_EDGES, NETWORK_POLICY_EDGES } from '../../src/diff/edges';
import type { KubeObject } from '../../src/synth/files';
import { deployment } from './_apps';

// Edges opened and closed: the difference of what each side's NetworkPolicies allow, on both ipBlock readings.

const policy = (name: string, spec: Record<string, unknown>): KubeObject => ({
  apiVersion: 'networking.k8s.io/v1',
  kind: 'NetworkPolicy',
  metadata: { name, namespace: 'shop' },
  spec,
});
const denyAll = policy('default-deny', { podSelector: {}, policyTypes: ['Ingress', 'Egress'] });
const app = (name: string) => ({ matchLabels: { app: name } });
const web = deployment('web', {
  containers: [{ name: 'web', image: 'w:1', ports: [{ name: 'http', containerPort: 8080 }] }],
});
const db = deployment('db', {
  containers: [{ name: 'db', image: 'd:1', ports: [{ name: 'pg', containerPort: 5432 }] }],
});
/** web may call db on `port`: web's egress and db's ingress. */
const webToDb = (port: number) => [
  policy('web', {
    podSelector: app('web'),
    policyTypes: ['Egress'],
    egress: [{ to: [{ podSelector: app('db') }], ports: [{ port }] }],
  }),
  policy('db', {
    podSelector: app('db'),
    policyTypes: ['Ingress'],
    ingress: [{ from: [{ podSelector: app('web') }], ports: [{ port }] }],
  }),
];

describe('diffEdges', () => {
  test('the same policies open and close nothing; without policies nothing is read', () => {
    // GIVEN two equal sides, and two sides without policies / WHEN compared
    const same = diffEdges([denyAll, web, db, ...webToDb(5432)], [denyAll, web, db, ...webToDb(5432)]);
    const none = diffEdges([web], [web, db]);
    // THEN no edge; the first read NetworkPolicies, the second nothing
    expect(same).toEqual({ opened: [], closed: [], sources: ['network-policy'] });
    expect(none).toEqual({ opened: [], closed: [], sources: [] });
  });

  test('a new dependency opens exactly one edge; moving its port closes one and opens one', () => {
    // GIVEN default deny, then web -> db:5432, then web -> db:5433
    const before = [denyAll, web, db];
    // WHEN compared
    const added = diffEdges(before, [...before, ...webToDb(5432)]);
    const moved = diffEdges([...before, ...webToDb(5432)], [...before, ...webToDb(5433)]);
    // THEN
    expect(added.opened).toEqual([
      { source: 'network-policy', from: 'shop/web', to: 'shop/db', ports: ['5432/TCP'], readings: [] },
    ]);
    expect(added.closed).toEqual([]);
    expect([moved.opened.map((e) => e.ports), moved.closed.map((e) => e.ports)]).toEqual([
      [['5433/TCP']],
      [['5432/TCP']],
    ]);
  });

  test('a rule without ports opens every port; an ipBlock over the pod range opens pods only on the reading that says so', () => {
    // GIVEN web's egress opened to every port of 10.0.0.0/8 (pods live in 10.244.0.0/16)
    const open = policy('web-out', {
      podSelector: app('web'),
      policyTypes: ['Egress'],
      egress: [{ to: [{ ipBlock: { cidr: '10.0.0.0/8' } }] }],
    });
    // WHEN compared with default deny only
    const d = diffEdges([denyAll, web, db], [denyAll, web, db, open]);
    // THEN web reaches a host of the range on every reading and every port; db's pod only where ipBlocks cover pods
    // (db's own ingress still denies it, so no flow to db opens on either reading)
    const toHost = d.opened.find((e) => e.to.startsWith('host '));
    expect(toHost).toEqual({
      source: 'network-policy',
      from: 'shop/web',
      to: 'host 10.0.0.1 (in 10.0.0.0/8)',
      ports: ['any/TCP', 'any/UDP', 'any/SCTP'],
      readings: [],
    });
    expect(d.opened.filter((e) => e.to === 'shop/db')).toEqual([]);
    // AND without db's ingress policy (no default deny), web -> db opens on the every-address reading only
    const lax = diffEdges(
      [web, db, policy('web-out', { podSelector: app('web'), policyTypes: ['Egress'] })],
      [
        web,
        db,
        policy('web-out', {
          podSelector: app('web'),
          policyTypes: ['Egress'],
          egress: [{ to: [{ ipBlock: { cidr: '10.0.0.0/8' } }] }],
        }),
      ],
    );
    expect(lax.opened.find((e) => e.to === 'shop/db')?.readings).toEqual(['every-address']);
  });

  test('peers named by selector keep their ids on both sides: an unrelated change moves none of their edges', () => {
    // GIVEN web admits pods of namespaces labelled team=ops; then db admits team=dev, a policy listed first
    const peers = (team: string) => [{ namespaceSelector: { matchLabels: { team } } }];
    const fromOps = policy('ops', { podSelector: app('web'), ingress: [{ from: peers('ops') }] });
    const fromDev = policy('dev', { podSelector: app('db'), ingress: [{ from: peers('dev') }] });
    // WHEN compared
    const d = diffEdges([web, db, fromOps], [fromDev, web, db, fromOps]);
    // THEN only what reaches db changed; team=ops's representative is the same party on both sides
    expect([...d.opened, ...d.closed].every((e) => e.to === 'shop/db')).toBe(true);
    expect(d.opened.map((e) => e.from)).toEqual([]);
    expect(d.closed.map((e) => e.from)).toContain('(namespaces team=ops)/any pod');
    expect(d.closed.map((e) => e.from)).not.toContain('(namespaces team=dev)/any pod');
  });
});

test('flowKeysOf expands an edge list back to flows', () => {
  // GIVEN an edge on one port and one on any port / WHEN expanded with the ports tried / THEN every flow
  expect(
    flowKeysOf(
      [
        { source: 's', from: 'a', to: 'b', ports: ['80/TCP'], readings: [] },
        { source: 's', from: 'b', to: 'a', ports: ['any/UDP'], readings: [] },
      ],
      [53, 80],
    ),
  ).toEqual(['a>b:80/TCP', 'b>a:53/UDP', 'b>a:80/UDP']);
  expect(NETWORK_POLICY_EDGES.id).toBe('network-policy');
});

describe('mesh edges (Istio AuthorizationPolicies)', () => {
  const authz = (name: string, spec: Record<string, unknown>): KubeObject => ({
    apiVersion: 'security.istio.io/v1',
    kind: 'AuthorizationPolicy',
    metadata: { name, namespace: 'shop' },
    spec,
  });
  const allowFrom = (...principals: string[]) =>
    authz('web', {
      selector: { matchLabels: { app: 'web' } },
      action: 'ALLOW',
      rules: [{ from: [{ source: { principals } }], to: [{ operation: { ports: ['8080'] } }] }],
    });
  const A = 'cluster.local/ns/shop/sa/a';
  const B = 'cluster.local/ns/shop/sa/b';

  test('a principal added to a policy is an opened edge, one removed a closed edge', () => {
    // GIVEN the shop's deny-by-default mesh policy admitting A, then B instead
    const base = [web, authz('allow-nothing', {}), allowFrom(A)];
    const head = [web, authz('allow-nothing', {}), allowFrom(B)];
    // WHEN compared by the mesh source only
    const d = diffEdges(base, head, [MESH_EDGES]);
    // THEN
    expect(d.sources).toEqual(['istio-authorization']);
    expect(d.opened).toEqual([
      { source: 'istio-authorization', from: B, to: 'shop/web', ports: ['8080/TCP'], readings: [] },
    ]);
    expect(d.closed).toEqual([
      { source: 'istio-authorization', from: A, to: 'shop/web', ports: ['8080/TCP'], readings: [] },
    ]);
  });

  test('dropping the allow-nothing policy and the rules opens the workload to any identity', () => {
    // GIVEN / WHEN
    const d = diffEdges([web, authz('allow-nothing', {}), allowFrom(A)], [web], [MESH_EDGES]);
    // THEN
    expect(d.opened.map((e) => [e.from, e.to, e.ports])).toEqual([
      ['*', 'shop/web', ['any/TCP']],
      [A, 'shop/web', ['other/TCP']],
    ]);
  });

  test('is read only where some side has an AuthorizationPolicy', () => {
    expect(diffEdges([web], [web, db], [MESH_EDGES]).sources).toEqual([]);
    expect(MESH_EDGES.id).toBe('istio-authorization');
  });
});
