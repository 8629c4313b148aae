import { k8s } from 'cdk8s-plus-27';
import { _safeKeys } from './_special-keys';

/** One port a NetworkPolicy rule admits. */
export interface _PolicyPort {
  readonly protocol: string;
  readonly port: number;
}

/** Traffic with one peer on a non-empty list of ports. */
export interface _Edge {
  readonly peer: k8s.NetworkPolicyPeer;
  readonly ports: readonly _PolicyPort[];
}

/**
 * The NetworkPolicy of a workload's pods. A rule with `ports: []` or without `ports` admits every
 * port, so an edge without ports is a bug of the library, never rendered.
 */
export function _policySpec(
  selector: Readonly<Record<string, string>>,
  ingress: readonly _Edge[],
  egress: readonly _Edge[],
): k8s.NetworkPolicySpec {
  const ports = (e: _Edge): k8s.NetworkPolicyPort[] => {
    if (e.ports.length === 0)
      throw new Error('shipshape bug: a NetworkPolicy rule without ports admits every port');
    return e.ports.map((p) => ({ protocol: p.protocol, port: k8s.IntOrString.fromNumber(p.port) }));
  };
  return {
    podSelector: { matchLabels: _safeKeys(selector) },
    policyTypes: ['Ingress', 'Egress'],
    ...(ingress.length > 0 && { ingress: ingress.map((e) => ({ from: [e.peer], ports: ports(e) })) }),
    ...(egress.length > 0 && { egress: egress.map((e) => ({ to: [e.peer], ports: ports(e) })) }),
  };
}

/** A peer of the same namespace, by pod labels. */
export function _podPeer(labels: Readonly<Record<string, string>>): k8s.NetworkPolicyPeer {
  return { podSelector: { matchLabels: _safeKeys(labels) } };
}
