// `npm run synth` (and `npx cdk8s synth`): every environment -> validate -> dist/, all or nothing.
import { ShipshapeError } from '../constructs';
import { environmentNames } from './environments';
import { renderOutput } from './output';
import { synthesizeEnvironment, type SynthesizedEnvironment } from './synth';
// The validator's modules, not its index: the index also loads the manifest loader and with it the
// `yaml` package (~70 modules), which synthesis never uses.
import { formatFinding } from './validate/report';
import type { Finding } from './validate/types';
import { validateObjects } from './validate/validate';
import { writeTreeAtomically } from './write';
import { DELINKCIOUS_VERSION } from './delinkcious/version';
import { version } from '../package.json';

function validate(env: SynthesizedEnvironment): Finding[] {
  const docs = env.files.flatMap((f) =>
    f.objects.map((object) => ({ object, file: `${env.profile.name}/${f.name}` })),
  );
  return validateObjects(docs);
}

function main(): number {
  const started = process.hrtime.bigint();
  const outdir = process.env.CDK8S_OUTDIR || 'dist';
  let envs: SynthesizedEnvironment[];
  try {
    envs = environmentNames.map(synthesizeEnvironment);
  } catch (e) {
    if (e instanceof ShipshapeError) {
      console.error(`synth failed, nothing written:\n  ${e.message}`);
      return 1;
    }
    throw e;
  }
  const findings = envs.flatMap(validate);
  const errors = findings.filter((f) => f.severity === 'error');
  for (const f of findings) console.error(formatFinding(f));
  if (errors.length > 0) {
    console.error(`synth refused: ${errors.length} validation error(s), nothing written to ${outdir}/`);
    return 1;
  }
  const tree = renderOutput(envs, { version, appVersion: DELINKCIOUS_VERSION });
  writeTreeAtomically(outdir, tree);
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  const counts = envs.map((e) => `${e.profile.name} ${e.objects.length} objects`).join(', ');
  console.log(
    `synthesized ${counts}; ${tree.size} files in ${outdir}/ (${findings.length} warnings) in ${ms.toFixed(0)} ms`,
  );
  return 0;
}

process.exitCode = main();
