/**
 * `shipshape secrets <environment>`: creates the Secrets of the kubectl path (see src/cli/secrets-plan.ts).
 * Exit codes: 0 applied (or nothing to do), 1 a problem with the values or kubectl failed, 2 usage error.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as yaml from 'js-yaml';
import { synthesizeApp } from '../synth/synthesize';
import { parseArgs, selectSystem, type ParsedArgs } from './args';
import { AppLoadError, loadAppFile } from '../synth/run';
import { parseValueFile, planSecrets, secretObject, type SecretPlan } from './secrets-plan';
import type { DeclaredSecret } from '../synth/files';

export interface KubectlResult {
  readonly status: number;
  readonly stdout: string;
  readonly stderr: string;
}

export interface SecretsIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  /** Runs kubectl with `args`, feeding `input` on stdin. */
  readonly kubectl: (args: readonly string[], input?: string) => KubectlResult;
  /** The Secrets one System's manifests reference; throws a usage message when the target is ambiguous. */
  readonly declared: (target: SecretsTarget) => readonly DeclaredSecret[];
  readonly readFile: (file: string) => string;
}

export const SECRETS_USAGE = `usage: shipshape secrets [app-file] [--env name] [--system chart] [--values FILE] [--namespace NS] [--context CTX] [--dry-run]

Creates in the cluster the Secrets that one System's manifests reference and no ExternalSecret provides,
for deploying with kubectl or Helm. Values come from FILE (YAML: { <secret>: { <KEY>: <value> } });
keys the System marks as generated (database passwords) get a random 32-character password. Values that
already exist in the cluster are kept; a value in FILE replaces them. Values travel to kubectl on stdin
only (server-side apply, no last-applied annotation): nothing is written to disk or printed.

  app-file          the app, as for shipshape synth (default: src/app.ts, src/app.js, app.ts, app.js)
  --env NAME        the environment (required when the app has environments)
  --system CHART    the System, by chart name (required when the environment has several)
  --values FILE     values file (default: none: generated keys only)
  --namespace NS    namespace of the Secrets (default: the System's namespace)
  --context CTX     kubeconfig context (default: the current one); KUBECTL selects the kubectl binary
  --dry-run         print what would change (names and keys, never values) and change nothing

exit status: 0 done, 1 a problem with the values or kubectl failed, 2 usage error
`;

/** What selects the System whose Secrets are created. */
export interface SecretsTarget {
  readonly entry: string | undefined;
  readonly environment: string | undefined;
  readonly system: string | undefined;
}

