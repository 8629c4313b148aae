/**
 * A small shop, written only against shipshape's public entry points (no path into the library):
 * a storefront behind an Ingress, an orders API with its PostgreSQL, a RabbitMQ queue, a worker
 * that consumes the queue, and a nightly report job. Two environments: `dev` and `prod`.
 *
 *   npx shipshape synth examples/shop/app.ts --out /tmp/shop
 */
import { EnvValue, Gateway, Microservice, Protocol, Secret, StatefulService, System, Task } from 'shipshape';
import { defineApp } from 'shipshape/synth';

/** What differs between the shop's environments. */
interface ShopEnvironment {
  readonly host: string;
  readonly replicas: number;
  readonly storage: string;
}

const ENVIRONMENTS: Readonly<Record<string, ShopEnvironment>> = {
  dev: { host: 'shop.dev.example.com', replicas: 1, storage: '1Gi' },
  prod: { host: 'shop.example.com', replicas: 3, storage: '20Gi' },
};

/** The shop in one environment. */
export class Shop extends System {
  constructor(scope: ConstructorParameters<typeof System>[0], id: string, env: ShopEnvironment) {
    super(scope, id, { namespace: 'shop', partOf: 'shop' });

    const dbCredentials = new Secret(this, 'orders-db-credentials', {
      keys: ['POSTGRES_PASSWORD'],
      generatedKeys: ['POSTGRES_PASSWORD'],
    });
    const db = new StatefulService(this, 'orders-db', {
      image: 'postgres:15.5-alpine',
      ports: [{ name: 'postgres', port: 5432, protocol: Protocol.TCP }],
      identity: { runAsUser: 70, runAsGroup: 70, fsGroup: 70 }, // the alpine image's postgres user
      writablePaths: ['/tmp', '/var/run/postgresql'],
      env: {
        PGDATA: EnvValue.value('/var/lib/postgresql/data/pgdata'),
        POSTGRES_DB: EnvValue.value('orders'),
        POSTGRES_PASSWORD: EnvValue.fromSecret(dbCredentials, 'POSTGRES_PASSWORD'),
      },
      storage: { size: env.storage, mountPath: '/var/lib/postgresql/data' },
    });
    const queue = new StatefulService(this, 'queue', {
      image: 'rabbitmq:3.12.12-alpine',
      ports: [{ name: 'amqp', port: 5672, protocol: Protocol.TCP }],
      identity: { runAsUser: 100, runAsGroup: 101, fsGroup: 101 }, // the image's rabbitmq user
      writablePaths: ['/tmp'],
      storage: { size: env.storage, mountPath: '/var/lib/rabbitmq' },
    });

    const orders = new Microservice(this, 'orders', {
      image: 'example/shop-orders:1.4.2',
      ports: [{ name: 'http', port: 8080 }],
      replicas: env.replicas,
      dependencies: [{ target: db }, { target: queue }],
      env: { DB_PASSWORD: EnvValue.fromSecret(dbCredentials, 'POSTGRES_PASSWORD') },
      ...(env.replicas > 1 && { availability: { maxUnavailable: 1 } }),
    });
    // The queue consumer: no callers, only a health endpoint for its probes.
    new Microservice(this, 'orders-worker', {
      image: 'example/shop-orders-worker:1.4.2',
      ports: [{ name: 'health', port: 8081 }],
      replicas: env.replicas,
      dependencies: [{ target: queue }, { target: db }],
      env: { DB_PASSWORD: EnvValue.fromSecret(dbCredentials, 'POSTGRES_PASSWORD') },
    });
    const storefront = new Microservice(this, 'storefront', {
      image: 'example/shop-storefront:2.0.1',
      ports: [{ name: 'http', port: 3000 }],
      replicas: env.replicas,
      dependencies: [{ target: orders }],
    });
    new Task(this, 'nightly-report', {
      image: 'example/shop-report:1.0.0',
      schedule: '0 3 * * *',
      dependencies: [{ target: db }],
      env: { DB_PASSWORD: EnvValue.fromSecret(dbCredentials, 'POSTGRES_PASSWORD') },
    });
    new Gateway(this, 'public', {
      rules: [{ host: env.host, routes: [{ backend: storefront }, { path: '/api', backend: orders }] }],
    });
  }
}

export default defineApp({
  environments: Object.keys(ENVIRONMENTS),
  build(scope, name) {
    const env = ENVIRONMENTS[name ?? ''];
    if (env === undefined) throw new Error(`no shop environment '${name}'`);
    new Shop(scope, 'shop', env);
  },
  chart: () => ({ version: '1.0.0', appVersion: '1.4.2', description: 'Example shop' }),
});
