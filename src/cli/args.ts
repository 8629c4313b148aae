/**
 * What the app commands of the CLI share: their argument parser, the one System a command picks, and the
 * mapping of failures to exit codes (0 success, 1 failure, 2 usage error).
 */
import type { SynthesizedSystem } from '../synth/synthesize';
import { AppLoadError, type SynthIo } from '../synth/run';

/** Where a command prints, and how `validate -` reads standard input. */
export interface CliIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  /** Reads standard input (for the `-` path). */
  readonly readStdin: () => string;
}

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

/** Runs `fn`, mapping a bad invocation to exit 2 and an app that throws while loading to exit 1. */
export function guarded(io: SynthIo, usage: string, fn: () => number): number {
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
