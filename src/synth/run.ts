/**
 * `shipshape synth`: load an app file, synthesize every System, validate, write all or nothing.
 * Exit codes: 0 written (warnings allowed), 1 synthesis or validation failed (nothing written),
 * 2 usage error (bad arguments, no app file, the file exports no app).
 */
import * as fs from 'fs';
import * as path from 'path';
import { ShipshapeError } from '../../constructs';
import { checkApp, type ShipshapeApp } from './contract';
import { synthesizeApp, type SynthesizedSystem } from './synthesize';
import { renderOutput } from './output';
import { writeSystems } from './gate';
import { OutputWriteError, writeTreeAtomically } from './write';
import { formatFinding } from '../validate/report';

/** Where {@link runSynth} prints. */
export interface SynthIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
}

/** Options of {@link runSynth}. */
export interface RunSynthOptions {
  /** Output directory, replaced as a whole. @default `dist` */
  readonly out?: string;
  /** Only these environments. @default every environment */
  readonly environments?: readonly string[];
  /** Chart version when the app sets none. @default `0.1.0` */
  readonly chartVersion?: string;
  /**
   * Also write the manifests (not the charts) here after a successful synth: cdk8s-cli's output
   * directory (`CDK8S_OUTDIR`), so `cdk8s synth --stdout` and its validation plugins see them.
   * @default none
   */
  readonly mirror?: string;
  /** Where to print. @default the process's stdout and stderr */
  readonly io?: SynthIo;
}

/** An app file that cannot be loaded (exit code 2). */
export class AppLoadError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'AppLoadError';
  }
}

const processIo: SynthIo = {
  stdout: (t) => process.stdout.write(t),
  stderr: (t) => process.stderr.write(t),
};

/** Candidate app files, in order, when `shipshape synth` gets none. */
export const DEFAULT_ENTRIES = ['src/app.ts', 'src/app.js', 'app.ts', 'app.js'];

/** Requires an app file (TypeScript through the transpile-only loader) and returns its exported app. */
export function loadAppFile(entry: string | undefined, cwd: string = process.cwd()): ShipshapeApp {
  const file = entry ?? DEFAULT_ENTRIES.find((e) => fs.existsSync(path.join(cwd, e)));
  if (file === undefined) {
    throw new AppLoadError(`no app file: pass one (shipshape synth <file>) or create ${DEFAULT_ENTRIES[0]}`);
  }
  const full = path.resolve(cwd, file);
  if (!fs.existsSync(full)) throw new AppLoadError(`app file ${file} does not exist`);
  // Files chosen at run time: require() is the loader here, not an import.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  if (/\.[cm]?tsx?$/.test(full)) require(path.join(packageRoot(), 'scripts', 'register.js'));
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const mod = require(full) as { default?: unknown } | undefined;
  const exported = mod !== null && typeof mod === 'object' && 'default' in mod ? mod.default : mod;
  try {
    return checkApp(exported, file);
  } catch (e) {
    throw new AppLoadError(e instanceof Error ? e.message : String(e));
  }
}

/** The `version` of `package.json` in `cwd`, the default chart version. */
export function projectVersion(cwd: string): string | undefined {
  try {
    const pkg = JSON.parse(fs.readFileSync(path.join(cwd, 'package.json'), 'utf8')) as { version?: unknown };
    return typeof pkg.version === 'string' ? pkg.version : undefined;
  } catch {
    return undefined;
  }
}

/** The installed package's root (`src/` in the repo, `lib/src/` once built). */
export function packageRoot(from: string = __dirname): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    const manifest = path.join(dir, 'package.json');
    if (
      fs.existsSync(manifest) &&
      (JSON.parse(fs.readFileSync(manifest, 'utf8')) as { name?: unknown }).name === 'shipshape'
    ) {
      return dir;
    }
    if (path.dirname(dir) === dir) throw new Error(`no shipshape package.json above ${from}`);
  }
}

/** A failure message without a stack trace: the first line is what the user needs. */
function reason(e: unknown): string {
  if (e instanceof Error) return process.env.SHIPSHAPE_DEBUG ? (e.stack ?? e.message) : e.message;
  return String(e);
}

/** Synthesizes, validates and writes `app`; prints findings and returns the exit code. */
export function runSynth(app: ShipshapeApp, options: RunSynthOptions = {}): number {
  const io = options.io ?? processIo;
  const out = options.out ?? 'dist';
  const started = process.hrtime.bigint();
  let systems: SynthesizedSystem[];
  let written: ReturnType<typeof writeSystems>;
  try {
    systems = synthesizeApp(app, {
      ...(options.environments && { environments: options.environments }),
      chartDefaults: { version: options.chartVersion ?? '0.1.0' },
    });
    // Chart values are resolved while the output is rendered, before anything is written.
    written = writeSystems(out, systems);
  } catch (e) {
    // Construct errors (ShipshapeError) and errors thrown by the app's own code alike: nothing is written,
    // unless the writer says the output changed (it then says where everything is).
    const message = e instanceof ShipshapeError || e instanceof OutputWriteError ? e.message : reason(e);
    const head =
      e instanceof OutputWriteError && e.changed ? 'synth failed' : 'synth failed, nothing written';
    io.stderr(`${head}:\n  ${message.split('\n').join('\n  ')}\n`);
    return 1;
  }
  const { findings, files } = written;
  for (const f of findings) io.stderr(`${formatFinding(f)}\n`);
  const errors = findings.filter((f) => f.severity === 'error').length;
  if (errors > 0) {
    io.stderr(
      `synth failed, nothing written: ${errors} validation error(s) (see above); ${out}/ is unchanged\n`,
    );
    return 1;
  }
  if (options.mirror !== undefined && path.resolve(options.mirror) !== path.resolve(out)) {
    const manifests = [...renderOutput(systems)].filter(([rel]) => !rel.startsWith('helm/'));
    try {
      writeTreeAtomically(options.mirror, new Map(manifests));
    } catch (e) {
      io.stderr(`synth wrote ${out}/, but not the cdk8s output directory: ${reason(e)}\n`);
      return 1;
    }
  }
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  const counts = systems.map((s) => `${s.dir} ${s.objects.length} objects`).join(', ');
  io.stdout(
    `synthesized ${counts}; ${files} files in ${out}/ (${findings.length} warnings) in ${ms.toFixed(0)} ms\n`,
  );
  return 0;
}
