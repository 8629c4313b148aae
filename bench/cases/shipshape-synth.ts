// Case 2, our path: N synthetic microservices through shipshape constructs, rendered the way
// `npm run synth` renders an environment: JSON per file, validation, js-yaml, atomic write.
// The orchestrator empties <outdir> before and reads the files back after (neither is timed here).
// Usage: node -r ./scripts/register.js bench/cases/shipshape-synth.ts <N> <outdir>
import { App } from 'cdk8s';
import { toYaml, type OutputTree } from '../../src/synth/output';
import { synthesizeFiles } from '../../src/synth/files';
// The validator's module, as src/synth/gate.ts imports it (its index also loads the manifest loader).
import { validateObjects } from '../../src/validate/validate';
import { writeTreeAtomically } from '../../src/synth/write';
import { finish, intArg, Phases, stringArg } from '../child';
import { buildShipshape } from '../synthetic';

const n = intArg(0, 'N');
const outdir = stringArg(1, 'outdir');
const t = new Phases();

const system = t.run('construct', () => buildShipshape(new App({ outdir }), n));
const files = t.run('toJson', () => synthesizeFiles(system));
const findings = t.run('validate', () =>
  validateObjects(files.flatMap((f) => f.objects.map((object) => ({ object, file: f.name })))),
);
const errors = findings.filter((f) => f.severity === 'error');
// A refused synth writes nothing, so an invalid synthetic system would measure the wrong path.
if (errors.length > 0)
  throw new Error(`synthetic system has ${errors.length} validation errors: ${errors[0].message}`);
const tree: OutputTree = t.run('yaml', () => new Map(files.map((f) => [f.name, toYaml(f.objects)])));
t.run('write', () => writeTreeAtomically(outdir, tree));

finish(t.ms, { objects: files.reduce((sum, f) => sum + f.objects.length, 0), warnings: findings.length });
