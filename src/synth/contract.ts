/**
 * The app contract of `shipshape synth`: an app file exports (default export or `module.exports`) a
 * {@link ShipshapeApp}, which builds its Systems once per environment. The pipeline owns the cdk8s
 * `App`, the validation gate and the output; the app owns only its constructs.
 */
import type { App } from 'cdk8s';
import type { System } from '../../constructs';
import { _fail } from '../../constructs/_errors';
import { _checkKeys, _keys } from '../../constructs/_keys';
import { isDns1123Label } from '../../constructs/names';
import type { GitOpsOptions } from './gitops/options';

/** Helm chart metadata of one System; every field is optional. */
export interface ChartMetadata {
  /** Chart name (a DNS label); also the output folder when an environment has several Systems. @default the System's construct id in kebab case */
  readonly name?: string;
  /** Chart version (SemVer); the chart written gets `+<content hash>` appended. @default `0.1.0`, or the `version` of the package.json in the working directory (CLI) */
  readonly version?: string;
  /** Version of the packaged application. @default the chart version */
  readonly appVersion?: string;
  /** One-line description; the pipeline appends the environment. @default the chart name */
  readonly description?: string;
  /** Chart keywords. @default `[name, 'shipshape']` */
  readonly keywords?: readonly string[];
}

// Unknown keys are typos (`enviroments`, `appversion`) that would be silently ignored.
export const _CHART_KEYS = _keys('ChartMetadata', [
  'name',
  'version',
  'appVersion',
  'description',
  'keywords',
]);

/** What an app file exports for `shipshape synth`. */
export interface ShipshapeApp {
  /** Environment names in synthesis order, each an output folder; omit for an app without environments. @default no environments */
  readonly environments?: readonly string[];
  /** Builds the Systems of one environment (`undefined` without environments) as children of `scope`. */
  readonly build: (scope: App, environment: string | undefined) => void;
  /** Chart metadata of each System. @default derived from the System (see {@link ChartMetadata}) */
  readonly chart?: (system: System, environment: string | undefined) => ChartMetadata;
  /**
   * How Argo CD delivers each System: the pipeline writes an Application per System to `argocd/<dir>.yaml`
   * and annotates its objects with sync waves; `undefined` for a System means no GitOps for it.
   * @default no GitOps
   */
  readonly gitops?: (system: System, environment: string | undefined) => GitOpsOptions | undefined;
}

/** The output folders the pipeline writes beside the environments' (`dist/helm/`, `dist/argocd/`). */
export const OUTPUT_FOLDERS: Readonly<Record<string, string>> = Object.assign(Object.create(null) as object, {
  helm: 'the Helm charts',
  argocd: 'the Argo CD Applications',
});

const APP_KEYS = _keys('ShipshapeApp', ['environments', 'build', 'chart', 'gitops']);

/** Types the object an app file exports and checks it at run time (for JS callers). */
export function defineApp(app: ShipshapeApp): ShipshapeApp {
  // Only here: a module's exports (checkApp) may hold other names beside the app's.
  if (app !== null && typeof app === 'object')
    _checkKeys({ node: { path: 'defineApp' } }, 'props', app, APP_KEYS);
  return checkApp(app, 'defineApp');
}

/** Checks that `value` is a {@link ShipshapeApp}; `where` names its origin in the error. */
export function checkApp(value: unknown, where: string): ShipshapeApp {
  const at = { node: { path: where } };
  const app = value as Partial<ShipshapeApp> | null | undefined;
  if (app === null || typeof app !== 'object' || typeof app.build !== 'function') {
    _fail(
      at,
      'build',
      'must be a function',
      app === null || typeof app !== 'object' ? app : app.build,
      "Export defineApp({ build(scope, env) { new MySystem(scope, 'my-system', ...) } })",
    );
  }
  const envs = app.environments;
  if (Array.isArray(envs)) {
    envs.forEach((e: unknown, i) => {
      if (typeof e === 'string' && e.length > 53)
        _fail(at, `environments[${i}]`, "must be at most 53 characters (a Helm release name's limit)", e);
      if (typeof e === 'string' && e in OUTPUT_FOLDERS) {
        _fail(
          at,
          `environments[${i}]`,
          `must not be 'helm' or 'argocd': dist/${e}/ holds ${OUTPUT_FOLDERS[e]}`,
          e,
          'Rename the environment',
        );
      }
    });
  }
  if (envs !== undefined) {
    const bad = !Array.isArray(envs) || envs.length === 0 || envs.some((e) => !_isAppLabel(e));
    if (bad || new Set(envs).size !== envs.length) {
      _fail(
        at,
        'environments',
        'must be distinct DNS labels, at least one',
        envs,
        'Omit it for an app without environments',
      );
    }
  }
  for (const key of ['chart', 'gitops'] as const) {
    if (app[key] !== undefined && typeof app[key] !== 'function')
      _fail(at, key, 'must be a function', app[key]);
  }
  return app as ShipshapeApp;
}

/** An environment or chart name: a DNS label of at most 53 characters (a Helm release name's limit). */
export function _isAppLabel(s: unknown): s is string {
  return typeof s === 'string' && s.length <= 53 && isDns1123Label(s);
}
