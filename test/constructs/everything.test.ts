import { Cron, Duration } from 'cdk8s';
import {
  AccessMode,
  ConcurrencyPolicy,
  EnvValue,
  ExternalTrafficPolicy,
  Gateway,
  GatewayImplementation,
  GatewayTls,
  Ingress,
  ImagePullPolicy,
  Microservice,
  PathType,
  PodManagementPolicy,
  PodSecurityLevel,
  Probe,
  Protocol,
  RouteKind,
  Secret,
  SecretStore,
  ServiceType,
  StatefulService,
  Task,
  TaskRestartPolicy,
} from '../../constructs';
import { validateObjects } from '../../src/validate';
import { newSystem, synth, type Obj } from './_helpers';

/** One System that uses every construct and (nearly) every option. */
function everything(): Obj[] {
  const { system } = newSystem({
    clusterNetwork: { podCidrs: ['10.244.0.0/16'], serviceCidrs: ['10.96.0.0/12'] },
    partOf: 'everything',
    labels: { team: 'platform' },
    podSecurity: PodSecurityLevel.RESTRICTED,
    monitoring: { serviceMonitors: true, serviceMonitorLabels: { release: 'kps' } },
    externalSecrets: {
      store: SecretStore.cluster('vault'),
      remotePrefix: 'everything',
      refreshInterval: '30m',
    },
  });
  const creds = new Secret(system, 'db-credentials', {
    keys: ['POSTGRES_USER', 'POSTGRES_PASSWORD'],
    generatedKeys: ['POSTGRES_PASSWORD'],
  });
  const tls = new Secret(system, 'mtls', {
    keys: ['ca.crt', 'tls.crt', 'tls.key'],
    external: { store: SecretStore.namespaced('aws'), remotePrefix: 'certs' },
  });
  const local = new Secret(system, 'oauth', { keys: ['CLIENT_ID', 'CLIENT_SECRET'], external: false });
  const db = new StatefulService(system, 'db', {
    image: 'postgres:15.5-alpine',
    ports: [{ name: 'postgres', port: 5432, protocol: Protocol.TCP }],
    identity: { runAsUser: 70, runAsGroup: 70, fsGroup: 70 },
    writablePaths: ['/tmp', '/var/run/postgresql'],
    env: {
      PGDATA: EnvValue.value('/var/lib/postgresql/data/pgdata'),
      POSTGRES_PASSWORD: EnvValue.fromSecret(creds, 'POSTGRES_PASSWORD'),
    },
    storage: {
      size: '5Gi',
      mountPath: '/var/lib/postgresql/data',
      storageClassName: 'standard',
      accessModes: [AccessMode.READ_WRITE_ONCE],
    },
    probes: {
      readiness: Probe.exec(['pg_isready']),
      liveness: Probe.tcp(),
      startup: Probe.tcp({ failureThreshold: 30 }),
    },
    replicas: 2,
    availability: { maxUnavailable: 1 },
    podManagementPolicy: PodManagementPolicy.ORDERED_READY,
    topologySpread: { strict: true },
  });
  const bus = new StatefulService(system, 'bus', {
    image: 'nats:2.10.7-alpine',
    replicas: 3,
    ports: [
      { name: 'client', port: 4222, protocol: Protocol.TCP },
      { name: 'cluster', port: 6222, protocol: Protocol.TCP },
      { name: 'monitor', port: 8222 },
    ],
    peerPorts: ['cluster'],
    publishNotReadyAddresses: true,
    podManagementPolicy: PodManagementPolicy.PARALLEL,
    metrics: { port: 'monitor', path: '/varz', interval: '15s' },
    storage: { size: '1Gi', mountPath: '/data' },
    extraServices: [
      { suffix: 'clients', ports: ['client'] },
      {
        suffix: 'edge',
        ports: ['client', 'monitor'],
        type: ServiceType.LOAD_BALANCER,
        sources: { cidrs: ['198.51.100.0/24', '2001:db8::/32'] },
        externalTrafficPolicy: ExternalTrafficPolicy.CLUSTER,
      },
    ],
  });
  const grpc = new Microservice(system, 'news', {
    image: `registry.example.com/news@sha256:${'b'.repeat(64)}`,
    ports: [
      { name: 'grpc', port: 6060, protocol: Protocol.GRPC, servicePort: 80 },
      { name: 'metrics', port: 6061 },
    ],
    probes: { readiness: Probe.grpc({ service: 'news.v1' }), startup: Probe.grpc({ failureThreshold: 20 }) },
    metrics: { port: 'metrics' },
    dependencies: [{ target: bus, ports: ['client'] }],
    serviceType: ServiceType.NODE_PORT,
    serviceSources: { cidrs: ['10.20.0.0/16'] },
    serviceExternalTrafficPolicy: ExternalTrafficPolicy.LOCAL,
  });
  const api = new Microservice(system, 'api', {
    image: 'g1g1/delinkcious-api-gateway:0.5',
    command: ['/api'],
    args: ['--verbose'],
    component: 'api',
    ports: [{ name: 'http', port: 5000 }],
    healthPath: '/ready',
    replicas: undefined,
    autoscaling: { minReplicas: 2, maxReplicas: 5, cpuUtilization: 60, memoryUtilization: 75 },
    availability: { minAvailable: 1 },
    rollingUpdate: { maxSurge: '25%', maxUnavailable: 0 },
    topologySpread: { maxSkew: 1 },
    serviceType: ServiceType.LOAD_BALANCER,
    serviceSources: { anywhere: true },
    extraServices: [
      { suffix: 'nodes', ports: ['http'], type: ServiceType.NODE_PORT, sources: { anywhere: true } },
    ],
    config: { env: { LOG_LEVEL: 'info' }, files: { 'app.yaml': 'mode: strict\n' }, mountPath: '/etc/api' },
    env: {
      POD_NAME: EnvValue.fromField('metadata.name'),
      SHARED: EnvValue.fromConfigMap('shared-config', 'key', { optional: true }),
      CLIENT_ID: EnvValue.fromSecret(local, 'CLIENT_ID'),
      DB_URL: EnvValue.value('postgres://$(DB_SERVICE_HOST):$(DB_SERVICE_PORT)/app?from=$(POD_NAME)'),
    },
    dependencies: [{ target: db }, { target: grpc }],
    externalEgress: [{ cidr: '0.0.0.0/0', except: ['10.0.0.0/8'], ports: [443] }],
    secretMounts: [{ secret: tls, mountPath: '/etc/tls', keys: ['ca.crt'] }],
    writablePaths: ['/tmp', '/var/cache/api'],
    sharedPaths: ['/var/log/api'],
    scratchSizeLimit: '128Mi',
    initContainers: [
      {
        name: 'migrate',
        image: 'g1g1/delinkcious-api-gateway:0.5',
        command: ['/migrate'],
        resources: { cpu: { request: '10m', limit: '100m' }, memory: { request: '32Mi', limit: '64Mi' } },
      },
    ],
    sidecars: [
      {
        name: 'log-shipper',
        image: 'fluent/fluent-bit:2.2.2',
        ports: [{ name: 'health', port: 2020 }],
        probes: {
          readiness: Probe.http('/api/v1/health', { port: 'health' }),
          liveness: Probe.tcp({ port: 'health' }),
        },
        env: { FLB_LOG_LEVEL: EnvValue.value('warn') },
        writablePaths: ['/fluent-bit/tmp'],
      },
    ],
    identity: { runAsUser: 10001 },
    imagePullPolicy: ImagePullPolicy.ALWAYS,
    podAnnotations: { 'example.com/owner': 'platform' },
    terminationGracePeriod: Duration.seconds(20),
    rbacRules: [
      {
        apiGroups: [''],
        resources: ['configmaps'],
        resourceNames: ['shared-config'],
        verbs: ['get', 'watch'],
      },
    ],
    metrics: {},
  });
  new Gateway(system, 'public', {
    implementation: GatewayImplementation.envoyGateway({ namespace: 'edge', gatewayClassName: 'eg' }),
    tls: GatewayTls.certManager('letsencrypt'),
    annotations: { 'example.com/owner': 'platform' },
    rules: [
      {
        host: 'everything.example.com',
        routes: [
          { backend: api },
          { path: '/v1', pathType: PathType.PREFIX, backend: api },
          { backend: grpc, port: 'grpc', kind: RouteKind.GRPC },
        ],
      },
      {
        host: '*.everything.example.com',
        routes: [{ backend: api, path: '/exact', pathType: PathType.EXACT }],
      },
    ],
  });
  Gateway.fromAttributes(system, 'shared', {
    gatewayName: 'shared',
    gatewayNamespace: 'gateways',
    sectionName: 'https',
    hostname: '*.apps.example.com',
    https: true,
    rules: [
      { host: 'everything.apps.example.com', routes: [{ backend: api }, { backend: grpc, port: 'grpc' }] },
    ],
  });
  new Ingress(system, 'internal', {
    ingressClassName: 'nginx',
    controller: { namespace: 'ingress-nginx', podLabels: { 'app.kubernetes.io/name': 'ingress-nginx' } },
    annotations: { 'nginx.ingress.kubernetes.io/ssl-redirect': 'true' },
    tls: GatewayTls.fromSecret('internal-cert'),
    rules: [
      {
        host: 'internal.example.com',
        routes: [{ backend: api, path: '/v[0-9]+/', pathType: PathType.IMPLEMENTATION_SPECIFIC }],
      },
    ],
  });
  new Task(system, 'nightly', {
    image: 'g1g1/delinkcious-link-checker:0.1',
    schedule: Cron.schedule({ minute: '5', hour: '2' }),
    timeZone: 'Europe/Berlin',
    concurrencyPolicy: ConcurrencyPolicy.FORBID,
    startingDeadline: Duration.minutes(5),
    successfulJobsHistoryLimit: 2,
    failedJobsHistoryLimit: 2,
    suspend: false,
    backoffLimit: 2,
    activeDeadline: Duration.hours(1),
    ttlAfterFinished: Duration.hours(6),
    dependencies: [{ target: api }],
    externalEgress: [{ cidr: '0.0.0.0/0', ports: [80, 443] }],
  });
  new Task(system, 'migrate-once', {
    image: 'g1g1/delinkcious-link-checker:0.1',
    restartPolicy: TaskRestartPolicy.NEVER,
    completions: 3,
    parallelism: 2,
    dependencies: [{ target: db }],
  });
  return synth(system);
}

