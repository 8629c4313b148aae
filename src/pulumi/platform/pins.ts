/**
 * The platform pins table: for each supported range of Kubernetes minors, every chart the Platform installs,
 * pinned, with its upstream support statement and where the pin was read. Bump pins here only, together,
 * and re-check each statement; test/pulumi/platform/pins.test.ts checks that every pin's declared range
 * covers every minor it is offered for and that the minikube and cloud defaults fall inside a range.
 *
 * Kubernetes upstream supports the three newest minors: on 2026-12-06 those are 1.35, 1.36 and 1.37.
 */
import * as semver from 'semver';

/** A pinned Helm chart. */
export interface ChartPin {
  /** Chart name in its repository. */
  readonly chart: string;
  /** Exact chart version. */
  readonly version: string;
  /** Helm repository URL, or an `oci://` reference whose last segment is the chart. */
  readonly repo: string;
}

/** A chart pin with what upstream says about the Kubernetes versions it supports. */
export interface PlatformPin extends ChartPin {
  /** The application version the chart runs. */
  readonly appVersion: string;
  /**
   * The Kubernetes versions upstream declares, as a semver range: the chart's `kubeVersion` where it has
   * one, else the project's support matrix.
   */
  readonly kubernetes: string;
  /**
   * Minors outside `kubernetes` that shipshape's e2e proves (the component's CRDs and controller against a
   * real API server of that minor); each must be an API server version e2e/tools.sh builds.
   */
  readonly verifiedByE2e?: readonly string[];
  /** Upstream's support statement, in its words, and where it was read. */
  readonly support: string;
}

/** The Gateway API CRDs, installed from the project's release bundle. */
export interface GatewayApiPin {
  /** Gateway API release. */
  readonly version: string;
  /** Release channel. */
  readonly channel: 'standard';
  /** The release's install manifest. */
  readonly url: string;
  /** The Kubernetes versions upstream declares (semver range). */
  readonly kubernetes: string;
  /** Upstream's support statement and where it was read. */
  readonly support: string;
}

/** Every chart of one range, by component. */
export interface PlatformCharts {
  readonly envoyGateway: PlatformPin;
  readonly envoyGatewayCrds: PlatformPin;
  readonly certManager: PlatformPin;
  readonly metricsServer: PlatformPin;
  readonly kubePrometheusStack: PlatformPin;
  readonly externalSecrets: PlatformPin;
  readonly vault: PlatformPin;
  readonly argoCd: PlatformPin;
  readonly argoRollouts: PlatformPin;
  /** Istio's CRDs (chart `base`). */
  readonly istioBase: PlatformPin;
  /** Istio's control plane. */
  readonly istiod: PlatformPin;
  /** Istio's CNI node agent (no istio-init in pods). */
  readonly istioCni: PlatformPin;
  /** Istio's ambient node proxy. */
  readonly ztunnel: PlatformPin;
}

/** A traffic router plugin of Argo Rollouts, which the controller downloads when it starts (`trafficRouterPlugins`). */
export interface TrafficRouterPluginPin {
  /** The plugin's release. */
  readonly version: string;
  /** Where the controller downloads the linux/amd64 binary of the release. */
  readonly location: string;
  /** The binary's sha256, which the controller checks; `undefined` where no trustworthy checksum was at hand. */
  readonly sha256: string | undefined;
  /** Why these versions fit the controller and Kubernetes. */
  readonly support: string;
}

/** The pins of one range of Kubernetes minors. */
export interface PlatformPinSet {
  /** Lowest and highest Kubernetes minor offered (`1.35`). */
  readonly minors: { readonly min: string; readonly max: string };
  readonly charts: PlatformCharts;
  readonly gatewayApi: GatewayApiPin;
  /** The Argo CD release the `argoCd` chart runs (its `global.image.tag`). */
  readonly argoCdVersion: string;
  /** The Argo Rollouts release the `argoRollouts` chart runs (its `controller.image.tag`). */
  readonly argoRolloutsVersion: string;
  /** Traffic router plugins by the name Rollouts give them (`argoproj-labs/gatewayAPI`). */
  readonly trafficRouterPlugins: Readonly<Record<string, TrafficRouterPluginPin>>;
}

