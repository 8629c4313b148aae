/**
 * Checks of e2e/diff.sh: what `shipshape diff --format json` claims against what a real control plane does with
 * the same two outputs (`node -r ./scripts/register.js e2e/diff-checks.ts <check>`):
 *   revisions                       stdin: `kubectl get deploy,sts -o json`; prints `{ "Kind/ns/name": revision }`
 *                                   (a Deployment's `deployment.kubernetes.io/revision`, a StatefulSet's updateRevision).
 *   rolled <before> <after> <report> <env>   the workloads whose revision moved are the report's rolls, exactly.
 *   refused <report> <env>          stdin: kubectl's errors of a server dry-run of the head; the objects it refused
 *                                   are the report's `replace` changes, exactly.
 *   server-diff <report> <env>      stdin: `kubectl diff` of the head (less what is refused); the objects it would
 *                                   change are the report's added and changed objects, exactly.
 *   without-replace <report> <env> <files...>  prints a List of the head's objects less the `replace` ones.
 */
import * as fs from 'node:fs';
import * as yaml from 'js-yaml';
import type { DiffReport, EnvironmentDiff } from '../src/diff/report';

type Json = Record<string, unknown>;
const obj = (v: unknown): Json =>
  v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Json) : {};
const str = (v: unknown): string => (typeof v === 'string' ? v : '');

/** `Kind/name` (the suite's objects share one namespace). */
const id = (kind: string, name: string) => `${kind}/${name}`;

/** A workload's revision as its controller records it. */
export function revisions(list: { readonly items: readonly Json[] }): Record<string, string> {
  return Object.fromEntries(
    list.items.map((o) => {
      const md = obj(o['metadata']);
      const revision =
        o['kind'] === 'Deployment'
          ? str(obj(md['annotations'])['deployment.kubernetes.io/revision'])
          : str(obj(o['status'])['updateRevision']);
      return [id(str(o['kind']), str(md['name'])), revision];
    }),
  );
}

/** The workloads whose revision moved. */
export function moved(before: Record<string, string>, after: Record<string, string>): string[] {
  return Object.keys(after)
    .filter((k) => before[k] !== undefined && before[k] !== after[k])
    .sort();
}

function environment(report: DiffReport, env: string): EnvironmentDiff {
  const e = report.environments.find((x) => x.name === env);
  if (e === undefined) throw new Error(`the report has no environment ${env}`);
  return e;
}

/** The workloads the report says roll (Deployments and StatefulSets, which a revision shows). */
export function reportedRolls(e: EnvironmentDiff): string[] {
  return e.rolls
    .filter((r) => r.workload.kind === 'Deployment' || r.workload.kind === 'StatefulSet')
    .map((r) => id(r.workload.kind, r.workload.name))
    .sort();
}

/** The objects the report marks `replace`. */
export function reportedReplace(e: EnvironmentDiff): string[] {
  return e.objects.changed
    .filter((c) => c.replace !== undefined)
    .map((c) => id(c.object.kind, c.object.name))
    .sort();
}

/** The objects the report adds or changes in place. */
export function reportedApplied(e: EnvironmentDiff): string[] {
  return [
    ...e.objects.added,
    ...e.objects.changed.filter((c) => c.replace === undefined).map((c) => c.object),
  ]
    .map((o) => id(o.kind, o.name))
    .sort();
}

/** The objects kubectl says the API server refused: `StatefulSet.apps "db" is invalid`. */
export function refusedBy(stderr: string): string[] {
  return [
    ...new Set(
      [...stderr.matchAll(/\b([A-Z]\w*)(?:\.[\w.]+)? "([^"]+)" is invalid/g)].map((m) => id(m[1]!, m[2]!)),
    ),
  ].sort();
}

/** The objects of `kubectl diff`'s output (`diff -u -N /tmp/LIVE-1/apps.v1.Deployment.shop.api /tmp/MERGED-1/...`). */
export function changedBy(kubectlDiff: string): string[] {
  const out = new Set<string>();
  for (const m of kubectlDiff.matchAll(/^diff -u -N \S*\/(\S+) \S+$/gm)) {
    const parts = m[1]!.split('.');
    const k = parts.findIndex((p, i) => i > 0 && /^[A-Z]/.test(p));
    if (k > 0) out.add(id(parts[k]!, parts.slice(k + 2).join('.')));
  }
  return [...out].sort();
}

/** Fails with both lists unless they are the same. */
function same(what: string, claimed: readonly string[], observed: readonly string[]): number {
  const text = (xs: readonly string[]) => (xs.length === 0 ? '(none)' : xs.join(', '));
  if (JSON.stringify(claimed) === JSON.stringify(observed)) {
    process.stdout.write(`${what}: ${text(observed)}, as the report says\n`);
    return 0;
  }
  process.stderr.write(`${what}: the report says ${text(claimed)}, the control plane ${text(observed)}\n`);
  return 1;
}

function main(argv: readonly string[]): number {
  const [check, ...args] = argv;
  const read = <T>(file: string): T => JSON.parse(fs.readFileSync(file, 'utf8')) as T;
  const stdin = () => fs.readFileSync(0, 'utf8');
  switch (check) {
    case 'revisions':
      process.stdout.write(JSON.stringify(revisions(JSON.parse(stdin()) as { items: Json[] })));
      return 0;
    case 'rolled': {
      const [before = '', after = '', report = '', env = ''] = args;
      return same('rolled', reportedRolls(environment(read(report), env)), moved(read(before), read(after)));
    }
    case 'refused': {
      const [report = '', env = ''] = args;
      return same('refused in place', reportedReplace(environment(read(report), env)), refusedBy(stdin()));
    }
    case 'server-diff': {
      const [report = '', env = ''] = args;
      return same(
        'changed (kubectl diff)',
        reportedApplied(environment(read(report), env)),
        changedBy(stdin()),
      );
    }
    case 'without-replace': {
      const [report = '', env = '', ...files] = args;
      const skip = new Set(reportedReplace(environment(read<DiffReport>(report), env)));
      const items = files
        .flatMap((f) => yaml.loadAll(fs.readFileSync(f, 'utf8')).map(obj))
        .filter(
          (o) => o['kind'] !== undefined && !skip.has(id(str(o['kind']), str(obj(o['metadata'])['name']))),
        );
      process.stdout.write(JSON.stringify({ apiVersion: 'v1', kind: 'List', items }));
      return 0;
    }
    default:
      process.stderr.write(
        'usage: diff-checks.ts revisions|rolled|refused|server-diff|without-replace ...\n',
      );
      return 2;
  }
}

if (require.main === module) process.exitCode = main(process.argv.slice(2));
