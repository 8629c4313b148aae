import {
  Gateway,
  GatewayImplementation,
  GatewayRef,
  Microservice,
  Protocol,
  type GatewayRefProps,
} from '../../constructs';
import { synthesizeFiles } from '../../src/synth/files';
import { validateObjects } from '../../src/validate';
import { errorOf, find, newSystem, ofKind, synth } from './_helpers';

function withApi() {
  const { system } = newSystem();
  const api = new Microservice(system, 'api', {
    image: 'g1g1/delinkcious-api-gateway:0.5',
    ports: [
      { name: 'http', port: 5000 },
      { name: 'grpc', port: 6000, protocol: Protocol.GRPC },
    ],
  });
  return { system, api };
}

const SHARED = { gatewayName: 'shared', gatewayNamespace: 'gateways' } as const;

describe('GatewayRef', () => {
  test('attaches routes to a platform Gateway by parentRefs and creates no Gateway', () => {
    // GIVEN
    const { system, api } = withApi();
    // WHEN
    const ref = Gateway.fromAttributes(system, 'public', {
      ...SHARED,
      sectionName: 'https',
      hostname: '*.apps.example.com',
      https: true,
      rules: [{ host: 'shop.apps.example.com', routes: [{ backend: api }, { backend: api, port: 'grpc' }] }],
    });
    const objects = synth(system);
    // THEN one HTTPRoute and one GRPCRoute, attached to the named listener of gateways/shared
    expect(ref).toBeInstanceOf(GatewayRef);
    expect(ofKind(objects, 'Gateway')).toEqual([]);
    const parent = [
      {
        group: 'gateway.networking.k8s.io',
        kind: 'Gateway',
        name: 'shared',
        namespace: 'gateways',
        sectionName: 'https',
      },
    ];
    expect(find(objects, 'HTTPRoute', 'public-shop.apps.example.com').spec).toEqual({
      parentRefs: parent,
      hostnames: ['shop.apps.example.com'],
      rules: [
        {
          matches: [{ path: { type: 'PathPrefix', value: '/' } }],
          backendRefs: [{ group: '', kind: 'Service', name: 'api', port: 5000, weight: 1 }],
        },
      ],
    });
    expect(find(objects, 'GRPCRoute', 'public-shop.apps.example.com-grpc').spec.parentRefs).toEqual(parent);
    // AND the backend admits that Gateway's proxies only, on both routed ports
    expect(find(objects, 'NetworkPolicy', 'api').spec.ingress).toEqual([
      {
        from: [
          {
            namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'envoy-gateway-system' } },
            podSelector: {
              matchLabels: {
                'gateway.envoyproxy.io/owning-gateway-name': 'shared',
                'gateway.envoyproxy.io/owning-gateway-namespace': 'gateways',
              },
            },
          },
        ],
        ports: [
          { protocol: 'TCP', port: 5000 },
          { protocol: 'TCP', port: 6000 },
        ],
      },
    ]);
    expect(system.gateways).toEqual([ref]);
    expect(ref.dataPlaneServiceAccount()?.namespace).toBe('envoy-gateway-system');
    expect(validateObjects(objects.map((object) => ({ object })))).toEqual([]);
  });

  test("admits an Istio Gateway's pods in the platform's namespace", () => {
    // GIVEN
    const { system, api } = withApi();
    // WHEN
    new GatewayRef(system, 'mesh', {
      ...SHARED,
      implementation: GatewayImplementation.istio(),
      rules: [{ routes: [{ backend: api }] }],
    });
    // THEN
    expect(find(synth(system), 'NetworkPolicy', 'api').spec.ingress[0].from).toEqual([
      {
        namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'gateways' } },
        podSelector: { matchLabels: { 'gateway.networking.k8s.io/gateway-name': 'shared' } },
      },
    ]);
  });

  describe('refuses', () => {
    const cases: [string, (api: Microservice) => GatewayRefProps, string][] = [
      [
        "a host outside the listener's hostname",
        (api) => ({
          ...SHARED,
          hostname: '*.example.com',
          rules: [{ host: 'example.com', routes: [{ backend: api }] }],
        }),
        "Delinkcious/ref: 'rules[0].host' must be within the listener's hostname '*.example.com': Gateway API attaches a route only where its hostnames intersect the listener's (got 'example.com')",
      ],
      [
        'a host of another domain',
        (api) => ({
          ...SHARED,
          hostname: 'a.example.com',
          rules: [{ host: 'b.example.com', routes: [{ backend: api }] }],
        }),
        "Delinkcious/ref: 'rules[0].host' must be within the listener's hostname 'a.example.com': Gateway API attaches a route only where its hostnames intersect the listener's (got 'b.example.com')",
      ],
      [
        'a bad section name',
        (api) => ({ ...SHARED, sectionName: 'HTTPS', rules: [{ routes: [{ backend: api }] }] }),
        "Delinkcious/ref: 'sectionName' must be a listener name (a DNS-1123 subdomain of at most 253 characters) (got 'HTTPS')",
      ],
      [
        'a bad namespace',
        (api) => ({ ...SHARED, gatewayNamespace: 'Gateways', rules: [{ routes: [{ backend: api }] }] }),
        "Delinkcious/ref: 'gatewayNamespace' must be a DNS-1123 label: lowercase letters, digits and -, starting and ending with a letter or digit (got 'Gateways')",
      ],
      [
        'unknown implementation options',
        (api) => ({
          ...SHARED,
          implementation: GatewayImplementation.envoyGateway({ namespce: 'x' } as never),
          rules: [{ routes: [{ backend: api }] }],
        }),
        "Delinkcious/ref: 'implementation.namespce' is not a prop of EnvoyGatewayOptions (got 'x'). Did you mean 'namespace'?",
      ],
    ];
    test.each(cases)('%s', (_name, props, message) => {
      // GIVEN
      const { system, api } = withApi();
      // WHEN / THEN
      expect(errorOf(() => new GatewayRef(system, 'ref', props(api)))).toBe(message);
    });

    test('a reference without routes, at synthesis', () => {
      // GIVEN
      const { system } = withApi();
      // WHEN
      new GatewayRef(system, 'ref', SHARED);
      // THEN
      expect(errorOf(() => synthesizeFiles(system))).toBe(
        "Delinkcious/ref: 'rules' must hold at least one rule: a GatewayRef without routes serves nothing (got [])",
      );
    });
  });
});
