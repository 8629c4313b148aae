import { ApiObject } from 'cdk8s';
import { k8s } from 'cdk8s-plus-27';
import type { Construct } from 'constructs';
import {
  _goDuration,
  _goSeconds,
  _HASH_ARG,
  _ROLE_LABEL,
  _ROLLOUT_HASH_LABEL,
  type _AnalysisPlan,
  type _DeliveryPlan,
} from './_delivery-plan';
import { _defined } from './_defined';
import { TrafficRouting } from './delivery';
import { _fail } from './_errors';
import { _EXTRA_SERVICE_LABEL } from './_exposure';
import { _lazy } from './_lazy';

// The Argo Rollouts objects of a delivery (argoproj.io/v1alpha1, Argo Rollouts v1.10.2): a Rollout that takes its
// pod template from the workload's Deployment (`workloadRef`), and the AnalysisTemplate of its metrics.

/** The Rollout's API version. */
export const _ROLLOUTS_API = 'argoproj.io/v1alpha1';

/** How the Rollout sees its workload. */
export interface _RolloutTarget {
  readonly name: string;
  readonly selectorLabels: Readonly<Record<string, string>>;
  /** Fixed replicas; `undefined` when an HPA owns them. */
  readonly replicas?: number | undefined;
  readonly maxSurge: number | string;
  /** Old ReplicaSets the Rollout keeps, as the Deployment would (`revisionHistoryLimit`). */
  readonly revisionHistoryLimit: number;
  readonly maxUnavailable: number | string;
  /** Name of the Service a blue-green rollout switches. */
  readonly activeService?: string | undefined;
  /** Name of the blue-green preview Service. */
  readonly previewService?: string | undefined;
  /** Name of the canary Service of a traffic-routed canary (the stable Service is `name`). */
  readonly canaryService?: string | undefined;
  /** The Gateway API routes that reach the service, filled in until synthesis. */
  readonly routes?: readonly { readonly kind: string; readonly name: string }[] | undefined;
  /** Namespace of the routes. */
  readonly namespace: string;
}

/** The name Argo Rollouts v1.10.2 knows the Gateway API traffic router plugin by (`trafficRouterPlugins`). */
export const _GATEWAY_API_PLUGIN = 'argoproj-labs/gatewayAPI';

/** The plugin's configuration: every HTTPRoute and GRPCRoute that reaches the service. */
function trafficRouting(t: _RolloutTarget): Record<string, unknown> {
  const routes = (kind: string) =>
    (t.routes ?? []).filter((r) => r.kind === kind).map((r) => ({ name: r.name }));
  const http = routes('HTTPRoute');
  const grpc = routes('GRPCRoute');
  return {
    plugins: {
      [_GATEWAY_API_PLUGIN]: _defined({
        namespace: t.namespace,
        httpRoutes: http.length > 0 ? http : undefined,
        grpcRoutes: grpc.length > 0 ? grpc : undefined,
      }),
    },
  };
}

/** The analysis a Rollout runs: the template and the new pods' hash as its argument. */
function analysisRef(name: string): Record<string, unknown> {
  return {
    templates: [{ templateName: name }],
    args: [{ name: _HASH_ARG, valueFrom: { podTemplateHashValue: 'Latest' } }],
  };
}

