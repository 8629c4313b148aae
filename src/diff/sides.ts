/**
 * The two sides of a diff as output trees: a git ref (checked out, its own dependencies, its own CLI in its own
 * process: `node bin/shipshape.js synth <app> --out <tmp>` of that commit), the working tree (synthesized in
 * this process, as `shipshape synth` would), or an output directory written elsewhere.
 */
import * as fs from 'fs';
import * as path from 'path';
import { renderOutput } from '../synth/output';
import { DEFAULT_ENTRIES, loadAppFile, projectVersion } from '../synth/run';
import { synthesizeApp } from '../synth/synthesize';
import {
  checkout,
  gitRoot,
  linkDependencies,
  npmCi,
  resolveCommit,
  run,
  SideError,
  type Install,
} from './git';
import type { SideInfo } from './report';
import { isDiffInput, isSelected, readOutputDir, type Tree } from './tree';

/** Where a side comes from. */
export type SideSource = { readonly ref: string } | { readonly workingTree: true } | { readonly dir: string };

/** A side, read. */
export interface Side {
  readonly info: SideInfo;
  readonly tree: Tree;
  /** What it took, for the log line: `checkout 0.05 s, node_modules linked, synth 0.62 s`. */
  readonly note: string;
}

/** What every side of one diff shares. */
export interface SideContext {
  /** The project folder (where `shipshape diff` runs). */
  readonly cwd: string;
  /** The app file as given (relative to `cwd`), or the default entry. */
  readonly app: string | undefined;
  /** Only these environments. */
  readonly environments?: readonly string[];
  /** Progress and child output (stderr). */
  readonly log: (text: string) => void;
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

/** The app file relative to the project folder: the given one, or the first default entry that exists. */
function appFile(ctx: SideContext): string {
  const file = ctx.app ?? DEFAULT_ENTRIES.find((e) => fs.existsSync(path.join(ctx.cwd, e)));
  if (file === undefined) throw new SideError(`no app file: pass one or create ${DEFAULT_ENTRIES[0]}`);
  return path.relative(ctx.cwd, path.resolve(ctx.cwd, file)) || file;
}

/** The shipshape CLI of a checked-out project: its own bin/ when it is shipshape, else its installed package's. */
function cliOf(project: string): string {
  const manifest = path.join(project, 'package.json');
  if (fs.existsSync(manifest)) {
    const pkg = JSON.parse(fs.readFileSync(manifest, 'utf8')) as { name?: unknown };
    if (pkg.name === 'shipshape' && fs.existsSync(path.join(project, 'bin', 'shipshape.js'))) {
      return path.join(project, 'bin', 'shipshape.js');
    }
  }
  let installed: string;
  try {
    installed = require.resolve('shipshape/package.json', { paths: [project] });
  } catch {
    throw new SideError(`${project} does not have shipshape installed`);
  }
  const pkg = JSON.parse(fs.readFileSync(installed, 'utf8')) as { bin?: string | Record<string, string> };
  const bin = typeof pkg.bin === 'string' ? pkg.bin : (pkg.bin?.['shipshape'] ?? 'bin/shipshape.js');
  return path.join(path.dirname(installed), bin);
}

/** The environment the checked-out CLI runs with: not cdk8s-cli's output directory. */
function childEnv(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  delete env['CDK8S_OUTDIR'];
  return env;
}

async function fromRef(ref: string, ctx: SideContext): Promise<Side> {
  const root = gitRoot(ctx.cwd);
  const commit = resolveCommit(root, ref);
  const info: SideInfo = { label: ref, commit };
  const started = Date.now();
  const co = checkout(root, commit, ref);
  try {
    const checkedOut = Date.now();
    const project = path.join(co.dir, path.relative(root, fs.realpathSync(ctx.cwd)));
    const app = appFile(ctx);
    if (!fs.existsSync(path.join(project, app))) {
      ctx.log(`shipshape diff: ${app} does not exist at ${ref}: every object is new\n`);
      return { info, tree: new Map(), note: `${app} absent` };
    }
    // Linking is synchronous, so the base's synth starts before this process synthesizes the head.
    const linked = linkDependencies(root, fs.realpathSync(ctx.cwd), co.dir);
    const install: Install = typeof linked === 'string' ? linked : await npmCi(linked.npmCi, ctx.log);
    const installed = Date.now();
    const out = path.join(path.dirname(co.dir), 'out');
    const r = await run(process.execPath, [cliOf(project), 'synth', app, '--out', out], {
      cwd: project,
      env: childEnv(),
    });
    if (r.code !== 0) {
      throw new SideError(
        `${ref} (${commit.slice(0, 7)}): shipshape synth failed (exit ${r.code}):\n${r.stderr.trimEnd()}`,
      );
    }
    const tree = readOutputDir(out);
    const note = [
      `checkout ${seconds(checkedOut - started)}`,
      install === 'none'
        ? 'no dependencies'
        : install === 'linked'
          ? 'node_modules linked'
          : `npm ci ${seconds(installed - checkedOut)}`,
      `synth ${seconds(Date.now() - installed)}`,
    ].join(', ');
    return { info, tree, note };
  } finally {
    co.dispose();
  }
}

function fromWorkingTree(ctx: SideContext): Side {
  const started = Date.now();
  const app = loadAppFile(ctx.app, ctx.cwd);
  const known = app.environments;
  const environments =
    known && ctx.environments ? known.filter((e) => isSelected(e, ctx.environments)) : undefined;
  const version = projectVersion(ctx.cwd);
  const systems = synthesizeApp(app, {
    ...(environments && { environments }),
    chartDefaults: { version: version ?? '0.1.0' },
  });
  const tree = new Map([...renderOutput(systems)].filter(([rel]) => isDiffInput(rel)));
  return { info: { label: 'working tree' }, tree, note: `synth ${seconds(Date.now() - started)}` };
}

/** One side of a diff, as an output tree. */
export async function readSide(source: SideSource, ctx: SideContext): Promise<Side> {
  if ('dir' in source) {
    const started = Date.now();
    const tree = readOutputDir(path.resolve(ctx.cwd, source.dir));
    return { info: { label: source.dir }, tree, note: `read ${seconds(Date.now() - started)}` };
  }
  if ('ref' in source) return fromRef(source.ref, ctx);
  return fromWorkingTree(ctx);
}
