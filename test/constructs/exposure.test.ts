import { JsonPatch } from 'cdk8s';
import {
  ExternalTrafficPolicy,
  Microservice,
  Probe,
  Protocol,
  ServiceType,
  StatefulService,
  Transport,
  type MicroserviceProps,
} from '../../constructs';
import { validateObjects } from '../../src/validate';
import { errorOf, find, newSystem, ofKind, synth, type Obj } from './_helpers';

// Issue 10: extra Services beside the main one, and NodePort/LoadBalancer Services whose
// NetworkPolicy admits exactly their declared sources on exactly their ports.

const base: MicroserviceProps = {
  image: 'example/game:1.2.0',
  ports: [
    { name: 'http', port: 8080 },
    { name: 'metrics', port: 9090 },
    { name: 'voice', port: 7777, transport: Transport.UDP },
  ],
};

/** The ipBlock rules of a NetworkPolicy's ingress, as `cidr port/protocol,...`. */
function ipRules(policy: Obj): string[] {
  return (
    (policy.spec.ingress ?? []) as {
      from: { ipBlock?: { cidr: string } }[];
      ports: { port: number; protocol: string }[];
    }[]
  )
    .filter((r) => r.from.some((f) => f.ipBlock))
    .map(
      (r) =>
        `${r.from.map((f) => f.ipBlock?.cidr).join('+')} ${r.ports.map((p) => `${p.port}/${p.protocol}`).join(',')}`,
    );
}

describe('external Services', () => {
  test('a LoadBalancer open to anywhere admits 0.0.0.0/0 and ::/0 on its ports, keeps client addresses, sets no source ranges', () => {
    // GIVEN
    const { system } = newSystem();
    // WHEN
    new Microservice(system, 'game', {
      ...base,
      serviceType: ServiceType.LOAD_BALANCER,
      serviceSources: { anywhere: true },
    });
    const objects = synth(system);
    // THEN
    expect(find(objects, 'Service', 'game').spec).toEqual({
      type: 'LoadBalancer',
      externalTrafficPolicy: 'Local',
      selector: { 'app.kubernetes.io/name': 'game', 'app.kubernetes.io/instance': 'delinkcious' },
      ports: [
        { name: 'http', port: 8080, targetPort: 'http', protocol: 'TCP', appProtocol: 'http' },
        { name: 'metrics', port: 9090, targetPort: 'metrics', protocol: 'TCP', appProtocol: 'http' },
        { name: 'voice', port: 7777, targetPort: 'voice', protocol: 'UDP' },
      ],
    });
    expect(ipRules(find(objects, 'NetworkPolicy', 'game'))).toEqual([
      '0.0.0.0/0 8080/TCP,9090/TCP,7777/UDP',
      '::/0 8080/TCP,9090/TCP,7777/UDP',
    ]);
  });

  test('CIDR sources become ipBlock rules, and loadBalancerSourceRanges of a LoadBalancer only', () => {
    // GIVEN
    const { system } = newSystem();
    // WHEN
    new Microservice(system, 'lb', {
      ...base,
      serviceType: ServiceType.LOAD_BALANCER,
      serviceSources: { cidrs: ['203.0.113.0/24', '2001:db8::/32'] },
    });
    new Microservice(system, 'np', {
      ...base,
      serviceType: ServiceType.NODE_PORT,
      serviceSources: { cidrs: ['198.51.100.0/25'] },
      serviceExternalTrafficPolicy: ExternalTrafficPolicy.CLUSTER,
    });
    const objects = synth(system);
    // THEN
    expect(find(objects, 'Service', 'lb').spec).toMatchObject({
      type: 'LoadBalancer',
      externalTrafficPolicy: 'Local',
      loadBalancerSourceRanges: ['203.0.113.0/24', '2001:db8::/32'],
    });
    expect(ipRules(find(objects, 'NetworkPolicy', 'lb'))).toEqual([
      '203.0.113.0/24 8080/TCP,9090/TCP,7777/UDP',
      '2001:db8::/32 8080/TCP,9090/TCP,7777/UDP',
    ]);
    const np = find(objects, 'Service', 'np').spec;
    expect([np.type, np.externalTrafficPolicy, np.loadBalancerSourceRanges]).toEqual([
      'NodePort',
      'Cluster',
      undefined,
    ]);
    expect(ipRules(find(objects, 'NetworkPolicy', 'np'))).toEqual([
      '198.51.100.0/25 8080/TCP,9090/TCP,7777/UDP',
    ]);
  });

  test('a ClusterIP Service renders as before: no traffic policy, no source ranges, no ipBlock rule', () => {
    // GIVEN
    const { system } = newSystem();
    // WHEN
    new Microservice(system, 'plain', base);
    const objects = synth(system);
    // THEN
    expect(Object.keys(find(objects, 'Service', 'plain').spec).sort()).toEqual(['ports', 'selector', 'type']);
    expect(ipRules(find(objects, 'NetworkPolicy', 'plain'))).toEqual([]);
  });
});

