/**
 * The mesh intent of a System: who may call each workload on which port, by ServiceAccount. It is what every
 * mesh implementation renders (Istio's AuthorizationPolicies today; Linkerd's Server + AuthorizationPolicy +
 * MeshTLSAuthentication could follow from the same data), and it holds nothing of any implementation.
 */
import type { ServiceAccountIdentity } from './gateway-implementation';

/** Why a caller may call: a declared dependency, a replica of a StatefulService, a Gateway's data plane, the scraper. */
export type _CallerKind = 'dependency' | 'peer' | 'gateway' | 'scraper';

/** One caller of one port. */
export interface _MeshCaller {
  readonly serviceAccount: ServiceAccountIdentity;
  readonly kind: _CallerKind;
}

/** One port of a workload and every identity that may call it. */
export interface _PortIntent {
  readonly name: string;
  readonly port: number;
  /** `TCP`, `UDP` or `SCTP` (the mesh carries TCP only). */
  readonly transport: string;
  readonly callers: readonly _MeshCaller[];
}

/** The intent of one workload behind a Service. */
export interface _WorkloadIntent {
  readonly name: string;
  readonly selector: Readonly<Record<string, string>>;
  readonly serviceAccount: ServiceAccountIdentity;
  /** Ports with at least one caller, in the workload's port order. */
  readonly ports: readonly _PortIntent[];
}

/** The key of a ServiceAccount (`<namespace>/<name>`), for sets and sorting. */
export function _accountKey(sa: ServiceAccountIdentity): string {
  return `${sa.namespace}/${sa.name}`;
}

/**
 * Merges callers by ServiceAccount (the first kind wins) and sorts them, so that the rendered policy does not
 * depend on the order edges were declared in.
 */
export function _uniqueCallers(callers: readonly _MeshCaller[]): _MeshCaller[] {
  const byKey = new Map<string, _MeshCaller>();
  for (const c of callers)
    if (!byKey.has(_accountKey(c.serviceAccount))) byKey.set(_accountKey(c.serviceAccount), c);
  return [...byKey.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, c]) => c);
}
