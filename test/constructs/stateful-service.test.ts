import { Node } from 'constructs';
import {
  AccessMode,
  EnvValue,
  Microservice,
  PodManagementPolicy,
  Probe,
  Protocol,
  StatefulService,
  type StatefulServiceProps,
} from '../../constructs';
import { errorOf, find, newSystem, synth } from './_helpers';

const postgres: StatefulServiceProps = {
  image: 'postgres:15.5-alpine',
  ports: [{ name: 'postgres', port: 5432, protocol: Protocol.TCP }],
  identity: { runAsUser: 70 },
  writablePaths: ['/tmp', '/var/run/postgresql'],
  env: { PGDATA: EnvValue.value('/var/lib/postgresql/data/pgdata') },
  storage: { size: '2Gi', mountPath: '/var/lib/postgresql/data', storageClassName: 'standard' },
  probes: { readiness: Probe.exec(['pg_isready', '-U', 'postgres']) },
};

describe('StatefulService', () => {
  test('synthesizes a StatefulSet with a volumeClaimTemplate and a headless Service that runs postgres as uid 70', () => {
    // GIVEN
    const { system } = newSystem();
    // WHEN
    new StatefulService(system, 'link-db', postgres);
    const objects = synth(system);
    // THEN
    expect(objects).toMatchSnapshot();
    const svc = find(objects, 'Service', 'link-db');
    expect(svc.spec.clusterIP).toBe('None');
    const sts = find(objects, 'StatefulSet', 'link-db');
    expect(sts.spec.serviceName).toBe('link-db');
    // AND the claim template is written as the API server stores it (apiVersion/kind, null timestamp,
    // volumeMode and status defaults), so client-side `kubectl apply` of the atomic list stays a no-op
    expect(sts.spec.volumeClaimTemplates).toEqual([
      {
        apiVersion: 'v1',
        kind: 'PersistentVolumeClaim',
        metadata: {
          creationTimestamp: null,
          name: 'data',
          labels: { 'app.kubernetes.io/name': 'link-db', 'app.kubernetes.io/instance': 'delinkcious' },
        },
        spec: {
          accessModes: ['ReadWriteOnce'],
          storageClassName: 'standard',
          volumeMode: 'Filesystem',
          resources: { requests: { storage: '2Gi' } },
        },
        status: { phase: 'Pending' },
      },
    ]);
    const pod = sts.spec.template.spec;
    expect(pod.securityContext).toMatchObject({
      runAsUser: 70,
      runAsGroup: 70,
      fsGroup: 70,
      runAsNonRoot: true,
    });
    expect(pod.containers[0].securityContext.readOnlyRootFilesystem).toBe(true);
    // PGDATA lives on the volume; the socket dir and /tmp are writable emptyDirs.
    expect(pod.containers[0].volumeMounts).toEqual([
      { name: 'tmp', mountPath: '/tmp' },
      { name: 'var-run-postgresql', mountPath: '/var/run/postgresql' },
      { name: 'data', mountPath: '/var/lib/postgresql/data' },
    ]);
    expect(pod.volumes.map((v: { name: string }) => v.name)).toEqual(['tmp', 'var-run-postgresql']);
    expect(pod.containers[0].readinessProbe.exec.command).toEqual(['pg_isready', '-U', 'postgres']);
  });

  test('a clustered service opens its peer ports between replicas and publishes unready pods', () => {
    // GIVEN
    const { system } = newSystem();
    // WHEN
    new StatefulService(system, 'nats', {
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
      storage: { size: '1Gi', mountPath: '/data', accessModes: [AccessMode.READ_WRITE_ONCE_POD] },
      availability: { maxUnavailable: 1 },
      topologySpread: {},
    });
    const objects = synth(system);
    // THEN
    const self = {
      podSelector: {
        matchLabels: { 'app.kubernetes.io/name': 'nats', 'app.kubernetes.io/instance': 'delinkcious' },
      },
    };
    const np = find(objects, 'NetworkPolicy', 'nats').spec;
    expect(np.ingress).toEqual([{ from: [self], ports: [{ protocol: 'TCP', port: 6222 }] }]);
    expect(np.egress).toEqual([{ to: [self], ports: [{ protocol: 'TCP', port: 6222 }] }]);
    expect(find(objects, 'Service', 'nats').spec.publishNotReadyAddresses).toBe(true);
    expect(find(objects, 'StatefulSet', 'nats').spec.podManagementPolicy).toBe('Parallel');
    expect(find(objects, 'PodDisruptionBudget', 'nats').spec.maxUnavailable).toBe(1);
  });

  test('dependents reach it on the declared port only', () => {
    // GIVEN
    const { system } = newSystem();
    const db = new StatefulService(system, 'link-db', postgres);
    // WHEN
    new Microservice(system, 'link-manager', {
      image: 'g1g1/delinkcious-link:0.3',
      ports: [{ name: 'http', port: 8080 }],
      dependencies: [{ target: db }],
    });
    // THEN
    expect(find(synth(system), 'NetworkPolicy', 'link-db').spec.ingress).toEqual([
      {
        from: [
          {
            podSelector: {
              matchLabels: {
                'app.kubernetes.io/name': 'link-manager',
                'app.kubernetes.io/instance': 'delinkcious',
              },
            },
          },
        ],
        ports: [{ protocol: 'TCP', port: 5432 }],
      },
    ]);
  });

  describe('refuses bad input', () => {
    const cases: [string, Partial<StatefulServiceProps>, string][] = [
      [
        'missing storage',
        { storage: undefined },
        "Delinkcious/db: 'storage' must be set: a StatefulService keeps state on a volume (got undefined)",
      ],
      [
        'bad size',
        { storage: { size: '2 GB', mountPath: '/data' } },
        "Delinkcious/db: 'storage.size' must be a Kubernetes quantity such as '10Gi' (got '2 GB')",
      ],
      [
        'relative mount',
        { storage: { size: '1Gi', mountPath: 'data' } },
        "Delinkcious/db: 'storage.mountPath' must be an absolute path without '..' or ':' (got 'data')",
      ],
      [
        'bad storage class',
        { storage: { size: '1Gi', mountPath: '/data', storageClassName: 'Fast SSD' } },
        "Delinkcious/db: 'storage.storageClassName' must be a DNS-1123 subdomain (got 'Fast SSD')",
      ],
      [
        'unknown peer port',
        { peerPorts: ['cluster'] },
        "Delinkcious/db: 'peerPorts[0]' must name a port of 'db' (postgres) (got 'cluster')",
      ],
      [
        'name too long',
        { name: 'a'.repeat(53) },
        `Delinkcious/db: 'name' must be at most 52 characters (got '${'a'.repeat(53)}')`,
      ],
      [
        'pdb on one replica',
        { availability: { minAvailable: 1 } },
        "Delinkcious/db: 'availability.minAvailable' must keep fewer pods than the 1 replica(s), or the budget blocks every eviction (got 1). Raise 'replicas' above 1 or use maxUnavailable: 1",
      ],
      [
        'data path clash',
        { writablePaths: ['/var/lib/postgresql/data'] },
        "Delinkcious/db: 'storage.mountPath' must not mount a second volume at a path that 'writablePaths[0]' already mounts (got '/var/lib/postgresql/data')",
      ],
    ];
    test.each(cases)('%s', (_name, props, message) => {
      // GIVEN
      const { system } = newSystem();
      // WHEN / THEN
      expect(
        errorOf(() => new StatefulService(system, 'db', { ...postgres, ...props } as StatefulServiceProps)),
      ).toBe(message);
    });
  });
});

describe('cdk8s conventions (issue 18)', () => {
  test('Node.of(statefulService).defaultChild is its StatefulSet, ids unchanged', () => {
    // GIVEN / WHEN
    const { system } = newSystem();
    const db = new StatefulService(system, 'db', {
      image: 'postgres:16.2',
      ports: [{ name: 'pg', port: 5432, protocol: Protocol.TCP }],
      storage: { size: '1Gi', mountPath: '/var/lib/postgresql/data' },
    });
    // THEN
    expect(Node.of(db).defaultChild).toBe(db.statefulSet);
    expect(db.statefulSet.node.id).toBe('statefulset');
  });
});
