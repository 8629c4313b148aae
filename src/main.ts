// `npm run synth` (and `npx cdk8s synth`): every environment -> validate -> dist/, all or nothing.
import { ShipshapeError } from '../constructs';
import { version } from '../package.json';
import { DELINKCIOUS_VERSION } from './delinkcious/version';
import { environmentNames } from './environments';
import { writeEnvironments } from './pipeline';
import { synthesizeEnvironment, type SynthesizedEnvironment } from './synth';
import { formatFinding } from './validate/report';

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
  const { findings, files } = writeEnvironments(outdir, envs, { version, appVersion: DELINKCIOUS_VERSION });
  for (const f of findings) console.error(formatFinding(f));
  const errors = findings.filter((f) => f.severity === 'error').length;
  if (errors > 0) {
    console.error(`synth refused: ${errors} validation error(s), nothing written to ${outdir}/`);
    return 1;
  }
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  const counts = envs.map((e) => `${e.profile.name} ${e.objects.length} objects`).join(', ');
  console.log(
    `synthesized ${counts}; ${files} files in ${outdir}/ (${findings.length} warnings) in ${ms.toFixed(0)} ms`,
  );
  return 0;
}

process.exitCode = main();
