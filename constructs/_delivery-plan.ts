import { Duration } from 'cdk8s';
import { _checkReplicaWeights } from './_canary-replicas';
import { _checkInt } from './_checks';
import { _fail, type _Where } from './_errors';
import { _props } from './_keys';
import { _array, _boolean, _enumOr, _instance, _number, _seconds, _string } from './_types';
import {
  _ANALYSIS_KEYS,
  _BLUE_GREEN_KEYS,
  _CANARY_KEYS,
  CanaryStep,
  Delivery,
  TrafficRouting,
  type AnalysisOptions,
  type BlueGreenOptions,
  type CanaryOptions,
} from './delivery';
import type { MetricsEndpoint } from './service-workload';

/** The argument every analysis gets: the pod template hash of the new version's pods. */
export const _HASH_ARG = 'pod-template-hash';
/** The label Argo Rollouts puts on the pods of each revision (copied into the series by the ServiceMonitor). */
export const _ROLLOUT_HASH_LABEL = 'rollouts-pod-template-hash';

/** The pod label a blue-green rollout sets on its pods (`active` or `preview`), so monitoring tells them apart. */
export const _ROLE_LABEL = 'shipshape.io/rollout-role';

/** One canary step, checked: what the Rollout's `steps` render from. */
export type _StepPlan =
  | { readonly kind: 'setWeight'; readonly weight: number; readonly prop: string }
  | { readonly kind: 'pause'; readonly seconds: number }
  | { readonly kind: 'awaitPromotion' }
  | { readonly kind: 'analysis' };

/** The analysis, checked and defaulted. */
export interface _AnalysisPlan {
  readonly requestsMetric: string;
  readonly statusLabel: string;
  readonly errorStatus: string;
  readonly minSuccessRate: number;
  readonly latencyMetric: string;
  readonly latencyQuantile: number;
  readonly maxLatencySeconds: number;
  readonly intervalSeconds: number;
  readonly count: number;
  readonly failureLimit: number;
}

/** A delivery, checked and defaulted. */
export type _DeliveryPlan =
  | {
      readonly strategy: 'canary';
      readonly steps: readonly _StepPlan[];
      readonly analysis?: _AnalysisPlan | undefined;
      readonly background: boolean;
      readonly progressDeadlineSeconds: number;
      readonly trafficRouting: TrafficRouting;
    }
  | {
      readonly strategy: 'blueGreen';
      readonly analysis?: _AnalysisPlan | undefined;
      readonly autoPromotion: boolean;
      readonly autoPromotionSeconds?: number | undefined;
      readonly scaleDownDelaySeconds: number;
      readonly previewReplicas?: number | undefined;
      readonly progressDeadlineSeconds: number;
    };

/** What the workload tells the plan about itself. */
export interface _DeliveryContext {
  /** Its metrics endpoint, if any: the analysis reads it. */
  readonly metrics?: Required<MetricsEndpoint> | undefined;
  /** Whether its System emits ServiceMonitors (the series of the new pods carry their hash only through them). */
  readonly serviceMonitors: boolean;
  /** Whether it has a Service to switch (blue-green). */
  readonly hasService: boolean;
}

const METRIC_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

/** What a service adds to the context: its pacing and its fewest replicas, for the checks of the weights. */
export interface _ServiceDeliveryContext extends _DeliveryContext {
  /** The caller's `rollingUpdate`, if given (a blue-green rollout has no pacing). */
  readonly rollingUpdate?: unknown;
  readonly replicas: { readonly count: number; readonly prop: string };
  readonly maxSurge: number | string;
}

