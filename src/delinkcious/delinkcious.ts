import { Duration } from 'cdk8s';
import type { Construct } from 'constructs';
import {
  EnvValue,
  Gateway,
  GatewayTls,
  Microservice,
  Probe,
  Protocol,
  Secret,
  SecretStore,
  System,
  Task,
  type MicroserviceProps,
  type Resources,
  type Workload,
} from '../../constructs';
import type { EnvironmentProfile } from '../environments';
import { nats, postgres, redis } from './data-stores';
import { imageFor, type ImageName } from './images';

/** Props of the {@link Delinkcious} system. */
export interface DelinkciousProps {
  /** The environment to build for. */
  readonly profile: EnvironmentProfile;
}

/** Egress to the public internet only (GitHub OAuth, checked links), never to private ranges. */
const PUBLIC_INTERNET = {
  cidr: '0.0.0.0/0',
  except: ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', '169.254.0.0/16'],
};

/**
 * Delinkcious, the social bookmarking system of "Hands-On Microservices with Kubernetes": Go
 * microservices behind an API gateway, one data store per service, NATS for events and a
 * periodic link checker. Everything that differs between environments comes from the profile.
 */
export class Delinkcious extends System {
  /** The public entry. */
  public readonly gateway: Gateway;
  /** The API gateway service. */
  public readonly apiGateway: Microservice;
  /** The environment built for. */
  public readonly profile: EnvironmentProfile;

