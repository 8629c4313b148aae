/**
 * The Istio platform of a meshed environment, as Istio's Helm install guide orders it: `base` (the CRDs),
 * `istiod`, the `cni` node agent (so that no pod needs istio-init's NET_ADMIN/NET_RAW, which Pod Security
 * "restricted" refuses) and, in ambient mode, `ztunnel`. The namespaces of the entry gateway's data plane and of
 * Prometheus are enrolled too (ambient: `istio.io/dataplane-mode=ambient`), so that their calls carry the mTLS
 * identities the System's AuthorizationPolicies admit.
 */
import * as k8s from '@pulumi/kubernetes';
import type * as pulumi from '@pulumi/pulumi';
import type { InstallChart } from './gateway-platform';
import type { PlatformPinSet } from './pins';

/** Istio's control-plane namespace (its charts' default). */
export const ISTIO_NAMESPACE = 'istio-system';

/** What installing the mesh takes. */
export interface MeshPlatformArgs {
  readonly pins: PlatformPinSet;
  readonly mode: 'ambient' | 'sidecar';
  readonly install: InstallChart;
  /** Namespaces outside the System whose pods call into it (gateway data plane, Prometheus), each after what creates it. */
  readonly callers: readonly { readonly namespace: string; readonly after: readonly pulumi.Resource[] }[];
  readonly parent: pulumi.Resource;
  readonly provider: k8s.Provider;
}

/** What the mesh platform installed. */
export interface MeshPlatform {
  /** The releases, in install order (base first: the security.istio.io CRDs). */
  readonly releases: readonly k8s.helm.v3.Release[];
  /** What meshed objects (and the System's pods) must wait for: every release and the enrolled callers. */
  readonly ready: readonly pulumi.Resource[];
}

/** Installs Istio in `mode`, with the CNI node agent, and enrols the callers' namespaces. */
export function installMeshPlatform(name: string, args: MeshPlatformArgs): MeshPlatform {
  const { charts } = args.pins;
  const ambient = args.mode === 'ambient';
  const profile = ambient ? { profile: 'ambient' } : {};
  const base = args.install(charts.istioBase, 'istio-base', ISTIO_NAMESPACE, {});
  const istiod = args.install(
    charts.istiod,
    'istiod',
    ISTIO_NAMESPACE,
    { ...profile, ...(!ambient && { pilot: { cni: { enabled: true } } }) },
    { dependsOn: [base] },
  );
  const cni = args.install(charts.istioCni, 'istio-cni', ISTIO_NAMESPACE, profile, { dependsOn: [istiod] });
  const releases = [base, istiod, cni];
  if (ambient)
    releases.push(args.install(charts.ztunnel, 'ztunnel', ISTIO_NAMESPACE, {}, { dependsOn: [cni] }));
  const label: Record<string, string> = ambient
    ? { 'istio.io/dataplane-mode': 'ambient' }
    : { 'istio-injection': 'enabled' };
  const enrolled = args.callers.map(
    (c) =>
      new k8s.core.v1.NamespacePatch(
        `${name}-mesh-enrol-${c.namespace}`,
        { metadata: { name: c.namespace, labels: label } },
        { parent: args.parent, provider: args.provider, dependsOn: [...releases, ...c.after] },
      ),
  );
  return { releases, ready: [...releases, ...enrolled] };
}
