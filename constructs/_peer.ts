import type { k8s } from 'cdk8s-plus-27';
import { _safeKeys } from './_special-keys';
import type { PodPeer } from './platform';

/** A NetworkPolicy peer for pods of another namespace. */
export function _peer(peer: PodPeer): k8s.NetworkPolicyPeer {
  return {
    namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': peer.namespace } },
    podSelector: { matchLabels: _safeKeys(peer.podLabels) },
  };
}