/** The Rollout's spec. */
export function _rolloutSpec(plan: _DeliveryPlan, t: _RolloutTarget): Record<string, unknown> {
  let strategy: Record<string, unknown>;
  if (plan.strategy === 'canary') {
    strategy = {
      canary: _defined({
        maxSurge: t.maxSurge,
        maxUnavailable: t.maxUnavailable,
        canaryService: t.canaryService,
        stableService: t.canaryService === undefined ? undefined : t.name,
        trafficRouting: t.canaryService === undefined ? undefined : _lazy(() => trafficRouting(t)),
        steps: plan.steps.map((s) => {
          switch (s.kind) {
            case 'setWeight':
              return { setWeight: s.weight };
            case 'pause':
              return { pause: { duration: _goDuration(s.seconds) } };
            case 'awaitPromotion':
              return { pause: {} };
            case 'analysis':
              return { analysis: analysisRef(t.name) };
          }
        }),
        analysis: plan.background ? analysisRef(t.name) : undefined,
      }),
    };
  } else {
    strategy = {
      blueGreen: _defined({
        activeService: t.activeService,
        previewService: t.previewService,
        autoPromotionEnabled: plan.autoPromotion,
        autoPromotionSeconds: plan.autoPromotionSeconds,
        scaleDownDelaySeconds: plan.scaleDownDelaySeconds,
        previewReplicaCount: plan.previewReplicas,
        // Ephemeral pod labels: the ServiceMonitor scrapes the preview Service for preview pods only.
        activeMetadata: { labels: { [_ROLE_LABEL]: 'active' } },
        previewMetadata: { labels: { [_ROLE_LABEL]: 'preview' } },
        prePromotionAnalysis: plan.analysis ? analysisRef(t.name) : undefined,
      }),
    };
  }
  return _defined({
    replicas: t.replicas,
    revisionHistoryLimit: t.revisionHistoryLimit,
    selector: { matchLabels: { ...t.selectorLabels } },
    // The Deployment holds the pod template (so `kubectl set image deployment/...`, Helm values and every
    // Deployment-aware tool keep working); it runs no pods of its own (replicas 0).
    workloadRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: t.name, scaleDown: 'onsuccess' },
    progressDeadlineSeconds: plan.progressDeadlineSeconds,
    progressDeadlineAbort: true,
    strategy,
  });
}