const ENVOY_GATEWAY_SUPPORT =
  'No chart kubeVersion; conformance CI matrix of v1.9.1 (.github/workflows/build_and_test.yaml in the Go ' +
  'module github.com/envoyproxy/gateway@v1.9.1): Kubernetes v1.33.12, v1.34.8, v1.35.5, v1.36.1. Built against ' +
  'sigs.k8s.io/gateway-api v1.6.1 (its go.mod).';

const ISTIO_SUPPORT =
  'Charts carry no kubeVersion (manifests/charts/*/Chart.yaml of istio.io/istio); Istio 1.31+ declares ' +
  'Kubernetes 1.32 the minimum (istioctl/pkg/install/k8sversion MinK8SVersion = 32 in istio.io/istio ' +
  'v0.0.0-20260827124520-eed52ebb66ad, VERSION 1.31); the release matches the istio.io/api v1.32.0 schemas ' +
  "the validator reads (istio-1.32-schema.json). Istio's support matrix as endoflife.date mirrored it " +
  "(2026-08-22) gives 1.29 Kubernetes 1.31-1.35 and 1.30 1.32-1.36, one minor later per release; 1.32's row " +
  'was not in it, so 1.34-1.38 is expected, not read: this row (1.35-1.37) lies inside it.';
const istioPin = (chart: string): PlatformPin => ({
  chart,
  version: '1.32.0',
  repo: 'https://istio-release.storage.googleapis.com/charts',
  appVersion: '1.32.0',
  kubernetes: '>=1.32.0-0',
  support: ISTIO_SUPPORT,
});

