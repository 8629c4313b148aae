/**
 * The Istio rendering of the mesh intent (`security.istio.io/v1`), following Istio's security best practices:
 * a namespace-wide PeerAuthentication, an allow-nothing AuthorizationPolicy (deny by default), and per workload
 * one ALLOW AuthorizationPolicy whose rules name exactly the callers' principals on each port. Rules are L4
 * only (principals and ports): ztunnel enforces them in ambient mode without a waypoint.
 */
import { ApiObject } from 'cdk8s';
import type { Construct } from 'constructs';
import type { _WorkloadIntent } from './_mesh-intent';
import type { _Edge } from './_network-policy';
import { _peer } from './_peer';
import type { Mesh } from './mesh';
import type { _RenderedProbes } from './_probe-plan';
import type { ServicePort } from './port';

/** The API version of every Istio security object shipshape emits. */
export const _ISTIO_SECURITY = 'security.istio.io/v1';

/** The namespace label that enrols every pod of the namespace, per mode. */
export function _enrolmentLabels(mesh: Mesh): Record<string, string> {
  return mesh.mode === 'ambient'
    ? { 'istio.io/dataplane-mode': 'ambient' }
    : { 'istio-injection': 'enabled' };
}

/** The pod label that enrols one pod when the System does not own its namespace. */
export function _podEnrolmentLabels(mesh: Mesh): Record<string, string> {
  return mesh.mode === 'ambient'
    ? { 'istio.io/dataplane-mode': 'ambient' }
    : { 'sidecar.istio.io/inject': 'true' };
}

/** The namespace-wide PeerAuthentication spec. */
export function _peerAuthenticationSpec(mesh: Mesh): Record<string, unknown> {
  return { mtls: { mode: mesh.mtls } };
}

/**
 * The ALLOW AuthorizationPolicy spec of one workload: one rule per port, from the sorted principals of its
 * callers. A workload nobody calls gets no rules, which Istio reads as "never matches" (deny everything).
 * UDP and SCTP ports get no rule: the mesh carries TCP only, and the NetworkPolicies govern the rest.
 */
export function _authorizationSpec(mesh: Mesh, intent: _WorkloadIntent): Record<string, unknown> {
  const rules = intent.ports
    .filter((p) => p.transport === 'TCP' && p.callers.length > 0)
    .map((p) => ({
      from: [{ source: { principals: p.callers.map((c) => mesh.principal(c.serviceAccount)) } }],
      to: [{ operation: { ports: [String(p.port)] } }],
    }));
  return {
    selector: { matchLabels: { ...intent.selector } },
    action: 'ALLOW',
    ...(rules.length > 0 && { rules }),
  };
}

/** The System-wide objects: the PeerAuthentication `default` and the AuthorizationPolicy `allow-nothing`. */
export function _renderMeshBase(
  scope: Construct,
  mesh: Mesh,
  labels: Readonly<Record<string, string>>,
): { peerAuthentication: ApiObject; allowNothing: ApiObject } {
  const peerAuthentication = new ApiObject(scope, 'peer-authentication', {
    apiVersion: _ISTIO_SECURITY,
    kind: 'PeerAuthentication',
    metadata: { name: 'default', labels: { ...labels } },
    spec: _peerAuthenticationSpec(mesh),
  });
  // Istio's security best practices: an ALLOW policy without rules in the namespace denies every request
  // no other ALLOW policy admits.
  const allowNothing = new ApiObject(scope, 'allow-nothing', {
    apiVersion: _ISTIO_SECURITY,
    kind: 'AuthorizationPolicy',
    metadata: { name: 'allow-nothing', labels: { ...labels } },
    spec: {},
  });
  return { peerAuthentication, allowNothing };
}

/** HBONE, the port ztunnel carries a meshed pod's traffic to another on (ambient mode). */
export const _HBONE_PORT = 15008;

/**
 * Istio's documented address of the kubelet's probes to an ambient pod: ztunnel SNATs them to it, so a
 * NetworkPolicy must admit it on the probed ports (istio.io, "Ambient and Kubernetes NetworkPolicy").
 */
export const _AMBIENT_PROBE_SOURCE = '169.254.7.127/32';

/** Istio's control plane (the istiod chart's pod label): sidecars fetch config and certificates on 15012. */
const ISTIOD = { namespace: 'istio-system', podLabels: { app: 'istiod' } };

/** An edge between two pods, with the mesh's own port between the same pods (ambient: HBONE, for TCP edges). */
export function _withMeshPorts(mesh: Mesh, edge: _Edge): _Edge {
  // The mesh carries TCP only: an edge of UDP or SCTP ports alone needs no HBONE.
  if (mesh.mode !== 'ambient' || edge.peer.ipBlock !== undefined) return edge;
  if (!edge.ports.some((p) => p.protocol === 'TCP')) return edge;
  if (edge.ports.some((p) => p.protocol === 'TCP' && p.port === _HBONE_PORT)) return edge;
  return { peer: edge.peer, ports: [...edge.ports, { protocol: 'TCP', port: _HBONE_PORT }] };
}

/** The TCP ports the kubelet probes (HTTP, gRPC and TCP probes of the pod's long-running containers). */
export function _probedPorts(
  containers: readonly {
    readonly ports: readonly Required<ServicePort>[];
    readonly probes: _RenderedProbes;
  }[],
): number[] {
  const found = new Set<number>();
  for (const c of containers)
    for (const probe of [c.probes.readinessProbe, c.probes.livenessProbe, c.probes.startupProbe]) {
      const port = probe?.httpGet?.port.value ?? probe?.tcpSocket?.port.value ?? probe?.grpc?.port;
      const number = typeof port === 'string' ? c.ports.find((x) => x.name === port)?.port : port;
      if (number !== undefined) found.add(number);
    }
  return [...found].sort((a, b) => a - b);
}

/**
 * Ingress for the kubelet's probes as the mesh rewrites them (ambient: from ztunnel's SNAT address, on the
 * probed ports only; exec probes need none).
 */
export function _meshProbeEdges(mesh: Mesh, probedPorts: readonly number[]): _Edge[] {
  if (mesh.mode !== 'ambient' || probedPorts.length === 0) return [];
  return [
    {
      peer: { ipBlock: { cidr: _AMBIENT_PROBE_SOURCE } },
      ports: probedPorts.map((port) => ({ protocol: 'TCP', port })),
    },
  ];
}

/** Egress every pod needs for the mesh itself (sidecar: istiod's XDS and CA port 15012; ambient: none). */
export function _meshEgressEdges(mesh: Mesh): _Edge[] {
  return mesh.mode === 'sidecar' ? [{ peer: _peer(ISTIOD), ports: [{ protocol: 'TCP', port: 15012 }] }] : [];
}