describe('extra Services', () => {
  test('an internal ClusterIP and a public LoadBalancer for the same pods, beside the unchanged main Service', () => {
    // GIVEN
    const { system } = newSystem({ monitoring: { serviceMonitors: true } });
    // WHEN
    const game = new Microservice(system, 'game', {
      ...base,
      metrics: { port: 'metrics' },
      extraServices: [
        { suffix: 'internal', ports: ['http', 'metrics'] },
        {
          suffix: 'public',
          ports: ['http', 'voice'],
          type: ServiceType.LOAD_BALANCER,
          sources: { cidrs: ['203.0.113.0/24'] },
        },
        { suffix: 'voice', ports: ['voice'], type: ServiceType.NODE_PORT, sources: { anywhere: true } },
      ],
    });
    const objects = synth(system);
    // THEN the main Service keeps its name and spec, and each extra one is `<name>-<suffix>`
    expect(ofKind(objects, 'Service').map((s) => `${s.metadata.name} ${s.spec.type}`)).toEqual([
      'game ClusterIP',
      'game-internal ClusterIP',
      'game-public LoadBalancer',
      'game-voice NodePort',
    ]);
    expect(find(objects, 'Service', 'game').spec.ports.map((p: { name: string }) => p.name)).toEqual([
      'http',
      'metrics',
      'voice',
    ]);
    const pub = find(objects, 'Service', 'game-public');
    expect(pub.metadata.labels?.['shipshape.io/extra-service']).toBe('public');
    expect(pub.spec).toEqual({
      type: 'LoadBalancer',
      externalTrafficPolicy: 'Local',
      loadBalancerSourceRanges: ['203.0.113.0/24'],
      selector: { 'app.kubernetes.io/name': 'game', 'app.kubernetes.io/instance': 'delinkcious' },
      ports: [
        { name: 'http', port: 8080, targetPort: 'http', protocol: 'TCP', appProtocol: 'http' },
        { name: 'voice', port: 7777, targetPort: 'voice', protocol: 'UDP' },
      ],
    });
    expect(find(objects, 'Service', 'game-internal').spec).toEqual({
      type: 'ClusterIP',
      selector: { 'app.kubernetes.io/name': 'game', 'app.kubernetes.io/instance': 'delinkcious' },
      ports: [
        { name: 'http', port: 8080, targetPort: 'http', protocol: 'TCP', appProtocol: 'http' },
        { name: 'metrics', port: 9090, targetPort: 'metrics', protocol: 'TCP', appProtocol: 'http' },
      ],
    });
    // AND the NetworkPolicy admits each range on exactly the ports exposed to it (one rule per range)
    expect(ipRules(find(objects, 'NetworkPolicy', 'game'))).toEqual([
      '203.0.113.0/24 8080/TCP,7777/UDP',
      '0.0.0.0/0 7777/UDP',
      '::/0 7777/UDP',
    ]);
    // AND the ServiceMonitor selects the main Service only (else every pod would be scraped twice)
    expect(find(objects, 'ServiceMonitor', 'game').spec.selector).toEqual({
      matchLabels: { 'app.kubernetes.io/name': 'game', 'app.kubernetes.io/instance': 'delinkcious' },
      matchExpressions: [{ key: 'shipshape.io/extra-service', operator: 'DoesNotExist' }],
    });
    // AND the resolved view of what is reachable from outside lists the external ones only
    expect(game.externalServices).toEqual([
      {
        name: 'game-public',
        type: 'LoadBalancer',
        ports: ['http', 'voice'],
        cidrs: ['203.0.113.0/24'],
        anywhere: false,
      },
      {
        name: 'game-voice',
        type: 'NodePort',
        ports: ['voice'],
        cidrs: ['0.0.0.0/0', '::/0'],
        anywhere: true,
      },
    ]);
    // AND the escape hatches are the extra Services by suffix, with stable construct ids
    expect([...game.extraServices.keys()]).toEqual(['internal', 'public', 'voice']);
    expect(game.extraServices.get('public')?.node.id).toBe('extra-service-public');
    expect(game.service.node.id).toBe('service');
    expect(validateObjects(objects.map((object) => ({ object })))).toEqual([]);
  });

  test('the default port is the main port; without extra Services the ServiceMonitor selector is unchanged', () => {
    // GIVEN
    const { system } = newSystem({ monitoring: { serviceMonitors: true } });
    // WHEN
    new Microservice(system, 'a', {
      ...base,
      metrics: { port: 'metrics' },
      extraServices: [{ suffix: 'x' }],
    });
    new Microservice(system, 'b', { ...base, metrics: { port: 'metrics' } });
    const objects = synth(system);
    // THEN
    expect(find(objects, 'Service', 'a-x').spec.ports.map((p: { name: string }) => p.name)).toEqual(['http']);
    expect(find(objects, 'ServiceMonitor', 'b').spec.selector).toEqual({
      matchLabels: { 'app.kubernetes.io/name': 'b', 'app.kubernetes.io/instance': 'delinkcious' },
    });
  });

  test('a StatefulService keeps its headless Service and gets a LoadBalancer for its clients', () => {
    // GIVEN
    // an internal LoadBalancer for the corporate network 10.20.0.0/16, outside the cluster's ranges
    const { system } = newSystem({
      clusterNetwork: { podCidrs: ['10.244.0.0/16'], serviceCidrs: ['10.96.0.0/12'] },
    });
    // WHEN
    const nats = new StatefulService(system, 'nats', {
      image: 'nats:2.10.7-alpine',
      ports: [
        { name: 'client', port: 4222, protocol: Protocol.TCP },
        { name: 'cluster', port: 6222, protocol: Protocol.TCP },
      ],
      storage: { size: '1Gi', mountPath: '/data' },
      extraServices: [
        { suffix: 'edge', type: ServiceType.LOAD_BALANCER, sources: { cidrs: ['10.20.0.0/16'] } },
      ],
    });
    const objects = synth(system);
    // THEN
    expect(find(objects, 'Service', 'nats').spec.clusterIP).toBe('None');
    expect(find(objects, 'Service', 'nats-edge').spec).toMatchObject({
      type: 'LoadBalancer',
      loadBalancerSourceRanges: ['10.20.0.0/16'],
      ports: [{ name: 'client', port: 4222 }],
    });
    expect(ipRules(find(objects, 'NetworkPolicy', 'nats'))).toEqual(['10.20.0.0/16 4222/TCP']);
    expect(nats.extraServices.get('edge')?.node.path).toBe('Delinkcious/nats/extra-service-edge');
  });

  test('an extra Service takes annotations and JSON patches through its escape hatch', () => {
    // GIVEN
    const { system } = newSystem();
    const web = new Microservice(system, 'web', {
      ...base,
      extraServices: [{ suffix: 'public', type: ServiceType.LOAD_BALANCER, sources: { anywhere: true } }],
    });
    // WHEN
    const pub = web.extraServices.get('public');
    pub?.metadata.addAnnotation('service.beta.kubernetes.io/aws-load-balancer-type', 'nlb');
    pub?.addJsonPatch(JsonPatch.add('/spec/ports/0/nodePort', 30080));
    // THEN
    const service = find(synth(system), 'Service', 'web-public');
    expect(service.metadata.annotations).toEqual({
      'service.beta.kubernetes.io/aws-load-balancer-type': 'nlb',
    });
    expect(service.spec.ports[0].nodePort).toBe(30080);
  });

  test('names are checked against every Service of the System, both ways', () => {
    // GIVEN
    const { system } = newSystem();
    new Microservice(system, 'api-public', base);
    new Microservice(system, 'web', { ...base, extraServices: [{ suffix: 'admin' }] });
    // WHEN / THEN
    expect(
      errorOf(() => new Microservice(system, 'api', { ...base, extraServices: [{ suffix: 'public' }] })),
    ).toBe(
      "Delinkcious/api: 'extraServices[0].suffix' must be unique among the Service objects of the system, but Delinkcious/api-public already uses it (got 'api-public')",
    );
    expect(errorOf(() => new Microservice(system, 'web-admin', base))).toBe(
      "Delinkcious/web-admin: 'id' must be unique among the Service objects of the system, but Delinkcious/web already uses it (got 'web-admin')",
    );
    // AND nothing of the refused constructs was added
    expect(ofKind(synth(system), 'Service').map((s) => s.metadata.name)).toEqual([
      'api-public',
      'web',
      'web-admin',
    ]);
  });
});

