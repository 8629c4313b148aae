// Cases 5 and 6 of `npm run bench`: `shipshape diff` on Delinkcious's three environments.
//   5. the CLI as a user runs it, `shipshape diff src/delinkcious/app.ts --base HEAD`, in a clone of this
//      repository at HEAD (its own worktree list; node_modules linked from the checkout), warm: one run first,
//      then the medians of the wall time and of what the CLI's stderr line reports per phase (the worktree's
//      checkout, the base's synth in its own process, the head's in-process synth, the comparison);
//   6. the comparison alone in process (bench/cases/diff.ts) on a real change with many objects changed: the
//      committed dist/ of 9844cae^ and of 9844cae (sync waves and Argo CD Applications added).
import { execFileSync, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { median } from './child';
import { reportOf, timedRun, type SpawnOptions } from './measure';
import type { DiffCliResult, DiffCompareResult } from './results';

const PHASES =
  /base HEAD \(checkout ([0-9.]+) s, node_modules linked, synth ([0-9.]+) s\), head working tree \(synth ([0-9.]+) s\); compared in ([0-9.]+) s, ([0-9.]+) s in all/;

/** Case 5: the CLI end to end, `runs` warm runs. */
export function caseDiffCli(repo: string, out: string, runs: number, env: NodeJS.ProcessEnv): DiffCliResult {
  const clone = path.join(out, 'diff-clone');
  execFileSync('git', ['clone', '-q', '--shared', repo, clone]);
  execFileSync('git', [
    '-C',
    clone,
    'checkout',
    '-q',
    '--detach',
    execFileSync('git', ['-C', repo, 'rev-parse', 'HEAD'], { encoding: 'utf8' }).trim(),
  ]);
  fs.symlinkSync(path.join(repo, 'node_modules'), path.join(clone, 'node_modules'), 'dir');
  const options: SpawnOptions = { cwd: clone, env };
  const command = [
    'bin/shipshape.js',
    'diff',
    'src/delinkcious/app.ts',
    '--base',
    'HEAD',
    '--format',
    'json',
  ];
  const once = () => {
    const r = execFileRun(command, options);
    const m = PHASES.exec(r.stderr);
    if (!m) throw new Error(`shipshape diff printed no timing line:\n${r.stderr}`);
    const [checkout, baseSynth, headSynth, compare, total] = m.slice(1).map((x) => Number(x) * 1000) as [
      number,
      number,
      number,
      number,
      number,
    ];
    return { wallMs: r.wallMs, checkout, baseSynth, headSynth, compare, total, environments: r.environments };
  };
  once();
  const samples = Array.from({ length: runs }, once);
  const med = (k: keyof (typeof samples)[number]) => median(samples.map((s) => Number(s[k])));
  return {
    command: `node ${command.join(' ')}`,
    environments: samples[0]!.environments,
    samplesMs: samples.map((s) => s.wallMs),
    medianMs: med('wallMs'),
    phasesMedianMs: {
      checkout: med('checkout'),
      baseSynth: med('baseSynth'),
      headSynth: med('headSynth'),
      compare: med('compare'),
      total: med('total'),
    },
    withoutCheckoutMs: median(samples.map((s) => s.wallMs - s.checkout)),
  };
}

function execFileRun(
  args: readonly string[],
  options: SpawnOptions,
): { wallMs: number; stderr: string; environments: number } {
  const started = process.hrtime.bigint();
  const r = spawnSync(process.execPath, args, { cwd: options.cwd, env: options.env, encoding: 'utf8' });
  const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
  if (r.status !== 0) throw new Error(`shipshape diff exited ${r.status}:\n${r.stderr}`);
  return {
    wallMs,
    stderr: r.stderr,
    environments: (JSON.parse(r.stdout) as { environments: unknown[] }).environments.length,
  };
}

/** Case 6: the comparison alone, in process, on the committed output of a commit with many changes. */
export function caseDiffCompare(
  repo: string,
  out: string,
  runs: number,
  env: NodeJS.ProcessEnv,
): DiffCompareResult {
  const dirs = ['9844cae^', '9844cae'].map((commit, i) => {
    const dir = path.join(out, `diff-dist-${i}`);
    fs.mkdirSync(dir, { recursive: true });
    const tar = execFileSync('git', ['-C', repo, 'archive', '--format=tar', commit, 'dist'], {
      maxBuffer: 64 * 1024 * 1024,
    });
    execFileSync('tar', ['-x', '-C', dir], { input: tar });
    return path.join(dir, 'dist');
  });
  const r = reportOf(
    timedRun(
      process.execPath,
      ['-r', './scripts/register.js', path.join('bench', 'cases', 'diff.ts'), ...dirs, String(runs)],
      { cwd: repo, env },
    ),
    'diff',
  );
  return {
    command: 'bench/cases/diff.ts (dist/ of 9844cae^ and 9844cae)',
    objects: Number(r['objects']),
    changed: Number(r['changed']),
    coldMs: Number(r['coldMs']),
    samplesMs: r['samplesMs'] as number[],
    medianMs: Number(r['medianMs']),
    parseMedianMs: Number(r['parseMedianMs']),
  };
}
