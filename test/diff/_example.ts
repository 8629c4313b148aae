import { Gateway, GatewayTls, Microservice, Protocol, ServiceType, StatefulService } from '../../constructs';
import { diffOutputs } from '../../src/diff/compare';
import type { DiffReport } from '../../src/diff/report';
import { outputOf } from './_apps';

// The example of docs/diff.md: a shop, and a pull request that touches most of what a review should see.

type System = Parameters<Parameters<typeof outputOf>[0]>[0];

/** The shop before (`pr: false`) and after the pull request. */
export function shop(pr: boolean) {
  return (system: System, env: string) => {
    const db = new StatefulService(system, 'db', {
      image: 'postgres:15.5-alpine',
      ports: [{ name: 'pg', port: 5432, protocol: Protocol.TCP }],
      storage: { size: '1Gi', mountPath: '/var/lib/postgresql/data' },
    });
    const cache = new Microservice(system, 'cache', {
      image: 'example/cache:1.0.0',
      ports: [{ name: 'http', port: 6000 }],
      // The PR exposes the cache for a partner's batch jobs.
      ...(pr && { serviceType: ServiceType.LOAD_BALANCER, serviceSources: { anywhere: true as const } }),
    });
    const api = new Microservice(system, 'api', {
      image: pr ? 'example/api:1.5.0' : 'example/api:1.4.2',
      ports: [{ name: 'http', port: 8080 }],
      replicas: env === 'prod' ? 3 : 1,
      dependencies: [{ target: db }, ...(pr ? [{ target: cache }] : [])],
      config: { env: { LOG_LEVEL: 'info', ...(pr ? {} : { LEGACY_CHECKOUT: 'on' }) } },
      ...(pr && { rbacRules: [{ apiGroups: [''], resources: ['configmaps'], verbs: ['get', 'watch'] }] }),
    });
    const web = new Microservice(system, 'web', {
      image: 'example/web:2.0.1',
      ports: [{ name: 'http', port: 3000 }],
      replicas: env === 'prod' ? (pr ? 4 : 3) : 1,
      dependencies: [{ target: api }],
    });
    new Gateway(system, 'public', {
      tls: GatewayTls.certManager('letsencrypt'),
      rules: [
        {
          host: env === 'prod' ? 'shop.example.com' : `${env}.shop.example.com`,
          routes: [{ backend: web }, ...(pr ? [{ path: '/api', backend: api }] : [])],
        },
      ],
    });
  };
}

/** The report the docs show: the shop's `dev` and `prod` before and after the pull request. */
export function exampleReport(): DiffReport {
  return diffOutputs(outputOf(shop(false), ['dev', 'prod']), outputOf(shop(true), ['dev', 'prod']), {
    base: { label: 'origin/main' },
    head: { label: 'working tree' },
  });
}
