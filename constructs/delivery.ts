import type { Duration } from 'cdk8s';
import { _keys } from './_keys';

/**
 * The canary's health as Prometheus sees it: the share of requests that did not fail and a latency quantile,
 * measured on the canary's (or the blue-green preview's) pods only. The metric names are the Prometheus client
 * libraries' conventions; apps that name theirs differently set them here.
 */
export interface AnalysisOptions {
  /**
   * Counter of handled requests, with the status in `statusLabel` (e.g. gRPC's `grpc_server_handled_total`).
   * @default 'http_requests_total'
   */
  readonly requestsMetric?: string;
  /**
   * Label of `requestsMetric` that holds the response status.
   * @default 'code'
   */
  readonly statusLabel?: string;
  /**
   * Regular expression (RE2, as PromQL's `=~`) of the `statusLabel` values that count as failures.
   * @default '5..'
   */
  readonly errorStatus?: string;
  /**
   * Lowest share of requests that did not fail, from 0 (exclusive) to 1.
   * @default 0.99
   */
  readonly minSuccessRate?: number;
  /**
   * Histogram of request durations in seconds (its `_bucket` series are read), or `''` to check no latency.
   * @default 'http_request_duration_seconds'
   */
  readonly latencyMetric?: string;
  /**
   * Quantile of `latencyMetric` held against `maxLatency`, from 0 to 1 (both exclusive).
   * @default 0.99
   */
  readonly latencyQuantile?: number;
  /**
   * Highest `latencyQuantile` of the request durations.
   * @default Duration.millis(500)
   */
  readonly maxLatency?: Duration;
  /**
   * Time between measurements (also the least `rate()` window).
   * @default Duration.minutes(1)
   */
  readonly interval?: Duration;
  /**
   * Measurements per analysis: an analysis step takes `count` x `interval`.
   * @default 5
   */
  readonly count?: number;
  /**
   * Failed measurements tolerated; one more fails the analysis and aborts the rollout.
   * @default 1 (0 when `count` is 1)
   */
  readonly failureLimit?: number;
}

export const _ANALYSIS_KEYS = _keys('AnalysisOptions', [
  'requestsMetric',
  'statusLabel',
  'errorStatus',
  'minSuccessRate',
  'latencyMetric',
  'latencyQuantile',
  'maxLatency',
  'interval',
  'count',
  'failureLimit',
]);

/** @internal What a step holds: its kind and its value as the caller gave it (checked when the workload resolves it). */
export type _StepSpec =
  | { readonly kind: 'setWeight'; readonly weight: unknown }
  | { readonly kind: 'pause'; readonly duration: unknown }
  | { readonly kind: 'awaitPromotion' }
  | { readonly kind: 'analysis' };

/** One step of a canary; after the last step the canary is promoted to every pod. */
export class CanaryStep {
  /**
   * Sends `percent` (1–100) of the traffic to the canary: through the traffic router where the service has
   * one, else by the share of pods (with 4 replicas, 25 runs 1 canary and 3 stable pods).
   */
  public static setWeight(percent: number): CanaryStep {
    return new CanaryStep({ kind: 'setWeight', weight: percent });
  }

  /** Waits `duration` (whole seconds, at least 1), then goes on by itself. */
  public static pause(duration: Duration): CanaryStep {
    return new CanaryStep({ kind: 'pause', duration });
  }

  /**
   * Waits until someone promotes the rollout (`kubectl argo rollouts promote <name>`, or the status patch in
   * docs/delivery.md).
   */
  public static awaitPromotion(): CanaryStep {
    return new CanaryStep({ kind: 'awaitPromotion' });
  }

  /** Runs the delivery's analysis on the canary's pods and goes on when it passes; a failure aborts the canary. */
  public static analysis(): CanaryStep {
    return new CanaryStep({ kind: 'analysis' });
  }

  private constructor(/** @internal */ public readonly _spec: _StepSpec) {}
}

