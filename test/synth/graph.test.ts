import * as fs from 'fs';
import * as path from 'path';
import { synthesizeEnvironment } from '../../src/delinkcious/app';
import { topology, withTopology } from '../../src/synth/graph';
import { newSystem } from '../constructs/_helpers';
import { Gateway, Ingress, Microservice, ServiceType, StatefulService, Protocol } from '../../constructs';

const graphOf = (env: string) => topology(synthesizeEnvironment(env).system);

describe('topology', () => {
  const graph = graphOf('production');

  test('draws services, data stores, the task and the public entry from the constructs', () => {
    // GIVEN / WHEN / THEN
    expect(graph.startsWith('flowchart LR')).toBe(true);
    expect(graph).toContain('nats[("nats<br/>StatefulSet x3")]');
    expect(graph).toContain('link_checker[/"link-checker<br/>CronJob"/]');
    expect(graph).toContain('internet -->|"https"| gw_public_gateway');
    expect(graph).toContain('gw_public_gateway_r0[["delinkcio.us<br/>HTTPRoute"]]');
    expect(graph).toContain('gw_public_gateway --> gw_public_gateway_r0');
    // AND production's mesh marks every call between pods as mutual TLS
    expect(graph).toContain('gw_public_gateway_r0 -->|"mTLS /"| api_gateway');
    expect(graph).toContain('news_manager -->|"mTLS redis:6379"| news_redis');
    expect(graph).toContain('api_gateway -->|"mTLS grpc:6060"| news_manager');
  });

  test('has one edge per declared dependency', () => {
    // GIVEN / WHEN
    const edges = graph.split('\n').filter((l) => /^ {2}\w+ -->\|"mTLS [a-z]+:\d+/.test(l));
    // THEN
    expect(edges).toHaveLength(13);
  });

  test('local runs a single NATS node over plain HTTP', () => {
    // GIVEN / WHEN
    const local = graphOf('local');
    // THEN
    expect(local).toContain('nats[("nats<br/>StatefulSet x1")]');
    expect(local).toContain('internet -->|"http"| gw_public_gateway');
    // AND without a mesh no call is marked mTLS
    expect(local).not.toContain('mTLS');
    expect(local).toContain('news_manager -->|"redis:6379"| news_redis');
  });

  test('docs/delinkcious.md embeds the current graph', () => {
    // GIVEN
    const readme = fs.readFileSync(path.join(__dirname, '..', '..', 'docs', 'delinkcious.md'), 'utf8');
    // WHEN / THEN
    expect(withTopology(readme, graph, 'Environment `production`')).toBe(readme);
  });

  test('refuses a README without markers', () => {
    // GIVEN / WHEN / THEN
    expect(() => withTopology('# no markers', graph, 'x')).toThrow('no topology markers');
  });

  test('draws any System, leaving out the classes it has no member of', () => {
    // GIVEN
    const { system } = newSystem();
    new Microservice(system, 'web', { image: 'nginx:1.25.3', ports: [{ name: 'http', port: 8080 }] });
    // WHEN
    const lines = topology(system).split('\n');
    // THEN
    expect(lines).toContain('  web("web<br/>Deployment")');
    expect(lines).toContain('  class web svc');
    expect(lines.filter((l) => l.startsWith('  class '))).toHaveLength(1);
  });

  test("draws a platform Gateway's routes and an opted-in Ingress, gRPC routes by kind", () => {
    // GIVEN a service routed through a platform Gateway (HTTP and gRPC) and through an Ingress
    const { system } = newSystem();
    const api = new Microservice(system, 'api', {
      image: 'example/api:1.0.0',
      ports: [
        { name: 'http', port: 8080 },
        { name: 'grpc', port: 9090, protocol: Protocol.GRPC },
      ],
    });
    Gateway.fromAttributes(system, 'shared', {
      gatewayName: 'shared',
      gatewayNamespace: 'gateways',
      https: true,
      rules: [{ host: 'api.example.com', routes: [{ backend: api }, { backend: api, port: 'grpc' }] }],
    });
    new Ingress(system, 'legacy', {
      controller: { namespace: 'ingress-nginx', podLabels: { 'app.kubernetes.io/name': 'ingress-nginx' } },
      rules: [{ host: 'old.example.com', routes: [{ path: '/v1', backend: api }] }],
    });
    // WHEN
    const lines = topology(system).split('\n');
    // THEN the Gateway of the platform, one route node per host and kind, and the Ingress beside it
    expect(lines).toEqual(
      expect.arrayContaining([
        '  gw_shared{{"gateways/shared<br/>Gateway (platform)"}}',
        '  internet -->|"https"| gw_shared',
        '  gw_shared_r0[["api.example.com<br/>HTTPRoute"]]',
        '  gw_shared_r0 -->|"/"| api',
        '  gw_shared_r1[["api.example.com<br/>GRPCRoute"]]',
        '  gw_shared_r1 -->|"gRPC"| api',
        '  ing_legacy{{"legacy<br/>Ingress"}}',
        '  internet -->|"http"| ing_legacy',
        '  ing_legacy -->|"old.example.com/v1"| api',
      ]),
    );
  });

  test('draws each Service reachable from outside the cluster with its ports and sources', () => {
    // GIVEN
    const { system } = newSystem({
      clusterNetwork: { podCidrs: ['10.244.0.0/16'], serviceCidrs: ['10.96.0.0/12'] },
    });
    new Microservice(system, 'web', {
      image: 'nginx:1.25.3',
      ports: [
        { name: 'http', port: 8080, servicePort: 80 },
        { name: 'admin', port: 9000 },
      ],
      serviceType: ServiceType.LOAD_BALANCER,
      serviceSources: { anywhere: true },
      extraServices: [
        {
          suffix: 'admin',
          ports: ['admin'],
          type: ServiceType.NODE_PORT,
          sources: { cidrs: ['10.20.0.0/16'] },
        },
        { suffix: 'internal' },
      ],
    });
    new StatefulService(system, 'db', {
      image: 'redis:7.2.4',
      ports: [{ name: 'redis', port: 6379, protocol: Protocol.TCP }],
      storage: { size: '1Gi', mountPath: '/data' },
    });
    // WHEN
    const edges = topology(system)
      .split('\n')
      .filter((l) => l.startsWith('  internet -->'));
    // THEN one edge per external Service, none for ClusterIP ones
    expect(edges).toEqual([
      '  internet -->|"LoadBalancer http:80, admin:9000 from anywhere"| web',
      '  internet -->|"NodePort admin:9000 from 10.20.0.0/16"| web',
    ]);
  });
});