/** Escapes a string for a PromQL double-quoted literal. */
function promString(s: string): string {
  return `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

/** A number as the condition language reads it (no exponent). */
function num(n: number): string {
  return String(Number(n.toFixed(6)));
}

/** What the AnalysisTemplate queries: the workload's series in Prometheus. */
export interface _AnalysisTarget {
  /** Namespace and Service of the series (the ServiceMonitor's `namespace` and `service` labels). */
  readonly namespace: string;
  readonly service: string;
  /** Prometheus' HTTP address. */
  readonly address: string;
  /** Scrape interval of the ServiceMonitor, in seconds. */
  readonly scrapeSeconds: number;
}

/**
 * The AnalysisTemplate's spec: success rate and latency of the pods of one revision, each measured `count` times.
 * A measurement with no data (no traffic yet) is inconclusive, which pauses the rollout for a person to judge;
 * the first one waits for the `rate()` window to fill.
 */
export function _analysisTemplateSpec(a: _AnalysisPlan, t: _AnalysisTarget): Record<string, unknown> {
  // rate() needs at least two samples, and Prometheus' guidance is four scrapes per window.
  const window = Math.max(a.intervalSeconds, 4 * Math.ceil(t.scrapeSeconds));
  const selector = [
    `namespace=${promString(t.namespace)}`,
    `service=${promString(t.service)}`,
    `${_ROLLOUT_HASH_LABEL.replace(/-/g, '_')}="{{args.${_HASH_ARG}}}"`,
  ].join(',');
  const range = `[${_goDuration(window)}]`;
  const requests = `sum(rate(${a.requestsMetric}{${selector}}${range}))`;
  const errors = `sum(rate(${a.requestsMetric}{${selector},${a.statusLabel}=~${promString(a.errorStatus)}}${range}))`;
  const hasData = 'len(result) > 0 && !isNaN(result[0])';
  const metric = (name: string, query: string, ok: string, bad: string) => ({
    name,
    initialDelay: _goDuration(window),
    interval: _goDuration(a.intervalSeconds),
    count: a.count,
    failureLimit: a.failureLimit,
    successCondition: `${hasData} && ${ok}`,
    failureCondition: `${hasData} && ${bad}`,
    provider: { prometheus: { address: t.address, query } },
  });
  const metrics = [
    metric(
      'success-rate',
      `1 - (${errors} or vector(0)) / ${requests}`,
      `result[0] >= ${num(a.minSuccessRate)}`,
      `result[0] < ${num(a.minSuccessRate)}`,
    ),
  ];
  if (a.latencyMetric !== '') {
    metrics.push(
      metric(
        `latency-p${num(a.latencyQuantile * 100).replace('.', '-')}`,
        `histogram_quantile(${num(a.latencyQuantile)}, sum by (le) (rate(${a.latencyMetric}_bucket{${selector}}${range})))`,
        `result[0] <= ${num(a.maxLatencySeconds)}`,
        `result[0] > ${num(a.maxLatencySeconds)}`,
      ),
    );
  }
  return { args: [{ name: _HASH_ARG }], metrics };
}

/** The objects of a delivery, created under `scope` (the workload), after its Deployment and Service. */
export interface _DeliveryObjects {
  readonly rollout: ApiObject;
  readonly analysisTemplate?: ApiObject | undefined;
  readonly previewService?: k8s.KubeService | undefined;
  readonly canaryService?: k8s.KubeService | undefined;
}

/** What {@link _createDeliveryObjects} needs to know about the workload. */
export interface _DeliveryScope extends _RolloutTarget {
  readonly labels: Readonly<Record<string, string>>;
  readonly prometheusUrl: string;
  /** The ServiceMonitor's scrape interval (a Go duration), when the workload declares metrics. */
  readonly scrapeInterval?: string | undefined;
  /** The main Service's ports, for the preview Service. */
  readonly servicePorts: k8s.ServicePort[];
}

/** The Rollout, its AnalysisTemplate when it analyzes, and the blue-green preview Service. */
export function _createDeliveryObjects(
  scope: Construct,
  plan: _DeliveryPlan,
  s: _DeliveryScope,
): _DeliveryObjects {
  const labels = { ...s.labels };
  let previewService: k8s.KubeService | undefined;
  if (s.previewService !== undefined) {
    previewService = new k8s.KubeService(scope, 'preview-service', {
      metadata: { name: s.previewService, labels: { ...labels, [_EXTRA_SERVICE_LABEL]: 'preview' } },
      spec: { type: 'ClusterIP', selector: { ...s.selectorLabels }, ports: s.servicePorts },
    });
  }
  let canaryService: k8s.KubeService | undefined;
  if (s.canaryService !== undefined) {
    canaryService = new k8s.KubeService(scope, 'canary-service', {
      metadata: { name: s.canaryService, labels: { ...labels, [_EXTRA_SERVICE_LABEL]: 'canary' } },
      spec: { type: 'ClusterIP', selector: { ...s.selectorLabels }, ports: s.servicePorts },
    });
    // Gateways may still route to the service after it is constructed, so this is checked at synthesis.
    scope.node.addValidation({
      validate: () => {
        if ((s.routes ?? []).length === 0)
          _fail(
            scope,
            'delivery.trafficRouting',
            'must be TrafficRouting.REPLICAS for a service no Gateway routes to: the plugin moves weights in its routes',
            'gatewayAPI',
            'Route the service from a Gateway or GatewayRef, or remove trafficRouting',
          );
        return [];
      },
    });
  }
  const rollout = new ApiObject(scope, 'rollout', {
    apiVersion: _ROLLOUTS_API,
    kind: 'Rollout',
    metadata: { name: s.name, labels },
    spec: _rolloutSpec(plan, s),
  });
  const analysisTemplate =
    plan.analysis === undefined
      ? undefined
      : new ApiObject(scope, 'analysis-template', {
          apiVersion: _ROLLOUTS_API,
          kind: 'AnalysisTemplate',
          metadata: { name: s.name, labels },
          spec: _analysisTemplateSpec(plan.analysis, {
            namespace: s.namespace,
            // The new pods' series: a preview or a routed canary is scraped through its own Service only.
            service: s.previewService ?? s.canaryService ?? s.name,
            address: s.prometheusUrl,
            scrapeSeconds: _goSeconds(s.scrapeInterval ?? '30s'),
          }),
        });
  return { rollout, analysisTemplate, previewService, canaryService };
}

/** The canary Service of a delivery: `<name>-canary` for a canary routed by Gateway API weights. */
export function _canaryServiceOf(plan: _DeliveryPlan, name: string): string | undefined {
  return plan.strategy === 'canary' && plan.trafficRouting === TrafficRouting.GATEWAY_API
    ? `${name}-canary`
    : undefined;
}

/** The names a delivery's objects claim in the System. */
export function _deliveryClaims(
  plan: _DeliveryPlan,
  name: string,
): (readonly [kind: string, name: string, prop?: string])[] {
  return [
    ['Rollout', name],
    ...(plan.analysis ? ([['AnalysisTemplate', name]] as const) : []),
    ...(plan.strategy === 'blueGreen' ? ([['Service', `${name}-preview`, 'delivery']] as const) : []),
    ...(_canaryServiceOf(plan, name) ? ([['Service', `${name}-canary`, 'delivery']] as const) : []),
  ];
}
