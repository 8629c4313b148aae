/**
 * Where the platform's components live and which API versions their CRDs serve. The chart pins themselves,
 * per Kubernetes range, are in pins.ts.
 */
export type { ChartPin } from './pins';

/** Namespaces of the components whose place the profile does not set. */
export const PLATFORM_NAMESPACES = {
  certManager: 'cert-manager',
  metricsServer: 'kube-system',
  externalSecrets: 'external-secrets',
  vault: 'vault',
  argoRollouts: 'argo-rollouts',
} as const;

/** In-cluster address of the dev-mode Vault the `vault` chart installs in `PLATFORM_NAMESPACES.vault`. */
export const DEV_VAULT_ADDRESS = 'http://vault.vault.svc:8200';

/** API versions the pinned charts' CRDs serve, by API group: objects of other versions cannot be applied. */
export const SERVED_API_VERSIONS: Readonly<Record<string, readonly string[]>> = {
  'cert-manager.io': ['cert-manager.io/v1'],
  'monitoring.coreos.com': ['monitoring.coreos.com/v1', 'monitoring.coreos.com/v1alpha1'],
  'external-secrets.io': ['external-secrets.io/v1'],
  'argoproj.io': ['argoproj.io/v1alpha1'],
  'gateway.networking.k8s.io': ['gateway.networking.k8s.io/v1'],
  'security.istio.io': ['security.istio.io/v1', 'security.istio.io/v1beta1'],
};