/** The `delivery` prop of a service: the plan, its pacing and its weights checked; `undefined` without one. */
export function _planServiceDelivery(
  at: _Where,
  raw: unknown,
  ctx: _ServiceDeliveryContext,
): _DeliveryPlan | undefined {
  if (raw === undefined) return undefined;
  const plan = _planDelivery(at, 'delivery', raw, ctx);
  if (plan.strategy === 'blueGreen' && ctx.rollingUpdate !== undefined) {
    _fail(
      at,
      'rollingUpdate',
      'must not be set with a blue-green delivery: it starts all the new pods at once',
      ctx.rollingUpdate,
    );
  }
  if (plan.strategy === 'canary' && plan.trafficRouting === TrafficRouting.REPLICAS) {
    const weights = plan.steps.flatMap((s) => (s.kind === 'setWeight' ? [s] : []));
    _checkReplicaWeights(at, weights, ctx.replicas, ctx.maxSurge);
  }
  return plan;
}

/** Resolves `delivery` (the prop `prop`); nothing is created. */
export function _planDelivery(at: _Where, prop: string, raw: unknown, ctx: _DeliveryContext): _DeliveryPlan {
  const d = _instance(
    at,
    prop,
    raw,
    Delivery,
    'a Delivery',
    'Use Delivery.canary({ steps: [...] }) or Delivery.blueGreen()',
  );
  const deadline = (v: unknown) => (v === undefined ? 600 : _seconds(at, `${prop}.progressDeadline`, v, 1));
  if (d._strategy === 'blueGreen') {
    const o = _props<BlueGreenOptions>(at, prop, d._options, _BLUE_GREEN_KEYS);
    if (!ctx.hasService)
      _fail(
        at,
        prop,
        'must be a canary: blue-green switches a Service, and this workload has none',
        'blueGreen',
      );
    const analysis =
      o.analysis === undefined ? undefined : planAnalysis(at, `${prop}.analysis`, o.analysis, ctx);
    const autoPromotion =
      o.autoPromotion === undefined ? true : _boolean(at, `${prop}.autoPromotion`, o.autoPromotion);
    if (o.autoPromotionDelay !== undefined && !autoPromotion) {
      _fail(
        at,
        `${prop}.autoPromotionDelay`,
        "must not be set with 'autoPromotion: false': nothing promotes by itself",
        _shownDuration(o.autoPromotionDelay),
      );
    }
    let previewReplicas: number | undefined;
    if (o.previewReplicas !== undefined) {
      previewReplicas = _number(at, `${prop}.previewReplicas`, o.previewReplicas);
      _checkInt(at, `${prop}.previewReplicas`, previewReplicas, 1);
    }
    return {
      strategy: 'blueGreen',
      analysis,
      autoPromotion,
      autoPromotionSeconds:
        o.autoPromotionDelay === undefined
          ? undefined
          : _seconds(at, `${prop}.autoPromotionDelay`, o.autoPromotionDelay, 1),
      scaleDownDelaySeconds:
        o.scaleDownDelay === undefined ? 30 : _seconds(at, `${prop}.scaleDownDelay`, o.scaleDownDelay, 0),
      previewReplicas,
      progressDeadlineSeconds: deadline(o.progressDeadline),
    };
  }
  const o = _props<CanaryOptions>(at, prop, d._options, _CANARY_KEYS);
  const steps = planSteps(at, `${prop}.steps`, o.steps, ctx);
  const background =
    o.backgroundAnalysis === undefined
      ? false
      : _boolean(at, `${prop}.backgroundAnalysis`, o.backgroundAnalysis);
  const analyzed = background || steps.some((s) => s.kind === 'analysis');
  if (o.analysis !== undefined && !analyzed) {
    _fail(
      at,
      `${prop}.analysis`,
      "must be run by a step or 'backgroundAnalysis': no step analyzes the canary",
      o.analysis,
      "Add CanaryStep.analysis() to 'steps', set 'backgroundAnalysis: true', or remove 'analysis'",
    );
  }
  if (background) requireMetrics(at, `${prop}.backgroundAnalysis`, ctx);
  const trafficRouting = _enumOr(
    at,
    `${prop}.trafficRouting`,
    o.trafficRouting,
    TrafficRouting,
    TrafficRouting.REPLICAS,
  );
  if (trafficRouting !== TrafficRouting.REPLICAS && !ctx.hasService)
    _fail(
      at,
      `${prop}.trafficRouting`,
      'must be TrafficRouting.REPLICAS for a workload without a Service: no route reaches its pods',
      trafficRouting,
    );
  return {
    strategy: 'canary',
    steps,
    analysis: analyzed ? planAnalysis(at, `${prop}.analysis`, o.analysis ?? {}, ctx) : undefined,
    background,
    progressDeadlineSeconds: deadline(o.progressDeadline),
    trafficRouting,
  };
}

