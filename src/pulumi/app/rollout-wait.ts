/**
 * How `pulumi up` waits for an Argo Rollouts Rollout (objects mode), as it waits for a Deployment: until the Rollout
 * is Healthy for the pod template Pulumi just applied. The kubernetes provider's `pulumi.com/waitFor` does the
 * waiting; two things make it sound for a Rollout that references its Deployment (`workloadRef`):
 *   - the Rollout itself would not change when only the Deployment's template does (an image tag), so Pulumi would
 *     not wait at all: the annotation carries the Deployment's generation, which changes with every template;
 *   - right after an update the Rollout's status still says Healthy for the previous template (its
 *     `observedGeneration` is a string, which the provider's generation guard does not read): the wait also
 *     requires `status.workloadObservedGeneration` to be that generation, which the controller writes in the same
 *     status update as the phase it computed for it.
 * A canary that fails is Degraded and never Healthy: `pulumi up` fails when `pulumi.com/timeoutSeconds` runs out,
 * a bound derived from the steps (what a passing canary takes, plus the pods' start and a promotion's wait).
 */
import * as pulumi from '@pulumi/pulumi';
import type { KubeObject } from '../../synth/files';

type Json = Record<string, unknown>;
const obj = (v: unknown): Json =>
  v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Json) : {};
const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

/** Seconds of an Argo duration: an integer of seconds or a Go duration (`90s`, `5m`, `1h`). */
export function argoSeconds(v: unknown): number {
  if (typeof v === 'number') return v;
  if (typeof v !== 'string') return 0;
  const units: Record<string, number> = { ms: 0.001, s: 1, m: 60, h: 3600 };
  let total = 0;
  for (const m of v.matchAll(/([0-9.]+)(ms|s|m|h)/g)) total += Number(m[1]) * (units[m[2] ?? 's'] ?? 1);
  return /^[0-9]+$/.test(v) ? Number(v) : total;
}

/** Time for the pods of one step to start and become ready. */
export const STEP_SECONDS = 120;
/** Time `pulumi up` gives a person to promote at an `awaitPromotion` step (`pause: {}`). */
export const PROMOTION_SECONDS = 600;

/** How long one run of an AnalysisTemplate takes: its slowest metric's first delay and measurements. */
export function analysisSeconds(template: KubeObject | undefined): number {
  const metrics = arr(obj(template?.['spec'])['metrics']).map(obj);
  return Math.max(
    0,
    ...metrics.map(
      (m) =>
        argoSeconds(m['initialDelay']) +
        Math.max(0, (typeof m['count'] === 'number' ? m['count'] : 1) - 1) * argoSeconds(m['interval']),
    ),
  );
}

/** The bound of a passing rollout: pauses, analyses, the pods of every step, promotions, and a margin. */
export function rolloutTimeoutSeconds(
  rollout: KubeObject,
  templates: ReadonlyMap<string, KubeObject>,
): number {
  const strategy = obj(obj(rollout['spec'])['strategy']);
  const canary = obj(strategy['canary']);
  const blueGreen = obj(strategy['blueGreen']);
  const runs = (a: unknown) =>
    Math.max(
      0,
      ...arr(obj(a)['templates']).map((t) => analysisSeconds(templates.get(String(obj(t)['templateName'])))),
    );
  let seconds = STEP_SECONDS;
  for (const step of arr(canary['steps']).map(obj)) {
    if (step['setWeight'] !== undefined) seconds += STEP_SECONDS;
    if (step['pause'] !== undefined) {
      const d = obj(step['pause'])['duration'];
      seconds += d === undefined ? PROMOTION_SECONDS : argoSeconds(d);
    }
    if (step['analysis'] !== undefined) seconds += runs(step['analysis']);
  }
  if (strategy['blueGreen'] !== undefined) {
    seconds += STEP_SECONDS + runs(blueGreen['prePromotionAnalysis']);
    seconds +=
      blueGreen['autoPromotionEnabled'] === false
        ? PROMOTION_SECONDS
        : argoSeconds(blueGreen['autoPromotionSeconds']);
  }
  return Math.ceil(seconds + 60);
}

/** The Deployment a Rollout takes its template from, if any. */
export function workloadRefOf(rollout: KubeObject): string | undefined {
  const ref = obj(obj(rollout['spec'])['workloadRef']);
  return ref['kind'] === 'Deployment' && typeof ref['name'] === 'string' ? ref['name'] : undefined;
}

/** The Rollout's metadata with the annotations of its wait, given its Deployment's generation (a resource output). */
export function awaitedMetadata(
  rollout: KubeObject,
  templates: ReadonlyMap<string, KubeObject>,
  deploymentGeneration: pulumi.Input<number> | undefined,
): pulumi.Input<Json> {
  const timeout = String(rolloutTimeoutSeconds(rollout, templates));
  const withWait = (generation: number | undefined): Json => {
    const waitFor = [
      'jsonpath={.status.phase}=Healthy',
      ...(generation === undefined ? [] : [`jsonpath={.status.workloadObservedGeneration}=${generation}`]),
    ];
    return {
      ...rollout.metadata,
      annotations: {
        ...obj(rollout.metadata['annotations']),
        'pulumi.com/waitFor': JSON.stringify(waitFor),
        // A bound the Rollout's author set (the escape hatch) wins.
        'pulumi.com/timeoutSeconds':
          obj(rollout.metadata['annotations'])['pulumi.com/timeoutSeconds'] ?? timeout,
      },
    };
  };
  return deploymentGeneration === undefined
    ? withWait(undefined)
    : pulumi.output(deploymentGeneration).apply(withWait);
}
