import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { diffOutputs } from '../../src/diff/compare';
import type { DiffReport } from '../../src/diff/report';
import { environmentsOf, readOutputDir } from '../../src/diff/tree';
import { cli, REPO } from './_scratch';

// The diff on this repository's own history, pairs of commits whose effect is known. The committed dist/ of a
// commit is what `npm run synth` wrote at that commit (CI checks it), so older pairs compare their committed
// output; a recent pair is synthesized for real, each side by its own CLI in its own worktree. Needs the
// history (a clone with `--depth 1` fails here, saying so).

jest.setTimeout(120_000);

function git(args: readonly string[], cwd = REPO): string {
  const r = spawnSync('git', args, { cwd, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (r.status !== 0)
    throw new Error(
      `git ${args.join(' ')} failed (is the history there? git fetch --unshallow): ${r.stderr}`,
    );
  return r.stdout.trim();
}

const tmp: string[] = [];
afterAll(() => tmp.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

/** The dist/ committed at `commit`, read as the diff reads an output directory. */
function distAt(commit: string) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'shipshape-history-'));
  tmp.push(dir);
  const archive = spawnSync('git', ['archive', '--format=tar', commit, 'dist'], {
    cwd: REPO,
    maxBuffer: 64 * 1024 * 1024,
  });
  if (archive.status !== 0) throw new Error(`git archive ${commit} failed: ${archive.stderr}`);
  const untar = spawnSync('tar', ['-x', '-C', dir], { input: archive.stdout });
  if (untar.status !== 0) throw new Error(`tar failed: ${untar.stderr}`);
  return environmentsOf(readOutputDir(path.join(dir, 'dist')));
}

const committed = (base: string, head: string): DiffReport => diffOutputs(distAt(base), distAt(head));
const everything = (r: DiffReport) =>
  r.environments.flatMap((e) => [
    ...e.rolls,
    ...e.steady,
    ...e.stale,
    ...e.edges.opened,
    ...e.edges.closed,
    ...e.exposure,
    ...e.privilege,
    ...e.risks,
  ]);

test('9844cae (GitOps: sync waves, Argo CD Applications) annotates every object and rolls nothing', () => {
  // GIVEN the commit that added sync waves and Applications / WHEN its committed output is compared with its parent's
  const r = committed('9844cae^', '9844cae');
  // THEN in each environment: one Application added, every other object changed in exactly its sync-wave annotation,
  // the chart's content version moved, and nothing rolls, opens, exposes or grants
  expect(r.environments.map((e) => [e.name, e.objects.added.map((o) => `${o.kind}/${o.name}`)])).toEqual([
    ['local', ['Application/delinkcious-local']],
    ['production', ['Application/delinkcious-production']],
    ['staging', ['Application/delinkcious-staging']],
  ]);
  for (const e of r.environments) {
    expect(e.objects.removed).toEqual([]);
    expect(new Set(e.objects.changed.flatMap((c) => c.fields.map((f) => `${f.path} ${f.change}`)))).toEqual(
      new Set(['metadata.annotations[argocd.argoproj.io/sync-wave] added']),
    );
    expect(e.chart?.metadata.map((f) => f.path)).toEqual(['version']);
  }
  expect(r.environments.map((e) => e.objects.changed.length)).toEqual([48, 69, 69]);
  expect(everything(r)).toEqual([]);
});

test('3a6efb1 (server defaults written out) changes StatefulSets and ExternalSecrets without a roll, a replace or stale reader', () => {
  // GIVEN the commit that wrote out the defaults the API server stores / WHEN compared with its parent
  const r = committed('3a6efb1^', '3a6efb1');
  // THEN the StatefulSets' claim templates changed (not refused: the server stores these defaults anyway),
  // the ExternalSecrets' remoteRefs changed (the Secret's content does not), nothing rolls
  const changed = (name: string) => r.environments.find((e) => e.name === name)!.objects.changed;
  expect(changed('local').map((c) => `${c.object.kind}/${c.object.name}`)).toEqual([
    'StatefulSet/link-db',
    'StatefulSet/nats',
    'StatefulSet/news-redis',
    'StatefulSet/social-graph-db',
    'StatefulSet/user-db',
  ]);
  expect(changed('production').filter((c) => c.object.kind === 'ExternalSecret')).toHaveLength(5);
  expect(r.environments.flatMap((e) => e.objects.changed.filter((c) => c.replace !== undefined))).toEqual([]);
  for (const e of r.environments) {
    expect([e.rolls, e.stale, e.risks, e.edges.opened, e.edges.closed]).toEqual([[], [], [], [], []]);
    expect(e.steady.map((s) => s.object.kind)).toEqual([
      'StatefulSet',
      'StatefulSet',
      'StatefulSet',
      'StatefulSet',
      'StatefulSet',
    ]);
  }
});

test('a249188^..87b4ccf (README, docs, comments, the evaluator) synthesized for real reports nothing', () => {
  // GIVEN a clone of this repository (its own worktree list) with the checkout's node_modules
  expect(git(['diff', '--stat', 'a249188^', '87b4ccf', '--', 'dist'])).toBe('');
  const parent = fs.mkdtempSync(path.join(os.tmpdir(), 'shipshape-history-'));
  tmp.push(parent);
  const clone = path.join(parent, 'shipshape');
  git(['clone', '-q', '--shared', '--no-checkout', REPO, clone], parent);
  git(['checkout', '-q', '--detach', '87b4ccf'], clone);
  fs.symlinkSync(path.join(REPO, 'node_modules'), path.join(clone, 'node_modules'), 'dir');
  // WHEN both commits are synthesized, each by its own CLI in its own worktree, gated on any change
  const r = cli(clone, [
    'diff',
    'src/delinkcious/app.ts',
    '--base',
    'a249188^',
    '--head',
    '87b4ccf',
    '--format',
    'json',
    '--fail-on',
    'any',
  ]);
  // THEN exit 0: three environments, none changed
  expect(r.stderr).toMatch(
    /base a249188\^ \(checkout .*, node_modules linked, synth .*\), head 87b4ccf \(checkout .*, node_modules linked, synth /,
  );
  expect(r.status).toBe(0);
  const report = JSON.parse(r.stdout) as DiffReport;
  expect(report.environments.map((e) => [e.name, e.status])).toEqual([
    ['local', 'unchanged'],
    ['production', 'unchanged'],
    ['staging', 'unchanged'],
  ]);
  expect(report.base.commit).toBe(git(['rev-parse', 'a249188^']));
});
