import { Node } from 'constructs';
import { Duration } from 'cdk8s';
import {
  EnvValue,
  Microservice,
  Probe,
  Protocol,
  Secret,
  ServiceType,
  type MicroserviceProps,
} from '../../constructs';
import { errorOf, find, newSystem, ofKind, synth } from './_helpers';

const base: MicroserviceProps = { image: 'g1g1/delinkcious-link:0.3', ports: [{ name: 'http', port: 8080 }] };

describe('Microservice', () => {
  test('synthesizes a hardened Deployment, Service, ServiceAccount and NetworkPolicy by default', () => {
    // GIVEN
    const { system } = newSystem();
    // WHEN
    new Microservice(system, 'link-manager', base);
    const objects = synth(system);
    // THEN
    expect(objects).toMatchSnapshot();
    const kinds = objects
      .filter((o) => o.metadata.labels?.['app.kubernetes.io/name'] === 'link-manager')
      .map((o) => o.kind);
    expect(kinds).toEqual(['ServiceAccount', 'NetworkPolicy', 'Deployment', 'Service']);
    const pod = find(objects, 'Deployment', 'link-manager').spec.template.spec;
    expect(pod.securityContext).toEqual({
      runAsNonRoot: true,
      runAsUser: 65532,
      runAsGroup: 65532,
      fsGroup: 65532,
      fsGroupChangePolicy: 'OnRootMismatch',
      seccompProfile: { type: 'RuntimeDefault' },
    });
    expect(pod.containers[0].securityContext).toEqual({
      allowPrivilegeEscalation: false,
      privileged: false,
      readOnlyRootFilesystem: true,
      runAsNonRoot: true,
      capabilities: { drop: ['ALL'] },
    });
    expect(pod.automountServiceAccountToken).toBe(false);
    expect(pod.serviceAccountName).toBe('link-manager');
    expect(pod.enableServiceLinks).toBe(false);
    expect(pod.containers[0].resources).toEqual({
      requests: { cpu: '100m', memory: '128Mi' },
      limits: { cpu: '500m', memory: '256Mi' },
    });
    expect(pod.containers[0].volumeMounts).toEqual([{ name: 'tmp', mountPath: '/tmp' }]);
  });

  test('derives readiness and liveness probes from the main port protocol', () => {
    // GIVEN
    const { system } = newSystem();
    // WHEN
    new Microservice(system, 'web', { ...base, healthPath: '/ready' });
    new Microservice(system, 'news', {
      image: 'g1g1/delinkcious-news:0.3',
      ports: [{ name: 'grpc', port: 6060, protocol: Protocol.GRPC }],
    });
    new Microservice(system, 'cache', {
      image: 'redis:7.2.4-alpine',
      ports: [{ name: 'redis', port: 6379, protocol: Protocol.TCP }],
    });
    const objects = synth(system);
    // THEN
    const probe = (name: string) => find(objects, 'Deployment', name).spec.template.spec.containers[0];
    expect(probe('web').readinessProbe.httpGet).toEqual({ path: '/ready', port: 'http' });
    expect(probe('web').livenessProbe.httpGet).toEqual({ path: '/ready', port: 'http' });
    expect(probe('news').readinessProbe.grpc).toEqual({ port: 6060 });
    expect(probe('cache').livenessProbe.tcpSocket).toEqual({ port: 'redis' });
  });

  test('uses the recommended labels and selects pods only by the stable name/instance pair', () => {
    // GIVEN
    const { system } = newSystem({ partOf: 'delinkcious' });
    // WHEN
    new Microservice(system, 'link-manager', { ...base, component: 'api' });
    const d = find(synth(system), 'Deployment', 'link-manager');
    // THEN
    expect(d.metadata.labels).toEqual({
      'app.kubernetes.io/name': 'link-manager',
      'app.kubernetes.io/instance': 'delinkcious',
      'app.kubernetes.io/component': 'api',
      'app.kubernetes.io/part-of': 'delinkcious',
      'app.kubernetes.io/version': '0.3',
      'app.kubernetes.io/managed-by': 'shipshape',
    });
    expect(d.spec.selector.matchLabels).toEqual({
      'app.kubernetes.io/name': 'link-manager',
      'app.kubernetes.io/instance': 'delinkcious',
    });
  });

  test('injects dependency endpoints before its own env so $(VAR) composition works', () => {
    // GIVEN
    const { system } = newSystem();
    const db = new Microservice(system, 'link-db', {
      image: 'postgres:15.5-alpine',
      ports: [{ name: 'postgres', port: 5432, protocol: Protocol.TCP }],
    });
    // WHEN
    new Microservice(system, 'link-manager', {
      ...base,
      dependencies: [{ target: db }],
      env: { DB_URL: EnvValue.value('postgres://$(LINK_DB_SERVICE_HOST):$(LINK_DB_SERVICE_PORT)/links') },
    });
    // THEN
    const env = find(synth(system), 'Deployment', 'link-manager').spec.template.spec.containers[0].env;
    expect(env).toEqual([
      { name: 'LINK_DB_SERVICE_HOST', value: 'link-db.delinkcious.svc' },
      { name: 'LINK_DB_SERVICE_PORT', value: '5432' },
      { name: 'LINK_DB_SERVICE_PORT_POSTGRES', value: '5432' },
      { name: 'DB_URL', value: 'postgres://$(LINK_DB_SERVICE_HOST):$(LINK_DB_SERVICE_PORT)/links' },
    ]);
  });

  test('reads env from its own ConfigMap, mounts config files and rolls pods when the config changes', () => {
    // GIVEN
    const make = (max: string) => {
      const { system } = newSystem();
      new Microservice(system, 'link-manager', {
        ...base,
        config: { env: { MAX_LINKS_PER_USER: max }, files: { 'config.ini': '[db]\n' } },
      });
      return synth(system);
    };
    // WHEN
    const a = make('10');
    const b = make('20');
    // THEN
    expect(find(a, 'ConfigMap', 'link-manager-config').data).toEqual({
      MAX_LINKS_PER_USER: '10',
      'config.ini': '[db]\n',
    });
    const pod = find(a, 'Deployment', 'link-manager').spec.template;
    expect(pod.spec.containers[0].env).toEqual([
      {
        name: 'MAX_LINKS_PER_USER',
        valueFrom: { configMapKeyRef: { name: 'link-manager-config', key: 'MAX_LINKS_PER_USER' } },
      },
    ]);
    expect(pod.spec.volumes).toContainEqual({
      name: 'config',
      configMap: { name: 'link-manager-config', items: [{ key: 'config.ini', path: 'config.ini' }] },
    });
    expect(pod.spec.containers[0].volumeMounts).toContainEqual({
      name: 'config',
      mountPath: '/etc/link-manager',
      readOnly: true,
    });
    const hash = (objs: typeof a) =>
      find(objs, 'Deployment', 'link-manager').spec.template.metadata.annotations['shipshape.io/config-hash'];
    expect(hash(a)).toMatch(/^[0-9a-f]{16}$/);
    expect(hash(a)).not.toEqual(hash(b));
  });

  test('autoscaling creates an HPA v2 and leaves replicas to it', () => {
    // GIVEN
    const { system } = newSystem();
    // WHEN
    new Microservice(system, 'link-manager', {
      ...base,
      autoscaling: { minReplicas: 2, maxReplicas: 6, memoryUtilization: 80, cpuUtilization: 60 },
    });
    const objects = synth(system);
    // THEN
    expect(find(objects, 'Deployment', 'link-manager').spec.replicas).toBeUndefined();
    expect(find(objects, 'HorizontalPodAutoscaler', 'link-manager')).toMatchObject({
      apiVersion: 'autoscaling/v2',
      spec: {
        scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'link-manager' },
        minReplicas: 2,
        maxReplicas: 6,
        metrics: [
          {
            type: 'Resource',
            resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 60 } },
          },
          {
            type: 'Resource',
            resource: { name: 'memory', target: { type: 'Utilization', averageUtilization: 80 } },
          },
        ],
      },
    });
  });

  test('availability creates a PDB that still allows an eviction', () => {
    // GIVEN
    const { system } = newSystem();
    // WHEN
    new Microservice(system, 'a', { ...base, replicas: 3, availability: { minAvailable: 2 } });
    new Microservice(system, 'b', { ...base, replicas: 2, availability: {} });
    const objects = synth(system);
    // THEN
    expect(find(objects, 'PodDisruptionBudget', 'a').spec).toEqual({
      minAvailable: 2,
      selector: {
        matchLabels: { 'app.kubernetes.io/name': 'a', 'app.kubernetes.io/instance': 'delinkcious' },
      },
      unhealthyPodEvictionPolicy: 'AlwaysAllow',
    });
    expect(find(objects, 'PodDisruptionBudget', 'b').spec.maxUnavailable).toBe(1);
  });

  test('topology spread, rolling update, service type, sidecars and init containers render as declared', () => {
    // GIVEN
    const { system } = newSystem();
    // WHEN
    new Microservice(system, 'api', {
      ...base,
      replicas: 3,
      topologySpread: { maxSkew: 2 },
      rollingUpdate: { maxSurge: '25%', maxUnavailable: 1 },
      serviceType: ServiceType.LOAD_BALANCER,
      serviceSources: { anywhere: true },
      sharedPaths: ['/var/log/app'],
      initContainers: [{ name: 'wait', image: 'busybox:1.36.1', command: ['sh', '-c', 'true'] }],
      sidecars: [
        {
          name: 'log-shipper',
          image: 'fluent/fluent-bit:2.2.2',
          ports: [{ name: 'health', port: 2020 }],
          probes: { readiness: Probe.http('/api/v1/health', { port: 'health' }) },
        },
      ],
      terminationGracePeriod: Duration.seconds(45),
    });
    const objects = synth(system);
    // THEN
    const d = find(objects, 'Deployment', 'api');
    expect(d.spec.strategy).toEqual({
      type: 'RollingUpdate',
      rollingUpdate: { maxSurge: '25%', maxUnavailable: 1 },
    });
    const pod = d.spec.template.spec;
    expect(
      pod.topologySpreadConstraints.map((c: { topologyKey: string; maxSkew: number }) => [
        c.topologyKey,
        c.maxSkew,
      ]),
    ).toEqual([
      ['topology.kubernetes.io/zone', 2],
      ['kubernetes.io/hostname', 2],
    ]);
    expect(pod.containers.map((c: { name: string }) => c.name)).toEqual(['api', 'log-shipper']);
    expect(pod.initContainers[0].name).toBe('wait');
    expect(pod.terminationGracePeriodSeconds).toBe(45);
    const shipper = pod.containers[1];
    expect(shipper.volumeMounts).toEqual([
      { name: 'shared-var-log-app', mountPath: '/var/log/app' },
      { name: 'log-shipper-tmp', mountPath: '/tmp' },
    ]);
    expect(shipper.livenessProbe.httpGet).toEqual({ path: '/api/v1/health', port: 'health' });
    expect(shipper.resources).toEqual({
      requests: { cpu: '50m', memory: '64Mi' },
      limits: { cpu: '200m', memory: '128Mi' },
    });
    expect(find(objects, 'Service', 'api').spec.type).toBe('LoadBalancer');
  });

  test('RBAC rules get a Role bound to its own ServiceAccount and mount the token', () => {
    // GIVEN
    const { system } = newSystem();
    // WHEN
    new Microservice(system, 'operator', {
      ...base,
      rbacRules: [{ apiGroups: [''], resources: ['configmaps'], verbs: ['get', 'watch'] }],
    });
    const objects = synth(system);
    // THEN
    expect(find(objects, 'Role', 'operator').rules).toEqual([
      { apiGroups: [''], resources: ['configmaps'], verbs: ['get', 'watch'] },
    ]);
    expect(find(objects, 'RoleBinding', 'operator')).toMatchObject({
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'operator' },
      subjects: [{ kind: 'ServiceAccount', name: 'operator', namespace: 'delinkcious' }],
    });
    expect(find(objects, 'Deployment', 'operator').spec.template.spec.automountServiceAccountToken).toBe(
      true,
    );
    expect(find(objects, 'ServiceAccount', 'operator').automountServiceAccountToken).toBe(false);
    expect(find(objects, 'Deployment', 'operator').metadata.annotations).toEqual({
      'ignore.shipshape.io/automount-service-account-token': 'RBAC rules of this workload need the API token',
    });
  });

  test('metrics open the port to Prometheus and emit a ServiceMonitor when the System enables them', () => {
    // GIVEN
    const { system } = newSystem({
      monitoring: { serviceMonitors: true, serviceMonitorLabels: { release: 'kps' } },
    });
    // WHEN
    new Microservice(system, 'link-manager', { ...base, metrics: {} });
    const objects = synth(system);
    // THEN
    expect(find(objects, 'ServiceMonitor', 'link-manager')).toMatchObject({
      apiVersion: 'monitoring.coreos.com/v1',
      metadata: { labels: { release: 'kps' } },
      spec: {
        endpoints: [{ port: 'http', path: '/metrics', interval: '30s', scheme: 'http' }],
        namespaceSelector: { matchNames: ['delinkcious'] },
      },
    });
    expect(find(objects, 'NetworkPolicy', 'link-manager').spec.ingress).toEqual([
      {
        from: [
          {
            namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'monitoring' } },
            podSelector: { matchLabels: { 'app.kubernetes.io/name': 'prometheus' } },
          },
        ],
        ports: [{ protocol: 'TCP', port: 8080 }],
      },
    ]);
  });

  test('no ServiceMonitor when the System leaves them off', () => {
    // GIVEN
    const { system } = newSystem();
    // WHEN
    new Microservice(system, 'link-manager', { ...base, metrics: {} });
    // THEN
    expect(ofKind(synth(system), 'ServiceMonitor')).toEqual([]);
  });

  test('secret env and secret volumes reference declared keys only', () => {
    // GIVEN
    const { system } = newSystem();
    const oauth = new Secret(system, 'github-oauth', { keys: ['GITHUB_CLIENT_ID', 'GITHUB_CLIENT_SECRET'] });
    const mtls = new Secret(system, 'mutual-auth', { keys: ['ca.crt', 'tls.crt', 'tls.key'] });
    // WHEN
    new Microservice(system, 'api-gateway', {
      ...base,
      env: { GITHUB_CLIENT_ID: EnvValue.fromSecret(oauth, 'GITHUB_CLIENT_ID') },
      secretMounts: [{ secret: mtls, mountPath: '/etc/delinkcious', keys: ['ca.crt'] }],
    });
    const pod = find(synth(system), 'Deployment', 'api-gateway').spec.template.spec;
    // THEN
    expect(pod.containers[0].env).toEqual([
      {
        name: 'GITHUB_CLIENT_ID',
        valueFrom: { secretKeyRef: { name: 'github-oauth', key: 'GITHUB_CLIENT_ID' } },
      },
    ]);
    expect(pod.volumes).toContainEqual({
      name: 'secret-mutual-auth',
      secret: { secretName: 'mutual-auth', defaultMode: 0o440, items: [{ key: 'ca.crt', path: 'ca.crt' }] },
    });
    expect(pod.containers[0].volumeMounts).toContainEqual({
      name: 'secret-mutual-auth',
      mountPath: '/etc/delinkcious',
      readOnly: true,
    });
  });

  describe('refuses bad input with one message format', () => {
    const cases: [string, Partial<MicroserviceProps>, string][] = [
      [
        'latest tag',
        { image: 'nginx:latest' },
        "Delinkcious/svc: 'image' must not use the moving tag 'latest' (got 'nginx:latest'). Pin a version tag or a digest, or accept the moving tag with Image.mutableTag('nginx:latest', { reason })",
      ],
      [
        'untagged image',
        { image: 'nginx' },
        "Delinkcious/svc: 'image' must pin a tag or a digest (got 'nginx'). Use e.g. 'nginx:1.2.3'",
      ],
      [
        'bad image',
        { image: 'Nginx:1' },
        "Delinkcious/svc: 'image' must be an image reference such as registry/name:tag or name@sha256:<64 hex> (got 'Nginx:1')",
      ],
      ['no ports', { ports: [] }, "Delinkcious/svc: 'ports' must declare at least one port (got [])"],
      [
        'port out of range',
        { ports: [{ name: 'http', port: 70000 }] },
        "Delinkcious/svc: 'ports[0].port' must be an integer between 1 and 65535 (got 70000)",
      ],
      [
        'port name too long',
        { ports: [{ name: 'a-very-long-port-name', port: 80 }] },
        "Delinkcious/svc: 'ports[0].name' must be at most 15 characters (got 'a-very-long-port-name')",
      ],
      [
        'duplicate port number',
        {
          ports: [
            { name: 'http', port: 80 },
            { name: 'admin', port: 80 },
          ],
        },
        "Delinkcious/svc: 'ports' must not repeat a port number on one transport (got '80/TCP')",
      ],
      [
        'duplicate port name',
        {
          ports: [
            { name: 'http', port: 80 },
            { name: 'http', port: 81 },
          ],
        },
        "Delinkcious/svc: 'ports' must not repeat a port name (got 'http')",
      ],
      ['negative replicas', { replicas: -1 }, "Delinkcious/svc: 'replicas' must be >= 0 (got -1)"],
      ['fractional replicas', { replicas: 1.5 }, "Delinkcious/svc: 'replicas' must be an integer (got 1.5)"],
      [
        'bad cpu quantity',
        { resources: { cpu: { request: '100 m', limit: '1' } } },
        "Delinkcious/svc: 'resources.cpu.request' must be a Kubernetes quantity such as '250m' (got '100 m')",
      ],
      [
        'request above limit',
        { resources: { memory: { request: '1Gi', limit: '512Mi' } } },
        "Delinkcious/svc: 'resources.memory.request' must not exceed 'resources.memory.limit' (512Mi) (got '1Gi')",
      ],
      [
        'hpa min 0',
        { autoscaling: { minReplicas: 0, maxReplicas: 3 } },
        "Delinkcious/svc: 'autoscaling.minReplicas' must be >= 1 (got 0)",
      ],
      [
        'hpa min > max',
        { autoscaling: { minReplicas: 4, maxReplicas: 3 } },
        "Delinkcious/svc: 'autoscaling.maxReplicas' must be >= 'autoscaling.minReplicas' (4) (got 3)",
      ],
      [
        'hpa with replicas',
        { replicas: 2, autoscaling: { minReplicas: 2, maxReplicas: 3 } },
        "Delinkcious/svc: 'replicas' must not be set with 'autoscaling': the HPA owns the replica count (got 2). Remove 'replicas'; 'autoscaling.minReplicas' is the floor",
      ],
      [
        'pdb blocks evictions',
        { replicas: 2, availability: { minAvailable: 2 } },
        "Delinkcious/svc: 'availability.minAvailable' must keep fewer pods than the 2 replica(s), or the budget blocks every eviction (got 2). Raise 'replicas' above 2 or use maxUnavailable: 1",
      ],
      [
        'pdb 100%',
        { replicas: 3, availability: { minAvailable: '100%' } },
        "Delinkcious/svc: 'availability.minAvailable' must keep fewer pods than the 3 replica(s), or the budget blocks every eviction (got '100%'). Raise 'replicas' above 3 or use maxUnavailable: 1",
      ],
      [
        'pdb maxUnavailable 0',
        { replicas: 3, availability: { maxUnavailable: 0 } },
        "Delinkcious/svc: 'availability.maxUnavailable' must allow at least one pod to be evicted (got 0)",
      ],
      [
        'pdb with zero replicas',
        { replicas: 0, availability: { minAvailable: 1 } },
        "Delinkcious/svc: 'replicas' must be >= 1 when 'availability' is set (got 0)",
      ],
      [
        'pdb with hpa floor',
        { autoscaling: { minReplicas: 1, maxReplicas: 3 }, availability: { minAvailable: 1 } },
        "Delinkcious/svc: 'availability.minAvailable' must keep fewer pods than the 1 replica(s), or the budget blocks every eviction (got 1). Raise 'autoscaling.minReplicas' above 1 or use maxUnavailable: 1",
      ],
      [
        'frozen rollout',
        { rollingUpdate: { maxSurge: 0, maxUnavailable: '0%' } },
        'Delinkcious/svc: \'rollingUpdate\' must not set both \'maxSurge\' and \'maxUnavailable\' to 0: the rollout could never progress (got {"maxSurge":0,"maxUnavailable":"0%"})',
      ],
      [
        'bad env name',
        { env: { '1BAD': EnvValue.value('x') } },
        "Delinkcious/svc: 'env.1BAD' must be a valid environment variable name: letters, digits, '_', '-' or '.', not starting with a digit (got '1BAD')",
      ],
      [
        'undefined $(VAR)',
        { env: { URL: EnvValue.value('http://$(HOST)/') } },
        "Delinkcious/svc: 'env.URL' refers to $(HOST), which is not defined before it (got 'http://$(HOST)/'). Define HOST before URL or escape it as $$(HOST)",
      ],
      [
        'probe on missing port',
        { probes: { readiness: Probe.tcp({ port: 'admin' }) } },
        "Delinkcious/svc: 'probes.readiness.port' must be a port of the container (http/8080) (got 'admin')",
      ],
      [
        'relative probe path',
        { probes: { readiness: Probe.http('healthz') } },
        "Delinkcious/svc: 'probes.readiness.path' must be an absolute URL path starting with '/' and without spaces (got 'healthz')",
      ],
      [
        'metrics on missing port',
        { metrics: { port: 'metrics' } },
        "Delinkcious/svc: 'metrics.port' must name a port of the workload (http) (got 'metrics')",
      ],
      [
        'wildcard rbac',
        { rbacRules: [{ apiGroups: [''], resources: ['*'], verbs: ['get'] }] },
        "Delinkcious/svc: 'rbacRules[0].resources' must not use the wildcard '*' (least privilege) (got [\"*\"]). List the exact values",
      ],
      [
        'egress CIDR with bits after the prefix',
        { externalEgress: [{ cidr: '10.0.0.0/8', except: ['10.1.2.3/16'], ports: [443] }] },
        "Delinkcious/svc: 'externalEgress[0].except[0]' must not set address bits after the prefix length (got '10.1.2.3/16'). Use '10.1.0.0/16' for the range or '10.1.2.3/32' for the one address",
      ],
      [
        'root uid',
        { identity: { runAsUser: 0 } },
        "Delinkcious/svc: 'identity.runAsUser' must be >= 1 (got 0)",
      ],
      [
        'bad name',
        { name: 'Link_Manager' },
        "Delinkcious/svc: 'name' must be a DNS-1035 label: lowercase letters, digits and -, starting with a letter and ending with a letter or digit (got 'Link_Manager')",
      ],
      [
        'bad scratch size',
        { scratchSizeLimit: '1 GB' },
        "Delinkcious/svc: 'scratchSizeLimit' must be a Kubernetes quantity such as '256Mi' (got '1 GB'). Use UNLIMITED_SCRATCH for emptyDirs without a size limit",
      ],
      [
        'relative writable path',
        { writablePaths: ['tmp'] },
        "Delinkcious/svc: 'writablePaths[0]' must be an absolute path without '..' or ':' (got 'tmp')",
      ],
      [
        'config key clash',
        { config: { env: { A: '1' }, files: { A: 'x' } } },
        "Delinkcious/svc: 'config.files.A' must not repeat the key 'config.env.A' already defines (got 'A')",
      ],
      [
        'duplicate container',
        { sidecars: [{ name: 'svc', image: 'busybox:1.36.1' }] },
        "Delinkcious/svc: 'sidecars[0].name' must be unique among the containers of the pod, but the main container (named by 'id') already uses it (got 'svc')",
      ],
      [
        'init probes',
        {
          initContainers: [
            { name: 'init', image: 'busybox:1.36.1', probes: { readiness: Probe.exec(['true']) } },
          ],
        },
        'Delinkcious/svc: \'initContainers[0].probes\' must not be set: init containers cannot have probes (got {"readiness":a Probe})',
      ],
    ];
    test.each(cases)('%s', (_name, props, message) => {
      // GIVEN
      const { system } = newSystem();
      // WHEN / THEN
      expect(errorOf(() => new Microservice(system, 'svc', { ...base, ...props } as MicroserviceProps))).toBe(
        message,
      );
    });

    test('an env var that reads an undeclared secret key', () => {
      // GIVEN
      const { system } = newSystem();
      const s = new Secret(system, 'oauth', { keys: ['ID'] });
      // WHEN / THEN
      expect(
        errorOf(
          () =>
            new Microservice(system, 'svc', { ...base, env: { SECRET: EnvValue.fromSecret(s, 'SECRET') } }),
        ),
      ).toBe("Delinkcious/svc: 'env.SECRET' must be a key declared by secret 'oauth' (ID) (got 'SECRET')");
    });

    test('a second object with the same name', () => {
      // GIVEN
      const { system } = newSystem();
      new Microservice(system, 'svc', base);
      // WHEN / THEN
      expect(errorOf(() => new Microservice(system, 'other', { ...base, name: 'svc' }))).toBe(
        "Delinkcious/other: 'name' must be unique among the ServiceAccount objects of the system, but Delinkcious/svc already uses it (got 'svc')",
      );
    });
  });
});

describe('cdk8s conventions (issue 18)', () => {
  test('Node.of(microservice).defaultChild is its Deployment, ids unchanged', () => {
    // GIVEN / WHEN
    const { system } = newSystem();
    const svc = new Microservice(system, 'web', base);
    // THEN
    expect(Node.of(svc).defaultChild).toBe(svc.deployment);
    expect(svc.deployment.node.id).toBe('deployment');
  });
});
