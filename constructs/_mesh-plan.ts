import { _fail, type _Where } from './_errors';
import { _checkServiceAccount, type ServiceAccountIdentity } from './gateway-implementation';
import { _instance } from './_types';
import { Mesh } from './mesh';

/** The mesh step of a System's plan: its mesh, checked, and the Prometheus identity the mesh admits to metrics. */
export function _resolveMeshPlan(
  at: _Where,
  mesh: unknown,
  monitoring: { readonly prometheusServiceAccount?: unknown },
  prometheus: { readonly namespace: string },
): { mesh: Mesh | undefined; prometheusServiceAccount: ServiceAccountIdentity } {
  const checked =
    mesh === undefined
      ? undefined
      : _instance(at, 'mesh', mesh, Mesh, 'a Mesh', 'Use Mesh.istio({ mode, mtls })');
  checked?._check(at, 'mesh');
  return {
    mesh: checked,
    // kube-prometheus-stack's Prometheus ServiceAccount for the release `kube-prometheus-stack`.
    prometheusServiceAccount:
      monitoring.prometheusServiceAccount === undefined
        ? { namespace: prometheus.namespace, name: 'kube-prometheus-stack-prometheus' }
        : _checkServiceAccount(
            at,
            'monitoring.prometheusServiceAccount',
            monitoring.prometheusServiceAccount,
          ),
  };
}

/**
 * A mesh admits callers by ServiceAccount: a shared one would let every workload running as it call what any of
 * them may, so a meshed System gives each workload its own (its principal then names that workload only).
 */
export function _checkMeshIdentity(
  at: _Where,
  mesh: Mesh | undefined,
  sharedAccount: string | undefined,
): void {
  if (sharedAccount !== undefined && mesh !== undefined)
    _fail(
      at,
      'serviceAccount',
      'must not be shared in a meshed System: the mesh admits callers by ServiceAccount, and a shared one would admit every workload running as it wherever one of them may call',
      sharedAccount,
      "Remove 'serviceAccount' so the workload gets its own, or give the System no mesh",
    );
}
