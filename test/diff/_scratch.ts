import { spawn, spawnSync, type SpawnSyncReturns } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

// A scratch git repository of a project that uses shipshape as a consumer does: its package.json depends on
// this checkout (file: links, so npm installs offline), its app imports only 'shipshape' and 'shipshape/synth'.

export const REPO = path.resolve(__dirname, '..', '..');
const link = (p: string) => `file:${p}`;
const PACKAGE = {
  name: 'scratch',
  version: '1.0.0',
  private: true,
  dependencies: {
    shipshape: link(REPO),
    cdk8s: link(path.join(REPO, 'node_modules', 'cdk8s')),
    'cdk8s-plus-27': link(path.join(REPO, 'node_modules', 'cdk8s-plus-27')),
    constructs: link(path.join(REPO, 'node_modules', 'constructs')),
  },
};

let template: string | undefined;

/**
 * The project installed once per test file (`npm install --offline`: links only). It sits two levels below
 * the temp directory, as the worktrees of `shipshape diff` do, so the lockfile's relative links resolve there too.
 */
function templateProject(): string {
  if (template !== undefined) return template;
  const dir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'shipshape-scratch-')), 'project');
  fs.mkdirSync(dir);
  fs.writeFileSync(path.join(dir, 'package.json'), `${JSON.stringify(PACKAGE, null, 2)}\n`);
  const r = spawnSync('npm', ['install', '--offline', '--no-audit', '--no-fund', '--ignore-scripts'], {
    cwd: dir,
    encoding: 'utf8',
  });
  if (r.status !== 0) throw new Error(`npm install in ${dir} failed: ${r.stderr}`);
  template = dir;
  return dir;
}

/** Options of the scratch app (a System `shop`: web -> api -> db, and a cache). */
export interface AppOptions {
  readonly apiImage?: string;
  readonly apiToCache?: boolean;
  readonly logLevel?: string;
  /** Busy-waits this long while the app file loads (a slow synth, to interrupt). */
  readonly sleepMs?: number;
  /** A prop the constructs refuse (a failing synth). */
  readonly broken?: boolean;
}

/** The scratch app's source. */
export function appSource(o: AppOptions = {}): string {
  return `import { Microservice, Protocol, StatefulService, System } from 'shipshape';
import { defineApp } from 'shipshape/synth';
${o.sleepMs ? `Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ${o.sleepMs});\n` : ''}
export default defineApp({
  environments: ['dev', 'prod'],
  build(scope, env) {
    const system = new System(scope, 'shop', { namespace: 'shop' });
    const db = new StatefulService(system, 'db', {
      image: 'postgres:15.5-alpine',
      ports: [{ name: 'pg', port: 5432, protocol: Protocol.TCP }],
      storage: { size: '1Gi', mountPath: '/data' },
    });
    const cache = new Microservice(system, 'cache', { image: 'example/cache:1.0.0', ports: [{ name: 'http', port: 6000 }] });
    const api = new Microservice(system, 'api', {
      image: '${o.apiImage ?? 'example/api:1.0.0'}',
      ports: [{ name: 'http', port: ${o.broken ? 80800 : 8080} }],
      replicas: env === 'prod' ? 2 : 1,
      dependencies: [{ target: db }${o.apiToCache ? ', { target: cache }' : ''}],
      config: { env: { LOG_LEVEL: '${o.logLevel ?? 'info'}' } },
    });
    new Microservice(system, 'web', {
      image: 'example/web:1.0.0',
      ports: [{ name: 'http', port: 3000 }],
      dependencies: [{ target: api }],
      config: { env: { THEME: 'dark' } },
    });
  },
});
`;
}

/** A scratch repository. */
export interface Scratch {
  /** The project folder (the repository's top). */
  readonly dir: string;
  git(...args: string[]): string;
  write(files: Readonly<Record<string, string>>): void;
  /** Writes, then commits everything; the commit. */
  commit(message: string, files?: Readonly<Record<string, string>>): string;
  /** The worktrees git knows of (the repository itself first). */
  worktrees(): string[];
  dispose(): void;
}

/** A new scratch repository with the installed project (not committed: node_modules is ignored). */
export function scratchRepo(): Scratch {
  const parent = fs.mkdtempSync(path.join(os.tmpdir(), 'shipshape-scratch-'));
  const dir = path.join(parent, 'project');
  fs.cpSync(templateProject(), dir, { recursive: true, verbatimSymlinks: true });
  const git = (...args: string[]) => {
    const r = spawnSync('git', args, { cwd: dir, encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`git ${args.join(' ')}: ${r.stderr}`);
    return r.stdout.trim();
  };
  git('init', '-q', '-b', 'main');
  git('config', 'user.email', 'test@example.com');
  git('config', 'user.name', 'test');
  git('config', 'commit.gpgsign', 'false');
  fs.writeFileSync(path.join(dir, '.gitignore'), 'node_modules/\ndist/\n');
  const write = (files: Readonly<Record<string, string>>) => {
    for (const [rel, text] of Object.entries(files)) {
      fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
      fs.writeFileSync(path.join(dir, rel), text);
    }
  };
  return {
    dir,
    git,
    write,
    commit(message, files = {}) {
      write(files);
      git('add', '-A');
      git('commit', '-q', '-m', message);
      return git('rev-parse', 'HEAD');
    },
    worktrees: () =>
      git('worktree', 'list', '--porcelain')
        .split('\n')
        .filter((l) => l.startsWith('worktree '))
        .map((l) => l.slice('worktree '.length)),
    dispose: () => fs.rmSync(parent, { recursive: true, force: true }),
  };
}

/** Runs this checkout's CLI in `cwd`, as `npx shipshape` would. */
export function cli(
  cwd: string,
  args: readonly string[],
  env: NodeJS.ProcessEnv = {},
): SpawnSyncReturns<string> {
  return spawnSync(process.execPath, [path.join(REPO, 'bin', 'shipshape.js'), ...args], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, ...env },
  });
}

/** Starts this checkout's CLI in `cwd` without waiting. */
export function startCli(cwd: string, args: readonly string[]) {
  return spawn(process.execPath, [path.join(REPO, 'bin', 'shipshape.js'), ...args], {
    cwd,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

/** Removes the installed template (call in afterAll). */
export function disposeTemplate(): void {
  if (template !== undefined) fs.rmSync(path.dirname(template), { recursive: true, force: true });
  template = undefined;
}
