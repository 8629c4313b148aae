import { trippedBy } from '../../src/diff/gate';
import type { DiffReport } from '../../src/diff/report';

// --fail-on: which kinds of change fail a CI gate.

const report = (summary: Partial<DiffReport['summary']>): DiffReport => ({
  schemaVersion: 1,
  base: { label: 'a' },
  head: { label: 'b' },
  summary: { environments: 1, changed: 0, widen: 0, rolls: 0, breaking: 0, ...summary },
  environments: [],
});

test.each([
  [{}, ['widen', 'roll', 'any'], []],
  [{ changed: 1 }, ['widen', 'roll'], []],
  [{ changed: 1 }, ['any'], ['any']],
  [{ changed: 1, rolls: 2 }, ['widen', 'roll'], ['roll']],
  [{ changed: 1, widen: 1 }, ['widen', 'any'], ['widen', 'any']],
])('%j with --fail-on %j trips %j', (summary, failOn, tripped) => {
  // GIVEN a summary / WHEN gated / THEN the conditions met
  expect(trippedBy(report(summary), failOn as never)).toEqual(tripped);
});
