import * as fc from 'fast-check';
import { _canarySplit, _surgeCount } from '../../constructs/_canary-replicas';

// The port of Argo Rollouts v1.10.2's replica split (utils/replicaset/canary.go); e2e/rollouts.sh compares it with
// the ReplicaSets the real controller makes.

describe('_canarySplit', () => {
  test.each<[number, number, number, number, number]>([
    // replicas, weight, maxSurge -> canary, stable (values of Argo's own canary_test.go table)
    [4, 25, 1, 1, 3],
    [4, 50, 1, 2, 2],
    [10, 10, 1, 1, 9],
    [3, 50, 0, 2, 1],
    [1, 50, 0, 1, 0],
    [1, 50, 1, 1, 1],
    [1, 10, 0, 0, 1],
    [2, 10, 1, 1, 2],
    [5, 100, 1, 5, 0],
    [0, 50, 1, 0, 0],
  ])(
    '%d replicas at weight %d with surge %d: %d canary, %d stable',
    (replicas, weight, surge, canary, stable) => {
      // GIVEN / WHEN / THEN
      expect(_canarySplit(replicas, weight, surge)).toEqual({ canary, stable });
    },
  );

  test('never runs more pods than replicas plus one, and the canary grows with the weight', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 50 }),
        fc.integer({ min: 1, max: 99 }),
        fc.integer({ min: 0, max: 3 }),
        (r, w, s) => {
          // GIVEN a replica count, a weight and a surge / WHEN split / THEN within the surge and monotone
          const a = _canarySplit(r, w, s);
          const b = _canarySplit(r, w + 1, s);
          expect(a.canary + a.stable).toBeLessThanOrEqual(r + (s > 0 ? 1 : 0));
          expect(a.canary + a.stable).toBeGreaterThanOrEqual(r);
          expect(b.canary).toBeGreaterThanOrEqual(a.canary);
          // Argo allows no canary pod only for one replica without a surge
          if (r > 1 || s > 0) expect(a.canary).toBeGreaterThanOrEqual(1);
        },
      ),
    );
  });
});

describe('_surgeCount', () => {
  test('rounds a percentage up, as Kubernetes scales it', () => {
    // GIVEN / WHEN / THEN
    expect(_surgeCount(2, 10)).toBe(2);
    expect(_surgeCount('25%', 3)).toBe(1);
    expect(_surgeCount('0%', 3)).toBe(0);
    expect(_surgeCount('100%', 3)).toBe(3);
  });
});
