import {
  Gateway,
  Microservice,
  PathType,
  Probe,
  Protocol,
  RouteKind,
  Transport,
  type GatewayProps,
} from '../../constructs';
import { _hostWithin } from '../../constructs/_route-plan';
import { errorOf, newSystem } from './_helpers';

describe('_hostWithin', () => {
  test.each([
    ['a.example.com', undefined, true],
    ['a.example.com', 'a.example.com', true],
    ['a.example.com', '*.example.com', true],
    ['a.b.example.com', '*.example.com', true],
    ['*.a.example.com', '*.example.com', true],
    ['*.example.com', '*.example.com', true],
    ['example.com', '*.example.com', false],
    ['a.example.org', '*.example.com', false],
    ['aexample.com', '*.example.com', false],
    ['b.example.com', 'a.example.com', false],
    ['*.example.com', 'a.example.com', false],
  ])('%s within listener %s: %s (as Gateway API intersects hostnames)', (host, listener, within) => {
    expect(_hostWithin(host, listener)).toBe(within);
  });
});

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

describe('route rules, as a Gateway checks them', () => {
  const cases: [string, (s: ReturnType<typeof services>) => GatewayProps, string][] = [
    [
      'a UDP port',
      ({ news }) => ({ rules: [{ host: 'a.io', routes: [{ backend: news, port: 'syslog' }] }] }),
      "Delinkcious/gw: 'rules[0].routes[0].port' must route to a TCP port: port 'syslog' of 'news' is UDP, which HTTP and gRPC routes cannot carry (got 'syslog')",
    ],
    [
      'a plain TCP port',
      ({ news }) => ({ rules: [{ host: 'a.io', routes: [{ backend: news, port: 'raw' }] }] }),
      "Delinkcious/gw: 'rules[0].routes[0].port' must name an HTTP or gRPC port: port 'raw' of 'news' speaks plain TCP, which HTTPRoutes and GRPCRoutes cannot carry (got 'raw')",
    ],
    [
      'a GRPCRoute to an HTTP port',
      ({ api }) => ({ rules: [{ host: 'a.io', routes: [{ backend: api, kind: RouteKind.GRPC }] }] }),
      "Delinkcious/gw: 'rules[0].routes[0].kind' must match what port 'http' of 'api-gateway' speaks (http): a GRPCRoute to a http port cannot work (got 'GRPCRoute'). Use RouteKind.HTTP, or leave 'kind' unset",
    ],
    [
      'an HTTPRoute to a gRPC port',
      ({ news }) => ({
        rules: [{ host: 'a.io', routes: [{ backend: news, port: 'grpc', kind: RouteKind.HTTP }] }],
      }),
      "Delinkcious/gw: 'rules[0].routes[0].kind' must match what port 'grpc' of 'news' speaks (grpc): a HTTPRoute to a grpc port cannot work (got 'HTTPRoute'). Use RouteKind.GRPC, or leave 'kind' unset",
    ],
    [
      'a path on a gRPC backend',
      ({ news }) => ({
        rules: [{ host: 'a.io', routes: [{ backend: news, port: 'grpc', path: '/news.v1' }] }],
      }),
      "Delinkcious/gw: 'rules[0].routes[0].path' must be left unset for a gRPC backend: a GRPCRoute serves every method of its host, it matches no URL path (got '/news.v1')",
    ],
    [
      'an implementation-specific path',
      ({ api }) => ({
        rules: [
          {
            host: 'a.io',
            routes: [{ backend: api, path: '/v[0-9]', pathType: PathType.IMPLEMENTATION_SPECIFIC }],
          },
        ],
      }),
      "Delinkcious/gw: 'rules[0].routes[0].pathType' must be PathType.PREFIX or PathType.EXACT for a Gateway: Gateway API has no implementation-specific path type (got 'ImplementationSpecific')",
    ],
    ...(
      [
        ['/a//b', "must not contain '//'"],
        ['/a/./b', "must not contain '/./'"],
        ['/a/../b', "must not contain '/../'"],
        ['/a%2Fb', "must not contain '%2f' or '%2F'"],
        ['/a#b', "must not contain '#'"],
        ['/a/..', "must not end with '/..'"],
        ['/a/.', "must not end with '/.'"],
      ] as const
    ).map(([path, rule]): [string, (s: ReturnType<typeof services>) => GatewayProps, string] => [
      `path ${path}`,
      ({ api }) => ({ rules: [{ host: 'a.io', routes: [{ backend: api, path }] }] }),
      `Delinkcious/gw: 'rules[0].routes[0].path' ${rule} (got '${path}')`,
    ]),
  ];
  test.each(cases)('refuses %s', (_name, props, message) => {
    // GIVEN
    const s = services();
    // WHEN / THEN
    expect(errorOf(() => new Gateway(s.system, 'gw', props(s)))).toBe(message);
  });
});