/** The table: ranges in ascending order, none overlapping. */
export const PLATFORM_PINS: readonly PlatformPinSet[] = [
  {
    minors: { min: '1.35', max: '1.37' },
    charts: {
      /** oci://docker.io/envoyproxy/gateway-helm; installed with skipCrds (its crds/ are the experimental channel). */
      envoyGateway: {
        chart: 'gateway-helm',
        version: 'v1.9.1',
        repo: 'oci://docker.io/envoyproxy/gateway-helm',
        appVersion: 'v1.9.1',
        kubernetes: '>=1.33.0-0 <1.37.0-0',
        verifiedByE2e: ['1.37'],
        support: ENVOY_GATEWAY_SUPPORT,
      },
      /** Envoy Gateway's own CRDs only (`crds.envoyGateway.enabled`); the Gateway API CRDs come from `gatewayApi`. */
      envoyGatewayCrds: {
        chart: 'gateway-crds-helm',
        version: 'v1.9.1',
        repo: 'oci://docker.io/envoyproxy/gateway-crds-helm',
        appVersion: 'v1.9.1',
        kubernetes: '>=1.33.0-0 <1.37.0-0',
        verifiedByE2e: ['1.37'],
        support: ENVOY_GATEWAY_SUPPORT,
      },
      certManager: {
        chart: 'cert-manager',
        version: 'v1.21.2',
        repo: 'https://charts.jetstack.io',
        appVersion: 'v1.21.2',
        kubernetes: '>= 1.22.0-0',
        support:
          'Chart kubeVersion ">= 1.22.0-0" (deploy/charts/cert-manager/Chart.yaml in the Go module ' +
          'github.com/cert-manager/cert-manager@v1.21.2); Gateway API support on through ' +
          '`config.gatewayAPI.enabled` (pkg/apis/config/controller/v1alpha1/types.go).',
      },
      metricsServer: {
        chart: 'metrics-server',
        version: '3.13.1',
        repo: 'https://kubernetes-sigs.github.io/metrics-server/',
        appVersion: '0.8.1',
        kubernetes: '>=1.31.0-0',
        support:
          'No chart kubeVersion; README compatibility matrix "0.8.x | metrics.k8s.io/v1beta1 | 1.31+" ' +
          '(kubernetes-sigs/metrics-server 5ed5d3a2, charts/metrics-server/Chart.yaml 3.13.1).',
      },
      kubePrometheusStack: {
        chart: 'kube-prometheus-stack',
        version: '88.5.3',
        repo: 'https://prometheus-community.github.io/helm-charts',
        appVersion: 'v0.93.1',
        kubernetes: '>=1.25.0-0',
        support:
          'Chart kubeVersion ">=1.25.0-0" (prometheus-community/helm-charts cf408a29, ' +
          'charts/kube-prometheus-stack/Chart.yaml 88.5.3, Prometheus Operator v0.93.1).',
      },
      externalSecrets: {
        chart: 'external-secrets',
        version: '2.9.0',
        repo: 'https://charts.external-secrets.io',
        appVersion: 'v2.9.0',
        kubernetes: '>= 1.19.0-0',
        support:
          'Chart kubeVersion ">= 1.19.0-0" (external-secrets/external-secrets cc5bfbc2, ' +
          'deploy/charts/external-secrets/Chart.yaml 2.9.0); docs/introduction/stability-support.md: "2.9 | 1.36" ' +
          'tested, only the newest minor supported. Its CRDs carry selectableFields (Kubernetes 1.30+).',
      },
      vault: {
        chart: 'vault',
        version: '0.34.1',
        repo: 'https://helm.releases.hashicorp.com',
        appVersion: '2.0.4',
        kubernetes: '>= 1.20.0-0',
        support:
          'Chart kubeVersion ">= 1.20.0-0"; README "Kubernetes 1.29+ - This is the earliest version of ' +
          'Kubernetes tested" (hashicorp/vault-helm aa1c92e, Chart.yaml 0.34.1).',
      },
      argoCd: {
        chart: 'argo-cd',
        version: '10.1.1',
        repo: 'https://argoproj.github.io/argo-helm',
        appVersion: 'v3.4.4',
        kubernetes: '>=1.25.0-0',
        support:
          'Chart kubeVersion ">=1.25.0-0" (argoproj/argo-helm af0a9310, charts/argo-cd/Chart.yaml 10.1.1, the ' +
          'newest chart there). Argo CD supports its three newest minors (3.4 is one of them while 3.7 is ' +
          "unreleased). The chart's CRDs equal v3.4.14's manifests/crds (spec compared), which the validator " +
          'reads (argocd-3.4-schema.json); the images are raised to that patch.',
      },
      istioBase: istioPin('base'),
      istiod: istioPin('istiod'),
      istioCni: istioPin('cni'),
      ztunnel: istioPin('ztunnel'),
      /** For services with a `delivery`; installed only when the system has Rollouts. */
      argoRollouts: {
        chart: 'argo-rollouts',
        version: '2.41.0',
        repo: 'https://argoproj.github.io/argo-helm',
        appVersion: 'v1.9.0',
        kubernetes: '>=1.32.0-0',
        support:
          'No chart kubeVersion (argoproj/argo-helm af0a9310, charts/argo-rollouts/Chart.yaml 2.41.0, the newest ' +
          'chart there) and no stated range; the e2e matrix of v1.10.2 (.github/workflows/testing.yaml in the Go ' +
          'module github.com/argoproj/argo-rollouts@v1.10.2) runs Kubernetes 1.32, 1.33, 1.34 and 1.35 ("latest"), ' +
          'built on client-go v0.34.5. The image is raised to v1.10.2, whose CRDs the validator reads and whose ' +
          "controller shipshape's e2e runs; the chart's CRDs equal v1.10.2's but for Datadog's requestTimeout, which " +
          'shipshape never writes. e2e applies the CRDs and the Rollouts to v1.37.2.',
      },
    },
    gatewayApi: {
      version: 'v1.7.0',
      channel: 'standard',
      url: 'https://github.com/kubernetes-sigs/gateway-api/releases/download/v1.7.0/standard-install.yaml',
      kubernetes: '>=1.26.0-0',
      support:
        "Gateway API's versioning policy supports at least the five newest Kubernetes minors, and its v1.4 " +
        'release named 1.26 the minimum; its CRDs need no newer API server feature: e2e applies the v1.7.0 ' +
        'standard channel (../shared/external/crds/gateway-api/v1.7.0) to v1.35.4 and v1.37.2. Newer than the v1.6.1 Envoy Gateway v1.9.1 is built with: Gateway API v1 is ' +
        'backward compatible, and e2e runs that controller on these CRDs.',
    },
    argoCdVersion: 'v3.4.14',
    argoRolloutsVersion: 'v1.10.2',
    trafficRouterPlugins: {
      'argoproj-labs/gatewayAPI': {
        version: 'v0.15.0',
        location:
          'https://github.com/argoproj-labs/rollouts-plugin-trafficrouter-gatewayapi/releases/download/v0.15.0/gatewayapi-plugin-linux-amd64',
        // The release's checksum is published only with the release's binaries, which cannot be reached from
        // where these pins were made: none is invented. Set it here once read from the release page.
        sha256: undefined,
        support:
          'The newest tag of argoproj-labs/rollouts-plugin-trafficrouter-gatewayapi (v0.15.0, 96c63fd7, 2026-06-26), ' +
          'built on the Argo Rollouts v1.6.6 plugin API (go.mod) which v1.10.2 still serves, and on ' +
          "sigs.k8s.io/gateway-api's v1 HTTPRoute and GRPCRoute, which the v1.7.0 CRDs above serve. The chart's " +
          'ClusterRole grants it httproutes and grpcroutes (providerRBAC.providers.gatewayAPI, on by default in ' +
          '2.41.0). Run by hand (2026-12-07, e2e/rollouts-gateway.sh with SHIPSHAPE_GWAPI_PLUGIN): v0.15.0 ' +
          'built from its source, loaded by the Argo Rollouts v1.10.2 controller from argo-rollouts-config, moved ' +
          'the HTTPRoute weights of a shipshape Gateway on Kubernetes v1.27.16 (Gateway API v1.4.1 CRDs) through ' +
          '100/0, 75/25, 50/50, 0/100 and back to 100/0 on promotion, and to 100/0 on an abort, each within 2 s. ' +
          "Not run by shipshape's CI (the plugin is no Go module the proxy serves), nor the release binary this " +
          'location serves, nor on Kubernetes 1.35-1.37.',
      },
    },
  },
];