export function secretsCommand(argv: readonly string[], io: SecretsIo): number {
  const usage = (message: string): number => {
    io.stderr(`shipshape secrets: ${message}\n${SECRETS_USAGE}`);
    return 2;
  };
  let parsed: ParsedArgs;
  let declared: readonly DeclaredSecret[];
  try {
    parsed = parseArgs(
      argv,
      ['--env', '--system', '--values', '--namespace', '--context'],
      ['--dry-run', '-h', '--help'],
    );
    if (parsed.switches.has('-h') || parsed.switches.has('--help')) {
      io.stdout(SECRETS_USAGE);
      return 0;
    }
    declared = io.declared({
      entry: parsed.entry,
      environment: parsed.values.get('--env')?.at(-1),
      system: parsed.values.get('--system')?.at(-1),
    });
  } catch (e) {
    if (e instanceof AppLoadError) return usage(e.message);
    io.stderr(
      `shipshape secrets: the app failed to synthesize, nothing applied:\n  ${(e as Error).message}\n`,
    );
    return 1;
  }
  const opt = (flag: string): string | undefined => parsed.values.get(flag)?.at(-1);
  const opts = {
    values: opt('--values'),
    namespace: opt('--namespace'),
    context: opt('--context'),
    dryRun: parsed.switches.has('--dry-run'),
  };

  if (opts.namespace !== undefined) declared = declared.map((s) => ({ ...s, namespace: opts.namespace! }));

  const problems: string[] = [];
  let values: ReturnType<typeof parseValueFile>['values'] = new Map();
  if (opts.values !== undefined) {
    let doc: unknown;
    try {
      doc = yaml.load(io.readFile(opts.values));
    } catch (e) {
      io.stderr(`shipshape secrets: cannot read ${opts.values}: ${(e as Error).message.split('\n')[0]}\n`);
      return 1;
    }
    const parsed = parseValueFile(doc, opts.values);
    values = parsed.values;
    problems.push(...parsed.problems);
  }

  const ctx = opts.context !== undefined ? ['--context', opts.context] : [];
  const existing = new Map<string, Record<string, string>>();
  for (const s of declared.filter((d) => !d.external)) {
    const got = io.kubectl([
      ...ctx,
      'get',
      'secret',
      s.name,
      '-n',
      s.namespace,
      '-o',
      'json',
      '--ignore-not-found',
    ]);
    if (got.status !== 0) {
      io.stderr(
        `shipshape secrets: kubectl get secret ${s.namespace}/${s.name} failed: ${got.stderr.trim()}\n`,
      );
      return 1;
    }
    if (got.stdout.trim() === '') continue;
    const data = (JSON.parse(got.stdout) as { data?: Record<string, string> }).data ?? {};
    existing.set(
      s.name,
      Object.fromEntries(
        Object.entries(data).map(([k, v]) => [k, Buffer.from(v, 'base64').toString('utf8')]),
      ),
    );
  }

  const plan = planSecrets(declared, values, existing);
  problems.push(...plan.problems);
  if (problems.length > 0) {
    io.stderr(`shipshape secrets: nothing applied:\n  ${problems.join('\n  ')}\n`);
    return 1;
  }
  const changed = plan.plans.filter((p) => p.action !== 'unchanged');
  for (const p of plan.plans)
    io.stdout(`${describePlan(p)}${opts.dryRun && p.action !== 'unchanged' ? ' (dry run)' : ''}\n`);
  if (opts.dryRun || changed.length === 0) return 0;

  const list = { apiVersion: 'v1', kind: 'List', items: changed.map(secretObject) };
  const applied = io.kubectl(
    [
      ...ctx,
      'apply',
      '--server-side',
      '--field-manager=shipshape-secrets',
      '--force-conflicts',
      '-o',
      'name',
      '-f',
      '-',
    ],
    JSON.stringify(list),
  );
  if (applied.status !== 0) {
    io.stderr(`shipshape secrets: kubectl apply failed: ${applied.stderr.trim()}\n`);
    return 1;
  }
  return 0;
}

/** One line per Secret: names and keys, never values. */
function describePlan(p: SecretPlan): string {
  const parts = [
    p.generated.length > 0 ? `generated ${p.generated.join(', ')}` : '',
    p.fromFile.length > 0 ? `from file ${p.fromFile.join(', ')}` : '',
  ].filter((x) => x !== '');
  return `secret/${p.name} -n ${p.namespace}: ${p.action === 'unchanged' ? 'unchanged' : `${p.action}d`}${parts.length > 0 ? ` (${parts.join('; ')})` : ''}`;
}

/** The real io: kubectl from KUBECTL or PATH, the app synthesized in-process. */
export function defaultSecretsIo(): SecretsIo {
  return {
    stdout: (t) => process.stdout.write(t),
    stderr: (t) => process.stderr.write(t),
    kubectl: (args, input) => {
      const r = spawnSync(process.env['KUBECTL'] ?? 'kubectl', [...args], { input, encoding: 'utf8' });
      if (r.error) return { status: 127, stdout: '', stderr: r.error.message };
      return { status: r.status ?? 1, stdout: r.stdout, stderr: r.stderr };
    },
    declared: (target) => {
      const app = loadAppFile(target.entry);
      if (app.environments !== undefined && target.environment === undefined)
        throw new AppLoadError(`--env is required: the app has environments ${app.environments.join(', ')}`);
      const systems = synthesizeApp(
        app,
        target.environment === undefined ? {} : { environments: [target.environment] },
      );
      return selectSystem(systems, target.system).secrets;
    },
    readFile: (file) => fs.readFileSync(file, 'utf8'),
  };
}