describe('a System using every construct and option', () => {
  const objects = everything();

  test('synthesizes every kind the library offers', () => {
    // GIVEN / WHEN
    const kinds = [...new Set(objects.map((o) => o.kind))].sort();
    // THEN
    expect(kinds).toEqual([
      'ConfigMap',
      'CronJob',
      'Deployment',
      'ExternalSecret',
      'GRPCRoute',
      'Gateway',
      'HTTPRoute',
      'HorizontalPodAutoscaler',
      'Ingress',
      'Job',
      'Namespace',
      'NetworkPolicy',
      'PodDisruptionBudget',
      'Role',
      'RoleBinding',
      'Service',
      'ServiceAccount',
      'ServiceMonitor',
      'StatefulSet',
    ]);
    expect(objects).toMatchSnapshot();
  });

  test('every object passes the strict Kubernetes 1.27 schema, Pod Security "restricted" and the best-practice rules', () => {
    // GIVEN
    const docs = objects.map((object) => ({ object }));
    // WHEN
    const findings = validateObjects(docs);
    // THEN
    expect(
      findings.map((f) => `${f.ruleId} ${f.object.kind}/${f.object.name} ${f.path}: ${f.message}`),
    ).toEqual([]);
  });

  test('the validation would catch a regression: an unknown field and a missing seccomp profile', () => {
    // GIVEN
    const deployment = JSON.parse(
      JSON.stringify(objects.find((o) => o.kind === 'Deployment' && o.metadata.name === 'api')),
    );
    deployment.spec.template.spec.containers[0].securityContextt = {};
    delete deployment.spec.template.spec.securityContext.seccompProfile;
    // WHEN
    const rules = validateObjects([{ object: deployment }]).map((f) => f.ruleId);
    // THEN
    expect(rules).toEqual(expect.arrayContaining(['schema-unknown-field', 'pss-seccomp']));
  });
});
