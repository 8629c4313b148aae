/**
 * One side of a diff from git: the commit checked out in a temporary `git worktree` (removed afterwards, also
 * on failure, SIGINT or SIGTERM), its dependencies linked from the working tree when its lockfile is the same
 * and installed with `npm ci` when it differs, and its own `shipshape synth` run in its own process (two copies
 * of cdk8s cannot share one), so any past commit of an app synthesizes with the code it had.
 */
import { spawn, spawnSync, type ChildProcess } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

/** A bad invocation: not a git repository, an unknown ref (exit code 2). */
export class DiffUsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DiffUsageError';
  }
}

/** A side that could not be synthesized (exit code 1). */
export class SideError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SideError';
  }
}

/** Runs git in `cwd`; its trimmed stdout, or `undefined` when it fails. */
function git(cwd: string, args: readonly string[]): string | undefined {
  const r = spawnSync('git', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  return r.status === 0 ? r.stdout.trim() : undefined;
}

/** The top of the git work tree holding `cwd`. */
export function gitRoot(cwd: string): string {
  const root = git(cwd, ['rev-parse', '--show-toplevel']);
  if (root === undefined)
    throw new DiffUsageError(`${cwd} is not inside a git work tree (--base and --head are git refs)`);
  return fs.realpathSync(root);
}

/** The commit a ref names. */
export function resolveCommit(root: string, ref: string): string {
  const commit = ref.startsWith('-')
    ? undefined
    : git(root, ['rev-parse', '--verify', '--quiet', `${ref}^{commit}`]);
  if (commit === undefined) throw new DiffUsageError(`unknown git ref ${JSON.stringify(ref)}`);
  return commit;
}

// Everything to undo when the process stops early: worktrees to remove, children to stop. The signal
// handlers are installed while a checkout exists, and only then.
const cleanups = new Map<string, () => void>();
const children = new Set<ChildProcess>();
const handlers: [NodeJS.Signals | 'exit', () => void][] = [];

function runCleanups(): void {
  for (const child of children) child.kill('SIGTERM');
  for (const [key, undo] of [...cleanups].reverse()) {
    try {
      undo();
    } catch {
      // best effort: the next cleanup still runs
    }
    cleanups.delete(key);
  }
}

function installHandlers(): void {
  if (handlers.length > 0) return;
  handlers.push(['exit', runCleanups]);
  for (const [signal, code] of [
    ['SIGINT', 130],
    ['SIGTERM', 143],
  ] as const) {
    handlers.push([
      signal,
      () => {
        process.stderr.write(`shipshape diff: ${signal}: removing the temporary worktrees\n`);
        runCleanups();
        process.exit(code);
      },
    ]);
  }
  for (const [event, handler] of handlers) process.on(event, handler);
}

function removeHandlers(): void {
  if (cleanups.size > 0) return;
  for (const [event, handler] of handlers.splice(0)) process.off(event, handler);
}

/** A checked-out commit; `dispose` removes it (idempotent). */
export interface Checkout {
  /** The worktree's top. */
  readonly dir: string;
  readonly dispose: () => void;
}

/** Checks `commit` out into a new temporary worktree of the repository at `root`. */
export function checkout(root: string, commit: string, label: string): Checkout {
  installHandlers();
  const parent = fs.mkdtempSync(path.join(os.tmpdir(), 'shipshape-diff-'));
  const dir = path.join(parent, label.replace(/[^A-Za-z0-9._-]+/g, '-') || 'side');
  const key = `worktree:${dir}`;
  const dispose = () => {
    if (!cleanups.has(key)) return;
    cleanups.delete(key);
    spawnSync('git', ['worktree', 'remove', '--force', dir], { cwd: root, stdio: 'ignore' });
    fs.rmSync(parent, { recursive: true, force: true });
    spawnSync('git', ['worktree', 'prune'], { cwd: root, stdio: 'ignore' });
    removeHandlers();
  };
  cleanups.set(key, () => dispose());
  const r = spawnSync('git', ['worktree', 'add', '--detach', '--force', dir, commit], {
    cwd: root,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  if (r.status !== 0) {
    dispose();
    throw new SideError(`git worktree add ${commit.slice(0, 12)} failed: ${r.stderr.trim()}`);
  }
  return { dir, dispose };
}

/** Runs a command to its end (stopped with the diff on SIGINT); its exit code and output. */
export function run(
  command: string,
  args: readonly string[],
  options: { readonly cwd: string; readonly env?: NodeJS.ProcessEnv; readonly echo?: (text: string) => void },
): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd: options.cwd,
      env: options.env ?? process.env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    children.add(child);
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
      options.echo?.(d.toString());
    });
    child.on('error', (e) => {
      children.delete(child);
      reject(e);
    });
    child.on('close', (code, signal) => {
      children.delete(child);
      resolve({ code: code ?? (signal ? 128 : 1), stdout, stderr });
    });
  });
}

/** The lockfile npm installs from, in `dir`. */
function lockfileIn(dir: string): string | undefined {
  return ['npm-shrinkwrap.json', 'package-lock.json']
    .map((f) => path.join(dir, f))
    .find((f) => fs.existsSync(f));
}

/** How a side got its dependencies. */
export type Install = 'linked' | 'npm ci' | 'none';

/**
 * Gives the checked-out project the dependencies of `project` (a working tree's project folder): the nearest
 * folder from `project` up to `root` that has a lockfile (or a node_modules) is where npm installs; the same
 * folder of the checkout links its `node_modules` there when the lockfiles are byte for byte the same (done
 * here, synchronously), and needs `npm ci` when they differ (returned: run it with {@link npmCi}).
 */
export function linkDependencies(
  root: string,
  project: string,
  checkoutDir: string,
): Install | { readonly npmCi: string } {
  let installRoot: string | undefined;
  for (let dir = project; ; dir = path.dirname(dir)) {
    if (lockfileIn(dir) !== undefined || fs.existsSync(path.join(dir, 'node_modules'))) {
      installRoot = dir;
      break;
    }
    if (dir === root || path.dirname(dir) === dir) break;
  }
  if (installRoot === undefined) return 'none';
  const there = path.join(checkoutDir, path.relative(root, installRoot));
  const [ours, theirs] = [lockfileIn(installRoot), lockfileIn(there)];
  const same =
    ours !== undefined && theirs !== undefined && path.basename(ours) === path.basename(theirs)
      ? fs.readFileSync(ours).equals(fs.readFileSync(theirs))
      : ours === undefined && theirs === undefined;
  if (same && fs.existsSync(path.join(installRoot, 'node_modules'))) {
    fs.symlinkSync(path.join(installRoot, 'node_modules'), path.join(there, 'node_modules'), 'dir');
    return 'linked';
  }
  if (theirs === undefined) {
    throw new SideError(
      `${path.relative(checkoutDir, there) || '.'} has no lockfile there: npm ci cannot install it`,
    );
  }
  return { npmCi: there };
}

/** `npm ci` in `dir` (its output to `echo`). */
export async function npmCi(dir: string, echo: (text: string) => void): Promise<'npm ci'> {
  echo(`shipshape diff: the lockfile differs from the working tree's: npm ci in ${dir}\n`);
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const r = await run(npm, ['ci', '--no-audit', '--no-fund'], { cwd: dir, echo });
  if (r.code !== 0) throw new SideError(`npm ci failed (exit ${r.code}) in ${dir}`);
  return 'npm ci';
}
