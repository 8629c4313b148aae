import { Node } from 'constructs';
import {
  Gateway,
  GatewayImplementation,
  GatewayTls,
  Microservice,
  PathType,
  Probe,
  Protocol,
  RouteKind,
  Transport,
  type GatewayProps,
  type ServiceWorkload,
} from '../../constructs';
import { synthesizeFiles } from '../../src/synth/files';
import { validateObjects } from '../../src/validate';
import { errorOf, find, newSystem, ofKind, synth } from './_helpers';

/** A backendRef as shipshape writes it, with the fields the CRDs default. */
const BACKEND = (name: string, port: number) => ({ group: '', kind: 'Service', name, port, weight: 1 });

function services() {
  const { system } = newSystem();
  const api = new Microservice(system, 'api-gateway', {
    image: 'g1g1/delinkcious-api-gateway:0.5',
    ports: [{ name: 'http', port: 5000 }],
  });
  const news = new Microservice(system, 'news', {
    image: 'g1g1/delinkcious-news:0.3',
    ports: [
      { name: 'grpc', port: 6060, protocol: Protocol.GRPC, servicePort: 7070 },
      { name: 'metrics', port: 9102 },
      { name: 'raw', port: 7000, protocol: Protocol.TCP },
      { name: 'syslog', port: 514, transport: Transport.UDP, protocol: Protocol.TCP },
    ],
    probes: { readiness: Probe.tcp({ port: 'raw' }), liveness: Probe.tcp({ port: 'raw' }) },
  });
  return { system, api, news };
}

