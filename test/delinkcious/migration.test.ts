// Delinkcious moved from an Ingress to Gateway API (issue 17): every environment must serve the same hosts,
// paths, backends and TLS as the Ingress it had. test/delinkcious/fixtures/ingress-<env>.yaml are those
// Ingresses, as dist/<env>/public-gateway.yaml held them before the move.
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as yaml from 'js-yaml';
import { environmentNames } from '../../src/delinkcious/environments';
import { synthesizeEnvironment } from '../../src/delinkcious/app';

/** One route as a client sees it: scheme, host, path match, and the Service port that answers. */
type Served = string;

function servicePort(objects: readonly any[], service: string, port: string | number): number {
  const svc = objects.find((o) => o.kind === 'Service' && o.metadata.name === service);
  const p = svc.spec.ports.find((x: any) => x.name === port || x.port === port);
  return p.port;
}

/** What the old Ingress served. */
function ingressServed(
  ingress: any,
  objects: readonly any[],
): { routes: Served[]; tls: string[]; issuer?: string } {
  const tls: string[] = (ingress.spec.tls ?? []).flatMap((t: any) => t.hosts);
  const routes = ingress.spec.rules.flatMap((r: any) =>
    r.http.paths.map((p: any) => {
      const type = p.pathType === 'Prefix' ? 'prefix' : 'exact';
      const port = servicePort(objects, p.backend.service.name, p.backend.service.port.name);
      const scheme = tls.includes(r.host) ? 'https' : 'http';
      return `${scheme}://${r.host}${p.path} ${type} -> ${p.backend.service.name}:${port}`;
    }),
  );
  return { routes, tls, issuer: ingress.metadata.annotations?.['cert-manager.io/cluster-issuer'] };
}

/** What the Gateway and its HTTPRoutes serve. */
function gatewayServed(objects: readonly any[]): { routes: Served[]; tls: string[]; issuer?: string } {
  const gateway = objects.find((o) => o.kind === 'Gateway');
  const listeners = new Map<string, any>(gateway.spec.listeners.map((l: any) => [l.name, l]));
  const tls = gateway.spec.listeners.filter((l: any) => l.protocol === 'HTTPS').map((l: any) => l.hostname);
  const routes = objects
    .filter((o) => o.kind === 'HTTPRoute')
    .flatMap((route) =>
      route.spec.rules
        .filter((rule: any) => rule.backendRefs)
        .flatMap((rule: any) =>
          route.spec.parentRefs.flatMap((parent: any) => {
            const l = listeners.get(parent.sectionName);
            return rule.matches.map((m: any) => {
              const type = m.path.type === 'PathPrefix' ? 'prefix' : 'exact';
              const b = rule.backendRefs[0];
              return `${l.protocol === 'HTTPS' ? 'https' : 'http'}://${route.spec.hostnames[0]}${m.path.value} ${type} -> ${b.name}:${servicePort(objects, b.name, b.port)}`;
            });
          }),
        ),
    );
  return { routes, tls, issuer: gateway.metadata.annotations?.['cert-manager.io/cluster-issuer'] };
}

describe('Delinkcious after the move to Gateway API', () => {
  test.each(environmentNames)('%s serves the hosts, paths, backends and TLS its Ingress served', (env) => {
    // GIVEN the Ingress the environment had, and what it synthesizes now
    const old = yaml.load(fs.readFileSync(path.join(__dirname, 'fixtures', `ingress-${env}.yaml`), 'utf8'));
    const objects = synthesizeEnvironment(env).objects;
    // WHEN both are read as a client sees them THEN they serve the same
    const before = ingressServed(old, objects);
    const after = gatewayServed(objects);
    expect(after).toEqual(before);
    expect(after.routes.length).toBeGreaterThan(0);
    // AND plain HTTP on a TLS host is redirected, not served
    const redirect = objects.find((o) => o.metadata.name === 'public-gateway-redirect-to-https');
    expect(redirect === undefined).toBe(before.tls.length === 0);
  });
});