/** `v1.37.2`, `1.37`, `1.37.2-eks-1` → `1.37` (major.minor), or `undefined` for anything else. */
export function kubernetesMinor(version: string): string | undefined {
  const m = /^v?(1)\.(\d+)(?:\.\d+)?(?:[-+].*)?$/.exec(version.trim());
  return m ? `${m[1]}.${Number(m[2])}` : undefined;
}

/** Whether minor `minor` (`1.36`) lies within `[min, max]`. */
export function minorWithin(minor: string, min: string, max: string): boolean {
  const n = (v: string) => Number(v.split('.')[1]);
  return n(minor) >= n(min) && n(minor) <= n(max);
}

/** Whether a pin covers `minor`: its declared range holds every patch of it, or e2e verifies it. */
export function pinCovers(pin: Pick<PlatformPin, 'kubernetes' | 'verifiedByE2e'>, minor: string): boolean {
  if (pin.verifiedByE2e?.includes(minor)) return true;
  const range = new semver.Range(pin.kubernetes);
  return semver.satisfies(`${minor}.0`, range) && semver.satisfies(`${minor}.999`, range);
}

/**
 * The pins for a cluster of Kubernetes `version`; `source` says where the version came from (a config key).
 * Fails when no range covers it, naming the ranges there are.
 */
export function pinsFor(version: string, source: string): PlatformPinSet {
  const minor = kubernetesMinor(version);
  const ranges = PLATFORM_PINS.map((p) => `${p.minors.min}–${p.minors.max}`).join(', ');
  const set =
    minor === undefined
      ? undefined
      : PLATFORM_PINS.find((p) => minorWithin(minor, p.minors.min, p.minors.max));
  if (set === undefined) {
    throw new Error(
      `${source} is Kubernetes '${version}', which no platform pin covers (supported: ${ranges}; ` +
        'upstream supports the three newest minors): choose a supported version, or install nothing of the ' +
        'platform on this cluster',
    );
  }
  return set;
}
