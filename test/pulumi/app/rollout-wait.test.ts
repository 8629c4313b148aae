import * as pulumi from '@pulumi/pulumi';
import {
  analysisSeconds,
  argoSeconds,
  awaitedMetadata,
  PROMOTION_SECONDS,
  rolloutTimeoutSeconds,
  STEP_SECONDS,
  workloadRefOf,
} from '../../../src/pulumi/app/rollout-wait';
import type { KubeObject } from '../../../src/synth/files';

const rollout = (strategy: object): KubeObject => ({
  apiVersion: 'argoproj.io/v1alpha1',
  kind: 'Rollout',
  metadata: { name: 'web', namespace: 'shop', annotations: { 'argocd.argoproj.io/sync-wave': '0' } },
  spec: { workloadRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' }, strategy },
});
const template: KubeObject = {
  apiVersion: 'argoproj.io/v1alpha1',
  kind: 'AnalysisTemplate',
  metadata: { name: 'web', namespace: 'shop' },
  spec: {
    metrics: [
      { name: 'a', initialDelay: '2m', interval: '1m', count: 5 },
      { name: 'b', initialDelay: '30s', interval: '10s', count: 3 },
    ],
  },
};
const analysis = { analysis: { templates: [{ templateName: 'web' }] } };

describe('the wait for a Rollout', () => {
  test('reads Argo durations', () => {
    // GIVEN / WHEN / THEN
    expect([
      argoSeconds('90s'),
      argoSeconds('5m'),
      argoSeconds('1h30m'),
      argoSeconds(30),
      argoSeconds('45'),
    ]).toEqual([90, 300, 5400, 30, 45]);
    expect(analysisSeconds(template)).toBe(120 + 4 * 60);
    expect(workloadRefOf(rollout({}))).toBe('web');
  });

  test('bounds a passing canary: its pods per step, pauses, analyses and promotions, plus a margin', () => {
    // GIVEN a canary of every step kind
    const r = rollout({
      canary: {
        steps: [{ setWeight: 25 }, analysis, { pause: { duration: '5m' } }, { setWeight: 50 }, { pause: {} }],
      },
    });
    // WHEN / THEN
    expect(rolloutTimeoutSeconds(r, new Map([['web', template]]))).toBe(
      STEP_SECONDS * 3 + 360 + 300 + PROMOTION_SECONDS + 60,
    );
    // a blue-green waits for its analysis and its promotion
    const bg = rollout({
      blueGreen: { prePromotionAnalysis: analysis.analysis, autoPromotionEnabled: false },
    });
    expect(rolloutTimeoutSeconds(bg, new Map([['web', template]]))).toBe(
      STEP_SECONDS * 2 + 360 + PROMOTION_SECONDS + 60,
    );
  });

  test("waits for Healthy at the Deployment's generation, keeping the Rollout's own annotations", async () => {
    // GIVEN a canary WHEN its metadata is awaited at generation 7
    const r = rollout({ canary: { steps: [{ setWeight: 50 }] } });
    const meta = await new Promise<Record<string, unknown>>((resolve) =>
      pulumi.output(awaitedMetadata(r, new Map(), pulumi.output(7))).apply(resolve),
    );
    // THEN
    expect(meta).toEqual({
      name: 'web',
      namespace: 'shop',
      annotations: {
        'argocd.argoproj.io/sync-wave': '0',
        'pulumi.com/waitFor': JSON.stringify([
          'jsonpath={.status.phase}=Healthy',
          'jsonpath={.status.workloadObservedGeneration}=7',
        ]),
        'pulumi.com/timeoutSeconds': String(STEP_SECONDS * 2 + 60),
      },
    });
  });
});
