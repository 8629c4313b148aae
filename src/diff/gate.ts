/**
 * `--fail-on`: which kinds of change fail a CI gate. `widen`: an edge opened, an exposure added (or TLS
 * removed), a privilege widened; `roll`: a workload rolls; `any`: any environment changed at all.
 */
import type { DiffReport } from './report';

/** A condition `--fail-on` takes. */
export type FailOn = 'widen' | 'roll' | 'any';

/** Every value `--fail-on` takes. */
export const FAIL_ON: readonly FailOn[] = ['widen', 'roll', 'any'];

/** The conditions of `failOn` the report meets (empty: the gate passes). */
export function trippedBy(report: DiffReport, failOn: readonly FailOn[]): FailOn[] {
  const met: Record<FailOn, boolean> = {
    widen: report.summary.widen > 0,
    roll: report.summary.rolls > 0,
    any: report.summary.changed > 0,
  };
  return FAIL_ON.filter((c) => failOn.includes(c) && met[c]);
}