describe('exposure errors', () => {
  const lb = { serviceType: ServiceType.LOAD_BALANCER } as const;
  const cases: [string, Partial<Record<keyof MicroserviceProps, unknown>>, string][] = [
    [
      'LoadBalancer without sources',
      lb,
      "Delinkcious/svc: 'serviceSources' must be set for a LoadBalancer Service: its NetworkPolicy admits only declared sources (got undefined). Use { anywhere: true } or { cidrs: ['203.0.113.0/24'] }",
    ],
    [
      'NodePort without sources',
      { serviceType: ServiceType.NODE_PORT },
      "Delinkcious/svc: 'serviceSources' must be set for a NodePort Service: its NetworkPolicy admits only declared sources (got undefined). Use { anywhere: true } or { cidrs: ['203.0.113.0/24'] }",
    ],
    [
      'sources on ClusterIP',
      { serviceSources: { anywhere: true } },
      "Delinkcious/svc: 'serviceSources' must only be set with 'serviceType' NodePort or LoadBalancer: a ClusterIP Service is reached from inside the cluster, by declared dependencies (got {\"anywhere\":true})",
    ],
    [
      'traffic policy on ClusterIP',
      { serviceType: ServiceType.CLUSTER_IP, serviceExternalTrafficPolicy: ExternalTrafficPolicy.LOCAL },
      "Delinkcious/svc: 'serviceExternalTrafficPolicy' must only be set with 'serviceType' NodePort or LoadBalancer: a ClusterIP Service is reached from inside the cluster, by declared dependencies (got 'Local')",
    ],
    [
      'unknown traffic policy',
      { ...lb, serviceSources: { anywhere: true }, serviceExternalTrafficPolicy: 'local' },
      "Delinkcious/svc: 'serviceExternalTrafficPolicy' must be one of Local, Cluster (got 'local')",
    ],
    [
      'sources not an object',
      { ...lb, serviceSources: '0.0.0.0/0' },
      "Delinkcious/svc: 'serviceSources' must be an object (got '0.0.0.0/0')",
    ],
    [
      'both anywhere and cidrs',
      { ...lb, serviceSources: { anywhere: true, cidrs: ['10.0.0.0/8'] } },
      'Delinkcious/svc: \'serviceSources\' must set exactly one of \'anywhere\' and \'cidrs\' (got {"anywhere":true,"cidrs":["10.0.0.0/8"]})',
    ],
    [
      'neither anywhere nor cidrs',
      { ...lb, serviceSources: { cidr: '10.0.0.0/8' } },
      "Delinkcious/svc: 'serviceSources' must set exactly one of 'anywhere' and 'cidrs' (got {\"cidr\":\"10.0.0.0/8\"})",
    ],
    [
      'anywhere false',
      { ...lb, serviceSources: { anywhere: false } },
      "Delinkcious/svc: 'serviceSources.anywhere' must be true (got false). List 'cidrs' to admit some ranges only",
    ],
    [
      'no CIDRs',
      { ...lb, serviceSources: { cidrs: [] } },
      "Delinkcious/svc: 'serviceSources.cidrs' must list at least one CIDR (got []). Use { anywhere: true } to admit every address",
    ],
    [
      'cidrs not an array',
      { ...lb, serviceSources: { cidrs: '10.0.0.0/8' } },
      "Delinkcious/svc: 'serviceSources.cidrs' must be an array (got '10.0.0.0/8')",
    ],
    [
      'not a CIDR',
      { ...lb, serviceSources: { cidrs: ['198.18.0.0/15', '10.0.0.300/32'] } },
      "Delinkcious/svc: 'serviceSources.cidrs[1]' must be a CIDR such as '0.0.0.0/0' or '10.0.0.0/8' (IPv4 prefix <= 32, IPv6 <= 128) (got '10.0.0.300/32')",
    ],
    [
      'host bits set',
      { ...lb, serviceSources: { cidrs: ['203.0.113.7/24'] } },
      "Delinkcious/svc: 'serviceSources.cidrs[0]' must not set address bits after the prefix length (got '203.0.113.7/24'). Use '203.0.113.0/24' for the range or '203.0.113.7/32' for the one address",
    ],
    [
      'IPv6 host bits set',
      { ...lb, serviceSources: { cidrs: ['2001:db8::1/64'] } },
      "Delinkcious/svc: 'serviceSources.cidrs[0]' must not set address bits after the prefix length (got '2001:db8::1/64'). Use '2001:db8::/64' for the range or '2001:db8::1/128' for the one address",
    ],
    [
      'IPv4-mapped IPv6',
      { ...lb, serviceSources: { cidrs: ['::ffff:10.0.0.0/104'] } },
      "Delinkcious/svc: 'serviceSources.cidrs[0]' must not be an IPv4-mapped IPv6 range: newer API servers refuse it (got '::ffff:10.0.0.0/104'). Use '10.0.0.0/8'",
    ],
    [
      'IPv6 not canonical',
      { ...lb, serviceSources: { cidrs: ['2001:DB8:0:0::/64'] } },
      "Delinkcious/svc: 'serviceSources.cidrs[0]' must be written in canonical form (got '2001:DB8:0:0::/64'). Use '2001:db8::/64'",
    ],
    [
      'repeated CIDR',
      { ...lb, serviceSources: { cidrs: ['198.18.0.0/15', '203.0.113.0/24', '198.18.0.0/15'] } },
      "Delinkcious/svc: 'serviceSources.cidrs[2]' must not repeat 'serviceSources.cidrs[0]' (got '198.18.0.0/15')",
    ],
    [
      'extraServices not an array',
      { extraServices: { suffix: 'x' } },
      'Delinkcious/svc: \'extraServices\' must be an array (got {"suffix":"x"})',
    ],
    [
      'extra Service not an object',
      { extraServices: ['x'] },
      "Delinkcious/svc: 'extraServices[0]' must be an object (got 'x')",
    ],
    [
      'no suffix',
      { extraServices: [{ ports: ['http'] }] },
      "Delinkcious/svc: 'extraServices[0].suffix' must be set: the Service is named 'svc-<suffix>' (got undefined). Use e.g. suffix: 'public'",
    ],
    [
      'bad suffix',
      { extraServices: [{ suffix: 'Public' }] },
      "Delinkcious/svc: 'extraServices[0].suffix' must be a DNS-1123 label: lowercase letters, digits and -, starting and ending with a letter or digit (got 'Public')",
    ],
    [
      'name too long',
      { extraServices: [{ suffix: 'x'.repeat(60) }] },
      `Delinkcious/svc: 'extraServices[0].suffix' must keep the Service name 'svc-${'x'.repeat(60)}' within 63 characters (got '${'x'.repeat(60)}')`,
    ],
    [
      'repeated suffix',
      { extraServices: [{ suffix: 'a' }, { suffix: 'a' }] },
      "Delinkcious/svc: 'extraServices[1].suffix' must be unique among the extra Services, but 'extraServices[0]' already uses it (got 'a')",
    ],
    [
      'no ports',
      { extraServices: [{ suffix: 'a', ports: [] }] },
      "Delinkcious/svc: 'extraServices[0].ports' must list at least one port name of 'svc' (http, metrics, voice) (got []). Omit 'ports' to use the main port",
    ],
    [
      'unknown port',
      { extraServices: [{ suffix: 'a', ports: ['http', 'admin'] }] },
      "Delinkcious/svc: 'extraServices[0].ports[1]' must name a port of 'svc' (http, metrics, voice) (got 'admin')",
    ],
    [
      'repeated port',
      { extraServices: [{ suffix: 'a', ports: ['http', 'http'] }] },
      "Delinkcious/svc: 'extraServices[0].ports[1]' must not repeat 'extraServices[0].ports[0]' (got 'http')",
    ],
    [
      'unknown type',
      { extraServices: [{ suffix: 'a', type: 'External' }] },
      "Delinkcious/svc: 'extraServices[0].type' must be one of ClusterIP, NodePort, LoadBalancer (got 'External')",
    ],
    [
      'external extra Service without sources',
      { extraServices: [{ suffix: 'a', type: ServiceType.NODE_PORT }] },
      "Delinkcious/svc: 'extraServices[0].sources' must be set for a NodePort Service: its NetworkPolicy admits only declared sources (got undefined). Use { anywhere: true } or { cidrs: ['203.0.113.0/24'] }",
    ],
    [
      'sources on a ClusterIP extra Service',
      { extraServices: [{ suffix: 'a', sources: { cidrs: ['10.0.0.0/8'] } }] },
      'Delinkcious/svc: \'extraServices[0].sources\' must only be set with \'extraServices[0].type\' NodePort or LoadBalancer: a ClusterIP Service is reached from inside the cluster, by declared dependencies (got {"cidrs":["10.0.0.0/8"]})',
    ],
    [
      'bad CIDR of an extra Service',
      {
        extraServices: [
          { suffix: 'a', type: ServiceType.LOAD_BALANCER, sources: { cidrs: ['10.0.0.0/33'] } },
        ],
      },
      "Delinkcious/svc: 'extraServices[0].sources.cidrs[0]' must be a CIDR such as '0.0.0.0/0' or '10.0.0.0/8' (IPv4 prefix <= 32, IPv6 <= 128) (got '10.0.0.0/33')",
    ],
    [
      'traffic policy of a ClusterIP extra Service',
      { extraServices: [{ suffix: 'a', externalTrafficPolicy: ExternalTrafficPolicy.CLUSTER }] },
      "Delinkcious/svc: 'extraServices[0].externalTrafficPolicy' must only be set with 'extraServices[0].type' NodePort or LoadBalancer: a ClusterIP Service is reached from inside the cluster, by declared dependencies (got 'Cluster')",
    ],
  ];
  test.each(cases)('%s', (_name, props, message) => {
    // GIVEN
    const { system } = newSystem();
    // WHEN / THEN
    expect(
      errorOf(
        () =>
          new Microservice(system, 'svc', {
            ...base,
            probes: { readiness: Probe.tcp() },
            ...props,
          } as MicroserviceProps),
      ),
    ).toBe(message);
    // AND nothing was added
    expect(synth(system).filter((o) => o.metadata.name.startsWith('svc'))).toEqual([]);
  });

  test('a StatefulService refuses an external extra Service without sources in the same words', () => {
    // GIVEN
    const { system } = newSystem();
    // WHEN / THEN
    expect(
      errorOf(
        () =>
          new StatefulService(system, 'db', {
            image: 'redis:7.2.4',
            ports: [{ name: 'redis', port: 6379, protocol: Protocol.TCP }],
            storage: { size: '1Gi', mountPath: '/data' },
            extraServices: [{ suffix: 'edge', type: ServiceType.LOAD_BALANCER }],
          }),
      ),
    ).toBe(
      "Delinkcious/db: 'extraServices[0].sources' must be set for a LoadBalancer Service: its NetworkPolicy admits only declared sources (got undefined). Use { anywhere: true } or { cidrs: ['203.0.113.0/24'] }",
    );
  });
});