function planSteps(at: _Where, prop: string, raw: unknown, ctx: _DeliveryContext): _StepPlan[] {
  const list = raw === undefined ? [] : _array(at, prop, raw);
  if (list.length === 0) {
    _fail(
      at,
      prop,
      'must list at least one step: a canary without steps is a rolling update',
      raw,
      "Use e.g. [CanaryStep.setWeight(20), CanaryStep.pause(Duration.minutes(5))], or remove 'delivery'",
    );
  }
  let last: { weight: number; prop: string } | undefined;
  return list.map((s, i): _StepPlan => {
    const p = `${prop}[${i}]`;
    const step = _instance(
      at,
      p,
      s,
      CanaryStep,
      'a CanaryStep',
      'Use CanaryStep.setWeight(20), .pause(d), .awaitPromotion() or .analysis()',
    )._spec;
    switch (step.kind) {
      case 'setWeight': {
        const weight = step.weight;
        if (typeof weight !== 'number' || !Number.isInteger(weight) || weight < 1 || weight > 100)
          _fail(at, p, 'must set a weight that is an integer from 1 to 100', weight);
        if (last !== undefined && weight <= last.weight) {
          _fail(
            at,
            p,
            `must set a weight above the previous one ('${last.prop}' sets ${last.weight}): a canary only grows`,
            weight,
            'Drop the step, or abort and start over to shrink the canary',
          );
        }
        last = { weight, prop: p };
        return { kind: 'setWeight', weight, prop: p };
      }
      case 'pause':
        if (step.duration === undefined) {
          _fail(
            at,
            p,
            'must wait for a duration: a pause without one has no promotion path',
            step.duration,
            'Use CanaryStep.pause(Duration.minutes(5)), or CanaryStep.awaitPromotion() to wait for a person',
          );
        }
        return { kind: 'pause', seconds: _seconds(at, p, step.duration, 1) };
      case 'awaitPromotion':
        return { kind: 'awaitPromotion' };
      case 'analysis':
        requireMetrics(at, p, ctx);
        return { kind: 'analysis' };
    }
  });
}

function requireMetrics(at: _Where, prop: string, ctx: _DeliveryContext): void {
  if (!ctx.metrics) {
    _fail(
      at,
      prop,
      'must not analyze a service without metrics: the analysis reads the Prometheus metrics it exposes',
      'analysis',
      ctx.hasService
        ? "Declare 'metrics' on the service, or remove the analysis"
        : 'Remove the analysis: a workload without a Service declares no metrics',
    );
  }
  if (!ctx.serviceMonitors) {
    _fail(
      at,
      prop,
      "must not analyze a service of a System without ServiceMonitors: the new pods' series are told apart by the pod label its ServiceMonitor copies",
      'analysis',
      "Set 'monitoring: { serviceMonitors: true }' on the System",
    );
  }
}

