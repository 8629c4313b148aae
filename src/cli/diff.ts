/**
 * `shipshape diff`: what a change does to each environment. Synthesizes two versions of the app (a git ref in a
 * temporary worktree with its own CLI, the working tree in this process) or reads two output directories, and
 * reports rolls, edges, exposure, privilege and chart changes (src/diff). Exit codes: 0 reported (no --fail-on
 * condition met), 1 a --fail-on condition met or a side failed to synthesize, 2 usage error.
 */
import { AppLoadError } from '../synth/run';
import { diffOutputs } from '../diff/compare';
import { DIFF_FORMATS, formatReport, type DiffFormat } from '../diff/format';
import { FAIL_ON, trippedBy, type FailOn } from '../diff/gate';
import { DiffUsageError, SideError } from '../diff/git';
import { readSide, type Side, type SideSource } from '../diff/sides';
import { environmentsOf, OutputReadError } from '../diff/tree';
import { parseArgs, type CliIo } from './args';

export const DIFF_USAGE = `usage: shipshape diff [app-file] [--base <git-ref>] [--head <git-ref>] [--env name]...
                      [--format text|markdown|json] [--fail-on widen|roll|any]...
       shipshape diff --dirs <base-dir> <head-dir> [--env name]... [--format ...] [--fail-on ...]

Reports what a change does to each environment: objects added, removed and changed; the workloads that
roll and why, and changes that roll nothing; network edges opened and closed (NetworkPolicies, on both
ipBlock readings); exposure (hosts, routes, TLS, NodePort/LoadBalancer sources, 0.0.0.0/0); identity and
privilege (ServiceAccounts, RBAC, Pod Security, securityContext, Secrets referenced, by name only); the
Helm chart's version and values schema. See docs/diff.md.

  --base <ref>   the version to compare from (default HEAD), checked out in a temporary git worktree:
                 node_modules linked when its lockfile is the working tree's, npm ci otherwise; its own
                 shipshape synth runs in its own process
  --head <ref>   the version to compare to (default: the working tree, synthesized in this process)
  --dirs a b     compare two output directories written by shipshape synth elsewhere
  --env name     only this environment (and its Systems' folders); repeatable
  --format f     text (default), markdown (a pull-request comment) or json (docs/diff.md has its fields)
  --fail-on c    exit 1 when: widen (an edge opened, an exposure added, a privilege widened), roll (a
                 workload rolls), any (anything changed); repeatable or comma-separated

exit status: 0 reported (no --fail-on condition met), 1 a --fail-on condition met (the report is still
printed) or a side failed to synthesize, 2 usage error
`;

function usage(io: CliIo, message: string): number {
  io.stderr(`shipshape: ${message}\n${DIFF_USAGE}`);
  return 2;
}

/** `--dirs a b` taken out of the arguments (it is the one flag with two values). */
function takeDirs(args: readonly string[]): { rest: string[]; dirs?: [string, string] } {
  const i = args.indexOf('--dirs');
  if (i < 0) return { rest: [...args] };
  const [a, b] = [args[i + 1], args[i + 2]];
  if (a === undefined || b === undefined || a.startsWith('-') || b.startsWith('-')) {
    throw new DiffUsageError('--dirs needs two directories');
  }
  return { rest: [...args.slice(0, i), ...args.slice(i + 3)], dirs: [a, b] };
}

/** `shipshape diff`. */
export async function diffCommand(
  args: readonly string[],
  io: CliIo,
  cwd: string = process.cwd(),
): Promise<number> {
  let sides: [SideSource, SideSource];
  let format: DiffFormat;
  let failOn: FailOn[];
  let parsed: ReturnType<typeof parseArgs>;
  try {
    const { rest, dirs } = takeDirs(args);
    parsed = parseArgs(rest, ['--base', '--head', '--env', '--format', '--fail-on'], ['-h', '--help']);
    if (parsed.switches.size > 0) {
      io.stdout(DIFF_USAGE);
      return 0;
    }
    const f = parsed.values.get('--format')?.at(-1) ?? 'text';
    if (!(DIFF_FORMATS as readonly string[]).includes(f))
      throw new DiffUsageError(`--format must be one of ${DIFF_FORMATS.join(', ')} (got ${f})`);
    format = f as DiffFormat;
    failOn = (parsed.values.get('--fail-on') ?? [])
      .flatMap((v) => v.split(','))
      .map((v) => {
        if (!(FAIL_ON as readonly string[]).includes(v))
          throw new DiffUsageError(`--fail-on must be one of ${FAIL_ON.join(', ')} (got ${v})`);
        return v as FailOn;
      });
    const [base, head] = [parsed.values.get('--base')?.at(-1), parsed.values.get('--head')?.at(-1)];
    if (dirs && (base !== undefined || head !== undefined || parsed.entry !== undefined)) {
      throw new DiffUsageError('--dirs compares two directories: no app file, --base or --head with it');
    }
    sides = dirs
      ? [{ dir: dirs[0] }, { dir: dirs[1] }]
      : [{ ref: base ?? 'HEAD' }, head === undefined ? { workingTree: true } : { ref: head }];
  } catch (e) {
    if (e instanceof DiffUsageError || e instanceof AppLoadError) return usage(io, e.message);
    throw e;
  }
  const environments = parsed.values.get('--env');
  const ctx = { cwd, app: parsed.entry, ...(environments && { environments }), log: io.stderr };
  const started = Date.now();
  let read: [Side, Side];
  try {
    // The base's synth runs in its own process while the head synthesizes here.
    const settled = await Promise.allSettled([readSide(sides[0], ctx), readSide(sides[1], ctx)]);
    const failed = settled.find((s): s is PromiseRejectedResult => s.status === 'rejected');
    if (failed) throw failed.reason;
    read = settled.map((s) => (s as PromiseFulfilledResult<Side>).value) as [Side, Side];
  } catch (e) {
    if (e instanceof DiffUsageError || e instanceof AppLoadError || e instanceof OutputReadError)
      return usage(io, e.message);
    const debug = process.env.SHIPSHAPE_DEBUG && !(e instanceof SideError);
    const message = e instanceof Error ? (debug ? (e.stack ?? e.message) : e.message) : String(e);
    io.stderr(`shipshape diff failed, nothing compared:\n  ${message.split('\n').join('\n  ')}\n`);
    return 1;
  }
  const compareStarted = Date.now();
  const report = diffOutputs(environmentsOf(read[0].tree), environmentsOf(read[1].tree), {
    ...(environments && { environments }),
    base: read[0].info,
    head: read[1].info,
  });
  io.stdout(formatReport(report, format));
  const done = Date.now();
  io.stderr(
    `shipshape diff: base ${read[0].info.label} (${read[0].note}), head ${read[1].info.label} (${read[1].note}); compared in ${((done - compareStarted) / 1000).toFixed(2)} s, ${((done - started) / 1000).toFixed(2)} s in all\n`,
  );
  const tripped = trippedBy(report, failOn);
  if (tripped.length > 0) {
    io.stderr(
      `shipshape diff: --fail-on ${tripped.join(', ')}: the change ${tripped.map((t) => (t === 'widen' ? 'widens' : t === 'roll' ? 'rolls workloads' : 'changes the output')).join(' and ')}\n`,
    );
    return 1;
  }
  return 0;
}