describe('Gateway', () => {
  test('is a Gateway API Gateway with one listener per host and one HTTPRoute per host', () => {
    // GIVEN
    const { system, api } = services();
    // WHEN
    new Gateway(system, 'public', {
      rules: [
        {
          host: 'delinkcious.local',
          routes: [{ backend: api }, { path: '/v1/exact', pathType: PathType.EXACT, backend: api }],
        },
        { host: '*.apps.local', routes: [{ backend: api }] },
      ],
    });
    const objects = synth(system);
    // THEN the Envoy Gateway class, listeners admitting the System's namespace only, routes by sectionName
    expect(find(objects, 'Gateway', 'public').spec).toEqual({
      gatewayClassName: 'envoy-gateway',
      listeners: [
        {
          name: 'http-delinkcious.local',
          hostname: 'delinkcious.local',
          port: 80,
          protocol: 'HTTP',
          allowedRoutes: { namespaces: { from: 'Same' } },
        },
        {
          name: 'http-wildcard.apps.local',
          hostname: '*.apps.local',
          port: 80,
          protocol: 'HTTP',
          allowedRoutes: { namespaces: { from: 'Same' } },
        },
      ],
    });
    expect(find(objects, 'HTTPRoute', 'public-delinkcious.local').spec).toEqual({
      parentRefs: [
        {
          group: 'gateway.networking.k8s.io',
          kind: 'Gateway',
          name: 'public',
          sectionName: 'http-delinkcious.local',
        },
      ],
      hostnames: ['delinkcious.local'],
      rules: [
        {
          matches: [{ path: { type: 'PathPrefix', value: '/' } }],
          backendRefs: [BACKEND('api-gateway', 5000)],
        },
        {
          matches: [{ path: { type: 'Exact', value: '/v1/exact' } }],
          backendRefs: [BACKEND('api-gateway', 5000)],
        },
      ],
    });
    expect(find(objects, 'HTTPRoute', 'public-wildcard.apps.local').spec.hostnames).toEqual(['*.apps.local']);
    expect(ofKind(objects, 'Ingress')).toEqual([]);
    expect(validateObjects(objects.map((object) => ({ object })))).toEqual([]);
  });

  test("admits exactly this Gateway's Envoy proxies to exactly the routed ports", () => {
    // GIVEN
    const { system, api, news } = services();
    // WHEN
    new Gateway(system, 'public', {
      implementation: GatewayImplementation.envoyGateway({ namespace: 'edge' }),
      rules: [{ host: 'news.local', routes: [{ backend: news, port: 'grpc' }] }],
    });
    new Gateway(system, 'admin', { rules: [{ host: 'admin.local', routes: [{ backend: api }] }] });
    const objects = synth(system);
    // THEN news admits the proxies of delinkcious/public on 6060 (the container port) and nothing on metrics
    const envoy = (ns: string, gw: string) => ({
      namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': ns } },
      podSelector: {
        matchLabels: {
          'gateway.envoyproxy.io/owning-gateway-name': gw,
          'gateway.envoyproxy.io/owning-gateway-namespace': 'delinkcious',
        },
      },
    });
    expect(find(objects, 'NetworkPolicy', 'news').spec.ingress).toEqual([
      { from: [envoy('edge', 'public')], ports: [{ protocol: 'TCP', port: 6060 }] },
    ]);
    expect(find(objects, 'NetworkPolicy', 'api-gateway').spec.ingress).toEqual([
      { from: [envoy('envoy-gateway-system', 'admin')], ports: [{ protocol: 'TCP', port: 5000 }] },
    ]);
  });

  test('routes a gRPC backend with a GRPCRoute on its Service port', () => {
    // GIVEN
    const { system, news } = services();
    // WHEN
    new Gateway(system, 'public', {
      rules: [{ host: 'news.local', routes: [{ backend: news, port: 'grpc' }] }],
    });
    // THEN
    const objects = synth(system);
    expect(find(objects, 'GRPCRoute', 'public-news.local-grpc').spec).toEqual({
      parentRefs: [
        {
          group: 'gateway.networking.k8s.io',
          kind: 'Gateway',
          name: 'public',
          sectionName: 'http-news.local',
        },
      ],
      hostnames: ['news.local'],
      rules: [{ backendRefs: [BACKEND('news', 7070)] }],
    });
    expect(ofKind(objects, 'HTTPRoute')).toEqual([]);
  });

  test('with cert-manager: HTTPS listeners with one Secret per host, the issuer annotation, HTTP redirected', () => {
    // GIVEN
    const { system, api } = services();
    // WHEN
    new Gateway(system, 'public', {
      tls: GatewayTls.certManager('letsencrypt-prod'),
      rules: [
        { host: 'delinkcio.us', routes: [{ backend: api }] },
        { host: '*.delinkcio.us', routes: [{ backend: api, path: '/api' }] },
      ],
    });
    const objects = synth(system);
    // THEN
    const gw = find(objects, 'Gateway', 'public');
    expect(gw.metadata.annotations).toEqual({ 'cert-manager.io/cluster-issuer': 'letsencrypt-prod' });
    expect(
      gw.spec.listeners.map((l: any) => [l.name, l.protocol, l.port, l.tls?.certificateRefs[0].name]),
    ).toEqual([
      ['http-delinkcio.us', 'HTTP', 80, undefined],
      ['https-delinkcio.us', 'HTTPS', 443, 'public-delinkcio.us-tls'],
      ['http-wildcard.delinkcio.us', 'HTTP', 80, undefined],
      ['https-wildcard.delinkcio.us', 'HTTPS', 443, 'public-wildcard.delinkcio.us-tls'],
    ]);
    expect(find(objects, 'HTTPRoute', 'public-delinkcio.us').spec.parentRefs).toEqual([
      {
        group: 'gateway.networking.k8s.io',
        kind: 'Gateway',
        name: 'public',
        sectionName: 'https-delinkcio.us',
      },
    ]);
    expect(find(objects, 'HTTPRoute', 'public-redirect-to-https').spec).toEqual({
      parentRefs: [
        {
          group: 'gateway.networking.k8s.io',
          kind: 'Gateway',
          name: 'public',
          sectionName: 'http-delinkcio.us',
        },
        {
          group: 'gateway.networking.k8s.io',
          kind: 'Gateway',
          name: 'public',
          sectionName: 'http-wildcard.delinkcio.us',
        },
      ],
      rules: [
        {
          matches: [{ path: { type: 'PathPrefix', value: '/' } }],
          filters: [{ type: 'RequestRedirect', requestRedirect: { scheme: 'https', statusCode: 301 } }],
        },
      ],
    });
    expect(validateObjects(objects.map((object) => ({ object })))).toEqual([]);
  });

  test('TLS from an existing Secret, a namespaced Issuer, and rules added after construction', () => {
    // GIVEN
    const { system, api } = services();
    const fromSecret = new Gateway(system, 'a', { tls: GatewayTls.fromSecret('wildcard-cert') });
    const issued = new Gateway(system, 'b', { tls: GatewayTls.certManagerIssuer('team-ca') });
    // WHEN
    fromSecret.addRule({ host: 'a.delinkcio.us', routes: [{ backend: api }] });
    issued.addRule({ host: 'b.delinkcio.us', routes: [{ backend: api }] });
    const objects = synth(system);
    // THEN
    expect(find(objects, 'Gateway', 'a').spec.listeners[1].tls.certificateRefs).toEqual([
      { group: '', kind: 'Secret', name: 'wildcard-cert' },
    ]);
    expect(find(objects, 'Gateway', 'b').metadata.annotations).toEqual({
      'cert-manager.io/issuer': 'team-ca',
    });
    expect(fromSecret.hosts).toEqual(['a.delinkcio.us']);
    expect(fromSecret.routes.map((r) => [r.host, r.path, r.backend.name, r.port, r.kind])).toEqual([
      ['a.delinkcio.us', '/', 'api-gateway', 'http', RouteKind.HTTP],
    ]);
  });

  test('keeps its ids and generated names stable', () => {
    // GIVEN / WHEN
    const { system, api, news } = services();
    const gw = new Gateway(system, 'public', { tls: GatewayTls.certManager('le') });
    gw.addRule({ host: 'x.io', routes: [{ backend: api }, { backend: news, port: 'grpc' }] });
    // THEN
    expect(gw.node.children.map((c) => c.node.id)).toEqual([
      'gateway',
      'redirect-to-https',
      'route-x.io',
      'grpc-route-x.io',
    ]);
    expect(
      synth(system)
        .filter((o) => o.apiVersion.startsWith('gateway.'))
        .map((o) => `${o.kind}/${o.metadata.name}`),
    ).toEqual([
      'Gateway/public',
      'HTTPRoute/public-redirect-to-https',
      'HTTPRoute/public-x.io',
      'GRPCRoute/public-x.io-grpc',
    ]);
    expect(gw.dataPlaneServiceAccount()).toEqual({
      name: 'envoy-delinkcious-public-eeb8ba3d',
      namespace: 'envoy-gateway-system',
    });
  });

  describe('refuses what cannot work', () => {
    const cases: [string, (s: ReturnType<typeof services>) => GatewayProps, string][] = [
      [
        'TLS without host',
        ({ api }) => ({ tls: GatewayTls.fromSecret('cert'), rules: [{ routes: [{ backend: api }] }] }),
        "Delinkcious/gw: 'rules[0].host' must be set when 'tls' is configured: certificates are issued per host (got undefined)",
      ],
      [
        'more than 16 paths on one host',
        ({ api }) => ({
          rules: [
            {
              host: 'a.io',
              routes: Array.from({ length: 17 }, (_, i) => ({ backend: api, path: `/p${i}` })),
            },
          ],
        }),
        "Delinkcious/gw: 'rules[0].routes' must not give host 'a.io' more than 16 paths: its HTTPRoute holds at most 16 rules (Gateway API CRD) (got 17). Split the paths over another Gateway, or route a common prefix",
      ],
      [
        'more than 64 listeners',
        ({ api }) => ({
          tls: GatewayTls.certManager('le'),
          rules: Array.from({ length: 33 }, (_, i) => ({ host: `h${i}.io`, routes: [{ backend: api }] })),
        }),
        "Delinkcious/gw: 'rules[32].host' must not give Gateway 'gw' more than 64 listeners (Gateway API CRD; a host takes two: HTTP and HTTPS) (got 'h32.io'). Declare another Gateway for the other hosts",
      ],
      [
        'an in-namespace data plane under default-deny',
        ({ api }) => ({
          implementation: GatewayImplementation.istio(),
          rules: [{ host: 'a.io', routes: [{ backend: api }] }],
        }),
        "Delinkcious/gw: 'implementation' must run the data plane outside namespace 'delinkcious': its default-deny NetworkPolicies would cut the proxies off, and shipshape does not derive policies for another project's pods (got 'istio'). Reference a Gateway the platform runs in its own namespace (Gateway.fromAttributes), or set networkPolicies: false on the System",
      ],
      [
        'a custom data plane that selects every pod of a namespace',
        ({ api }) => ({
          implementation: GatewayImplementation.custom({
            gatewayClassName: 'x',
            dataPlane: () => ({ namespace: 'edge', podLabels: {} }),
          }),
          rules: [{ host: 'a.io', routes: [{ backend: api }] }],
        }),
        "Delinkcious/gw: 'implementation.dataPlane.podLabels' must hold at least one label: an empty selector admits every pod of the namespace (got {})",
      ],
    ];
    test.each(cases)('%s', (_name, props, message) => {
      // GIVEN
      const s = services();
      // WHEN / THEN
      expect(errorOf(() => new Gateway(s.system, 'gw', props(s)))).toBe(message);
    });

    test('the old Ingress form, with a hint that names the new one', () => {
      // GIVEN
      const { system, api } = services();
      // WHEN / THEN
      expect(
        errorOf(
          () =>
            new Gateway(system, 'gw', {
              ingressClassName: 'nginx',
              rules: [{ routes: [{ backend: api }] }],
            } as unknown as GatewayProps),
        ),
      ).toBe(
        "Delinkcious/gw: 'ingressClassName' is not a prop of Gateway: a Gateway is now a Gateway API Gateway (gateway.networking.k8s.io/v1), served by its implementation, and ingressClassName belongs to an Ingress (got 'nginx'). Drop 'ingressClassName' (set 'implementation' to choose the GatewayClass), or keep an Ingress: new Ingress(scope, id, { ingressClassName, controller, rules })",
      );
    });

    test('a refused rule leaves the Gateway as it was', () => {
      // GIVEN
      const { system, api, news } = services();
      const gw = new Gateway(system, 'gw', { rules: [{ host: 'a.io', routes: [{ backend: api }] }] });
      // WHEN a rule with one good and one bad route is added
      expect(() =>
        gw.addRule({ host: 'b.io', routes: [{ backend: api }, { backend: news, port: 'raw' }] }),
      ).toThrow();
      // THEN nothing of it was kept: no listener, route, host or NetworkPolicy admission
      const objects = synth(system);
      expect(find(objects, 'Gateway', 'gw').spec.listeners).toHaveLength(1);
      expect(ofKind(objects, 'HTTPRoute').map((o) => o.metadata.name)).toEqual(['gw-a.io']);
      expect(gw.hosts).toEqual(['a.io']);
    });

    test('a Gateway without rules is refused at synthesis (rules may be added until then)', () => {
      // GIVEN
      const { system } = services();
      // WHEN
      new Gateway(system, 'gw');
      // THEN
      expect(errorOf(() => synthesizeFiles(system))).toBe(
        "Delinkcious/gw: 'rules' must hold at least one rule: a Gateway without listeners serves nothing (got [])",
      );
    });

    test('the same route on two Gateways of one System, and a backend of another System', () => {
      // GIVEN
      const { system, api } = services();
      new Gateway(system, 'a', { rules: [{ host: 'delinkcio.us', routes: [{ backend: api }] }] });
      const other = services().api as ServiceWorkload;
      // WHEN / THEN
      expect(
        errorOf(
          () => new Gateway(system, 'b', { rules: [{ host: 'delinkcio.us', routes: [{ backend: api }] }] }),
        ),
      ).toBe(
        "Delinkcious/b: 'rules[0].routes[0].path' must not repeat a route that Delinkcious/a already serves (got 'delinkcio.us/')",
      );
      expect(errorOf(() => new Gateway(system, 'c', { rules: [{ routes: [{ backend: other }] }] }))).toBe(
        "Delinkcious/c: 'rules[0].routes[0].backend' must be a service of system 'Delinkcious' (got 'Delinkcious/api-gateway')",
      );
    });
  });
});

describe('cdk8s conventions (issue 18)', () => {
  test('Node.of(gateway).defaultChild is its Gateway API Gateway', () => {
    // GIVEN / WHEN
    const { system } = newSystem();
    const gw = new Gateway(system, 'gw');
    // THEN
    expect(Node.of(gw).defaultChild).toBe(gw.gateway);
  });
});
