// Validate, render and write synthesized Systems: all or nothing.
import type { SynthesizedSystem } from './synthesize';
import { applicationFile } from './gitops/application';
import { renderOutput } from './output';
// The validator's modules, not its index: the index also loads the manifest loader and with it the
// `yaml` package (~70 modules), which synthesis never uses.
import type { Finding } from '../validate/types';
import { validateObjects } from '../validate/validate';
import { writeTreeAtomically } from './write';

/** What {@link writeSystems} did. */
export interface WriteResult {
  /** Every finding of every System (each System validated as its own set). */
  readonly findings: readonly Finding[];
  /** Files written; 0 when an error finding refused the output. */
  readonly files: number;
}

/** Findings of one System (and its Application), with files named `<dir>/<file>` (`argocd/<dir>.yaml`). */
export function validateSystem(system: SynthesizedSystem): Finding[] {
  const docs = system.files.flatMap((f) =>
    f.objects.map((object) => ({ object, file: `${system.dir}/${f.name}` })),
  );
  if (system.application) docs.push({ object: system.application, file: applicationFile(system.dir) });
  return validateObjects(docs);
}

/**
 * Validates every System and, only when no finding is an error, replaces `outdir` with their YAML
 * and Helm charts. A refused synth leaves `outdir` exactly as it was.
 */
export function writeSystems(outdir: string, systems: readonly SynthesizedSystem[]): WriteResult {
  const findings = systems.flatMap(validateSystem);
  if (findings.some((f) => f.severity === 'error')) return { findings, files: 0 };
  const tree = renderOutput(systems);
  writeTreeAtomically(outdir, tree);
  return { findings, files: tree.size };
}
