// Case 2's synthetic system through shipshape constructs (raw.ts builds the same objects with raw
// cdk8s-plus-27; spec.ts is what they share).
import type { App } from 'cdk8s';
import { Ingress, Microservice, System } from '../constructs';
import { BENCH, configOf, imageOf, serviceName } from './spec';

/**
 * N Microservices in one System: each has an HTTP port, a ConfigMap-backed env, a dependency on
 * the previous service, metrics, and a route `/<name>` on one shared Ingress (as the raw cdk8s-plus side: a Gateway API HTTPRoute holds 16 rules).
 * Objects: Namespace + 2 system NetworkPolicies + 1 Ingress, and per service a ServiceAccount,
 * NetworkPolicy, ConfigMap, Deployment and Service: 5N + 4.
 */
export function buildShipshape(app: App, n: number): System {
  const system = new System(app, 'bench', { namespace: BENCH.namespace });
  const gateway = new Ingress(system, 'public-gateway', {
    ingressClassName: BENCH.ingressClass,
    controller: BENCH.ingressController,
  });
  let previous: Microservice | undefined;
  for (let i = 0; i < n; i++) {
    const name = serviceName(i);
    const service: Microservice = new Microservice(system, name, {
      image: imageOf(i),
      ports: [{ name: 'http', port: BENCH.port }],
      config: { env: configOf(i) },
      dependencies: previous ? [{ target: previous }] : [],
      metrics: {},
    });
    gateway.addRule({ host: BENCH.host, routes: [{ path: `/${name}`, backend: service }] });
    previous = service;
  }
  return system;
}
