import { App, Testing } from 'cdk8s';
import { Construct, Node } from 'constructs';
import {
  EnvValue,
  Microservice,
  PodSecurityLevel,
  Protocol,
  StatefulService,
  System,
  type SystemProps,
} from '../../constructs';
import { errorOf, find, newSystem, ofKind, synth } from './_helpers';

describe('System', () => {
  test('emits a restricted namespace, default-deny and DNS egress policies', () => {
    // GIVEN
    const { system } = newSystem({ labels: { team: 'links' } });
    // WHEN
    const objects = synth(system);
    // THEN
    expect(objects).toMatchSnapshot();
    const ns = find(objects, 'Namespace', 'delinkcious');
    expect(ns.metadata.namespace).toBeUndefined();
    expect(ns.metadata.labels).toMatchObject({
      'pod-security.kubernetes.io/enforce': 'restricted',
      team: 'links',
    });
    expect(find(objects, 'NetworkPolicy', 'default-deny').spec).toEqual({
      podSelector: {},
      policyTypes: ['Ingress', 'Egress'],
    });
    expect(find(objects, 'NetworkPolicy', 'allow-dns').spec.egress[0].ports).toEqual([
      { protocol: 'UDP', port: 53 },
      { protocol: 'TCP', port: 53 },
    ]);
  });

  test('can leave the namespace and the policies out, and enforce baseline only', () => {
    // GIVEN
    const { system } = newSystem({ createNamespace: false, networkPolicies: false });
    // WHEN
    new Microservice(system, 'svc', { image: 'nginx:1.25.3', ports: [{ name: 'http', port: 8080 }] });
    const objects = synth(system);
    // THEN
    expect(ofKind(objects, 'Namespace')).toEqual([]);
    expect(ofKind(objects, 'NetworkPolicy')).toEqual([]);
    const { system: baseline } = newSystem({ podSecurity: PodSecurityLevel.BASELINE });
    expect(
      find(synth(baseline), 'Namespace', 'delinkcious').metadata.labels?.[
        'pod-security.kubernetes.io/enforce'
      ],
    ).toBe('baseline');
  });

  test('puts every object of nested constructs into its namespace', () => {
    // GIVEN
    const { system } = newSystem();
    const group = new Construct(system, 'links');
    // WHEN
    new Microservice(group, 'link-manager', {
      image: 'g1g1/delinkcious-link:0.3',
      ports: [{ name: 'http', port: 8080 }],
    });
    // THEN
    expect(
      synth(system)
        .filter((o) => o.kind !== 'Namespace')
        .every((o) => o.metadata.namespace === 'delinkcious'),
    ).toBe(true);
    expect(System.of(group)).toBe(system);
  });

  test('a dependency allows exactly the declared port, in both policies', () => {
    // GIVEN
    const { system } = newSystem();
    const nats = new StatefulService(system, 'nats', {
      image: 'nats:2.10.7-alpine',
      ports: [
        { name: 'client', port: 4222, protocol: Protocol.TCP },
        { name: 'monitor', port: 8222 },
      ],
      storage: { size: '1Gi', mountPath: '/data' },
    });
    const news = new Microservice(system, 'news-manager', {
      image: 'g1g1/delinkcious-news:0.3',
      ports: [{ name: 'grpc', port: 6060, protocol: Protocol.GRPC }],
    });
    // WHEN
    news.addDependency({ target: nats, ports: ['client'] });
    const objects = synth(system);
    // THEN
    expect(find(objects, 'NetworkPolicy', 'news-manager').spec.egress).toEqual([
      {
        to: [{ podSelector: { matchLabels: nats.selectorLabels } }],
        ports: [{ protocol: 'TCP', port: 4222 }],
      },
    ]);
    expect(find(objects, 'NetworkPolicy', 'nats').spec.ingress).toEqual([
      {
        from: [{ podSelector: { matchLabels: news.selectorLabels } }],
        ports: [{ protocol: 'TCP', port: 4222 }],
      },
    ]);
    expect(news.dependencyList.map((d) => [d.target.name, d.ports])).toEqual([['nats', ['client']]]);
    expect(system.workloads).toEqual([nats, news]);
  });

  test('external egress is allowed per CIDR and port', () => {
    // GIVEN
    const { system } = newSystem();
    // WHEN
    new Microservice(system, 'api', {
      image: 'nginx:1.25.3',
      ports: [{ name: 'http', port: 8080 }],
      externalEgress: [{ cidr: '0.0.0.0/0', except: ['10.0.0.0/8'], ports: [443] }],
    });
    // THEN
    expect(find(synth(system), 'NetworkPolicy', 'api').spec.egress).toEqual([
      {
        // issue 18: the cluster's ranges are excepted too (here the defaults: every private range)
        to: [
          {
            ipBlock: {
              cidr: '0.0.0.0/0',
              except: ['10.0.0.0/8', '100.64.0.0/10', '172.16.0.0/12', '192.168.0.0/16'],
            },
          },
        ],
        ports: [{ protocol: 'TCP', port: 443 }],
      },
    ]);
  });

  test('refuses the old ingressController prop, naming where the peer went', () => {
    // GIVEN / WHEN / THEN
    expect(
      errorOf(() =>
        newSystem({
          ingressController: { namespace: 'ingress-nginx', podLabels: { app: 'x' } },
        } as unknown as Partial<SystemProps>),
      ),
    ).toBe(
      'Delinkcious: \'ingressController\' is not a prop of System any more: a Gateway\'s backends admit exactly that Gateway\'s data plane, and an Ingress names its controller (got {"namespace":"ingress-nginx","podLabels":{"app":"x"}}). Pass it as the Ingress\'s own prop: new Ingress(scope, id, { controller: { namespace, podLabels }, ... })',
    );
  });

  test('synthesis is deterministic', () => {
    // GIVEN
    const build = () => {
      const { system } = newSystem();
      const db = new StatefulService(system, 'db', {
        image: 'redis:7.2.4-alpine',
        ports: [{ name: 'redis', port: 6379, protocol: Protocol.TCP }],
        storage: { size: '1Gi', mountPath: '/data' },
      });
      new Microservice(system, 'svc', {
        image: 'nginx:1.25.3',
        ports: [{ name: 'http', port: 8080 }],
        dependencies: [{ target: db }],
        config: { env: { A: '1' } },
      });
      return JSON.stringify(synth(system));
    };
    // WHEN / THEN
    expect(build()).toEqual(build());
  });

  describe('validates the graph', () => {
    test('a dependency on a port the target does not expose', () => {
      // GIVEN
      const { system } = newSystem();
      const db = new Microservice(system, 'db', {
        image: 'redis:7.2.4-alpine',
        ports: [{ name: 'redis', port: 6379, protocol: Protocol.TCP }],
      });
      // WHEN / THEN
      expect(
        errorOf(
          () =>
            new Microservice(system, 'svc', {
              image: 'nginx:1.25.3',
              ports: [{ name: 'http', port: 8080 }],
              dependencies: [{ target: db, ports: ['admin'] }],
            }),
        ),
      ).toBe(
        "Delinkcious/svc: 'dependencies[0].ports[0]' must name ports exposed by 'db' (redis) (got 'admin')",
      );
    });

    test('a dependency with an empty port list is refused: `ports: []` would open every port', () => {
      // GIVEN
      const { system } = newSystem();
      const db = new Microservice(system, 'db', {
        image: 'redis:7.2.4-alpine',
        ports: [{ name: 'redis', port: 6379, protocol: Protocol.TCP }],
      });
      const svc = new Microservice(system, 'svc', {
        image: 'nginx:1.25.3',
        ports: [{ name: 'http', port: 8080 }],
      });
      // WHEN / THEN
      expect(
        errorOf(
          () =>
            new Microservice(system, 'caller', {
              image: 'nginx:1.25.3',
              ports: [{ name: 'http', port: 8080 }],
              dependencies: [{ target: db, ports: [] }],
            }),
        ),
      ).toBe(
        "Delinkcious/caller: 'dependencies[0].ports' must list at least one port name of 'db' (redis) (got []). Omit 'ports' to use the main port",
      );
      expect(errorOf(() => svc.addDependency({ target: db, ports: [] }))).toBe(
        "Delinkcious/svc: 'dependencies.ports' must list at least one port name of 'db' (redis) (got []). Omit 'ports' to use the main port",
      );
      // THEN no rule of either policy lists no port (an empty list means every port)
      const policies = synth(system).filter(
        (o) => o.kind === 'NetworkPolicy' && o.spec.podSelector.matchLabels,
      );
      for (const p of policies)
        for (const r of [...(p.spec.ingress ?? []), ...(p.spec.egress ?? [])])
          expect(r.ports).not.toEqual([]);
    });

    test('a dependency on a service of another system (unknown target)', () => {
      // GIVEN
      const app = Testing.app();
      const a = new System(app, 'A', { namespace: 'a' });
      const b = new System(app, 'B', { namespace: 'b' });
      const db = new Microservice(b, 'db', {
        image: 'redis:7.2.4-alpine',
        ports: [{ name: 'redis', port: 6379, protocol: Protocol.TCP }],
      });
      // WHEN / THEN
      expect(
        errorOf(
          () =>
            new Microservice(a, 'svc', {
              image: 'nginx:1.25.3',
              ports: [{ name: 'http', port: 8080 }],
              dependencies: [{ target: db }],
            }),
        ),
      ).toBe(
        "A/svc: 'dependencies[0].target' must be a service of system 'A' (got 'B/db'). Declare the target in the same System",
      );
    });

    test('a service depending on itself', () => {
      // GIVEN
      const { system } = newSystem();
      const svc = new Microservice(system, 'svc', {
        image: 'nginx:1.25.3',
        ports: [{ name: 'http', port: 8080 }],
      });
      // WHEN / THEN
      expect(errorOf(() => svc.addDependency({ target: svc }))).toBe(
        "Delinkcious/svc: 'dependencies.target' must not name the workload itself (got 'svc')",
      );
    });

    test('env that shadows an injected endpoint variable', () => {
      // GIVEN
      const { system } = newSystem();
      const db = new Microservice(system, 'db', {
        image: 'redis:7.2.4-alpine',
        ports: [{ name: 'redis', port: 6379, protocol: Protocol.TCP }],
      });
      const shadow = new Microservice(system, 'shadow', {
        image: 'nginx:1.25.3',
        ports: [{ name: 'http', port: 8080 }],
        env: { DB_SERVICE_HOST: EnvValue.value('x') },
      });
      // WHEN / THEN
      expect(errorOf(() => shadow.addDependency({ target: db }))).toBe(
        "Delinkcious/shadow: 'env.DB_SERVICE_HOST' must not redefine the endpoint variable injected for dependency 'db' (got 'DB_SERVICE_HOST')",
      );
    });

    test('namespace that is not a DNS label', () => {
      // GIVEN
      const app = new App();
      // WHEN / THEN
      expect(errorOf(() => new System(app, 'Bad', { namespace: 'Delinkcious_NS' }))).toBe(
        "Bad: 'namespace' must be a DNS-1123 label: lowercase letters, digits and -, starting and ending with a letter or digit (got 'Delinkcious_NS')",
      );
    });

    test('a construct outside any System', () => {
      // GIVEN
      const app = new App();
      // WHEN / THEN
      expect(
        errorOf(
          () =>
            new Microservice(app, 'svc', { image: 'nginx:1.25.3', ports: [{ name: 'http', port: 8080 }] }),
        ),
      ).toBe("svc: 'scope' must be a System or a construct inside one (got App '')");
    });
  });

  test("reads Prometheus' address from the monitoring settings, refusing what is no http URL", () => {
    // GIVEN / WHEN / THEN
    expect(newSystem().system.prometheusUrl).toBe('http://prometheus-operated.monitoring.svc:9090');
    expect(
      newSystem({ monitoring: { prometheus: { namespace: 'obs', podLabels: { app: 'p' } } } }).system
        .prometheusUrl,
    ).toBe('http://prometheus-operated.obs.svc:9090');
    expect(
      newSystem({ monitoring: { prometheusUrl: 'https://prom.example.com/api' } }).system.prometheusUrl,
    ).toBe('https://prom.example.com/api');
    expect(errorOf(() => newSystem({ monitoring: { prometheusUrl: 'prom:9090' } }))).toBe(
      "Delinkcious: 'monitoring.prometheusUrl' must be an http or https URL such as http://prometheus.monitoring.svc:9090 (got 'prom:9090')",
    );
  });
});

