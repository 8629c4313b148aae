// Validate, render and write synthesized environments: all or nothing.
import { renderOutput, type ChartInfo } from './output';
import type { SynthesizedEnvironment } from './synth';
// The validator's modules, not its index: the index also loads the manifest loader and with it the
// `yaml` package (~70 modules), which synthesis never uses.
import type { Finding } from './validate/types';
import { validateObjects } from './validate/validate';
import { writeTreeAtomically } from './write';

/** What `writeEnvironments` did. */
export interface WriteResult {
  /** Every finding of every environment (each environment validated as its own set). */
  readonly findings: readonly Finding[];
  /** Files written; 0 when an error finding refused the output. */
  readonly files: number;
}

/** Findings of one environment, with files named `<env>/<file>`. */
export function validateEnvironment(env: SynthesizedEnvironment): Finding[] {
  return validateObjects(
    env.files.flatMap((f) => f.objects.map((object) => ({ object, file: `${env.profile.name}/${f.name}` }))),
  );
}

/**
 * Validates every environment and, only when no finding is an error, replaces `outdir` with their
 * YAML and Helm charts. A refused synth leaves `outdir` exactly as it was.
 */
export function writeEnvironments(
  outdir: string,
  envs: readonly SynthesizedEnvironment[],
  chart: ChartInfo,
): WriteResult {
  const findings = envs.flatMap(validateEnvironment);
  if (findings.some((f) => f.severity === 'error')) return { findings, files: 0 };
  const tree = renderOutput(envs, chart);
  writeTreeAtomically(outdir, tree);
  return { findings, files: tree.size };
}
