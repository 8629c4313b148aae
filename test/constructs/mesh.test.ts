import {
  Gateway,
  GatewayImplementation,
  GatewayRef,
  Ingress,
  Mesh,
  Microservice,
  Probe,
  Protocol,
  ServiceAccount,
  ServiceType,
  StatefulService,
  Task,
  Worker,
  type SystemProps,
} from '../../constructs';
import { errorOf, find, newSystem, ofKind, synth, type Obj } from './_helpers';

/** A meshed System with a database, an API that calls it and exports metrics, a Task, and a Gateway route. */
function meshed(props: Partial<SystemProps> = {}) {
  const { system } = newSystem({ mesh: Mesh.istio(), ...props });
  const db = new StatefulService(system, 'link-db', {
    image: 'postgres:15.5-alpine',
    ports: [
      { name: 'postgres', port: 5432, protocol: Protocol.TCP },
      { name: 'repl', port: 5433, protocol: Protocol.TCP },
    ],
    peerPorts: ['repl'],
    identity: { runAsUser: 70 },
    storage: { size: '1Gi', mountPath: '/data' },
    probes: { readiness: Probe.exec(['pg_isready']) },
  });
  const api = new Microservice(system, 'api', {
    image: 'g1g1/delinkcious-api:0.5',
    ports: [
      { name: 'http', port: 8080 },
      { name: 'metrics', port: 9102 },
    ],
    metrics: { port: 'metrics' },
    dependencies: [{ target: db, ports: ['postgres'] }],
  });
  new Task(system, 'migrate', { image: 'g1g1/delinkcious-migrate:0.1', dependencies: [{ target: db }] });
  new Gateway(system, 'public', {
    implementation: GatewayImplementation.envoyGateway(),
    rules: [{ host: 'delinkcious.example', routes: [{ backend: api, port: 'http' }] }],
  });
  return { system, db, api };
}

/** The rules of an AuthorizationPolicy as (principals, ports) pairs. */
function rulesOf(policy: Obj): [string[], string[]][] {
  return (policy.spec.rules ?? []).map((r: any) => [r.from[0].source.principals, r.to[0].operation.ports]);
}

