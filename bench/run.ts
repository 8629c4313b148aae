// `npm run bench`: the performance benchmark of the synth path (not a test; nothing asserts on
// timings). Every measured case runs in a fresh process; see docs/bench/notes.md for the method.
//
//   npm run bench                     5 runs per case; writes docs/bench/ and docs/performance.md's block
//   npm run bench -- --runs 3         fewer runs
//   npm run bench -- --quick          1 run per case; writes .bench/results.* only
//   npm run bench -- --sizes 100,1000 --cases 2,3   a subset (also written to .bench/ only)
//   npm run bench -- --cases 5,6      shipshape diff only (bench/diff.ts)
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { countBaselineObjects, writeBaselineProject } from './baseline-project';
import { median, type ChildReport } from './child';
import { readWritten, reportOf, timedRun, type Sample, type Written } from './measure';
import { formatted, renderMarkdown, updateReadme } from './report';
import {
  evaluateTargets,
  type BenchResults,
  type ConsumerResult,
  type FloorResult,
  type PathResult,
  type Series,
  type SizeResult,
  type ValidatorResult,
} from './results';
import { renderChart } from './svg';
import { caseDiffCli, caseDiffCompare } from './diff';

const REPO = path.resolve(__dirname, '..');
/** Git-ignored: the baseline project, and results of partial runs. */
const WORK = path.join(REPO, '.bench');
/**
 * Every measured output goes to a fresh temp directory, removed at the end: on a tmpfs (/dev/shm)
 * when there is one, so that writing files costs its system calls and not the disk's write-back
 * of earlier runs. On this machine writing 1000 small files took 20-40 ms there, 40-600 ms in
 * /tmp and up to 3 s inside the (watched) work tree, from run to run.
 */
const OUT = fs.mkdtempSync(path.join(tempRoot(), 'shipshape-bench-'));

function tempRoot(): string {
  try {
    fs.accessSync('/dev/shm', fs.constants.W_OK);
    return '/dev/shm';
  } catch {
    return os.tmpdir();
  }
}
const DEFAULT_SIZES = [100, 1000, 5000];
/** The `yaml` package takes seconds per thousand services: the floor measures it up to here. */
const YAML_PACKAGE_MAX_N = 1000;

interface Options {
  readonly runs: number;
  readonly sizes: number[];
  readonly cases: Set<number>;
  /** Full runs write docs/bench/ and docs/performance.md; partial or quick ones write .bench/ only. */
  readonly publish: boolean;
}

function parseArgs(argv: readonly string[]): Options {
  let runs = 5;
  let sizes = DEFAULT_SIZES;
  let cases = new Set([1, 2, 3, 4, 5, 6]);
  let publish = true;
  const list = (v: string | undefined, flag: string) => {
    const xs = (v ?? '').split(',').map(Number);
    if (xs.length === 0 || xs.some((x) => !Number.isInteger(x) || x < 1))
      throw new Error(`${flag} takes a comma-separated list of positive integers`);
    return xs;
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--quick') {
      runs = 1;
      publish = false;
    } else if (a === '--runs') {
      runs = list(argv[++i], '--runs')[0];
    } else if (a === '--sizes') {
      sizes = list(argv[++i], '--sizes');
      publish = false;
    } else if (a === '--cases') {
      cases = new Set(list(argv[++i], '--cases'));
      publish = false;
    } else if (a === '--no-publish') {
      publish = false;
    } else {
      throw new Error(`unknown option '${a}' (see the header of bench/run.ts)`);
    }
  }
  return { runs, sizes, cases, publish };
}

/** Children inherit the environment minus anything that would change what they do or reach the network. */
function childEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const k of Object.keys(env)) if (k.startsWith('CDK8S_') || k.startsWith('TS_NODE_')) delete env[k];
  delete env.NODE_OPTIONS;
  return {
    ...env,
    // npm and npx: no update notice, and never fetch a package (everything is in node_modules).
    npm_config_update_notifier: 'false',
    npm_config_offline: 'true',
    ...extra,
  };
}

