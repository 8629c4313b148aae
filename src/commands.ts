/**
 * The app commands of the CLI: `synth` and `graph` (`validate` and `init` live beside them). Each
 * returns its exit code: 0 success, 1 failure (findings, synthesis errors, stale graph), 2 usage error.
 */
import * as fs from 'fs';
import * as path from 'path';
import { synthesizeApp, type SynthesizedSystem } from './app';
import { topology, withTopology } from './graph';
import { AppLoadError, loadAppFile, runSynth, type SynthIo } from './run';

/** Parsed `[entry] --flag value --switch` arguments. */
export interface ParsedArgs {
  readonly entry: string | undefined;
  readonly values: ReadonlyMap<string, readonly string[]>;
  readonly switches: ReadonlySet<string>;
}

/** Parses arguments against the flags a command takes; throws a usage message on anything else. */
export function parseArgs(
  args: readonly string[],
  valueFlags: readonly string[],
  switchFlags: readonly string[],
): ParsedArgs {
  const values = new Map<string, string[]>();
  const switches = new Set<string>();
  const positional: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    const [flag, inline] = arg.startsWith('--') && arg.includes('=') ? arg.split(/=(.*)/s) : [arg, undefined];
    if (valueFlags.includes(flag!)) {
      const value = inline ?? args[++i];
      if (value === undefined || value === '') throw new AppLoadError(`${flag} needs a value`);
      values.set(flag!, [...(values.get(flag!) ?? []), value]);
    } else if (switchFlags.includes(arg)) switches.add(arg);
    else if (arg.startsWith('-')) throw new AppLoadError(`unknown flag ${arg}`);
    else positional.push(arg);
  }
  if (positional.length > 1) throw new AppLoadError(`one app file at most (got ${positional.join(', ')})`);
  return { entry: positional[0], values, switches };
}

/** The `version` of `package.json` in `cwd`, the default chart version. */
function projectVersion(cwd: string): string | undefined {
  try {
    const pkg = JSON.parse(fs.readFileSync(path.join(cwd, 'package.json'), 'utf8')) as { version?: unknown };
    return typeof pkg.version === 'string' ? pkg.version : undefined;
  } catch {
    return undefined;
  }
}

/** `file` relative to the working directory when inside it (for messages), else absolute. */
function displayPath(file: string): string {
  const rel = path.relative(process.cwd(), file);
  return rel === '' ? '.' : rel.startsWith('..') || path.isAbsolute(rel) ? file : rel;
}

/** Runs `fn`, mapping a bad invocation to exit 2 and an app that throws while loading to exit 1. */
function guarded(io: SynthIo, usage: string, fn: () => number): number {
  try {
    return fn();
  } catch (e) {
    if (e instanceof AppLoadError) {
      io.stderr(`shipshape: ${e.message}\n${usage}`);
      return 2;
    }
    const message = e instanceof Error ? (process.env.SHIPSHAPE_DEBUG ? e.stack : e.message) : String(e);
    io.stderr(`synth failed, nothing written:\n  ${String(message).split('\n').join('\n  ')}\n`);
    return 1;
  }
}

export const SYNTH_USAGE = `usage: shipshape synth [app-file] [--out dir] [--env name]...

Loads the app file (TypeScript or JavaScript; default: the first of src/app.ts, src/app.js, app.ts,
app.js), builds its Systems for every environment (or each --env), validates every object and
replaces the output directory (default dist) with one folder of YAML per System and a Helm chart per
System under helm/. Nothing is written when anything fails. Run by cdk8s-cli (CDK8S_OUTDIR set),
it also copies the manifests to cdk8s's output directory, which cdk8s-cli empties first: point
cdk8s.yaml's \`output\` at a scratch directory, never at the --out directory.

exit status: 0 written, 1 synthesis or validation failed (nothing written), 2 usage error
`;

/** `shipshape synth`. */
export function synthCommand(args: readonly string[], io: SynthIo, cwd: string = process.cwd()): number {
  return guarded(io, SYNTH_USAGE, () => {
    const parsed = parseArgs(args, ['--out', '--env'], ['-h', '--help']);
    if (parsed.switches.size > 0) {
      io.stdout(SYNTH_USAGE);
      return 0;
    }
    const app = loadAppFile(parsed.entry, cwd);
    const environments = parsed.values.get('--env');
    const chartVersion = projectVersion(cwd);
    const mirror = process.env['CDK8S_OUTDIR'];
    return runSynth(app, {
      out: displayPath(path.resolve(cwd, parsed.values.get('--out')?.at(-1) ?? 'dist')),
      io,
      ...(environments && { environments }),
      ...(chartVersion !== undefined && { chartVersion }),
      ...(mirror && { mirror: path.resolve(cwd, mirror) }),
    });
  });
}

/** The one System named `wanted` (by chart name), or the only one; a usage error otherwise. */
export function selectSystem(
  systems: readonly SynthesizedSystem[],
  wanted: string | undefined,
): SynthesizedSystem {
  const matching = wanted === undefined ? systems : systems.filter((s) => s.chart.name === wanted);
  if (matching.length !== 1) {
    const names = systems.map((s) => s.chart.name).join(', ');
    throw new AppLoadError(
      wanted === undefined
        ? `the app has several Systems (${names}): pick one with --system`
        : `no System named ${wanted} (the app has ${names})`,
    );
  }
  return matching[0]!;
}

export const GRAPH_USAGE = `usage: shipshape graph [app-file] [--env name] [--system chart-name] [--update file.md [--check]]

Prints the Mermaid topology of one System of the app (default: the only System of the first
environment). --update replaces the section between the topology markers of a Markdown file;
with --check it changes nothing and fails when the section is stale.

exit status: 0 success, 1 stale section (--check) or synthesis failed, 2 usage error
`;

/** `shipshape graph`. */
export function graphCommand(args: readonly string[], io: SynthIo, cwd: string = process.cwd()): number {
  return guarded(io, GRAPH_USAGE, () => {
    const parsed = parseArgs(args, ['--env', '--system', '--update'], ['--check', '-h', '--help']);
    if (parsed.switches.has('-h') || parsed.switches.has('--help')) {
      io.stdout(GRAPH_USAGE);
      return 0;
    }
    const app = loadAppFile(parsed.entry, cwd);
    const env = parsed.values.get('--env')?.at(-1) ?? app.environments?.[0];
    const systems = synthesizeApp(app, env === undefined ? {} : { environments: [env] });
    const chosen = selectSystem(systems, parsed.values.get('--system')?.at(-1));
    const graph = topology(chosen.system);
    const target = parsed.values.get('--update')?.at(-1);
    if (target === undefined) {
      io.stdout(`${graph}\n`);
      return 0;
    }
    const file = path.resolve(cwd, target);
    const current = fs.readFileSync(file, 'utf8');
    const label = env === undefined ? `System \`${chosen.chart.name}\`` : `Environment \`${env}\``;
    const next = withTopology(current, graph, label);
    if (parsed.switches.has('--check')) {
      if (next === current) return 0;
      io.stderr(`${target}: topology is stale: run shipshape graph --update ${target}\n`);
      return 1;
    }
    if (next !== current) fs.writeFileSync(file, next);
    io.stdout(`${target}: topology ${next === current ? 'is up to date' : 'updated'}\n`);
    return 0;
  });
}