describe('System-level names (issue 18)', () => {
  test.each(['default-deny', 'allow-dns'])('refuses a workload named like its NetworkPolicy %s', (name) => {
    // GIVEN a System that derives NetworkPolicies
    const { system } = newSystem();
    // WHEN / THEN the workload's own NetworkPolicy would overwrite the System's
    expect(
      () =>
        new Microservice(system, 'web', { name, image: 'nginx:1.25.3', ports: [{ name: 'http', port: 80 }] }),
    ).toThrow(
      `Delinkcious/web: 'name' must be unique among the NetworkPolicy objects of the system, but Delinkcious already uses it (got '${name}')`,
    );
  });

  test('allows those names when the System derives no NetworkPolicies', () => {
    // GIVEN / WHEN / THEN
    const { system } = newSystem({ networkPolicies: false });
    expect(
      () =>
        new Microservice(system, 'web', {
          name: 'default-deny',
          image: 'nginx:1.25.3',
          ports: [{ name: 'http', port: 80 }],
        }),
    ).not.toThrow();
  });
});

describe('cdk8s conventions (issue 18)', () => {
  test('Node.of(system).defaultChild is its Namespace, when it creates one', () => {
    // GIVEN / WHEN
    const { system } = newSystem();
    const { system: shared } = newSystem({ createNamespace: false });
    // THEN
    expect(Node.of(system).defaultChild).toBe(system.namespaceObject);
    expect(Node.of(shared).defaultChild).toBeUndefined();
  });
});
