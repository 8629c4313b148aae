import { diffExposure, exposureEntries } from '../../src/diff/exposure';
import type { KubeObject } from '../../src/synth/files';

// Exposure: Ingress, Gateway API Gateways and routes, NodePort/LoadBalancer Services, catch-all CIDRs.

const obj = (apiVersion: string, kind: string, name: string, spec: Record<string, unknown>): KubeObject => ({
  apiVersion,
  kind,
  metadata: { name, namespace: 'shop' },
  spec,
});
const ingress = (rules: unknown[], tls: unknown[] = []) =>
  obj('networking.k8s.io/v1', 'Ingress', 'public', { ingressClassName: 'nginx', rules, tls });
const rule = (host: string, path: string) => ({
  host,
  http: {
    paths: [{ path, pathType: 'Prefix', backend: { service: { name: 'web', port: { name: 'http' } } } }],
  },
});
const texts = (base: KubeObject[], head: KubeObject[]) =>
  diffExposure(base, head).map((c) => `${c.change} ${c.widen ? 'widen' : 'narrow'} ${c.kind}: ${c.text}`);

describe('Ingress', () => {
  test('a new path widens; TLS removed widens; a path removed narrows', () => {
    // GIVEN a host with TLS; then a second path and no TLS; then the first path gone
    const tls = [{ hosts: ['shop.example.com'], secretName: 'shop-tls' }];
    const v1 = ingress([rule('shop.example.com', '/')], tls);
    const v2 = ingress([rule('shop.example.com', '/'), rule('shop.example.com', '/admin')]);
    // WHEN compared / THEN
    expect(texts([v1], [v2])).toEqual([
      'added widen route: http://shop.example.com/admin (Prefix) → Service shop/web:http (class nginx)',
      'removed widen tls: TLS for shop.example.com (Secret shop-tls)',
    ]);
    expect(texts([v2], [ingress([rule('shop.example.com', '/admin')])])).toEqual([
      'removed narrow route: http://shop.example.com/ (Prefix) → Service shop/web:http (class nginx)',
    ]);
  });
});

describe('Gateway API', () => {
  const gw = (from: string, tls = true) =>
    obj('gateway.networking.k8s.io/v1', 'Gateway', 'edge', {
      gatewayClassName: 'eg',
      listeners: [
        {
          name: 'https',
          protocol: 'HTTPS',
          port: 443,
          hostname: 'shop.example.com',
          allowedRoutes: { namespaces: { from } },
          ...(tls && { tls: { mode: 'Terminate', certificateRefs: [{ name: 'shop-tls' }] } }),
        },
      ],
    });
  const route = (kind: string, matches: unknown[]) =>
    obj('gateway.networking.k8s.io/v1', kind, 'web', {
      parentRefs: [{ name: 'edge', sectionName: 'https' }],
      hostnames: ['shop.example.com'],
      rules: [{ matches, backendRefs: [{ name: 'web', port: 8080 }] }],
    });

  test('a listener that admits routes from every namespace widens; TLS dropped widens', () => {
    // GIVEN routes from the Gateway's namespace only, then from All, then without TLS / WHEN compared / THEN
    expect(texts([gw('Same')], [gw('All')])).toEqual([
      'added widen listener: listener https: HTTPS :443 for shop.example.com, routes from All namespaces',
      'removed narrow listener: listener https: HTTPS :443 for shop.example.com, routes from Same namespaces',
    ]);
    expect(texts([gw('Same')], [gw('Same', false)])).toEqual([
      'removed widen tls: TLS for shop.example.com on listener https (Terminate, shop-tls)',
    ]);
  });

  test('HTTPRoute and GRPCRoute matches are routes of their hosts and parents', () => {
    // GIVEN an HTTPRoute gaining a path and a new GRPCRoute
    const http = (paths: string[]) =>
      route(
        'HTTPRoute',
        paths.map((value) => ({ path: { type: 'PathPrefix', value } })),
      );
    const grpc = route('GRPCRoute', [{ method: { service: 'shop.Orders', method: 'Get' } }]);
    // WHEN compared / THEN each new match is a widening route
    expect(texts([http(['/'])], [http(['/', '/v2']), grpc])).toEqual([
      'added widen route: shop.example.com shop.Orders/Get → Service shop/web:8080 (via Gateway shop/edge/https)',
      'added widen route: shop.example.com /v2 (PathPrefix) → Service shop/web:8080 (via Gateway shop/edge/https)',
    ]);
  });
});

describe('Services and CIDRs', () => {
  const lb = (ranges?: string[]) =>
    obj('v1', 'Service', 'web', {
      type: 'LoadBalancer',
      ports: [{ port: 443, protocol: 'TCP', nodePort: 30443 }],
      ...(ranges && { loadBalancerSourceRanges: ranges }),
    });

  test('a LoadBalancer from anywhere widens; narrowing its sources does not', () => {
    // GIVEN a ClusterIP Service becoming a LoadBalancer, then restricted to one range
    const clusterIp = obj('v1', 'Service', 'web', { ports: [{ port: 443 }] });
    // WHEN compared / THEN
    expect(texts([clusterIp], [lb()])).toEqual([
      'added widen service: LoadBalancer 443/TCP nodePort 30443 from anywhere (0.0.0.0/0)',
      'added widen service: LoadBalancer 443/TCP nodePort 30443 from anywhere (::/0)',
    ]);
    expect(texts([lb()], [lb(['203.0.113.0/24'])])).toEqual([
      'added narrow service: LoadBalancer 443/TCP nodePort 30443 from 203.0.113.0/24',
      'removed narrow service: LoadBalancer 443/TCP nodePort 30443 from anywhere (0.0.0.0/0)',
      'removed narrow service: LoadBalancer 443/TCP nodePort 30443 from anywhere (::/0)',
    ]);
    expect(texts([lb(['203.0.113.0/24'])], [lb(['198.51.100.0/24'])])[0]).toBe(
      'added widen service: LoadBalancer 443/TCP nodePort 30443 from 198.51.100.0/24',
    );
  });

  test('a NetworkPolicy peer of every address appearing widens, IPv4 and IPv6', () => {
    // GIVEN egress to 0.0.0.0/0 except private ranges, and ingress from ::/0
    const np = (rules: Record<string, unknown>) =>
      obj('networking.k8s.io/v1', 'NetworkPolicy', 'web', {
        podSelector: { matchLabels: { app: 'web' } },
        ...rules,
      });
    const open = np({
      egress: [{ to: [{ ipBlock: { cidr: '0.0.0.0/0', except: ['10.0.0.0/8'] } }], ports: [{ port: 443 }] }],
      ingress: [{ from: [{ ipBlock: { cidr: '::/0' } }] }],
    });
    // WHEN compared with no such peer / THEN
    expect(texts([np({})], [open])).toEqual([
      'added widen cidr: admits ::/0 on every port to pods app=web',
      'added widen cidr: lets pods app=web reach 0.0.0.0/0 except 10.0.0.0/8 on 443/TCP',
    ]);
    expect(exposureEntries([np({ ingress: [{ from: [{ ipBlock: { cidr: '10.0.0.0/8' } }] }] })])).toEqual([]);
  });
});
