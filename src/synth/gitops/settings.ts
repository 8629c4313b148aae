/** Checks the GitOps settings an app returns for a System and applies their defaults (see options.ts). */
import type { System } from '../../../constructs';
import { _checkDnsSubdomain, _checkGoDuration, _checkLength } from '../../../constructs/_checks';
import { _fail, type _Where } from '../../../constructs/_errors';
import { _checkKeys } from '../../../constructs/_keys';
import { _boolean, _record, _string, _strings } from '../../../constructs/_types';
import { isDns1123Label as isLabelGrammar } from '../../../constructs/names';
import {
  _AUTOMATED_KEYS,
  _BACKOFF_KEYS,
  _DESTINATION_KEYS,
  _OPTIONS_KEYS,
  _RETRY_KEYS,
  type GitOpsAutomatedSync,
  type GitOpsRetry,
  type GitOpsSource,
  type ResolvedGitOps,
} from './options';

const IN_CLUSTER = 'https://kubernetes.default.svc';
const DEFAULT_SYNC_OPTIONS: readonly string[] = ['ServerSideApply=true'];
/** Application-level sync options of Argo CD 2.14 and the values they take. */
const SYNC_OPTIONS: Readonly<Record<string, readonly string[]>> = {
  Validate: ['true', 'false'],
  SkipDryRunOnMissingResource: ['true', 'false'],
  PruneLast: ['true', 'false'],
  ApplyOutOfSyncOnly: ['true', 'false'],
  PrunePropagationPolicy: ['foreground', 'background', 'orphan'],
  Replace: ['true', 'false'],
  ServerSideApply: ['true', 'false'],
  FailOnSharedResource: ['true', 'false'],
  RespectIgnoreDifferences: ['true', 'false'],
};
/** A DNS-1123 label of at most `max` characters. */
function isDns1123Label(s: string, max = 63): boolean {
  return s.length <= max && isLabelGrammar(s);
}

const GIT_URL = /^((https?|ssh|git):\/\/[^\s/@]*@?[^\s/]+\/\S+|[\w.-]+@[\w.-]+:\S+)$/;
const RELATIVE_PATH = /^[A-Za-z0-9_.-]+(\/[A-Za-z0-9_.-]+)*$/;

/** A revision Git resolves to one commit: a ref name as `git check-ref-format` accepts it (a commit id is one). */
function isGitRevision(s: string): boolean {
  // eslint-disable-next-line no-control-regex
  if (s === '' || s === '@' || /[\u0000-\u0020\u007f~^:?*[\\]|\.\.|@\{/.test(s)) return false;
  return (
    s.split('/').every((part) => part !== '' && !part.startsWith('.') && !part.endsWith('.lock')) &&
    !s.endsWith('.')
  );
}

function optionalString(at: _Where, prop: string, v: unknown, fallback: string): string {
  return v === undefined ? fallback : _string(at, prop, v);
}

/** A value Argo CD can hold in `valuesObject`: JSON only. */
function checkJson(at: _Where, prop: string, v: unknown): void {
  if (v === null || typeof v === 'string' || typeof v === 'boolean') return;
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) _fail(at, prop, 'must be JSON (a finite number)', v);
    return;
  }
  if (Array.isArray(v)) {
    v.forEach((x, i) => checkJson(at, `${prop}[${i}]`, x));
    return;
  }
  if (typeof v === 'object' && Object.getPrototypeOf(v) === Object.prototype) {
    for (const [k, x] of Object.entries(v)) checkJson(at, `${prop}.${k}`, x);
    return;
  }
  _fail(at, prop, 'must be JSON: strings, numbers, booleans, null, arrays and plain objects', v);
}

function resolveDestination(at: _Where, v: unknown): ResolvedGitOps['destination'] {
  if (v === undefined) return { server: IN_CLUSTER };
  const d = _record(at, 'gitops.destination', v);
  _checkKeys(at, 'gitops.destination', d, _DESTINATION_KEYS);
  if (d.server !== undefined && d.name !== undefined) {
    _fail(at, 'gitops.destination', 'must set server or name, not both', d, 'Argo CD refuses both');
  }
  if (d.name !== undefined) {
    const name = _string(at, 'gitops.destination.name', d.name);
    if (name.trim() === '') _fail(at, 'gitops.destination.name', 'must not be empty', name);
    return { name };
  }
  const server = optionalString(at, 'gitops.destination.server', d.server, IN_CLUSTER);
  if (!/^https:\/\/[^\s/]+(\/\S*)?$/.test(server)) {
    _fail(at, 'gitops.destination.server', 'must be the https:// URL of a Kubernetes API server', server);
  }
  return { server };
}

