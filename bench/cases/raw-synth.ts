// Case 2, baseline: the same N services with raw cdk8s-plus-27, synthesized by cdk8s's app.synth()
// (one YAML file per chart, the `yaml` package). The orchestrator empties <outdir> before.
// Usage: node -r ./scripts/register.js bench/cases/raw-synth.ts <N> <outdir>
import { App } from 'cdk8s';
import { finish, intArg, Phases, stringArg } from '../child';
import { apiObjectsOf, buildRaw } from '../raw';

const n = intArg(0, 'N');
const outdir = stringArg(1, 'outdir');
const t = new Phases();

const app = new App({ outdir });
const chart = t.run('construct', () => buildRaw(app, n));
t.run('synth', () => app.synth());

finish(t.ms, { objects: apiObjectsOf(chart).length });
