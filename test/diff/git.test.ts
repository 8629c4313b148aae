import * as fs from 'fs';
import * as path from 'path';
import {
  checkout,
  DiffUsageError,
  gitRoot,
  linkDependencies,
  resolveCommit,
  run,
  SideError,
} from '../../src/diff/git';
import { disposeTemplate, scratchRepo, type Scratch } from './_scratch';

// A side from git: a temporary worktree, its dependencies linked or to install, commands run to their end.

let repo: Scratch;
beforeEach(() => {
  repo = scratchRepo();
  // The first commit holds one file: the project (package.json, lockfile) comes in a later one.
  repo.write({ 'a.txt': 'a\n' });
  repo.git('add', 'a.txt');
  repo.git('commit', '-q', '-m', 'first');
});
afterEach(() => repo.dispose());
afterAll(() => disposeTemplate());

describe('refs and worktrees', () => {
  test('a ref resolves to its commit; an unknown one or an option-like one is a usage error', () => {
    // GIVEN / WHEN / THEN
    const root = gitRoot(path.join(repo.dir, 'node_modules', '..'));
    expect(resolveCommit(root, 'HEAD')).toBe(repo.git('rev-parse', 'HEAD'));
    expect(() => resolveCommit(root, 'nope')).toThrow(new DiffUsageError('unknown git ref "nope"'));
    expect(() => resolveCommit(root, '--all')).toThrow(DiffUsageError);
  });

  test('checkout makes a worktree of the commit; dispose removes it and its folder, twice is harmless', () => {
    // GIVEN a second commit
    const first = repo.git('rev-parse', 'HEAD');
    repo.commit('second', { 'a.txt': 'b\n' });
    // WHEN the first is checked out
    const co = checkout(repo.dir, first, 'HEAD~1');
    // THEN it holds the first commit's files, under a folder named for the ref
    expect(path.basename(co.dir)).toBe('HEAD-1');
    expect(fs.readFileSync(path.join(co.dir, 'a.txt'), 'utf8')).toBe('a\n');
    expect(repo.worktrees()).toHaveLength(2);
    co.dispose();
    co.dispose();
    expect(repo.worktrees()).toHaveLength(1);
    expect(fs.existsSync(path.dirname(co.dir))).toBe(false);
  });
});

describe('linkDependencies', () => {
  test('links node_modules when the lockfiles are the same, asks for npm ci when they differ', () => {
    // GIVEN the project committed with its lockfile
    repo.commit('project');
    const head = repo.git('rev-parse', 'HEAD');
    const same = checkout(repo.dir, head, 'same');
    try {
      // WHEN the same commit is checked out / THEN its node_modules is the project's
      expect(linkDependencies(repo.dir, repo.dir, same.dir)).toBe('linked');
      expect(fs.realpathSync(path.join(same.dir, 'node_modules'))).toBe(
        fs.realpathSync(path.join(repo.dir, 'node_modules')),
      );
    } finally {
      same.dispose();
    }
    // WHEN the working tree's lockfile differs / THEN npm ci in the checkout
    fs.appendFileSync(path.join(repo.dir, 'package-lock.json'), '\n');
    const other = checkout(repo.dir, head, 'other');
    try {
      expect(linkDependencies(repo.dir, repo.dir, other.dir)).toEqual({ npmCi: other.dir });
    } finally {
      other.dispose();
    }
  });

  test('a checkout without the lockfile the working tree has cannot be installed', () => {
    // GIVEN a commit before the project had a lockfile
    const before = repo.git('rev-parse', 'HEAD');
    repo.commit('project');
    const co = checkout(repo.dir, before, 'before');
    try {
      // WHEN / THEN
      expect(() => linkDependencies(repo.dir, repo.dir, co.dir)).toThrow(
        new SideError('. has no lockfile there: npm ci cannot install it'),
      );
    } finally {
      co.dispose();
    }
  });
});

test('run waits for a command and returns its exit code and output', async () => {
  // GIVEN / WHEN / THEN
  const echoed: string[] = [];
  const r = await run(process.execPath, ['-e', 'console.log("out"); console.error("err"); process.exit(3)'], {
    cwd: repo.dir,
    echo: (t) => echoed.push(t),
  });
  expect(r).toEqual({ code: 3, stdout: 'out\n', stderr: 'err\n' });
  expect(echoed.join('')).toBe('err\n');
});
