/**
 * Every platform Helm chart, pinned in one table. Bump versions here only, together, and re-check the
 * Kubernetes range: the pins cover the minikube line (1.27) and cloud clusters up to 1.32.
 */

/** A pinned Helm chart. */
export interface ChartPin {
  /** Chart name in its repository. */
  readonly chart: string;
  /** Exact chart version. */
  readonly version: string;
  /** Helm repository URL. */
  readonly repo: string;
}

export const CHARTS = {
  /** Controller v1.12.1 (includes the CVE-2025-1974 fixes). */
  ingressNginx: {
    chart: 'ingress-nginx',
    version: '4.12.1',
    repo: 'https://kubernetes.github.io/ingress-nginx',
  },
  /** Supports Kubernetes 1.25–1.32, so the same pin serves minikube (1.27) and clouds. */
  certManager: { chart: 'cert-manager', version: 'v1.16.2', repo: 'https://charts.jetstack.io' },
  /** metrics-server v0.7.2. */
  metricsServer: {
    chart: 'metrics-server',
    version: '3.12.2',
    repo: 'https://kubernetes-sigs.github.io/metrics-server/',
  },
  /** Prometheus Operator v0.82 line. */
  kubePrometheusStack: {
    chart: 'kube-prometheus-stack',
    version: '72.9.0',
    repo: 'https://prometheus-community.github.io/helm-charts',
  },
  /** Serves only `external-secrets.io/v1` (v1beta1 stopped being served in 0.17.0). */
  externalSecrets: {
    chart: 'external-secrets',
    version: '0.17.0',
    repo: 'https://charts.external-secrets.io',
  },
  /** Vault, used here only in dev mode for `local`. */
  vault: { chart: 'vault', version: '0.30.0', repo: 'https://helm.releases.hashicorp.com' },
  /**
   * Argo CD, for `app.mode gitops`: 7.9.1 is the last chart of the 2.14 line (appVersion v2.14.11; 8.0.0 moved
   * to Argo CD 3.0), kubeVersion >=1.25. Its CRDs are identical to v2.14.21's, which shipshape validates
   * against and a 1.27 API server accepts; the images are raised to that patch ({@link ARGO_CD_VERSION}).
   */
  argoCd: { chart: 'argo-cd', version: '7.9.1', repo: 'https://argoproj.github.io/argo-helm' },
} as const satisfies Record<string, ChartPin>;

/** The Argo CD release the `argoCd` chart runs (its `global.image.tag`): the 2.14 patch of the validated CRDs. */
export const ARGO_CD_VERSION = 'v2.14.21';

/** Namespaces of the components whose place the profile does not set. */
export const PLATFORM_NAMESPACES = {
  certManager: 'cert-manager',
  metricsServer: 'kube-system',
  externalSecrets: 'external-secrets',
  vault: 'vault',
} as const;

/** In-cluster address of the dev-mode Vault the `vault` chart installs in `PLATFORM_NAMESPACES.vault`. */
export const DEV_VAULT_ADDRESS = 'http://vault.vault.svc:8200';

/** API versions the pinned charts' CRDs serve, by API group: objects of other versions cannot be applied. */
export const SERVED_API_VERSIONS: Readonly<Record<string, readonly string[]>> = {
  'cert-manager.io': ['cert-manager.io/v1'],
  'monitoring.coreos.com': ['monitoring.coreos.com/v1', 'monitoring.coreos.com/v1alpha1'],
  'external-secrets.io': ['external-secrets.io/v1'],
  'argoproj.io': ['argoproj.io/v1alpha1'],
};
