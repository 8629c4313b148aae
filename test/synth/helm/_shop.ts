/**
 * A small outside app, written against the public entry points only, whose props the chart tests vary: the
 * chart of the default props rendered with `--set` must equal the synthesis of the matching props.
 */
import { Duration } from 'cdk8s';
import {
  Delivery,
  EnvValue,
  Gateway,
  GatewayTls,
  Microservice,
  Probe,
  StatefulService,
  System,
  Task,
  Worker,
} from 'shipshape';
import { defineApp, renderOutput, synthesizeApp, type SynthesizedSystem } from 'shipshape/synth';

/** The props the tests vary. */
export interface ShopProps {
  readonly webTag: string;
  readonly webReplicas: number;
  readonly webCpuLimit: string;
  readonly greeting: string;
  readonly apiMin: number;
  readonly apiMax: number;
  readonly dbReplicas: number;
  readonly host: string;
  readonly issuer: string;
  readonly secretName?: string;
}

export const DEFAULTS: ShopProps = {
  webTag: '1.4.2',
  webReplicas: 2,
  webCpuLimit: '500m',
  greeting: 'hello <world> & co',
  apiMin: 2,
  apiMax: 6,
  dbReplicas: 1,
  host: 'shop.example.com',
  issuer: 'letsencrypt',
};

export function shopApp(p: ShopProps) {
  return defineApp({
    build(scope) {
      const system = new System(scope, 'shop', { namespace: 'shop' });
      const db = new StatefulService(system, 'orders-db', {
        image: 'postgres:15.5-alpine',
        ports: [{ name: 'postgres', port: 5432 }],
        replicas: p.dbReplicas,
        probes: { readiness: Probe.tcp() },
        identity: { runAsUser: 70 },
        storage: { size: '1Gi', mountPath: '/var/lib/postgresql/data' },
      });
      const web = new Microservice(system, 'web', {
        image: `example/web:${p.webTag}`,
        ports: [{ name: 'http', port: 8080 }],
        replicas: p.webReplicas,
        // Delivered blue-green: its replicas value is the Rollout's, its image and config the Deployment's template.
        delivery: Delivery.blueGreen({ autoPromotion: false }),
        config: { env: { GREETING: p.greeting }, files: { 'app.ini': '[app]\nname = {{ shop }}\n' } },
        resources: { cpu: { request: '100m', limit: p.webCpuLimit } },
        dependencies: [{ target: db }],
      });
      const api = new Microservice(system, 'api', {
        image: 'example/api@sha256:' + 'a'.repeat(64),
        ports: [{ name: 'http', port: 9090 }],
        autoscaling: { minReplicas: p.apiMin, maxReplicas: p.apiMax },
        availability: { maxUnavailable: 1 },
        env: {
          WEB: EnvValue.value('http://web.shop.svc:8080'),
          TEMPLATE: EnvValue.value('Hello {{ .Name }}'),
        },
      });
      new Worker(system, 'consumer', {
        image: 'example/consumer:2.0.0',
        probes: { readiness: Probe.exec(['/bin/true']) },
        dependencies: [{ target: api }],
      });
      new Task(system, 'nightly', {
        image: 'example/report:0.9.1',
        schedule: '0 3 * * *',
        activeDeadline: Duration.minutes(30),
      });
      new Gateway(system, 'public', {
        tls: p.secretName ? GatewayTls.fromSecret(p.secretName) : GatewayTls.certManager(p.issuer),
        rules: [
          { host: p.host, routes: [{ backend: web }] },
          { host: `api.${p.host}`, routes: [{ backend: api }] },
        ],
      });
    },
    chart: () => ({ appVersion: '2.3.4', version: '1.0.0' }),
  });
}

/** The one System of the shop with `props`. */
export function shop(props: Partial<ShopProps> = {}): SynthesizedSystem {
  return synthesizeApp(shopApp({ ...DEFAULTS, ...props }))[0]!;
}

/** Its output tree (plain manifests under `shop/`, chart under `helm/shop/`). */
export function shopTree(props: Partial<ShopProps> = {}) {
  return renderOutput([shop(props)]);
}
