/**
 * The GitOps settings of the app contract (`defineApp({ gitops })`): how Argo CD delivers one System of one
 * environment, and the same settings once resolved (settings.ts checks them and applies the defaults). Beside each
 * interface, its key list: a misspelt setting is refused as every construct prop is (test/constructs/_keys.test.ts
 * checks each list against its interface).
 */
import { _keys } from '../../../constructs/_keys';

/** What Argo CD syncs: the plain manifests of `dist/<env>` or the Helm chart of `dist/helm/<env>`. */
export type GitOpsSource = 'manifests' | 'helm';

/** The cluster Argo CD deploys to: its API server URL, or the name it is registered under in Argo CD. */
export interface GitOpsDestination {
  /** API server URL. @default `https://kubernetes.default.svc` (the cluster Argo CD runs in) when `name` is unset */
  readonly server?: string;
  /** Name of a cluster registered in Argo CD (instead of `server`). @default unset */
  readonly name?: string;
}

export const _DESTINATION_KEYS = _keys('GitOpsDestination', ['server', 'name']);

/** Argo CD's automated sync policy. */
export interface GitOpsAutomatedSync {
  /** Delete objects that are no longer in Git. @default true */
  readonly prune?: boolean;
  /** Revert changes made in the cluster by hand. @default true */
  readonly selfHeal?: boolean;
  /** Allow a sync that would delete every object. @default false */
  readonly allowEmpty?: boolean;
}

export const _AUTOMATED_KEYS = _keys('GitOpsAutomatedSync', ['prune', 'selfHeal', 'allowEmpty']);

/** Retries of a failed sync. */
export interface GitOpsRetry {
  /** Attempts; -1 retries forever. */
  readonly limit: number;
  /** Wait between attempts. @default Argo CD's (5s, doubling, at most 3m) */
  readonly backoff?: GitOpsRetryBackoff;
}

export const _RETRY_KEYS = _keys('GitOpsRetry', ['limit', 'backoff']);

/** The wait between retries of a failed sync. */
export interface GitOpsRetryBackoff {
  /** First wait, a Go duration. @default `5s` */
  readonly duration?: string;
  /** Factor applied to the wait after each attempt. @default 2 */
  readonly factor?: number;
  /** Longest wait, a Go duration. @default `3m` */
  readonly maxDuration?: string;
}

export const _BACKOFF_KEYS = _keys('GitOpsRetryBackoff', ['duration', 'factor', 'maxDuration']);

/** How Argo CD delivers one System of one environment (returned by the app's `gitops`). */
export interface GitOpsOptions {
  /** The Git repository Argo CD reads the synthesized output from: `https://...`, `ssh://...` or `git@host:path`. */
  readonly repoURL: string;
  /** Branch, tag or commit Argo CD follows. @default `HEAD` */
  readonly targetRevision?: string;
  /** Folder of the repository that `shipshape synth --out` writes, relative to the repository root. @default `dist` */
  readonly outputPath?: string;
  /** Sync the plain manifests (`<outputPath>/<dir>`) or the chart (`<outputPath>/helm/<dir>`). @default `manifests` */
  readonly source?: GitOpsSource;
  /** Helm source: value files, relative to the chart folder, applied after the chart's own `values.yaml`. @default none */
  readonly valueFiles?: readonly string[];
  /** Helm source: values written into the Application (Argo CD's `valuesObject`), applied last. @default none */
  readonly values?: Readonly<Record<string, unknown>>;
  /** Helm source: the release name. @default the chart name */
  readonly releaseName?: string;
  /** Namespace Argo CD runs in; the Application is created there. @default `argocd` */
  readonly argocdNamespace?: string;
  /** Argo CD project of the Application. @default `default` */
  readonly project?: string;
  /** Application name. @default `<chart name>-<environment>`, or the chart name for an app without environments */
  readonly name?: string;
  /** The cluster to deploy to. @default `{ server: 'https://kubernetes.default.svc' }` */
  readonly destination?: GitOpsDestination;
  /** Automated sync, or `false` for manual syncs only. @default `{ prune: true, selfHeal: true }` */
  readonly automated?: false | GitOpsAutomatedSync;
  /** Argo CD sync options (`Key=value`), except CreateNamespace (see `createNamespace`). @default `['ServerSideApply=true']` */
  readonly syncOptions?: readonly string[];
  /**
   * Argo CD creates the System's namespace with the labels and annotations of its Namespace object.
   * @default true for source `helm` (the chart holds no Namespace), false for `manifests` (they do)
   */
  readonly createNamespace?: boolean;
  /** Retry failed syncs. @default no retry */
  readonly retry?: GitOpsRetry;
  /** Deleting the Application deletes its objects (Argo CD's resources finalizer). @default false: they stay */
  readonly cascadeDelete?: boolean;
  /** Annotate every object of the System with its Argo CD sync wave (see sync-waves.ts). @default true */
  readonly syncWaves?: boolean;
}

export const _OPTIONS_KEYS = _keys('GitOpsOptions', [
  'repoURL',
  'targetRevision',
  'outputPath',
  'source',
  'valueFiles',
  'values',
  'releaseName',
  'argocdNamespace',
  'project',
  'name',
  'destination',
  'automated',
  'syncOptions',
  'createNamespace',
  'retry',
  'cascadeDelete',
  'syncWaves',
]);

/** {@link GitOpsOptions} with every default applied and every value checked. */
export interface ResolvedGitOps {
  readonly name: string;
  readonly repoURL: string;
  readonly targetRevision: string;
  readonly path: string;
  readonly source: GitOpsSource;
  readonly helm?: {
    readonly releaseName: string;
    readonly valueFiles: readonly string[];
    readonly values?: Readonly<Record<string, unknown>>;
  };
  readonly argocdNamespace: string;
  readonly project: string;
  readonly destination: { readonly server: string } | { readonly name: string };
  readonly automated: false | Required<GitOpsAutomatedSync>;
  readonly syncOptions: readonly string[];
  readonly createNamespace: boolean;
  readonly retry?: GitOpsRetry;
  readonly cascadeDelete: boolean;
  readonly syncWaves: boolean;
}