describe('Mesh', () => {
  test('is off by default: a System without mesh emits no Istio object and no mesh label or port', () => {
    // GIVEN
    const { system } = newSystem();
    new Microservice(system, 'api', {
      image: 'g1g1/delinkcious-api:0.5',
      ports: [{ name: 'http', port: 8080 }],
    });
    // WHEN
    const objects = synth(system);
    // THEN
    expect(objects.filter((o) => o.apiVersion.startsWith('security.istio.io'))).toEqual([]);
    expect(find(objects, 'Namespace', 'delinkcious').metadata.labels).not.toHaveProperty(
      'istio.io/dataplane-mode',
    );
    expect(JSON.stringify(objects)).not.toContain('15008');
  });

  test('Mesh.istio() defaults to ambient, STRICT and the cluster.local trust domain', () => {
    // GIVEN / WHEN
    const mesh = Mesh.istio();
    // THEN
    expect([mesh.kind, mesh.mode, mesh.mtls, mesh.trustDomain]).toEqual([
      'istio',
      'ambient',
      'STRICT',
      'cluster.local',
    ]);
    expect(mesh.principal({ namespace: 'delinkcious', name: 'api' })).toBe(
      'cluster.local/ns/delinkcious/sa/api',
    );
    expect(Mesh.istio({ trustDomain: 'corp.example' }).principal({ namespace: 'a', name: 'b' })).toBe(
      'corp.example/ns/a/sa/b',
    );
  });

  test('ambient: the namespace is enrolled, mTLS is STRICT and everything not allowed is denied', () => {
    // GIVEN / WHEN
    const objects = synth(meshed().system);
    // THEN
    expect(find(objects, 'Namespace', 'delinkcious').metadata.labels!['istio.io/dataplane-mode']).toBe(
      'ambient',
    );
    expect(find(objects, 'PeerAuthentication', 'default')).toMatchObject({
      apiVersion: 'security.istio.io/v1',
      metadata: { namespace: 'delinkcious' },
      spec: { mtls: { mode: 'STRICT' } },
    });
    const allowNothing = find(objects, 'AuthorizationPolicy', 'allow-nothing');
    expect(allowNothing.spec).toEqual({});
    // AND no pod carries a per-pod enrolment label or an injection annotation (ambient changes no pod)
    for (const kind of ['Deployment', 'StatefulSet'])
      for (const o of ofKind(objects, kind)) {
        expect(o.spec.template.metadata.labels).not.toHaveProperty('istio.io/dataplane-mode');
        expect(o.spec.template.metadata.annotations ?? {}).toEqual({});
      }
    expect(find(objects, 'Job', 'migrate').spec.template.metadata.annotations).toBeUndefined();
  });

  test('each workload allows exactly its callers: dependents, replicas, the Gateway data plane, the scraper', () => {
    // GIVEN / WHEN
    const objects = synth(meshed().system);
    // THEN
    const p = (sa: string, ns = 'delinkcious') => `cluster.local/ns/${ns}/sa/${sa}`;
    const db = find(objects, 'AuthorizationPolicy', 'link-db');
    expect(db.spec.action).toBe('ALLOW');
    expect(db.spec.selector).toEqual({
      matchLabels: { 'app.kubernetes.io/name': 'link-db', 'app.kubernetes.io/instance': 'delinkcious' },
    });
    expect(rulesOf(db)).toEqual([
      [[p('api'), p('migrate')], ['5432']],
      [[p('link-db')], ['5433']],
    ]);
    expect(rulesOf(find(objects, 'AuthorizationPolicy', 'api'))).toEqual([
      [[p('envoy-delinkcious-public-eeb8ba3d', 'envoy-gateway-system')], ['8080']],
      [[p('kube-prometheus-stack-prometheus', 'monitoring')], ['9102']],
    ]);
    // AND the Task, which nobody calls, has no policy of its own (allow-nothing covers it)
    expect(ofKind(objects, 'AuthorizationPolicy').map((o) => o.metadata.name)).toEqual([
      'allow-nothing',
      'link-db',
      'api',
    ]);
  });

  test('a service nobody calls gets an ALLOW policy without rules, which matches nothing', () => {
    // GIVEN
    const { system } = newSystem({ mesh: Mesh.istio() });
    // WHEN
    new Microservice(system, 'lonely', { image: 'g1g1/lonely:1', ports: [{ name: 'http', port: 8080 }] });
    // THEN
    expect(find(synth(system), 'AuthorizationPolicy', 'lonely').spec).toEqual({
      selector: {
        matchLabels: { 'app.kubernetes.io/name': 'lonely', 'app.kubernetes.io/instance': 'delinkcious' },
      },
      action: 'ALLOW',
    });
  });

  test('the monitoring peer names the scraper principal, and the trust domain prefixes every principal', () => {
    // GIVEN / WHEN
    const objects = synth(
      meshed({
        mesh: Mesh.istio({ trustDomain: 'corp.example' }),
        monitoring: { prometheusServiceAccount: { namespace: 'observability', name: 'prom' } },
      }).system,
    );
    // THEN
    expect(rulesOf(find(objects, 'AuthorizationPolicy', 'api'))[1]).toEqual([
      ['corp.example/ns/observability/sa/prom'],
      ['9102'],
    ]);
  });

  test('ambient NetworkPolicies add HBONE 15008 to exactly the declared pod edges and admit the probe SNAT source on probed ports', () => {
    // GIVEN / WHEN
    const objects = synth(meshed().system);
    // THEN
    const api = find(objects, 'NetworkPolicy', 'api').spec;
    expect(api.ingress.map((r: any) => r.ports.map((x: any) => x.port))).toEqual([
      [8080, 15008],
      [9102, 15008],
      [8080],
    ]);
    expect(api.ingress[2].from).toEqual([{ ipBlock: { cidr: '169.254.7.127/32' } }]);
    expect(api.egress).toEqual([
      {
        to: [
          {
            podSelector: {
              matchLabels: {
                'app.kubernetes.io/name': 'link-db',
                'app.kubernetes.io/instance': 'delinkcious',
              },
            },
          },
        ],
        ports: [
          { protocol: 'TCP', port: 5432 },
          { protocol: 'TCP', port: 15008 },
        ],
      },
    ]);
    // AND an exec-probed database gets no probe source at all
    const db = find(objects, 'NetworkPolicy', 'link-db').spec;
    expect(JSON.stringify(db)).not.toContain('169.254.7.127');
    expect(db.ingress.map((r: any) => r.ports.map((x: any) => x.port))).toEqual([
      [5432, 15008],
      [5432, 15008],
      [5433, 15008],
    ]);
  });

  test('sidecar: the namespace asks for injection, Jobs run the proxy as a native sidecar, pods reach istiod', () => {
    // GIVEN / WHEN
    const objects = synth(meshed({ mesh: Mesh.istio({ mode: 'sidecar' }) }).system);
    // THEN
    const labels = find(objects, 'Namespace', 'delinkcious').metadata.labels!;
    expect(labels['istio-injection']).toBe('enabled');
    expect(labels).not.toHaveProperty('istio.io/dataplane-mode');
    expect(find(objects, 'Job', 'migrate').spec.template.metadata.annotations).toEqual({
      'sidecar.istio.io/nativeSidecar': 'true',
    });
    expect(find(objects, 'Deployment', 'api').spec.template.metadata.annotations).toBeUndefined();
    const egress = find(objects, 'NetworkPolicy', 'api').spec.egress;
    expect(egress).toContainEqual({
      to: [
        {
          namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'istio-system' } },
          podSelector: { matchLabels: { app: 'istiod' } },
        },
      ],
      ports: [{ protocol: 'TCP', port: 15012 }],
    });
    // AND no HBONE port and no probe SNAT source (sidecars see the kubelet's own address)
    expect(JSON.stringify(objects)).not.toContain('15008');
    expect(JSON.stringify(objects)).not.toContain('169.254.7.127');
  });

  test('without its own namespace the System enrols pod by pod', () => {
    // GIVEN
    const { system } = newSystem({ mesh: Mesh.istio(), createNamespace: false });
    const sidecar = newSystem({ mesh: Mesh.istio({ mode: 'sidecar' }), createNamespace: false }).system;
    // WHEN
    new Worker(system, 'feed', { image: 'g1g1/feed:1', probes: { readiness: Probe.exec(['/bin/ok']) } });
    new Worker(sidecar, 'feed', { image: 'g1g1/feed:1', probes: { readiness: Probe.exec(['/bin/ok']) } });
    // THEN
    expect(
      find(synth(system), 'Deployment', 'feed').spec.template.metadata.labels['istio.io/dataplane-mode'],
    ).toBe('ambient');
    expect(
      find(synth(sidecar), 'Deployment', 'feed').spec.template.metadata.labels['sidecar.istio.io/inject'],
    ).toBe('true');
  });

  test('PERMISSIVE is the rollout step before STRICT', () => {
    // GIVEN / WHEN
    const objects = synth(meshed({ mesh: Mesh.istio({ mtls: 'PERMISSIVE' }) }).system);
    // THEN
    expect(find(objects, 'PeerAuthentication', 'default').spec).toEqual({ mtls: { mode: 'PERMISSIVE' } });
  });

  test('a platform Gateway admits its data plane by the ServiceAccount its implementation names', () => {
    // GIVEN
    const { system } = newSystem({ mesh: Mesh.istio() });
    const api = new Microservice(system, 'api', {
      image: 'g1g1/api:1',
      ports: [{ name: 'http', port: 8080 }],
    });
    // WHEN
    new GatewayRef(system, 'edge', {
      gatewayName: 'edge',
      gatewayNamespace: 'infra',
      implementation: GatewayImplementation.istio(),
      rules: [{ host: 'a.example', routes: [{ backend: api }] }],
    });
    // THEN
    expect(rulesOf(find(synth(system), 'AuthorizationPolicy', 'api'))).toEqual([
      [['cluster.local/ns/infra/sa/edge-istio'], ['8080']],
    ]);
  });

  describe('refuses', () => {
    const at = 'Delinkcious';
    test.each([
      [{ mode: 'waypoint' }, `${at}: 'mesh.mode' must be one of ambient, sidecar (got 'waypoint')`],
      [{ mtls: 'DISABLE' }, `${at}: 'mesh.mtls' must be one of STRICT, PERMISSIVE (got 'DISABLE')`],
      [
        { trustDomain: 'Corp.Example' },
        `${at}: 'mesh.trustDomain' must be a trust domain (lowercase letters, digits, ".", "-" and "_", at most 253 characters) (got 'Corp.Example')`,
      ],
      [{ trustDomain: 7 }, `${at}: 'mesh.trustDomain' must be a string (got 7)`],
      [
        { mtl: 'STRICT' },
        `${at}: 'mesh.mtl' is not a prop of IstioMeshOptions (got 'STRICT'). Did you mean 'mtls'?`,
      ],
    ])('bad options %j', (options, message) => {
      expect(errorOf(() => newSystem({ mesh: Mesh.istio(options as never) }))).toBe(message);
    });

    test('a mesh that is not a Mesh', () => {
      expect(errorOf(() => newSystem({ mesh: { kind: 'istio' } as never }))).toBe(
        `${at}: 'mesh' must be a Mesh (got {"kind":"istio"}). Use Mesh.istio({ mode, mtls })`,
      );
    });

    test('a NodePort Service, which STRICT mTLS would cut off', () => {
      const { system } = newSystem({ mesh: Mesh.istio() });
      expect(
        errorOf(
          () =>
            new Microservice(system, 'api', {
              image: 'g1g1/api:1',
              ports: [{ name: 'http', port: 8080 }],
              serviceType: ServiceType.NODE_PORT,
              serviceSources: { anywhere: true },
            }),
        ),
      ).toBe(
        `${at}/api: 'serviceType' must not expose a NodePort or LoadBalancer Service in a meshed System: not supported yet, STRICT mutual TLS rejects the plaintext clients outside the mesh send (got 'NodePort'). Route outside traffic through a Gateway (its data plane is in the mesh), or give the System no mesh`,
      );
    });

    test('an Ingress, whose controller identity is unknown', () => {
      const { system } = newSystem({ mesh: Mesh.istio() });
      expect(
        errorOf(
          () =>
            new Ingress(system, 'web', {
              controller: { namespace: 'ingress-nginx', podLabels: { app: 'x' } },
            }),
        ),
      ).toBe(
        `${at}/web: 'scope' must be a System without a mesh: an Ingress in a meshed System is not supported yet (its controller's ServiceAccount, which the backends' AuthorizationPolicies would admit, is unknown) (got 'Delinkcious'). Route through a Gateway (Gateway API), whose implementation names its data plane ServiceAccount`,
      );
    });

    test('a custom Gateway implementation that does not name its data plane ServiceAccount', () => {
      const { system } = newSystem({ mesh: Mesh.istio() });
      const implementation = GatewayImplementation.custom({
        gatewayClassName: 'acme',
        dataPlane: () => ({ namespace: 'acme-system', podLabels: { app: 'acme-proxy' } }),
      });
      expect(errorOf(() => new Gateway(system, 'public', { implementation }))).toBe(
        `${at}/public: 'implementation.serviceAccount' must be given in a meshed System: the backends' AuthorizationPolicies admit the data plane by its ServiceAccount (got undefined). Pass GatewayImplementation.custom({ gatewayClassName, dataPlane, serviceAccount: (gw) => ({ name, namespace }) })`,
      );
    });

    test('a shared ServiceAccount, whose principal would stand for several workloads', () => {
      const { system } = newSystem({ mesh: Mesh.istio() });
      const serviceAccount = new ServiceAccount(system, 'shared', {});
      expect(
        errorOf(
          () =>
            new Microservice(system, 'api', {
              image: 'g1g1/api:1',
              ports: [{ name: 'http', port: 8080 }],
              serviceAccount,
            }),
        ),
      ).toBe(
        `${at}/api: 'serviceAccount' must not be shared in a meshed System: the mesh admits callers by ServiceAccount, and a shared one would admit every workload running as it wherever one of them may call (got 'shared'). Remove 'serviceAccount' so the workload gets its own, or give the System no mesh`,
      );
    });

    test('a prometheusServiceAccount that is not a ServiceAccount', () => {
      expect(
        errorOf(() =>
          newSystem({
            mesh: Mesh.istio(),
            monitoring: { prometheusServiceAccount: { namespace: 'monitoring', name: 'Prom!' } },
          }),
        ),
      ).toBe(
        `${at}: 'monitoring.prometheusServiceAccount.name' must be a ServiceAccount name (a DNS-1123 subdomain) (got 'Prom!')`,
      );
    });
  });
});
