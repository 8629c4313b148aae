import * as fc from 'fast-check';
import {
  allows,
  flowKey,
  flows,
  IpBlockReading,
  selects,
  type NetworkPolicyLike,
  type Party,
} from '../../src/analyze/network-policy';

// The evaluator is what the derived policies are proven with: each case is a rule of the NetworkPolicy API
// reference (networking.k8s.io/v1), written as the smallest policy that shows it.

const { EVERY_ADDRESS, CLUSTER_EXTERNAL } = IpBlockReading;

const pod = (
  id: string,
  namespace: string,
  labels: Record<string, string>,
  ip: string,
  extra: Partial<Party> = {},
): Party => ({
  id,
  namespace,
  labels,
  ip,
  ...extra,
});
const web = pod('web', 'shop', { app: 'web' }, '10.244.0.1', {
  namedPorts: [{ name: 'http', port: 8080, protocol: 'TCP' }],
});
const db = pod('db', 'shop', { app: 'db' }, '10.244.0.2', {
  namedPorts: [{ name: 'pg', port: 5432, protocol: 'TCP' }],
});
const other = pod('other', 'elsewhere', { app: 'web' }, '10.244.1.1');
const host: Party = { id: 'host', ip: '203.0.113.5' };

const policy = (namespace: string, spec: NetworkPolicyLike['spec']): NetworkPolicyLike => ({
  metadata: { name: 'p', namespace },
  spec,
});
const denyAll = policy('shop', { podSelector: {}, policyTypes: ['Ingress', 'Egress'] });