function log(message: string): void {
  process.stderr.write(`[bench] ${message}\n`);
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(2)} s`;
}

function series(command: string, samples: readonly Sample[]): Series {
  const samplesMs = samples.map((s) => s.wallMs);
  return { command, samplesMs, medianMs: median(samplesMs) };
}

/** Runs a TypeScript program of bench/cases/ with the transpile-only loader `npm run synth` uses. */
function runCase(file: string, args: readonly (string | number)[]): Sample {
  return timedRun(
    process.execPath,
    ['-r', './scripts/register.js', path.join('bench', 'cases', file), ...args.map(String)],
    { cwd: REPO, env: childEnv() },
  );
}

/** Case 1: `npm run synth` vs the default cdk8s toolchain on the same app. */
function caseCli(runs: number): BenchResults['cli'] {
  const baselineOut = path.join(OUT, 'cdk8s-default');
  const project = writeBaselineProject(REPO, path.join(WORK, 'cdk8s-default'), baselineOut);
  const ours = () =>
    timedRun('npm', ['run', 'synth', '--', '--out', path.join(OUT, 'npm-run-synth')], {
      cwd: REPO,
      env: childEnv(),
    });
  const baseline = () =>
    timedRun('npx', ['cdk8s', 'synth', '--check-upgrade=false'], { cwd: project, env: childEnv() });
  const viaCli = () =>
    timedRun('npx', ['cdk8s', 'synth', '--check-upgrade=false', '--output', path.join(OUT, 'cdk8s-cli')], {
      cwd: REPO,
      env: childEnv(),
    });
  log('case 1: warm-up (file cache)');
  ours();
  baseline();
  viaCli();
  const a: Sample[] = [];
  const b: Sample[] = [];
  const c: Sample[] = [];
  for (let i = 0; i < runs; i++) {
    a.push(ours());
    b.push(baseline());
    c.push(viaCli());
    log(
      `case 1 run ${i + 1}/${runs}: npm run synth ${seconds(a[i].wallMs)}, ts-node cdk8s synth ${seconds(b[i].wallMs)}`,
    );
  }
  const shipshape = series('npm run synth', a);
  const base = {
    ...series('npx cdk8s synth (app: npx ts-node main.ts, app.synth())', b),
    objects: countBaselineObjects(baselineOut),
  };
  return {
    shipshape,
    baseline: base,
    shipshapeViaCdk8sCli: series(
      'npx cdk8s synth (this repo: app: shipshape synth src/delinkcious/app.ts)',
      c,
    ),
    ratio: shipshape.medianMs / base.medianMs,
  };
}

function pathResult(command: string, samples: readonly Sample[]): PathResult {
  const reports = samples.map((s) => reportOf(s, command));
  const phaseNames = Object.keys(reports[0].phases);
  const samplesRssKb = reports.map((r) => r.maxRssKb);
  return {
    ...series(command, samples),
    samplesRssKb,
    medianRssKb: median(samplesRssKb),
    phasesMedianMs: Object.fromEntries(phaseNames.map((p) => [p, median(reports.map((r) => r.phases[p]))])),
    reports,
  };
}

/** Case 2 at one size, the two paths alternating so drift in machine load hits both alike. */
function caseSynthetic(n: number, runs: number): SizeResult {
  const ours: Sample[] = [];
  const raw: Sample[] = [];
  const written: { shipshape: Written[]; raw: Written[] } = { shipshape: [], raw: [] };
  // Each run starts from no output and its files are read back afterwards, both outside its time.
  const run = (file: string, outdir: string, into: Sample[], out: Written[]) => {
    fs.rmSync(outdir, { recursive: true, force: true });
    into.push(runCase(file, [n, outdir]));
    out.push(readWritten(outdir));
  };
  for (let i = 0; i < runs; i++) {
    run('shipshape-synth.ts', path.join(OUT, `shipshape-${n}`), ours, written.shipshape);
    run('raw-synth.ts', path.join(OUT, `raw-${n}`), raw, written.raw);
    log(
      `case 2 N=${n} run ${i + 1}/${runs}: shipshape ${seconds(ours[i].wallMs)}, raw ${seconds(raw[i].wallMs)}`,
    );
  }
  if (new Set(written.shipshape.map((w) => w.sha256)).size !== 1)
    throw new Error(`N=${n}: shipshape wrote different bytes in different runs (not deterministic)`);
  const shipshape = pathResult(`bench/cases/shipshape-synth.ts ${n}`, ours);
  const rawResult = pathResult(`bench/cases/raw-synth.ts ${n}`, raw);
  const withoutValidator = median(ours.map((o) => o.wallMs - reportOf(o, 'shipshape-synth').phases.validate));
  return {
    n,
    objects: { shipshape: Number(shipshape.reports[0].objects), raw: Number(rawResult.reports[0].objects) },
    written: { shipshape: written.shipshape[0], raw: written.raw[0] },
    shipshape,
    raw: rawResult,
    timeRatio: shipshape.medianMs / rawResult.medianMs,
    withoutValidator: {
      medianMs: withoutValidator,
      timeRatio: withoutValidator / rawResult.medianMs,
    },
    rssRatio: shipshape.medianRssKb / rawResult.medianRssKb,
  };
}

/** A report without the process-level fields (the in-process cases time themselves). */
function factsOf(r: ChildReport): Record<string, unknown> {
  const facts: Record<string, unknown> = { ...r };
  delete facts.maxRssKb;
  delete facts.phases;
  return facts;
}

function caseFloor(n: number, runs: number): FloorResult {
  const r = reportOf(runCase('floor.ts', [n, runs, YAML_PACKAGE_MAX_N]), 'floor');
  log(`case 3 N=${n}: JSON.stringify ${seconds(Number((r.jsonStringify as Series).medianMs))}`);
  return { n, ...(factsOf(r) as Omit<FloorResult, 'n'>) };
}

function caseValidator(n: number, runs: number): ValidatorResult {
  const r = reportOf(runCase('validate.ts', [n, runs]), 'validate');
  return { n, ...(factsOf(r) as Omit<ValidatorResult, 'n'>) };
}

/** The last `.ci/consumer` summary (it needs the network, so the bench reads it instead of running it). */
function lastConsumerRun(): ConsumerResult | undefined {
  const file = path.join(WORK, 'consumer.json');
  return fs.existsSync(file) ? (JSON.parse(fs.readFileSync(file, 'utf8')) as ConsumerResult) : undefined;
}

function gitCommit(): string | undefined {
  try {
    const head = execFileSync('git', ['rev-parse', '--short', 'HEAD'], {
      cwd: REPO,
      encoding: 'utf8',
    }).trim();
    const dirty = execFileSync('git', ['status', '--porcelain', '--', 'constructs', 'src'], {
      cwd: REPO,
      encoding: 'utf8',
    }).trim();
    return dirty ? `${head} (with uncommitted changes)` : head;
  } catch {
    return undefined;
  }
}

async function main(): Promise<void> {
  const opts = parseArgs(process.argv.slice(2));
  const started = process.hrtime.bigint();
  const loadAverageStart = os.loadavg().map((x) => Number(x.toFixed(2)));
  log(`${opts.runs} run(s) per case, sizes ${opts.sizes.join(', ')}, cases ${[...opts.cases].join(', ')}`);

  const cli = opts.cases.has(1) ? caseCli(opts.runs) : undefined;
  const synthetic: SizeResult[] = [];
  if (opts.cases.has(2)) {
    log('case 2: warm-up');
    runCase('shipshape-synth.ts', [opts.sizes[0], path.join(OUT, 'warm-up-shipshape')]);
    runCase('raw-synth.ts', [opts.sizes[0], path.join(OUT, 'warm-up-raw')]);
    for (const n of opts.sizes) synthetic.push(caseSynthetic(n, opts.runs));
  }
  const floor = opts.cases.has(3) ? opts.sizes.map((n) => caseFloor(n, opts.runs)) : [];
  const validator = opts.cases.has(4) ? caseValidator(1000, opts.runs) : undefined;
  const diffCli = opts.cases.has(5) ? caseDiffCli(REPO, OUT, opts.runs, childEnv()) : undefined;
  if (diffCli)
    log(
      `case 5: shipshape diff ${seconds(diffCli.medianMs)} (${seconds(diffCli.withoutCheckoutMs)} without the checkout)`,
    );
  const diffCompare = opts.cases.has(6) ? caseDiffCompare(REPO, OUT, opts.runs, childEnv()) : undefined;
  const diff =
    diffCli || diffCompare
      ? { ...(diffCli && { cli: diffCli }), ...(diffCompare && { compare: diffCompare }) }
      : undefined;

  const at = (n: number) => synthetic.find((s) => s.n === n);
  const from = at(1000);
  const to = at(5000);
  const partial: Omit<BenchResults, 'targets'> = {
    schema: 1,
    date: new Date().toISOString(),
    machine: {
      cpu: os.cpus()[0]?.model ?? 'unknown',
      cores: os.cpus().length,
      memoryGiB: Number((os.totalmem() / 2 ** 30).toFixed(1)),
      platform: `${os.platform()} ${os.release()}`,
      loadAverageStart,
      loadAverageEnd: os.loadavg().map((x) => Number(x.toFixed(2))),
    },
    node: process.version,
    commit: gitCommit(),
    runs: opts.runs,
    outputRoot: path.dirname(OUT),
    durationS: Number((Number(process.hrtime.bigint() - started) / 1e9).toFixed(1)),
    cli,
    synthetic,
    scaling:
      from && to
        ? {
            from: 1000,
            to: 5000,
            shipshape: to.shipshape.medianMs / from.shipshape.medianMs,
            raw: to.raw.medianMs / from.raw.medianMs,
          }
        : undefined,
    floor,
    validator,
    consumer: lastConsumerRun(),
    diff,
  };
  const results: BenchResults = { ...partial, targets: evaluateTargets(partial) };

  const outDir = opts.publish ? path.join(REPO, 'docs', 'bench') : WORK;
  fs.mkdirSync(outDir, { recursive: true });
  const markdown = renderMarkdown(results, {
    chart: 'time-vs-n.svg',
    notes: opts.publish ? 'notes.md' : undefined,
  });
  const write = async (name: string, text: string) => {
    const file = path.join(outDir, name);
    fs.writeFileSync(file, await formatted(file, text));
  };
  await write('results.json', JSON.stringify(results));
  const table = await formatted(path.join(outDir, 'results.md'), markdown);
  fs.writeFileSync(path.join(outDir, 'results.md'), table);
  if (synthetic.length > 0) fs.writeFileSync(path.join(outDir, 'time-vs-n.svg'), renderChart(synthetic));
  if (opts.publish) await updateReadme(path.join(REPO, 'docs', 'performance.md'), results);
  process.stdout.write(table);
  log(`done in ${results.durationS} s; results in ${path.relative(REPO, outDir)}/`);
}

main()
  .catch((e: unknown) => {
    console.error(e instanceof Error ? e.message : e);
    process.exitCode = 1;
  })
  .finally(() => fs.rmSync(OUT, { recursive: true, force: true }));
