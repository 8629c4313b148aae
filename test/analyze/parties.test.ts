import { Gateway, Microservice, StatefulService, Protocol } from '../../constructs';
import { flowKey, flows, IpBlockReading } from '../../src/analyze/network-policy';
import {
  partiesOf,
  partiesOfPair,
  podIdOf,
  podTemplateOf,
  portsOf,
  witnessAddress,
  type ManifestObject,
} from '../../src/analyze/parties';
import { newSystem, synth } from '../constructs/_helpers';

// The parties of a manifest set: its pods, a representative of every peer its policies name, and the strangers.

describe('witnessAddress', () => {
  test.each([
    ['10.0.0.0/8', [], true],
    ['0.0.0.0/0', ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16'], true],
    ['10.0.0.0/8', ['10.0.0.0/9', '10.128.0.0/9'], false],
    ['192.0.2.7/32', [], true],
    ['2001:db8::/32', ['2001:db8::/33'], true],
  ])('%s minus %j', (cidr, except, exists) => {
    // GIVEN a range with holes / WHEN a witness is asked for / THEN it lies inside and outside every hole, or none exists
    const ip = witnessAddress(cidr, except);
    expect(ip !== undefined).toBe(exists);
    if (ip === undefined) return;
    const probe = [
      {
        metadata: { namespace: 'x' },
        spec: { podSelector: {}, ingress: [{ from: [{ ipBlock: { cidr, except } }] }] },
      },
    ];
    expect(
      flows(
        probe,
        [
          { id: 'w', ip },
          { id: 'p', namespace: 'x', ip: '10.244.0.1' },
        ],
        { ports: [1], protocols: ['TCP'], reading: IpBlockReading.CLUSTER_EXTERNAL },
      ).map(flowKey),
    ).toContain('w>p:1/TCP');
  });
});

describe('podTemplateOf', () => {
  test('finds the template of every pod-making kind', () => {
    // GIVEN one object per kind / WHEN the template is read / THEN it is found where the kind keeps it
    const t = { metadata: { labels: { a: 'b' } }, spec: { containers: [] } };
    expect(podTemplateOf({ kind: 'Deployment', spec: { template: t } })).toBe(t);
    expect(podTemplateOf({ kind: 'CronJob', spec: { jobTemplate: { spec: { template: t } } } })).toBe(t);
    expect(podTemplateOf({ kind: 'Pod', metadata: { name: 'p' }, spec: t.spec })?.spec).toBe(t.spec);
    expect(podTemplateOf({ kind: 'Service', spec: { selector: {} } })).toBeUndefined();
  });
});

describe('partiesOf', () => {
  test("a System's pods, its policies' peers, strangers and the internet, with only the declared flows among them", () => {
    // GIVEN a System: web depends on db; web is routed by a Gateway (Envoy Gateway)
    const { system } = newSystem();
    const db = new StatefulService(system, 'db', {
      image: 'postgres:15.5-alpine',
      ports: [{ name: 'pg', port: 5432, protocol: Protocol.TCP }],
      storage: { size: '1Gi', mountPath: '/data' },
    });
    const web = new Microservice(system, 'web', {
      image: 'nginx:1.25.3',
      ports: [{ name: 'http', port: 8080 }],
      dependencies: [{ target: db }],
    });
    new Gateway(system, 'public', { rules: [{ host: 'shop.example.com', routes: [{ backend: web }] }] });
    const objects = synth(system) as ManifestObject[];
    // WHEN its parties and flows are derived
    const parties = partiesOf(objects);
    const ids = parties.map((p) => p.id);
    const policies = objects.filter((o) => o.kind === 'NetworkPolicy') as Parameters<typeof flows>[0];
    const allowed = flows(policies, parties, {
      ports: portsOf(objects, parties),
      reading: IpBlockReading.EVERY_ADDRESS,
      namespaces: new Set(['delinkcious']),
    }).map(flowKey);
    // THEN the pods, the DNS and Gateway data-plane peers, a stranger of the namespace, a foreign pod and the internet exist
    expect(ids).toEqual(
      expect.arrayContaining([
        'delinkcious/db',
        'delinkcious/web',
        'kube-system/k8s-app=kube-dns',
        'delinkcious/(another pod)',
        'elsewhere/(any pod)',
        'internet (IPv4)',
      ]),
    );
    // AND the flows are the declared ones plus DNS from every pod of the namespace
    const declared = allowed.filter((f) => !f.includes('k8s-app=kube-dns'));
    expect(declared.sort()).toEqual([
      'delinkcious/web>delinkcious/db:5432/TCP',
      'envoy-gateway-system/gateway.envoyproxy.io/owning-gateway-name=public,gateway.envoyproxy.io/owning-gateway-namespace=delinkcious>delinkcious/web:8080/TCP',
    ]);
  });

  test('pods get addresses from the given pod ranges', () => {
    // GIVEN a pod and the EKS custom-networking range / WHEN parties are derived / THEN its address lies in the range
    const [pod] = partiesOf([{ kind: 'Pod', metadata: { name: 'p', namespace: 'n' }, spec: {} }], {
      podCidrs: ['100.64.0.0/10'],
    });
    expect(pod?.ip).toBe('100.64.0.1');
  });
});

describe('partiesOfPair', () => {
  const pod = (name: string, labels: Record<string, string>) => ({
    kind: 'Deployment',
    metadata: { name, namespace: 'shop' },
    spec: { template: { metadata: { labels } } },
  });
  const admits = (team: string) => ({
    kind: 'NetworkPolicy',
    metadata: { name: team, namespace: 'shop' },
    spec: { podSelector: {}, ingress: [{ from: [{ namespaceSelector: { matchLabels: { team } } }] }] },
  });

  test('each side keeps its own pods; every other party is on both sides, addressed alike', () => {
    // GIVEN a base with web and a policy naming team=ops; a head with web relabelled, db added, team=dev named
    const base = [pod('web', { app: 'web' }), admits('ops')];
    const head = [admits('dev'), pod('web', { app: 'web', v: '2' }), pod('db', { app: 'db' }), admits('ops')];
    // WHEN the parties of the pair are derived
    const pair = partiesOfPair(base, head);
    const ids = (side: typeof pair.base) => side.map((p) => p.id);
    // THEN the pods are each side's (web with each side's labels), the rest shared and named by selector
    expect(ids(pair.base)).toEqual([
      'shop/web',
      '(namespaces team=ops)/any pod',
      'shop/(another pod)',
      'elsewhere/(any pod)',
      'internet (IPv4)',
      'internet (IPv6)',
      '(namespaces team=dev)/any pod',
    ]);
    expect(ids(pair.head)).toEqual(['shop/web', 'shop/db', ...ids(pair.base).slice(1)]);
    expect(pair.head[0]?.labels).toEqual({ app: 'web', v: '2' });
    const ip = (side: typeof pair.base, id: string) => side.find((p) => p.id === id)?.ip;
    for (const id of ['shop/web', '(namespaces team=ops)/any pod', 'shop/(another pod)']) {
      expect(ip(pair.base, id)).toBe(ip(pair.head, id));
    }
    expect(new Set(pair.head.map((p) => p.ip)).size).toBe(pair.head.length);
  });

  test('podIdOf names the pods of pod-making objects only', () => {
    // GIVEN / WHEN / THEN
    expect(podIdOf(pod('web', {}))).toBe('shop/web');
    expect(podIdOf({ kind: 'Service', metadata: { name: 's' }, spec: {} })).toBeUndefined();
  });
});
