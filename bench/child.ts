// Shared by the measured programs in bench/cases/: phase timers and the one line of JSON the
// orchestrator reads back (wall time is measured by the parent around the whole process).

/** Prefix of the result line on stdout; anything else the program prints is ignored. */
export const RESULT_PREFIX = 'BENCH_RESULT ';

/** What a measured program reports. */
export interface ChildReport {
  /** Peak resident set size of the process, in KiB (`process.resourceUsage().maxRSS`). */
  readonly maxRssKb: number;
  /** Milliseconds per phase, in the order they ran. */
  readonly phases: Record<string, number>;
  /** Case-specific facts (object counts, output hash, ...). */
  readonly [key: string]: unknown;
}

/** Times named phases with a monotonic clock. */
export class Phases {
  public readonly ms: Record<string, number> = {};

  /** Runs `fn`, adds its duration to phase `name` and returns its result. */
  public run<T>(name: string, fn: () => T): T {
    const start = process.hrtime.bigint();
    try {
      return fn();
    } finally {
      this.ms[name] = (this.ms[name] ?? 0) + Number(process.hrtime.bigint() - start) / 1e6;
    }
  }
}

/** Milliseconds that `fn` takes. */
export function timeMs(fn: () => unknown): number {
  const start = process.hrtime.bigint();
  fn();
  return Number(process.hrtime.bigint() - start) / 1e6;
}

/** Prints the result line; peak RSS is read last so it covers the whole run. */
export function finish(phases: Record<string, number>, facts: Record<string, unknown> = {}): void {
  const report: ChildReport = { ...facts, phases, maxRssKb: process.resourceUsage().maxRSS };
  process.stdout.write(`${RESULT_PREFIX}${JSON.stringify(report)}\n`);
}

/** A positive integer command-line argument. */
export function intArg(index: number, name: string): number {
  const raw = process.argv[2 + index];
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1)
    throw new Error(`argument ${index + 1} (${name}) must be a positive integer, got '${raw}'`);
  return n;
}

/** A required string command-line argument. */
export function stringArg(index: number, name: string): string {
  const raw = process.argv[2 + index];
  if (!raw) throw new Error(`argument ${index + 1} (${name}) is required`);
  return raw;
}

/** Median of a non-empty list. */
export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}
