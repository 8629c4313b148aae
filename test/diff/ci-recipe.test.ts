import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import * as yaml from 'js-yaml';
import { MARKDOWN_MARKER } from '../../src/diff/format';
import { appSource, disposeTemplate, scratchRepo, type Scratch } from './_scratch';

// docs/diff.md's GitHub Actions job, run the way the runner runs it: its `run:` steps in order, each with
// `bash --noprofile --norc -eo pipefail`, GitHub's expressions and environment filled in, `if:` conditions on
// step outputs honoured, in a temporary git repository with two commits (main, and the pull request's branch
// checked out with origin/main beside it, as actions/checkout with fetch-depth 0 leaves it). Two steps are not
// run: `npm ci` (the project's dependencies are linked, offline) and the `uses:` actions; `gh` is a recorder.

jest.setTimeout(90_000);

const PAGE = path.join(__dirname, '..', '..', 'docs', 'diff.md');

interface Step {
  readonly name?: string;
  readonly id?: string;
  readonly if?: string;
  readonly run?: string;
  readonly uses?: string;
  readonly env?: Record<string, string>;
}

/** The job of the page's "In CI" section. */
function documentedJob(): { on: unknown; permissions: Record<string, string>; steps: Step[] } {
  const section = fs.readFileSync(PAGE, 'utf8').split('\n## In CI')[1]!.split('\n## ')[0]!;
  const block = /```yaml\n([\s\S]*?)```/.exec(section)![1]!;
  const workflow = yaml.load(block) as {
    on: unknown;
    jobs: Record<string, { permissions: Record<string, string>; steps: Step[] }>;
  };
  const [job] = Object.values(workflow.jobs);
  return { on: workflow.on, ...job! };
}

interface Run {
  /** Step name -> exit status, for the steps that ran. */
  readonly ran: Record<string, number>;
  /** The job's result: the first failing step's name, or 'success'. */
  readonly result: string;
  /** What `gh` was called with, and the body it was given. */
  readonly gh: { args: string[]; body: string }[];
}

/** Runs the job's steps in `repo` as a runner would, for pull request number 7 into main. */
function runJob(repo: Scratch): Run {
  const job = documentedJob();
  const bin = path.join(repo.dir, '..', 'bin');
  fs.mkdirSync(bin, { recursive: true });
  const calls = path.join(repo.dir, '..', 'gh-calls.jsonl');
  fs.writeFileSync(
    path.join(bin, 'gh'),
    `#!/usr/bin/env node\nconst fs = require('fs');\nconst args = process.argv.slice(2);\nconst i = args.indexOf('--body-file');\nfs.appendFileSync(${JSON.stringify(calls)}, JSON.stringify({ args, body: i < 0 ? '' : fs.readFileSync(args[i + 1], 'utf8') }) + '\\n');\n`,
    { mode: 0o755 },
  );
  const output = path.join(repo.dir, '..', 'github-output');
  fs.writeFileSync(output, '');
  const expressions: Record<string, string> = {
    'github.token': 'ghs_test',
    'github.event.pull_request.number': '7',
  };
  const fill = (s: string) =>
    s.replace(/\$\{\{\s*([^}]+?)\s*\}\}/g, (_, e: string) => {
      if (!(e in expressions))
        throw new Error(`the recipe uses \${{ ${e} }}, which this test does not fill in`);
      return expressions[e]!;
    });
  const outputs = () =>
    Object.fromEntries(
      fs
        .readFileSync(output, 'utf8')
        .split('\n')
        .filter((l) => l.includes('='))
        .map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]),
    );
  const ran: Record<string, number> = {};
  let result = 'success';
  for (const step of job.steps) {
    if (step.uses !== undefined || step.run === undefined || step.run.trim() === 'npm ci') continue;
    const name = step.name ?? step.run;
    if (step.if !== undefined) {
      // The recipe's conditions: `steps.<id>.outputs.<name> == '<value>'`, evaluated after the earlier steps.
      const m = /^steps\.(\w+)\.outputs\.(\w+) == '([^']*)'$/.exec(step.if.trim());
      if (!m) throw new Error(`the recipe's condition ${step.if} is not one this test evaluates`);
      if (result !== 'success' || outputs()[m[2]!] !== m[3]) continue;
    } else if (result !== 'success') continue;
    const env = Object.fromEntries(Object.entries(step.env ?? {}).map(([k, v]) => [k, fill(String(v))]));
    const r = spawnSync('bash', ['--noprofile', '--norc', '-eo', 'pipefail', '-c', fill(step.run)], {
      cwd: repo.dir,
      encoding: 'utf8',
      env: {
        ...process.env,
        ...env,
        PATH: `${bin}:${process.env['PATH']}`,
        CI: 'true',
        GITHUB_ACTIONS: 'true',
        GITHUB_BASE_REF: 'main',
        GITHUB_HEAD_REF: 'feature',
        GITHUB_EVENT_NAME: 'pull_request',
        GITHUB_OUTPUT: output,
        npm_config_offline: 'true',
        npm_config_update_notifier: 'false',
      },
    });
    ran[name] = r.status ?? 1;
    if (r.status !== 0) result = name;
  }
  const gh = fs.existsSync(calls)
    ? fs
        .readFileSync(calls, 'utf8')
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l) as { args: string[]; body: string })
    : [];
  return { ran, result, gh };
}