function resolveAutomated(at: _Where, v: unknown): ResolvedGitOps['automated'] {
  if (v === false) return false;
  const a = v === undefined ? {} : _record(at, 'gitops.automated', v);
  _checkKeys(at, 'gitops.automated', a, _AUTOMATED_KEYS);
  const flag = (key: keyof GitOpsAutomatedSync, fallback: boolean): boolean =>
    a[key] === undefined ? fallback : _boolean(at, `gitops.automated.${key}`, a[key]);
  return {
    prune: flag('prune', true),
    selfHeal: flag('selfHeal', true),
    allowEmpty: flag('allowEmpty', false),
  };
}

function resolveSyncOptions(at: _Where, v: unknown): readonly string[] {
  if (v === undefined) return DEFAULT_SYNC_OPTIONS;
  const options = _strings(at, 'gitops.syncOptions', v);
  const seen = new Set<string>();
  options.forEach((option, i) => {
    const prop = `gitops.syncOptions[${i}]`;
    const [key = '', value = '', ...rest] = option.split('=');
    if (key === 'CreateNamespace') {
      _fail(
        at,
        prop,
        'is set by createNamespace',
        option,
        'Use createNamespace: true, which also labels the namespace',
      );
    }
    const allowed = SYNC_OPTIONS[key];
    if (allowed === undefined || rest.length > 0) {
      _fail(at, prop, `must be Key=value with a key of ${Object.keys(SYNC_OPTIONS).join(', ')}`, option);
    }
    if (!allowed.includes(value)) _fail(at, prop, `must set ${key} to ${allowed.join(' or ')}`, option);
    if (seen.has(key)) _fail(at, prop, `must set ${key} once`, option);
    seen.add(key);
  });
  return options;
}

function resolveRetry(at: _Where, v: unknown): GitOpsRetry | undefined {
  if (v === undefined) return undefined;
  const r = _record(at, 'gitops.retry', v);
  _checkKeys(at, 'gitops.retry', r, _RETRY_KEYS);
  if (typeof r.limit !== 'number' || !Number.isInteger(r.limit) || r.limit < -1) {
    _fail(at, 'gitops.retry.limit', 'must be an integer >= -1 (-1 retries forever)', r.limit);
  }
  if (r.backoff === undefined) return { limit: r.limit };
  const b = _record(at, 'gitops.retry.backoff', r.backoff);
  _checkKeys(at, 'gitops.retry.backoff', b, _BACKOFF_KEYS);
  for (const key of ['duration', 'maxDuration'] as const) {
    if (b[key] !== undefined) _checkGoDuration(at, `gitops.retry.backoff.${key}`, b[key] as string);
  }
  if (
    b.factor !== undefined &&
    (typeof b.factor !== 'number' || !Number.isInteger(b.factor) || b.factor < 1)
  ) {
    _fail(at, 'gitops.retry.backoff.factor', 'must be an integer >= 1', b.factor);
  }
  return { limit: r.limit, backoff: b as NonNullable<GitOpsRetry['backoff']> };
}

/** Where the Application points in the repository, checked. */
function resolvePath(at: _Where, outputPath: unknown, source: GitOpsSource, dir: string): string {
  const root = optionalString(at, 'gitops.outputPath', outputPath, 'dist');
  if (!RELATIVE_PATH.test(root) || root.split('/').some((s) => s === '.' || s === '..')) {
    _fail(
      at,
      'gitops.outputPath',
      'must be a folder relative to the repository root, without . or ..',
      root,
      "e.g. 'dist'",
    );
  }
  return source === 'helm' ? `${root}/helm/${dir}` : `${root}/${dir}`;
}

/**
 * Checks the GitOps settings an app returned for one System and environment and applies the defaults;
 * `undefined` (no GitOps for it) stays `undefined`.
 */