describe('allows', () => {
  test('without policies every flow is allowed', () => {
    // GIVEN no policy / WHEN any flow is evaluated / THEN it is allowed
    expect(allows([], web, db, 5432, 'TCP', EVERY_ADDRESS)).toBe(true);
    expect(allows([], host, web, 1, 'UDP', EVERY_ADDRESS)).toBe(true);
  });

  test('a policy selecting a pod for a direction denies what no rule admits', () => {
    // GIVEN default deny of both directions in shop / WHEN pods of shop talk / THEN nothing passes
    expect(allows([denyAll], web, db, 5432, 'TCP', EVERY_ADDRESS)).toBe(false);
    // AND a pod of another namespace is not governed by shop's policy, except where it reaches shop
    expect(allows([denyAll], other, host, 80, 'TCP', EVERY_ADDRESS)).toBe(true);
    expect(allows([denyAll], other, web, 8080, 'TCP', EVERY_ADDRESS)).toBe(false);
  });

  test('without policyTypes a policy is Ingress only, plus Egress when it has egress rules', () => {
    // GIVEN a policy with ingress rules only (no policyTypes) / WHEN web sends / THEN egress stays open
    const ingressOnly = policy('shop', { podSelector: {}, ingress: [] });
    expect(allows([ingressOnly], web, host, 443, 'TCP', EVERY_ADDRESS)).toBe(true);
    expect(allows([ingressOnly], host, web, 8080, 'TCP', EVERY_ADDRESS)).toBe(false);
    // AND with an egress list (even empty) it also governs egress
    const both = policy('shop', { podSelector: {}, egress: [] });
    expect(allows([both], web, host, 443, 'TCP', EVERY_ADDRESS)).toBe(false);
  });

  test('policies add up: a flow passes when any selecting policy admits it', () => {
    // GIVEN default deny and a policy admitting web -> db:5432 on both sides
    const webOut = policy('shop', {
      podSelector: { matchLabels: { app: 'web' } },
      policyTypes: ['Egress'],
      egress: [{ to: [{ podSelector: { matchLabels: { app: 'db' } } }], ports: [{ port: 5432 }] }],
    });
    const dbIn = policy('shop', {
      podSelector: { matchLabels: { app: 'db' } },
      policyTypes: ['Ingress'],
      ingress: [
        {
          from: [{ podSelector: { matchLabels: { app: 'web' } } }],
          ports: [{ protocol: 'TCP', port: 5432 }],
        },
      ],
    });
    // WHEN evaluated / THEN exactly that flow passes: not another port, protocol or direction
    expect(allows([denyAll, webOut, dbIn], web, db, 5432, 'TCP', EVERY_ADDRESS)).toBe(true);
    expect(allows([denyAll, webOut, dbIn], web, db, 5433, 'TCP', EVERY_ADDRESS)).toBe(false);
    expect(allows([denyAll, webOut, dbIn], web, db, 5432, 'UDP', EVERY_ADDRESS)).toBe(false);
    expect(allows([denyAll, webOut, dbIn], db, web, 5432, 'TCP', EVERY_ADDRESS)).toBe(false);
    // AND one side alone is not enough
    expect(allows([denyAll, webOut], web, db, 5432, 'TCP', EVERY_ADDRESS)).toBe(false);
  });

  test("a named port means the receiving pod's container port of that name", () => {
    // GIVEN ingress on port 'http' / WHEN web (http = 8080) and db (no such port) receive
    const inHttp = policy('shop', { podSelector: {}, ingress: [{ ports: [{ port: 'http' }] }] });
    // THEN 8080 reaches web only
    expect(allows([inHttp], host, web, 8080, 'TCP', EVERY_ADDRESS)).toBe(true);
    expect(allows([inHttp], host, web, 80, 'TCP', EVERY_ADDRESS)).toBe(false);
    expect(allows([inHttp], host, db, 8080, 'TCP', EVERY_ADDRESS)).toBe(false);
  });

  test('endPort admits a range; a rule without ports admits every port; a port without number every port of its protocol', () => {
    // GIVEN three rules / WHEN probed / THEN each admits what the API reference says
    const range = policy('shop', {
      podSelector: {},
      ingress: [{ ports: [{ port: 30000, endPort: 30010 }] }],
    });
    expect(allows([range], host, web, 30005, 'TCP', EVERY_ADDRESS)).toBe(true);
    expect(allows([range], host, web, 30011, 'TCP', EVERY_ADDRESS)).toBe(false);
    const all = policy('shop', { podSelector: {}, ingress: [{ from: [] }] });
    expect(allows([all], host, web, 9, 'SCTP', EVERY_ADDRESS)).toBe(true);
    const udp = policy('shop', { podSelector: {}, ingress: [{ ports: [{ protocol: 'UDP' }] }] });
    expect(allows([udp], host, web, 53, 'UDP', EVERY_ADDRESS)).toBe(true);
    expect(allows([udp], host, web, 53, 'TCP', EVERY_ADDRESS)).toBe(false);
  });

  test('namespaceSelector and podSelector in one peer are ANDed; in two peers ORed', () => {
    // GIVEN a peer "pods app=web in namespace elsewhere" and, separately, "namespace elsewhere" or "app=web here"
    const and = policy('shop', {
      podSelector: { matchLabels: { app: 'db' } },
      ingress: [
        {
          from: [
            {
              namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'elsewhere' } },
              podSelector: { matchLabels: { app: 'web' } },
            },
          ],
        },
      ],
    });
    const or = policy('shop', {
      podSelector: { matchLabels: { app: 'db' } },
      ingress: [
        {
          from: [
            { namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'elsewhere' } } },
            { podSelector: { matchLabels: { app: 'web' } } },
          ],
        },
      ],
    });
    const stranger = pod('stranger', 'elsewhere', { app: 'x' }, '10.244.1.2');
    // WHEN each sends to db / THEN AND admits only other (web of elsewhere); OR admits all three
    expect([other, stranger, web].map((p) => allows([and], p, db, 5432, 'TCP', EVERY_ADDRESS))).toEqual([
      true,
      false,
      false,
    ]);
    expect([other, stranger, web].map((p) => allows([or], p, db, 5432, 'TCP', EVERY_ADDRESS))).toEqual([
      true,
      true,
      true,
    ]);
    // AND a podSelector alone means pods of the policy's own namespace (not other's app=web)
    const local = policy('shop', {
      podSelector: {},
      ingress: [{ from: [{ podSelector: { matchLabels: { app: 'web' } } }] }],
    });
    expect(allows([local], other, db, 5432, 'TCP', EVERY_ADDRESS)).toBe(false);
    // AND an empty namespaceSelector means every namespace
    const anyNs = policy('shop', { podSelector: {}, ingress: [{ from: [{ namespaceSelector: {} }] }] });
    expect(allows([anyNs], stranger, db, 5432, 'TCP', EVERY_ADDRESS)).toBe(true);
    expect(allows([anyNs], host, db, 5432, 'TCP', EVERY_ADDRESS)).toBe(false);
  });

  test('ipBlock selects hosts by address, minus except; whether it selects pods is the reading', () => {
    // GIVEN ingress from 0.0.0.0/0 except 10.0.0.0/8 and from 10.244.0.0/16
    const internet = policy('shop', {
      podSelector: { matchLabels: { app: 'db' } },
      ingress: [{ from: [{ ipBlock: { cidr: '0.0.0.0/0', except: ['10.0.0.0/8'] } }] }],
    });
    const podRange = policy('shop', {
      podSelector: { matchLabels: { app: 'db' } },
      ingress: [{ from: [{ ipBlock: { cidr: '10.244.0.0/16' } }] }],
    });
    const inside: Party = { id: 'vpc-host', ip: '10.1.2.3' };
    // WHEN hosts and pods send / THEN hosts by address on both readings
    for (const reading of [EVERY_ADDRESS, CLUSTER_EXTERNAL]) {
      expect(allows([internet], host, db, 5432, 'TCP', reading)).toBe(true);
      expect(allows([internet], inside, db, 5432, 'TCP', reading)).toBe(false);
    }
    // AND pods in the range: admitted where ipBlocks apply to pods (Calico), not where they do not (Cilium)
    expect(allows([podRange], web, db, 5432, 'TCP', EVERY_ADDRESS)).toBe(true);
    expect(allows([podRange], web, db, 5432, 'TCP', CLUSTER_EXTERNAL)).toBe(false);
    // AND a pod outside the except list, say on a 100.64.0.0/10 pod network, is "internet" to Calico
    const cgnatPod = pod('cgnat', 'elsewhere', {}, '100.64.0.7');
    expect(allows([internet], cgnatPod, db, 5432, 'TCP', EVERY_ADDRESS)).toBe(true);
    expect(allows([internet], cgnatPod, db, 5432, 'TCP', CLUSTER_EXTERNAL)).toBe(false);
  });

  test('IPv6 ranges work like IPv4 ones', () => {
    // GIVEN an IPv6 block / WHEN an IPv6 host inside and one outside send / THEN only the inside one passes
    const v6 = policy('shop', {
      podSelector: {},
      ingress: [{ from: [{ ipBlock: { cidr: '2001:db8::/32' } }] }],
    });
    expect(allows([v6], { id: 'a', ip: '2001:db8::1' }, web, 80, 'TCP', EVERY_ADDRESS)).toBe(true);
    expect(allows([v6], { id: 'b', ip: '2600::1' }, web, 80, 'TCP', EVERY_ADDRESS)).toBe(false);
  });
});

