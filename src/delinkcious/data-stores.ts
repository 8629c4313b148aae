import { Duration } from 'cdk8s';
import type { Construct } from 'constructs';
import {
  ChartValue,
  EnvValue,
  PodManagementPolicy,
  Probe,
  Protocol,
  StatefulService,
  type Resources,
  type Secret,
} from 'shipshape';
import type { EnvironmentProfile } from './environments';
import { imageFor } from './images';

/** Resources of a data store container in `profile`. */
export function storeResources(profile: EnvironmentProfile): Resources {
  const r = profile.storeResources;
  return {
    cpu: { request: r.cpuRequest, limit: r.cpuLimit },
    memory: { request: r.memoryRequest, limit: r.memoryLimit },
  };
}

function storage(profile: EnvironmentProfile, mountPath: string) {
  return { size: profile.storageSize, storageClassName: profile.storageClass, mountPath };
}

/**
 * PostgreSQL (alpine image, OS user `postgres` = uid/gid 70; database user named after the database):
 * PGDATA in a subdirectory of the volume
 * (the volume root holds lost+found), socket and /tmp on emptyDirs so the root filesystem stays read-only.
 */
export function postgres(
  scope: Construct,
  name: string,
  database: string,
  credentials: Secret,
  profile: EnvironmentProfile,
): StatefulService {
  return new StatefulService(scope, name, {
    image: imageFor('postgres', name, profile.imageTags),
    component: 'database',
    ports: [{ name: 'postgres', port: 5432, protocol: Protocol.TCP }],
    identity: { runAsUser: 70, runAsGroup: 70, fsGroup: 70 },
    writablePaths: ['/tmp', '/var/run/postgresql'],
    env: {
      POSTGRES_DB: EnvValue.value(database),
      POSTGRES_USER: EnvValue.value(database),
      POSTGRES_PASSWORD: EnvValue.fromSecret(credentials, 'POSTGRES_PASSWORD'),
      PGDATA: EnvValue.value('/var/lib/postgresql/data/pgdata'),
    },
    storage: storage(profile, '/var/lib/postgresql/data'),
    resources: storeResources(profile),
    probes: {
      readiness: Probe.exec(['sh', '-c', 'pg_isready -h 127.0.0.1 -U "$POSTGRES_USER" -d "$POSTGRES_DB"'], {
        timeout: Duration.seconds(5),
      }),
      liveness: Probe.tcp({ period: Duration.seconds(20) }),
      startup: Probe.tcp({ failureThreshold: 30 }),
    },
    terminationGracePeriod: Duration.seconds(60),
  });
}

/** Redis (alpine image, user `redis` = uid 999, gid 1000) with append-only persistence on the volume. */
export function redis(scope: Construct, name: string, profile: EnvironmentProfile): StatefulService {
  return new StatefulService(scope, name, {
    image: imageFor('redis', name, profile.imageTags),
    component: 'cache',
    args: ['--appendonly', 'yes', '--dir', '/data'],
    ports: [{ name: 'redis', port: 6379, protocol: Protocol.TCP }],
    identity: { runAsUser: 999, runAsGroup: 1000, fsGroup: 1000 },
    storage: storage(profile, '/data'),
    resources: storeResources(profile),
    probes: { readiness: Probe.exec(['redis-cli', 'ping']), liveness: Probe.tcp() },
  });
}

/**
 * NATS with JetStream on the volume; with more than one replica the servers form a cluster over
 * their route port, discovering each other through the headless Service's per-pod DNS names.
 */
export function nats(scope: Construct, name: string, profile: EnvironmentProfile): StatefulService {
  const replicas = profile.natsReplicas;
  const clustered = replicas > 1;
  const routes = Array.from(
    { length: replicas },
    (_, i) => `nats://${name}-${i}.${name}.${profile.namespace}.svc:6222`,
  ).join(',');
  const args = [
    '--name',
    '$(POD_NAME)',
    '--port',
    '4222',
    '--http_port',
    '8222',
    '--jetstream',
    '--store_dir',
    '/data',
  ];
  if (clustered) args.push('--cluster_name', name, '--cluster', 'nats://0.0.0.0:6222', '--routes', routes);
  const store = new StatefulService(scope, name, {
    image: imageFor('nats', name, profile.imageTags),
    component: 'messaging',
    replicas,
    command: ['nats-server'],
    args,
    env: { POD_NAME: EnvValue.fromField('metadata.name') },
    ports: [
      { name: 'client', port: 4222, protocol: Protocol.TCP },
      ...(clustered ? [{ name: 'cluster', port: 6222, protocol: Protocol.TCP }] : []),
      { name: 'monitor', port: 8222 },
    ],
    peerPorts: clustered ? ['cluster'] : [],
    publishNotReadyAddresses: clustered,
    podManagementPolicy: PodManagementPolicy.PARALLEL,
    storage: storage(profile, '/data'),
    resources: storeResources(profile),
    probes: {
      readiness: Probe.http('/healthz?js-enabled-only=true', { port: 'monitor' }),
      liveness: Probe.http('/healthz?js-enabled-only=true', { port: 'monitor' }),
    },
    availability: clustered ? { maxUnavailable: 1 } : undefined,
    topologySpread: clustered && profile.scaling.topologySpread ? {} : undefined,
  });
  // The routes and the cluster flag are derived from the replica count: a chart value could not follow them.
  ChartValue.remove(store, 'replicas');
  return store;
}
