import { Node } from 'constructs';
import {
  GatewayTls,
  Ingress,
  Microservice,
  PathType,
  Protocol,
  type IngressProps,
  type ServiceWorkload,
} from '../../constructs';
import { synthesizeFiles } from '../../src/synth/files';
import { errorOf, find, newSystem, synth } from './_helpers';

/** ingress-nginx's pods, as a cluster that still runs it names them. */
const NGINX = { namespace: 'ingress-nginx', podLabels: { 'app.kubernetes.io/name': 'ingress-nginx' } };

function apiGateway() {
  const { system } = newSystem();
  const api = new Microservice(system, 'api-gateway', {
    image: 'g1g1/delinkcious-api-gateway:0.5',
    ports: [{ name: 'http', port: 5000 }],
  });
  return { system, api };
}

describe('Ingress', () => {
  test('routes hosts and paths to services by reference and opens them to the ingress controller', () => {
    // GIVEN
    const { system, api } = apiGateway();
    // WHEN
    new Ingress(system, 'public', {
      ingressClassName: 'nginx',
      controller: NGINX,
      annotations: { 'nginx.ingress.kubernetes.io/proxy-body-size': '1m' },
      rules: [{ host: 'delinkcious.local', routes: [{ backend: api }] }],
    });
    const objects = synth(system);
    // THEN
    expect(objects.filter((o) => o.kind === 'Ingress')).toMatchSnapshot();
    expect(find(objects, 'Ingress', 'public').spec).toEqual({
      ingressClassName: 'nginx',
      rules: [
        {
          host: 'delinkcious.local',
          http: {
            paths: [
              {
                path: '/',
                pathType: 'Prefix',
                backend: { service: { name: 'api-gateway', port: { name: 'http' } } },
              },
            ],
          },
        },
      ],
    });
    expect(find(objects, 'NetworkPolicy', 'api-gateway').spec.ingress).toEqual([
      {
        from: [
          {
            namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'ingress-nginx' } },
            podSelector: { matchLabels: { 'app.kubernetes.io/name': 'ingress-nginx' } },
          },
        ],
        ports: [{ protocol: 'TCP', port: 5000 }],
      },
    ]);
  });

  test('cert-manager TLS annotates the issuer and names the certificate Secret after the gateway', () => {
    // GIVEN
    const { system, api } = apiGateway();
    // WHEN
    new Ingress(system, 'public', {
      controller: NGINX,
      tls: GatewayTls.certManager('letsencrypt-prod'),
      rules: [{ host: 'delinkcio.us', routes: [{ backend: api }] }],
    });
    const ingress = find(synth(system), 'Ingress', 'public');
    // THEN
    expect(ingress.metadata.annotations).toEqual({ 'cert-manager.io/cluster-issuer': 'letsencrypt-prod' });
    expect(ingress.spec.tls).toEqual([{ hosts: ['delinkcio.us'], secretName: 'public-tls' }]);
  });

  test('TLS from an existing Secret and rules added after construction', () => {
    // GIVEN
    const { system, api } = apiGateway();
    const gw = new Ingress(system, 'public', {
      controller: NGINX,
      tls: GatewayTls.fromSecret('wildcard-cert'),
    });
    // WHEN
    gw.addRule({
      host: '*.delinkcio.us',
      routes: [{ backend: api, path: '/api', pathType: PathType.EXACT }],
    });
    const ingress = find(synth(system), 'Ingress', 'public');
    // THEN
    expect(ingress.spec.tls).toEqual([{ hosts: ['*.delinkcio.us'], secretName: 'wildcard-cert' }]);
    expect(ingress.spec.rules[0].http.paths[0]).toMatchObject({ path: '/api', pathType: 'Exact' });
  });

  describe('refuses bad input', () => {
    const cases: [string, (api: ServiceWorkload) => Omit<IngressProps, 'controller'>, string][] = [
      [
        'TLS without host',
        (api) => ({ tls: GatewayTls.fromSecret('cert'), rules: [{ routes: [{ backend: api }] }] }),
        "Delinkcious/gw: 'rules[0].host' must be set when 'tls' is configured: certificates are issued per host (got undefined)",
      ],
      [
        'host with scheme',
        (api) => ({ rules: [{ host: 'https://delinkcio.us', routes: [{ backend: api }] }] }),
        "Delinkcious/gw: 'rules[0].host' must be a lowercase RFC 1123 host name (a leading '*.' wildcard is allowed; no IP addresses, ports or schemes) (got 'https://delinkcio.us')",
      ],
      [
        'IP host',
        (api) => ({ rules: [{ host: '10.0.0.1', routes: [{ backend: api }] }] }),
        "Delinkcious/gw: 'rules[0].host' must be a lowercase RFC 1123 host name (a leading '*.' wildcard is allowed; no IP addresses, ports or schemes) (got '10.0.0.1')",
      ],
      [
        'inner wildcard',
        (api) => ({ rules: [{ host: 'api.*.io', routes: [{ backend: api }] }] }),
        "Delinkcious/gw: 'rules[0].host' must be a lowercase RFC 1123 host name (a leading '*.' wildcard is allowed; no IP addresses, ports or schemes) (got 'api.*.io')",
      ],
      [
        'old-style /* path',
        (api) => ({ rules: [{ host: 'a.io', routes: [{ backend: api, path: '/*' }] }] }),
        "Delinkcious/gw: 'rules[0].routes[0].path' must be a literal path for pathType Prefix (no wildcards or regular expressions) (got '/*'). Use '/' with pathType Prefix",
      ],
      [
        'relative path',
        (api) => ({ rules: [{ routes: [{ backend: api, path: 'api' }] }] }),
        "Delinkcious/gw: 'rules[0].routes[0].path' must be an absolute path starting with '/' (got 'api')",
      ],
      [
        'missing port',
        (api) => ({ rules: [{ routes: [{ backend: api, port: 'grpc' }] }] }),
        "Delinkcious/gw: 'rules[0].routes[0].port' must name a port of 'api-gateway' (http) (got 'grpc')",
      ],
      [
        'duplicate route',
        (api) => ({ rules: [{ host: 'a.io', routes: [{ backend: api }, { backend: api, path: '/' }] }] }),
        "Delinkcious/gw: 'rules[0].routes[1].path' must not repeat a route that Delinkcious/gw already serves (got 'a.io/')",
      ],
      [
        'no routes',
        () => ({ rules: [{ host: 'a.io', routes: [] }] }),
        "Delinkcious/gw: 'rules[0].routes' must list at least one route (got [])",
      ],
    ];
    test.each(cases)('%s', (_name, props, message) => {
      // GIVEN
      const { system, api } = apiGateway();
      // WHEN / THEN
      expect(errorOf(() => new Ingress(system, 'gw', { controller: NGINX, ...props(api) }))).toBe(message);
    });

    test('TLS without any host is refused at synthesis (rules may be added until then)', () => {
      // GIVEN
      const { system } = apiGateway();
      // WHEN
      new Ingress(system, 'gw', { controller: NGINX, tls: GatewayTls.fromSecret('cert') });
      // THEN
      expect(errorOf(() => synthesizeFiles(system))).toBe(
        "Delinkcious/gw: 'rules' must hold at least one rule with a host when 'tls' is configured (got [])",
      );
    });

    test('the same route on two gateways of one system', () => {
      // GIVEN
      const { system, api } = apiGateway();
      new Ingress(system, 'a', {
        controller: NGINX,
        rules: [{ host: 'delinkcio.us', routes: [{ backend: api }] }],
      });
      // WHEN / THEN
      expect(
        errorOf(
          () =>
            new Ingress(system, 'b', {
              controller: NGINX,
              rules: [{ host: 'delinkcio.us', routes: [{ backend: api }] }],
            }),
        ),
      ).toBe(
        "Delinkcious/b: 'rules[0].routes[0].path' must not repeat a route that Delinkcious/a already serves (got 'delinkcio.us/')",
      );
    });

    test('a backend of another system', () => {
      // GIVEN
      const { system } = apiGateway();
      const other = apiGateway().api;
      // WHEN / THEN
      expect(
        errorOf(
          () => new Ingress(system, 'gw', { controller: NGINX, rules: [{ routes: [{ backend: other }] }] }),
        ),
      ).toBe(
        "Delinkcious/gw: 'rules[0].routes[0].backend' must be a service of system 'Delinkcious' (got 'Delinkcious/api-gateway')",
      );
    });

    test('a gRPC backend is refused, with the Gateway API form as the hint', () => {
      // GIVEN
      const { system } = newSystem();
      const news = new Microservice(system, 'news', {
        image: 'g1g1/delinkcious-news:0.3',
        ports: [{ name: 'grpc', port: 6060, protocol: Protocol.GRPC }],
      });
      // WHEN / THEN
      expect(
        errorOf(
          () =>
            new Ingress(system, 'gw', {
              controller: NGINX,
              rules: [{ host: 'news.io', routes: [{ backend: news }] }],
            }),
        ),
      ).toBe(
        "Delinkcious/gw: 'rules[0].routes[0].backend' must name an HTTP port: port 'grpc' of 'news' speaks grpc (got 'grpc'). Route gRPC through a Gateway (a GRPCRoute)",
      );
    });

    test('no controller: the NetworkPolicy peer stays explicit', () => {
      // GIVEN
      const { system, api } = apiGateway();
      // WHEN / THEN
      expect(
        errorOf(
          () =>
            new Ingress(system, 'gw', { rules: [{ routes: [{ backend: api }] }] } as unknown as IngressProps),
        ),
      ).toBe(
        "Delinkcious/gw: 'controller' must be set: the backends' NetworkPolicies admit the ingress controller's pods, and no controller is assumed (got undefined). Use e.g. { namespace: 'ingress-nginx', podLabels: { 'app.kubernetes.io/name': 'ingress-nginx' } }",
      );
      expect(
        errorOf(
          () =>
            new Ingress(system, 'gw2', {
              controller: { namespace: 'ingress-nginx', podLabels: {} },
              rules: [{ routes: [{ backend: api }] }],
            }),
        ),
      ).toBe(
        "Delinkcious/gw2: 'controller.podLabels' must hold at least one label: an empty selector admits every pod of the namespace (got {})",
      );
    });
  });
});

describe('cdk8s conventions (issue 18)', () => {
  test('Node.of(ingress).defaultChild is its Ingress', () => {
    // GIVEN / WHEN
    const { system } = newSystem();
    const ing = new Ingress(system, 'gw', { controller: NGINX });
    // THEN
    expect(Node.of(ing).defaultChild).toBe(ing.ingress);
  });
});