describe('selects', () => {
  test.each([
    [{ matchLabels: { a: '1' } }, { a: '1', b: '2' }, true],
    [{ matchLabels: { a: '1' } }, { a: '2' }, false],
    [{ matchExpressions: [{ key: 'a', operator: 'In', values: ['1', '2'] }] }, { a: '2' }, true],
    [{ matchExpressions: [{ key: 'a', operator: 'In', values: ['1'] }] }, {}, false],
    [{ matchExpressions: [{ key: 'a', operator: 'NotIn', values: ['1'] }] }, {}, true],
    [{ matchExpressions: [{ key: 'a', operator: 'NotIn', values: ['1'] }] }, { a: '1' }, false],
    [{ matchExpressions: [{ key: 'a', operator: 'Exists' }] }, { a: '' }, true],
    [{ matchExpressions: [{ key: 'a', operator: 'DoesNotExist' }] }, { a: '' }, false],
    [{ matchExpressions: [{ key: 'a', operator: 'Gt', values: ['1'] }] }, { a: '5' }, false],
    [{ matchLabels: { constructor: 'x' } }, {}, false],
    [{}, {}, true],
  ])('%j selects %j: %s', (selector, labels, expected) => {
    // GIVEN a selector and labels / WHEN matched / THEN as the API server's labels.Selector would
    expect(selects(selector, labels)).toBe(expected);
  });
});

describe('flows', () => {
  test('lists every allowed flow among the parties, once', () => {
    // GIVEN default deny plus web -> db:5432 / WHEN every flow on 5432 and 8080 is tried
    const open = policy('shop', {
      podSelector: {},
      policyTypes: ['Ingress', 'Egress'],
      ingress: [{ from: [{ podSelector: { matchLabels: { app: 'web' } } }], ports: [{ port: 5432 }] }],
      egress: [{ to: [{ podSelector: { matchLabels: { app: 'db' } } }], ports: [{ port: 5432 }] }],
    });
    const result = flows([open], [web, db, host], {
      ports: [5432, 8080],
      protocols: ['TCP'],
      reading: EVERY_ADDRESS,
    });
    // THEN the one declared flow
    expect(result.map(flowKey)).toEqual(['web>db:5432/TCP']);
  });
});

