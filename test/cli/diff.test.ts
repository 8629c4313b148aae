import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { DIFF_USAGE, diffCommand } from '../../src/cli/diff';
import type { DiffReport } from '../../src/diff/report';
import { appSource, cli, disposeTemplate, scratchRepo, startCli, type Scratch } from '../diff/_scratch';

// `shipshape diff` as users run it: the CLI in a git repository of a project, both sides synthesized (the base
// in a temporary worktree by its own CLI, the head here), the report on stdout, the gate in the exit code.

jest.setTimeout(60_000);

let repo: Scratch;
beforeEach(() => {
  repo = scratchRepo();
  repo.commit('the shop', { 'src/app.ts': appSource() });
});
afterEach(() => repo.dispose());
afterAll(() => disposeTemplate());

const json = (stdout: string) => JSON.parse(stdout) as DiffReport;

describe('usage', () => {
  test.each([
    [['--nope'], 'unknown flag --nope'],
    [['--format', 'html'], '--format must be one of text, markdown, json (got html)'],
    [['--fail-on', 'widen,all'], '--fail-on must be one of widen, roll, any (got all)'],
    [['--dirs', 'a'], '--dirs needs two directories'],
    [
      ['--dirs', 'a', 'b', '--base', 'main'],
      '--dirs compares two directories: no app file, --base or --head with it',
    ],
    [['--base', 'nope'], 'unknown git ref "nope"'],
  ])('%j is refused with exit 2', async (args, message) => {
    // GIVEN a bad invocation / WHEN run (in process: the spawned CLI maps exit codes the same, below)
    const out = { stdout: '', stderr: '' };
    const io = {
      stdout: (t: string) => (out.stdout += t),
      stderr: (t: string) => (out.stderr += t),
      readStdin: () => '',
    };
    const code = await diffCommand(args, io, repo.dir);
    // THEN exit 2, the message and the usage, nothing on stdout
    expect([code, out.stdout, out.stderr]).toEqual([2, '', `shipshape: ${message}\n${DIFF_USAGE}`]);
  });

  test('outside a git repository a ref is refused; --help prints the usage', () => {
    // GIVEN a folder outside any repository / WHEN run / THEN
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'shipshape-nogit-'));
    try {
      const r = cli(dir, ['diff', '--base', 'main']);
      expect(r.status).toBe(2);
      expect(r.stderr).toMatch(/is not inside a git work tree/);
      expect(cli(dir, ['diff', '--help']).stdout).toBe(DIFF_USAGE);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('git refs', () => {
  test('an image bump between two commits rolls exactly one workload; the worktree is gone afterwards', () => {
    // GIVEN a second commit bumping api's image
    repo.commit('api 1.1.0', { 'src/app.ts': appSource({ apiImage: 'example/api:1.1.0' }) });
    // WHEN the two commits are compared
    const r = cli(repo.dir, ['diff', '--base', 'HEAD~1', '--head', 'HEAD', '--format', 'json']);
    // THEN exit 0, api rolls in both environments for its image, no edge; the base linked the project's node_modules
    expect(r.status).toBe(0);
    const report = json(r.stdout);
    expect(
      report.environments.map((e) => [e.name, e.rolls.map((x) => x.workload.name), e.edges.opened.length]),
    ).toEqual([
      ['dev', ['api'], 0],
      ['prod', ['api'], 0],
    ]);
    expect(report.base.label).toBe('HEAD~1');
    expect(r.stderr).toMatch(
      /^shipshape diff: base HEAD~1 \(checkout [0-9.]+ s, node_modules linked, synth [0-9.]+ s\), head HEAD /,
    );
    expect(repo.worktrees()).toEqual([fs.realpathSync(repo.dir)]);
  });

  test('the working tree against HEAD: a new dependency opens exactly one edge and trips --fail-on widen', () => {
    // GIVEN an uncommitted change: api calls cache
    repo.write({ 'src/app.ts': appSource({ apiToCache: true }) });
    // WHEN diffed with the gate, in Markdown, and as JSON
    const md = cli(repo.dir, ['diff', '--fail-on', 'widen', '--format', 'markdown', '--env', 'dev']);
    const report = json(cli(repo.dir, ['diff', '--format', 'json']).stdout);
    // THEN exit 1, the report still printed, the edge first among the risky items
    expect(md.status).toBe(1);
    expect(md.stdout).toContain(
      '<summary><b>dev</b>: ⚠️ 1 widening · 1 workload rolls · edges 1 opened, 0 closed',
    );
    expect(md.stdout).toContain('- **widen** edge opened: shop/api → shop/cache 6000/TCP');
    expect(md.stdout).not.toContain('<b>prod</b>');
    expect(md.stderr).toMatch(/--fail-on widen: the change widens\n$/);
    // AND exactly one edge per environment, nothing closed; api rolls for its new endpoint env
    for (const e of report.environments) {
      expect([e.edges.opened.map((x) => `${x.from} > ${x.to} ${x.ports.join(',')}`), e.edges.closed]).toEqual(
        [['shop/api > shop/cache 6000/TCP'], []],
      );
      expect(e.rolls.map((x) => [x.workload.name, x.causes.map((c) => c.reason)])).toEqual([
        ['api', ['env']],
      ]);
    }
  });

  test('a config change rolls the readers of that ConfigMap only, and trips roll, not widen', () => {
    // GIVEN api's LOG_LEVEL changed in the working tree (web has its own ConfigMap)
    repo.write({ 'src/app.ts': appSource({ logLevel: 'debug' }) });
    // WHEN diffed
    const report = json(cli(repo.dir, ['diff', '--format', 'json']).stdout);
    // THEN only api rolls, for its ConfigMap's key; the gates
    for (const e of report.environments) {
      expect(e.rolls.map((x) => [x.workload.name, x.causes])).toEqual([
        ['api', [{ reason: 'config', detail: 'ConfigMap api-config: LOG_LEVEL' }]],
      ]);
    }
    expect(cli(repo.dir, ['diff', '--fail-on', 'widen']).status).toBe(0);
    expect(cli(repo.dir, ['diff', '--fail-on', 'widen,roll']).status).toBe(1);
  });

  test('an app the base does not have: every object is new', () => {
    // GIVEN the app moved to another file in the working tree
    repo.write({ 'src/shop.ts': appSource() });
    // WHEN that file is diffed against HEAD / THEN the base is empty and both environments are new
    const r = cli(repo.dir, ['diff', 'src/shop.ts', '--format', 'json']);
    expect(r.status).toBe(0);
    expect(r.stderr).toContain('src/shop.ts does not exist at HEAD: every object is new');
    expect(json(r.stdout).environments.map((e) => e.status)).toEqual(['added', 'added']);
  });

  test('a base that fails to synthesize: exit 1 with its error, nothing compared, no worktree left', () => {
    // GIVEN a broken commit, then a fixed working tree
    repo.commit('broken', { 'src/app.ts': appSource({ broken: true }) });
    repo.write({ 'src/app.ts': appSource() });
    // WHEN diffed against it
    const r = cli(repo.dir, ['diff']);
    // THEN
    expect(r.status).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(
      /^shipshape diff failed, nothing compared:\n {2}HEAD \([0-9a-f]{7}\): shipshape synth failed \(exit 1\):\n {2}synth failed, nothing written:/,
    );
    expect(repo.worktrees()).toHaveLength(1);
  });

  test('a base with another lockfile gets its own npm ci', () => {
    // GIVEN a base commit whose lockfile differs (its own version) from the working tree's
    const lock = JSON.parse(fs.readFileSync(path.join(repo.dir, 'package-lock.json'), 'utf8'));
    repo.commit('1.0.1', { 'package-lock.json': JSON.stringify({ ...lock, version: '1.0.1' }, null, 2) });
    repo.write({ 'package-lock.json': `${JSON.stringify(lock, null, 2)}\n` });
    // WHEN diffed / THEN the base installed its own (offline: links only) and synthesized
    const r = cli(repo.dir, ['diff', '--format', 'json'], { npm_config_offline: 'true' });
    expect(r.stderr).toMatch(/the lockfile differs from the working tree's: npm ci in .*\/HEAD/);
    expect(r.stderr).toMatch(/npm ci [0-9.]+ s, synth/);
    expect(r.status).toBe(0);
    expect(json(r.stdout).summary.changed).toBe(0);
  });

  test('Ctrl-C during the base synth stops it and removes the worktree', async () => {
    // GIVEN a base whose app takes 30 s to load
    repo.commit('slow', { 'src/app.ts': appSource({ sleepMs: 30_000 }) });
    repo.write({ 'src/app.ts': appSource() });
    const child = startCli(repo.dir, ['diff']);
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    // WHEN interrupted once the worktree exists
    const started = Date.now();
    while (repo.worktrees().length < 2 && Date.now() - started < 20_000)
      await new Promise((r) => setTimeout(r, 100));
    await new Promise((r) => setTimeout(r, 500)); // the base's synth has started
    child.kill('SIGINT');
    const code = await exited;
    // THEN exit 130 at once, no worktree, no synth process left
    expect(code).toBe(130);
    expect(Date.now() - started).toBeLessThan(20_000);
    expect(stderr).toContain('shipshape diff: SIGINT: removing the temporary worktrees');
    expect(repo.worktrees()).toHaveLength(1);
    const orphans = fs
      .readdirSync('/proc')
      .filter((p) => /^\d+$/.test(p))
      .filter((p) => {
        try {
          return fs.readFileSync(`/proc/${p}/cmdline`, 'utf8').includes('shipshape-diff-');
        } catch {
          return false;
        }
      });
    expect(orphans).toEqual([]);
  });
});

describe('--dirs', () => {
  test('two output directories written elsewhere', () => {
    // GIVEN two synthesized outputs
    const out = fs.mkdtempSync(path.join(os.tmpdir(), 'shipshape-dirs-'));
    try {
      expect(cli(repo.dir, ['synth', '--out', path.join(out, 'a')]).status).toBe(0);
      repo.write({ 'src/app.ts': appSource({ apiImage: 'example/api:2.0.0' }) });
      expect(cli(repo.dir, ['synth', '--out', path.join(out, 'b')]).status).toBe(0);
      // WHEN compared / THEN the roll, and the chart's new content version
      const r = cli(repo.dir, [
        'diff',
        '--dirs',
        path.join(out, 'a'),
        path.join(out, 'b'),
        '--fail-on',
        'roll',
        '--format',
        'json',
      ]);
      expect(r.status).toBe(1);
      const report = json(r.stdout);
      expect(report.base.label).toBe(path.join(out, 'a'));
      expect(report.environments[0]?.chart?.metadata.map((f) => f.path)).toEqual(['version']);
      expect(cli(repo.dir, ['diff', '--dirs', path.join(out, 'a'), path.join(out, 'nope')]).status).toBe(2);
    } finally {
      fs.rmSync(out, { recursive: true, force: true });
    }
  });
});