/** main with the shop, a `feature` branch with `change`, checked out, origin/main beside it. */
function pullRequest(change: Parameters<typeof appSource>[0]): Scratch {
  const repo = scratchRepo();
  repo.commit('the shop', { 'src/app.ts': appSource() });
  repo.git('update-ref', 'refs/remotes/origin/main', 'main');
  repo.git('checkout', '-q', '-b', 'feature');
  repo.commit('the change', { 'src/app.ts': appSource(change) });
  return repo;
}

let repos: Scratch[] = [];
afterEach(() => {
  repos.forEach((r) => r.dispose());
  repos = [];
});
afterAll(() => disposeTemplate());

describe("docs/diff.md's CI job", () => {
  test('is a pull_request job that may comment, runs npm ci, then the diff, the comment and the gate', () => {
    // GIVEN / WHEN the job is read / THEN
    const job = documentedJob();
    expect(job.on).toBe('pull_request');
    expect(job.permissions).toEqual({ contents: 'read', 'pull-requests': 'write' });
    expect(job.steps.map((s) => s.name ?? s.run ?? s.uses)).toEqual([
      'actions/checkout@v4',
      'actions/setup-node@v4',
      'npm ci',
      'What this change does',
      'Comment on the pull request',
      'Widening needs a reviewer who knows',
    ]);
  });

  test('a pull request that opens an edge: the comment is posted, then the job fails', () => {
    // GIVEN a pull request whose api starts calling the cache
    const repo = pullRequest({ apiToCache: true });
    repos.push(repo);
    // WHEN the job runs
    const run = runJob(repo);
    // THEN the diff step passes (its report written), the comment carries the report, the gate fails the job
    expect(run.ran).toEqual({
      'What this change does': 0,
      'Comment on the pull request': 0,
      'Widening needs a reviewer who knows': 1,
    });
    expect(run.result).toBe('Widening needs a reviewer who knows');
    expect(run.gh).toHaveLength(1);
    expect(run.gh[0]!.args).toEqual([
      'pr',
      'comment',
      '7',
      '--edit-last',
      '--create-if-none',
      '--body-file',
      'impact.md',
    ]);
    const body = run.gh[0]!.body;
    expect(body.split('\n')[0]).toBe(MARKDOWN_MARKER);
    expect(body).toMatch(/^### shipshape diff: origin\/main \([0-9a-f]{7}\) → working tree$/m);
    expect(body).toContain('- **widen** edge opened: shop/api → shop/cache 6000/TCP');
  });

  test('a pull request that only bumps an image: commented, the job passes', () => {
    // GIVEN / WHEN
    const repo = pullRequest({ apiImage: 'example/api:1.1.0' });
    repos.push(repo);
    const run = runJob(repo);
    // THEN the gate step is skipped
    expect(run.ran).toEqual({ 'What this change does': 0, 'Comment on the pull request': 0 });
    expect(run.result).toBe('success');
    expect(run.gh[0]!.body).toContain('<summary><b>dev</b>: 1 workload rolls');
  });

  test('a pull request whose base does not synthesize: the diff step fails and nothing is commented', () => {
    // GIVEN a broken main / WHEN the job runs / THEN it stops at the diff
    const repo = scratchRepo();
    repos.push(repo);
    repo.commit('broken', { 'src/app.ts': appSource({ broken: true }) });
    repo.git('update-ref', 'refs/remotes/origin/main', 'main');
    repo.git('checkout', '-q', '-b', 'feature');
    repo.commit('fixed', { 'src/app.ts': appSource() });
    const run = runJob(repo);
    expect(run.ran).toEqual({ 'What this change does': 1 });
    expect(run.gh).toEqual([]);
  });
});