  constructor(scope: Construct, id: string, props: DelinkciousProps) {
    const p = props.profile;
    const vault = p.secrets.provider === 'external-secrets' ? p.secrets : undefined;
    super(scope, id, {
      namespace: p.namespace,
      partOf: 'delinkcious',
      ingressController: {
        namespace: p.platform.ingressNamespace,
        podLabels: { 'app.kubernetes.io/name': 'ingress-nginx' },
      },
      monitoring: {
        serviceMonitors: p.serviceMonitors,
        serviceMonitorLabels: p.serviceMonitors ? { release: p.platform.prometheusRelease } : undefined,
        prometheus: {
          namespace: p.platform.monitoringNamespace,
          podLabels: { 'app.kubernetes.io/name': 'prometheus' },
        },
      },
      externalSecrets: vault && {
        store: SecretStore.cluster(vault.clusterSecretStore),
        remotePrefix: vault.remotePrefix,
        refreshInterval: vault.refreshInterval,
      },
    });
    this.profile = p;

    // Data stores: one per service (the seeds' "one data store per microservice").
    const dbSecret = (db: string) =>
      new Secret(this, `${db}-credentials`, {
        keys: ['POSTGRES_USER', 'POSTGRES_PASSWORD'],
        generatedKeys: ['POSTGRES_PASSWORD'],
      });
    const linkDbCreds = dbSecret('link-db');
    const socialDbCreds = dbSecret('social-graph-db');
    const userDbCreds = dbSecret('user-db');
    const linkDb = postgres(this, 'link-db', 'link_manager', linkDbCreds, p);
    const socialDb = postgres(this, 'social-graph-db', 'social_graph_manager', socialDbCreds, p);
    const userDb = postgres(this, 'user-db', 'user_manager', userDbCreds, p);
    const newsRedis = redis(this, 'news-redis', p);
    const bus = nats(this, 'nats', p);
    const natsClient = { target: bus, ports: ['client'] };

    const oauth = new Secret(this, 'github-oauth', { keys: ['GITHUB_CLIENT_ID', 'GITHUB_CLIENT_SECRET'] });
    const mutualAuth = new Secret(this, 'mutual-auth', { keys: ['mutual-auth.yaml'] });
    const dbEnv = (s: Secret) => ({
      POSTGRES_USER: EnvValue.fromSecret(s, 'POSTGRES_USER'),
      POSTGRES_PASSWORD: EnvValue.fromSecret(s, 'POSTGRES_PASSWORD'),
    });

    const socialGraph = this.service('social-graph-manager', 'social-graph-manager', {
      ports: [{ name: 'http', port: 9090 }],
      dependencies: [{ target: socialDb }],
      env: dbEnv(socialDbCreds),
    });
    const users = this.service('user-manager', 'user-manager', {
      ports: [{ name: 'http', port: 7070 }],
      dependencies: [{ target: userDb }],
      env: dbEnv(userDbCreds),
    });
    const links = this.service('link-manager', 'link-manager', {
      ports: [{ name: 'http', port: 8080 }],
      dependencies: [{ target: linkDb }, { target: socialGraph }, natsClient],
      config: { env: { MAX_LINKS_PER_USER: '10', PORT: '8080' } },
      env: dbEnv(linkDbCreds),
      secretMounts: [{ secret: mutualAuth, mountPath: '/etc/delinkcious' }],
    });
    // gRPC on the main port; Prometheus metrics over HTTP on a second one.
    const news = this.service('news-manager', 'news-manager', {
      ports: [
        { name: 'grpc', port: 6060, protocol: Protocol.GRPC },
        { name: 'metrics', port: 6061 },
      ],
      metrics: { port: 'metrics' },
      dependencies: [{ target: newsRedis }, natsClient],
    });
    this.apiGateway = this.service('api-gateway', 'api-gateway', {
      ports: [{ name: 'http', port: 5000 }],
      dependencies: [{ target: links }, { target: socialGraph }, { target: users }, { target: news }],
      env: {
        GITHUB_CLIENT_ID: EnvValue.fromSecret(oauth, 'GITHUB_CLIENT_ID'),
        GITHUB_CLIENT_SECRET: EnvValue.fromSecret(oauth, 'GITHUB_CLIENT_SECRET'),
      },
      externalEgress: [{ ...PUBLIC_INTERNET, ports: [443] }],
      component: 'gateway',
    });

    this.gateway = new Gateway(this, 'public-gateway', {
      ingressClassName: p.ingress.className,
      tls: p.ingress.clusterIssuer ? GatewayTls.certManager(p.ingress.clusterIssuer) : undefined,
      annotations: { 'nginx.ingress.kubernetes.io/proxy-body-size': '1m' },
      rules: [{ host: p.ingress.host, routes: [{ backend: this.apiGateway }] }],
    });

    new Task(this, 'link-checker', {
      image: imageFor('link-checker', 'link-checker', p.imageTags),
      component: 'batch',
      schedule: '*/30 * * * *',
      activeDeadline: Duration.minutes(20),
      dependencies: [{ target: links }, natsClient],
      externalEgress: [{ ...PUBLIC_INTERNET, ports: [80, 443] }],
      resources: this.serviceResources(),
    });
  }

  /** The services and data stores, in declaration order. */
  public get workloads(): Workload[] {
    return this._members('workload') as Workload[];
  }

  private service(name: string, image: ImageName, props: Omit<MicroserviceProps, 'image'>): Microservice {
    const s = this.profile.scaling;
    return new Microservice(this, name, {
      image: imageFor(image, name, this.profile.imageTags),
      component: 'api',
      replicas: s.autoscaling ? undefined : s.replicas,
      autoscaling: s.autoscaling && { minReplicas: s.replicas, ...s.autoscaling },
      availability:
        s.maxUnavailable !== undefined && s.replicas > 1 ? { maxUnavailable: s.maxUnavailable } : undefined,
      topologySpread: s.topologySpread ? {} : undefined,
      resources: this.serviceResources(),
      // The 0.x images serve no health endpoint: a TCP connect is what they support.
      probes: { readiness: Probe.tcp(), liveness: Probe.tcp({ period: Duration.seconds(20) }) },
      metrics: {},
      ...props,
    });
  }

  private serviceResources(): Resources {
    const r = this.profile.serviceResources;
    return {
      cpu: { request: r.cpuRequest, limit: r.cpuLimit },
      memory: { request: r.memoryRequest, limit: r.memoryLimit },
    };
  }
}
