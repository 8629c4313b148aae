// Case 6 (in process): `diffOutputs` on two output directories, Delinkcious's three environments: read and
// parse both (environmentsOf), then compare; the cold first run, then the median of <repeats> runs.
// Usage: node -r ./scripts/register.js bench/cases/diff.ts <base-dir> <head-dir> <repeats>
import { diffOutputs } from '../../src/diff/compare';
import { environmentsOf, readOutputDir } from '../../src/diff/tree';
import { finish, intArg, median, stringArg, timeMs } from '../child';

const [baseDir, headDir] = [stringArg(0, 'base-dir'), stringArg(1, 'head-dir')];
const repeats = intArg(2, 'repeats');
const [a, b] = [readOutputDir(baseDir), readOutputDir(headDir)];
let objects = 0;
let changed = 0;
let parseMs = 0;
const run = () => {
  const started = process.hrtime.bigint();
  const [ea, eb] = [environmentsOf(a), environmentsOf(b)];
  parseMs = Number(process.hrtime.bigint() - started) / 1e6;
  const report = diffOutputs(ea, eb);
  objects = [...ea.values(), ...eb.values()].reduce((n, e) => n + e.objects.length, 0);
  changed = report.environments.reduce((n, e) => n + e.objects.changed.length + e.objects.added.length, 0);
};
const coldMs = timeMs(run);
const samples = Array.from({ length: repeats }, () => {
  const ms = timeMs(run);
  return { ms, parseMs };
});
finish(
  {},
  {
    objects,
    changed,
    coldMs,
    samplesMs: samples.map((s) => s.ms),
    medianMs: median(samples.map((s) => s.ms)),
    parseMedianMs: median(samples.map((s) => s.parseMs)),
  },
);