describe('flows on random policies', () => {
  const labels = fc.dictionary(fc.constantFrom('app', 'tier'), fc.constantFrom('web', 'db', 'x'), {
    maxKeys: 2,
  });
  const selector = fc.oneof(
    fc.record({ matchLabels: labels }),
    fc.record({
      matchExpressions: fc.array(
        fc.record({
          key: fc.constantFrom('app', 'tier'),
          operator: fc.constantFrom('In', 'NotIn', 'Exists', 'DoesNotExist'),
          values: fc.array(fc.constantFrom('web', 'db', 'x'), { maxLength: 2 }),
        }),
        { maxLength: 2 },
      ),
    }),
  );
  const peer = fc.oneof(
    fc.record({ podSelector: selector }, { requiredKeys: [] }),
    fc.record(
      { podSelector: selector, namespaceSelector: fc.constant({ matchLabels: { team: 'a' } }) },
      { requiredKeys: ['namespaceSelector'] },
    ),
    fc.record({
      ipBlock: fc.record(
        {
          cidr: fc.constantFrom('0.0.0.0/0', '10.244.0.0/16', '203.0.113.0/24'),
          except: fc.constantFrom(['10.244.0.2/32'], ['203.0.113.5/32']),
        },
        { requiredKeys: ['cidr'] },
      ),
    }),
  );
  const port = fc.record(
    {
      protocol: fc.constantFrom('TCP', 'UDP'),
      port: fc.oneof(fc.constantFrom(80, 5432), fc.constant('http')),
      endPort: fc.constant(8080),
    },
    { requiredKeys: [] },
  );
  const rule = (side: 'from' | 'to') =>
    fc.record(
      { [side]: fc.array(peer, { maxLength: 2 }), ports: fc.array(port, { maxLength: 2 }) } as Record<
        string,
        fc.Arbitrary<unknown>
      >,
      { requiredKeys: [] },
    );
  const policyOf = fc.record({
    metadata: fc.record({ name: fc.constant('p'), namespace: fc.constantFrom('a', 'b') }),
    spec: fc.record(
      {
        podSelector: selector,
        policyTypes: fc.subarray(['Ingress', 'Egress']),
        ingress: fc.array(rule('from'), { maxLength: 2 }),
        egress: fc.array(rule('to'), { maxLength: 2 }),
      },
      { requiredKeys: ['podSelector'] },
    ),
  }) as fc.Arbitrary<NetworkPolicyLike>;
  const parties = fc
    .array(fc.record({ namespace: fc.constantFrom('a', 'b', undefined), labels }), {
      minLength: 1,
      maxLength: 5,
    })
    .map((ps) =>
      ps.map(
        (p, i): Party =>
          p.namespace === undefined
            ? { id: `h${i}`, ip: `203.0.113.${i + 1}` }
            : {
                id: `p${i}`,
                namespace: p.namespace,
                namespaceLabels: { 'kubernetes.io/metadata.name': p.namespace, team: p.namespace },
                labels: p.labels,
                ip: `10.244.0.${i + 1}`,
                namedPorts: [{ name: 'http', port: 80, protocol: 'TCP' }],
              },
      ),
    );

  test('are what allows says of every (sender, receiver, port, protocol), on both readings', () => {
    fc.assert(
      fc.property(fc.array(policyOf, { maxLength: 3 }), parties, (policies, ps) => {
        // GIVEN random policies and parties / WHEN flows are listed / THEN they are exactly the allowed tuples
        for (const reading of [EVERY_ADDRESS, CLUSTER_EXTERNAL]) {
          const expected: string[] = [];
          for (const from of ps)
            for (const to of ps)
              for (const port of [80, 5432, 8080, 9000])
                for (const protocol of ['TCP', 'UDP'])
                  if (from !== to && allows(policies, from, to, port, protocol, reading))
                    expected.push(flowKey({ from: from.id, to: to.id, port, protocol }));
          const got = flows(policies, ps, {
            ports: [80, 5432, 8080, 9000],
            protocols: ['TCP', 'UDP'],
            reading,
          });
          expect(got.map(flowKey)).toEqual(expected);
        }
      }),
      { numRuns: 300 },
    );
  });
});
