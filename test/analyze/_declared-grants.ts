import { Gateway, GatewayRef, ServiceWorkload, StatefulService, type System } from '../../constructs';
import { grantKey } from '../../src/analyze/authorization-policy';

/**
 * The (principal, workload, port) grants a meshed System declares, read from its public graph only (not from
 * what the renderer computed): dependencies, StatefulService peers, Gateway routes, the metrics scraper.
 */
export function declaredGrants(system: System): string[] {
  const mesh = system.mesh;
  if (mesh === undefined) return [];
  const out = new Set<string>();
  const grant = (sa: { name: string; namespace: string }, to: ServiceWorkload, portName: string) => {
    const port = to.ports.find((p) => p.name === portName);
    if (port === undefined) throw new Error(`no port ${portName} on ${to.name}`);
    if (port.transport !== 'TCP') return;
    out.add(
      grantKey({ principal: mesh.principal(sa), to: `${system.namespace}/${to.name}`, port: port.port }),
    );
  };
  const ns = system.namespace;
  for (const w of system.workloads) {
    for (const d of w.dependencyList)
      for (const p of d.ports) grant({ namespace: ns, name: w.serviceAccountName }, d.target, p);
    if (w instanceof StatefulService)
      for (const p of w['peerPorts'] as readonly string[])
        grant({ namespace: ns, name: w.serviceAccountName }, w, p);
    if (w instanceof ServiceWorkload && w.metrics) grant(system.prometheusServiceAccount, w, w.metrics.port);
  }
  for (const g of system.gateways) {
    const identity =
      g instanceof Gateway
        ? { name: g.name, namespace: ns }
        : { name: (g as GatewayRef).gatewayName, namespace: (g as GatewayRef).gatewayNamespace };
    const sa = g.implementation.dataPlaneServiceAccount(identity);
    if (sa === undefined) throw new Error(`no data plane ServiceAccount for ${g.name}`);
    for (const r of g.routes) grant(sa, r.backend, r.port);
  }
  return [...out].sort();
}