export function resolveGitOps(
  system: System,
  environment: string | undefined,
  chart: { readonly name: string; readonly dir: string },
  raw: unknown,
): ResolvedGitOps | undefined {
  if (raw === undefined) return undefined;
  const at: _Where = system;
  const o = _record(at, 'gitops', raw);
  _checkKeys(at, 'gitops', o, _OPTIONS_KEYS);
  const repoURL = _string(at, 'gitops.repoURL', o.repoURL);
  if (!GIT_URL.test(repoURL) || /[<>{}]/.test(repoURL)) {
    _fail(
      at,
      'gitops.repoURL',
      'must be the URL of a Git repository: https://, ssh:// or git@host:path',
      repoURL,
    );
  }
  const targetRevision = optionalString(at, 'gitops.targetRevision', o.targetRevision, 'HEAD');
  if (!isGitRevision(targetRevision)) {
    _fail(
      at,
      'gitops.targetRevision',
      "must be a branch, tag or commit as Git names them (no '..', '@{', '~', '^', ':', '?', '*', '[', '\\', spaces or control characters; no part starting with '.' or ending with '.lock'; no empty part)",
      targetRevision,
    );
  }
  const source = o.source ?? 'manifests';
  if (source !== 'manifests' && source !== 'helm') {
    _fail(at, 'gitops.source', "must be 'manifests' or 'helm'", source);
  }
  for (const key of ['valueFiles', 'values', 'releaseName'] as const) {
    if (source !== 'helm' && o[key] !== undefined) {
      _fail(at, `gitops.${key}`, "applies to source 'helm' only", o[key], "Set source: 'helm' or remove it");
    }
  }
  const name = optionalString(
    at,
    'gitops.name',
    o.name,
    environment === undefined ? chart.name : `${chart.name}-${environment}`,
  );
  _checkLength(at, 'gitops.name', name, 63);
  if (!isDns1123Label(name)) {
    _fail(
      at,
      'gitops.name',
      'must be a DNS-1123 label of at most 63 characters (Argo CD writes it into labels)',
      name,
    );
  }
  const argocdNamespace = optionalString(at, 'gitops.argocdNamespace', o.argocdNamespace, 'argocd');
  _checkLength(at, 'gitops.argocdNamespace', argocdNamespace, 63);
  if (!isDns1123Label(argocdNamespace))
    _fail(at, 'gitops.argocdNamespace', 'must be a DNS-1123 label', argocdNamespace);
  const project = optionalString(at, 'gitops.project', o.project, 'default');
  _checkDnsSubdomain(at, 'gitops.project', project);
  let helm: ResolvedGitOps['helm'];
  if (source === 'helm') {
    const releaseName = optionalString(at, 'gitops.releaseName', o.releaseName, chart.name);
    _checkLength(at, 'gitops.releaseName', releaseName, 53);
    if (!isDns1123Label(releaseName, 53)) {
      _fail(
        at,
        'gitops.releaseName',
        'must be a Helm release name: a DNS-1123 label of at most 53 characters',
        releaseName,
      );
    }
    const valueFiles = o.valueFiles === undefined ? [] : _strings(at, 'gitops.valueFiles', o.valueFiles);
    valueFiles.forEach((f, i) => {
      if (!/^\S+$/.test(f)) _fail(at, `gitops.valueFiles[${i}]`, 'must be a file path without spaces', f);
    });
    if (o.values !== undefined) {
      _record(at, 'gitops.values', o.values);
      checkJson(at, 'gitops.values', o.values);
    }
    helm = {
      releaseName,
      valueFiles,
      ...(o.values !== undefined && { values: o.values as Readonly<Record<string, unknown>> }),
    };
  }
  const flag = (key: 'createNamespace' | 'cascadeDelete' | 'syncWaves', fallback: boolean): boolean =>
    o[key] === undefined ? fallback : _boolean(at, `gitops.${key}`, o[key]);
  const retry = resolveRetry(at, o.retry);
  return {
    name,
    repoURL,
    targetRevision,
    path: resolvePath(at, o.outputPath, source, chart.dir),
    source,
    ...(helm && { helm }),
    argocdNamespace,
    project,
    destination: resolveDestination(at, o.destination),
    automated: resolveAutomated(at, o.automated),
    syncOptions: resolveSyncOptions(at, o.syncOptions),
    createNamespace: flag('createNamespace', source === 'helm'),
    ...(retry && { retry }),
    cascadeDelete: flag('cascadeDelete', false),
    syncWaves: flag('syncWaves', true),
  };
}
