import type { k8s } from 'cdk8s-plus-27';

/** Identity a pod runs as. */
export interface _PodIdentity {
  readonly runAsUser: number;
  readonly runAsGroup: number;
  readonly fsGroup: number;
}

/** Pod-level settings that satisfy Pod Security "restricted". */
export function _podSecurityContext(id: _PodIdentity): k8s.PodSecurityContext {
  return {
    runAsNonRoot: true,
    runAsUser: id.runAsUser,
    runAsGroup: id.runAsGroup,
    fsGroup: id.fsGroup,
    fsGroupChangePolicy: 'OnRootMismatch',
    seccompProfile: { type: 'RuntimeDefault' },
  };
}

/** Container-level settings that satisfy Pod Security "restricted" with an immutable root filesystem. */
export function _containerSecurityContext(): k8s.SecurityContext {
  return {
    allowPrivilegeEscalation: false,
    privileged: false,
    readOnlyRootFilesystem: true,
    runAsNonRoot: true,
    capabilities: { drop: ['ALL'] },
  };
}
