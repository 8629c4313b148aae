// Case 4: validateObjects (src/validate) on the synthetic system's objects, in process: the cold
// first run, then the median of <repeats> runs after it.
// Usage: node -r ./scripts/register.js bench/cases/validate.ts <N> <repeats>
import { App } from 'cdk8s';
import { synthesizeFiles } from '../../src/synth/files';
// The validator's module, as src/synth/gate.ts imports it (its index also loads the manifest loader).
import { validateObjects } from '../../src/validate/validate';
import { finish, intArg, median, timeMs } from '../child';
import { buildShipshape } from '../synthetic';

const n = intArg(0, 'N');
const repeats = intArg(1, 'repeats');
const files = synthesizeFiles(buildShipshape(new App(), n));
const docs = files.flatMap((f) => f.objects.map((object) => ({ object, file: f.name })));

let findings = 0;
const run = () => (findings = validateObjects(docs).length);
const coldMs = timeMs(run);
const samplesMs = Array.from({ length: repeats }, () => timeMs(run));
const medianMs = median(samplesMs);
finish(
  {},
  {
    objects: docs.length,
    findings,
    coldMs,
    samplesMs,
    medianMs,
    objectsPerSecond: docs.length / (medianMs / 1000),
    coldObjectsPerSecond: docs.length / (coldMs / 1000),
  },
);