function planAnalysis(at: _Where, prop: string, raw: unknown, ctx: _DeliveryContext): _AnalysisPlan {
  requireMetrics(at, prop, ctx);
  const o = _props<AnalysisOptions>(at, prop, raw, _ANALYSIS_KEYS);
  const name = (
    key: keyof AnalysisOptions,
    v: unknown,
    fallback: string,
    re: RegExp,
    what: string,
  ): string => {
    if (v === undefined) return fallback;
    const s = _string(at, `${prop}.${key}`, v);
    if (!re.test(s)) _fail(at, `${prop}.${key}`, `must be a Prometheus ${what} name`, s);
    return s;
  };
  const fraction = (
    key: keyof AnalysisOptions,
    v: unknown,
    fallback: number,
    includeOne: boolean,
  ): number => {
    if (v === undefined) return fallback;
    const n = _number(at, `${prop}.${key}`, v);
    if (!(n > 0 && (includeOne ? n <= 1 : n < 1)))
      _fail(at, `${prop}.${key}`, `must be a number above 0 and ${includeOne ? 'at most' : 'below'} 1`, n);
    return n;
  };
  let errorStatus = '5..';
  if (o.errorStatus !== undefined) {
    errorStatus = _string(at, `${prop}.errorStatus`, o.errorStatus);
    let valid = errorStatus !== '' && !errorStatus.includes('{{');
    try {
      new RegExp(errorStatus);
    } catch {
      valid = false;
    }
    if (!valid) _fail(at, `${prop}.errorStatus`, 'must be a non-empty regular expression', errorStatus);
  }
  const latencyMetric =
    o.latencyMetric === ''
      ? ''
      : name('latencyMetric', o.latencyMetric, 'http_request_duration_seconds', METRIC_NAME, 'metric');
  let maxLatencySeconds = 0.5;
  if (o.maxLatency !== undefined) {
    const d = _instance(
      at,
      `${prop}.maxLatency`,
      o.maxLatency,
      Duration,
      'a Duration',
      'Use e.g. Duration.millis(300)',
    );
    const ms = d.toMilliseconds();
    if (!(ms >= 1) || !Number.isInteger(ms))
      _fail(
        at,
        `${prop}.maxLatency`,
        'must be a whole number of milliseconds, at least 1',
        d.toHumanString(),
      );
    maxLatencySeconds = ms / 1000;
  }
  const count = o.count === undefined ? 5 : _number(at, `${prop}.count`, o.count);
  _checkInt(at, `${prop}.count`, count, 1);
  const failureLimit =
    o.failureLimit === undefined
      ? Math.min(1, count - 1)
      : _number(at, `${prop}.failureLimit`, o.failureLimit);
  _checkInt(at, `${prop}.failureLimit`, failureLimit, 0);
  if (failureLimit >= count) {
    _fail(
      at,
      `${prop}.failureLimit`,
      `must be below 'count' (${count}): the analysis could never fail`,
      failureLimit,
    );
  }
  return {
    requestsMetric: name('requestsMetric', o.requestsMetric, 'http_requests_total', METRIC_NAME, 'metric'),
    statusLabel: name('statusLabel', o.statusLabel, 'code', LABEL_NAME, 'label'),
    errorStatus,
    minSuccessRate: fraction('minSuccessRate', o.minSuccessRate, 0.99, true),
    latencyMetric,
    latencyQuantile: fraction('latencyQuantile', o.latencyQuantile, 0.99, false),
    maxLatencySeconds,
    intervalSeconds: o.interval === undefined ? 60 : _seconds(at, `${prop}.interval`, o.interval, 1),
    count,
    failureLimit,
  };
}

/** A Duration as its human string in messages; anything else as given. */
function _shownDuration(v: unknown): unknown {
  return v instanceof Duration ? v.toHumanString() : v;
}

/** A Go duration string (`30s`, `1.5m`, `500ms`) in seconds; its syntax is checked where it is read. */
export function _goSeconds(s: string): number {
  const units: Record<string, number> = { ns: 1e-9, us: 1e-6, µs: 1e-6, ms: 1e-3, s: 1, m: 60, h: 3600 };
  let total = 0;
  for (const m of s.matchAll(/([0-9]+(?:\.[0-9]+)?)(ns|us|µs|ms|s|m|h)/g))
    total += Number(m[1]) * (units[m[2] ?? 's'] ?? 1);
  return total;
}

/** Whole seconds as the shortest Go duration (`90s` -> `90s`, `120` -> `2m`, `3600` -> `1h`). */
export function _goDuration(seconds: number): string {
  if (seconds > 0 && seconds % 3600 === 0) return `${seconds / 3600}h`;
  if (seconds > 0 && seconds % 60 === 0) return `${seconds / 60}m`;
  return `${seconds}s`;
}
