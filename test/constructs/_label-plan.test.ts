import * as fc from 'fast-check';
import { _checkSelection, _recordSelection, type _Selection } from '../../constructs/_label-plan';
import type { System } from '../../constructs';

// The selection check looks at indexed candidates only (labels every workload shares made it O(N²)); it must
// answer exactly as comparing each workload with every one recorded before it, in the same order.

type Labels = Record<string, string>;

const selects = (selector: Labels, labels: Labels) =>
  Object.entries(selector).every(
    ([k, v]) => Object.prototype.hasOwnProperty.call(labels, k) && labels[k] === v,
  );

/** The check as it was: every recorded selection, in order; the first clash wins. */
function naive(recorded: readonly _Selection[], self: _Selection): string | undefined {
  for (const other of recorded) {
    if (selects(self.selector, other.podLabels)) return `selects ${other.path}`;
    if (selects(other.selector, self.podLabels)) return `selected by ${other.path}`;
  }
  return undefined;
}

function outcome(system: System, self: _Selection): string | undefined {
  try {
    _checkSelection({ node: { path: self.path } }, system, self, {}, true);
    return undefined;
  } catch (e) {
    const m = (e as Error).message;
    const other = / of ([^ ]+) too| selector of ([^ ]+) \(/.exec(m);
    return m.includes('must select the pods of this workload only')
      ? `selects ${other?.[1]}`
      : `selected by ${other?.[2]}`;
  }
}

describe('_checkSelection', () => {
  test('finds the same first clash as comparing with every recorded workload', () => {
    const label = fc.constantFrom('app', 'instance', 'team', 'tier');
    const value = fc.constantFrom('a', 'b', 'shop');
    const labels = fc.dictionary(label, value, { minKeys: 1, maxKeys: 4 });
    fc.assert(
      fc.property(fc.array(fc.tuple(labels, labels), { maxLength: 15 }), (workloads) => {
        // GIVEN a System and workloads with random selectors; each one's pods carry its selector's labels too
        const system = {} as System;
        const recorded: _Selection[] = [];
        workloads.forEach(([selector, extra], i) => {
          const self: _Selection = { path: `S/w${i}`, selector, podLabels: { ...extra, ...selector } };
          // WHEN checked THEN the answer is the naive one, and only a clean workload is recorded
          const expected = naive(recorded, self);
          expect(outcome(system, self)).toBe(expected);
          if (expected === undefined) {
            _recordSelection(system, self);
            recorded.push(self);
          }
        });
      }),
      { numRuns: 300 },
    );
  });
});