/** How a canary's `setWeight` steps split the traffic. */
export enum TrafficRouting {
  /** By the share of pods: the Service balances over stable and canary pods alike. */
  REPLICAS = 'replicas',
  /**
   * By the weights of the Gateway API routes (HTTPRoutes, GRPCRoutes) that reach the service: Argo Rollouts'
   * Gateway API plugin moves weight from `<name>` to the canary Service `<name>-canary`. Needs the plugin in the
   * controller (the Platform's `argoRollouts` configures it) and at least one Gateway route to the service.
   */
  GATEWAY_API = 'gatewayAPI',
}

/** A canary: the new version takes a growing share of the traffic, step by step. */
export interface CanaryOptions {
  /** The steps, in order, e.g. `[CanaryStep.setWeight(25), CanaryStep.analysis(), CanaryStep.setWeight(50), ...]`. */
  readonly steps: readonly CanaryStep[];
  /**
   * Metrics and thresholds of the analysis that `CanaryStep.analysis()` and `backgroundAnalysis` run.
   * @default - the defaults of {@link AnalysisOptions}
   */
  readonly analysis?: AnalysisOptions;
  /**
   * Also run the analysis for the whole canary, from its first step: a failure aborts it at once.
   * @default false
   */
  readonly backgroundAnalysis?: boolean;
  /**
   * Abort the rollout when it makes no progress for this long (pauses do not count).
   * @default Duration.minutes(10)
   */
  readonly progressDeadline?: Duration;
  /**
   * How `setWeight` splits the traffic: by pods, or exactly through the service's Gateway API routes.
   * @default TrafficRouting.REPLICAS
   */
  readonly trafficRouting?: TrafficRouting;
}

export const _CANARY_KEYS = _keys('CanaryOptions', [
  'steps',
  'analysis',
  'backgroundAnalysis',
  'progressDeadline',
  'trafficRouting',
]);

/** A blue-green rollout: the new version starts beside the old one behind `<name>-preview`, then takes over. */
export interface BlueGreenOptions {
  /**
   * Analysis of the preview pods before the switch: the switch waits for it, and a failure aborts the rollout
   * while the active pods keep serving.
   * @default - no analysis
   */
  readonly analysis?: AnalysisOptions;
  /**
   * Switch the main Service to the new pods by itself once they are ready and the analysis passed; `false` waits
   * for `kubectl argo rollouts promote <name>`.
   * @default true
   */
  readonly autoPromotion?: boolean;
  /**
   * With `autoPromotion`, wait this long after the new pods are ready before switching.
   * @default - switch at once
   */
  readonly autoPromotionDelay?: Duration;
  /**
   * Keep the previous pods this long after the switch (in-flight requests, endpoint propagation).
   * @default Duration.seconds(30)
   */
  readonly scaleDownDelay?: Duration;
  /**
   * Pods of the new version before the switch.
   * @default - as many as the active version
   */
  readonly previewReplicas?: number;
  /**
   * Abort the rollout when it makes no progress for this long (waiting for promotion does not count).
   * @default Duration.minutes(10)
   */
  readonly progressDeadline?: Duration;
}

export const _BLUE_GREEN_KEYS = _keys('BlueGreenOptions', [
  'analysis',
  'autoPromotion',
  'autoPromotionDelay',
  'scaleDownDelay',
  'previewReplicas',
  'progressDeadline',
]);

/**
 * How a new version of a service reaches its users: an Argo Rollouts canary or blue-green rollout. Without a
 * delivery, a service updates by a rolling update of its Deployment.
 */
export class Delivery {
  /** A canary through `options.steps`; e.g. `Delivery.canary({ steps: [CanaryStep.setWeight(20), CanaryStep.pause(Duration.minutes(5))] })`. */
  public static canary(options: CanaryOptions): Delivery {
    return new Delivery('canary', options);
  }

  /** A blue-green rollout with a preview Service `<name>-preview`. */
  public static blueGreen(options: BlueGreenOptions = {}): Delivery {
    return new Delivery('blueGreen', options ?? {});
  }

  private constructor(
    /** @internal */ public readonly _strategy: 'canary' | 'blueGreen',
    /** @internal */ public readonly _options: unknown,
  ) {}
}
