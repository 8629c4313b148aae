/**
 * `shipshape synth`: loads an app file and runs the pipeline (src/synth/run.ts) on it. Exit codes: 0 written,
 * 1 synthesis or validation failed (nothing written), 2 usage error.
 */
import * as path from 'path';
import { loadAppFile, projectVersion, runSynth, type SynthIo } from '../synth/run';
import { guarded, parseArgs } from './args';

/** `file` relative to the working directory when inside it (for messages), else absolute. */
function displayPath(file: string): string {
  const rel = path.relative(process.cwd(), file);
  return rel === '' ? '.' : rel.startsWith('..') || path.isAbsolute(rel) ? file : rel;
}

export const SYNTH_USAGE = `usage: shipshape synth [app-file] [--out dir] [--env name]...

Loads the app file (TypeScript or JavaScript; default: the first of src/app.ts, src/app.js, app.ts,
app.js), builds its Systems for every environment (or each --env), validates every object and
replaces the output directory (default dist) with one folder of YAML per System and a Helm chart per
System under helm/. Nothing is written when anything fails. Run by cdk8s-cli (CDK8S_OUTDIR set),
it also copies the manifests to cdk8s's output directory, which cdk8s-cli empties first: point
cdk8s.yaml's \`output\` at a scratch directory, never at the --out directory.

exit status: 0 written, 1 synthesis or validation failed (nothing written), 2 usage error
`;

/** `shipshape synth`. */
export function synthCommand(args: readonly string[], io: SynthIo, cwd: string = process.cwd()): number {
  return guarded(io, SYNTH_USAGE, () => {
    const parsed = parseArgs(args, ['--out', '--env'], ['-h', '--help']);
    if (parsed.switches.size > 0) {
      io.stdout(SYNTH_USAGE);
      return 0;
    }
    const app = loadAppFile(parsed.entry, cwd);
    const environments = parsed.values.get('--env');
    const chartVersion = projectVersion(cwd);
    const mirror = process.env['CDK8S_OUTDIR'];
    return runSynth(app, {
      out: displayPath(path.resolve(cwd, parsed.values.get('--out')?.at(-1) ?? 'dist')),
      io,
      ...(environments && { environments }),
      ...(chartVersion !== undefined && { chartVersion }),
      ...(mirror && { mirror: path.resolve(cwd, mirror) }),
    });
  });
}
