/**
 * The app contract of `shipshape synth`: an app file exports (default export or `module.exports`) a
 * {@link ShipshapeApp}, which builds its Systems once per environment. The pipeline owns the cdk8s
 * `App`, the validation gate and the output; the app owns only its constructs.
 */
import { App } from 'cdk8s';
import { ShipshapeError, System } from '../constructs';
import { _checkKeys, _keys } from '../constructs/_keys';
import { checkSinglePeers } from './copies';
import { applyGitOps } from './gitops';
import type { GitOpsOptions } from './gitops-options';
import { declaredSecrets, type DeclaredSecret, type KubeObject, type SynthesizedFile } from './synth';

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

/** Chart metadata with every default applied. */
export interface ResolvedChart {
  readonly name: string;
  readonly version: string;
  readonly appVersion: string;
  readonly description: string;
  readonly keywords: readonly string[];
}

/** One System of one environment, synthesized in memory. */
export interface SynthesizedSystem {
  /** Environment it was built for; `undefined` for an app without environments. */
  readonly environment: string | undefined;
  /** Output folder relative to the output directory (`<env>`, `<env>/<chart>` or `<chart>`). */
  readonly dir: string;
  /** Its Helm chart metadata. */
  readonly chart: ResolvedChart;
  /** The objects grouped into files. */
  readonly files: readonly SynthesizedFile[];
  /** Every object, in file order. */
  readonly objects: readonly KubeObject[];
  /** Secrets the objects reference (names and keys, never values). */
  readonly secrets: readonly DeclaredSecret[];
  /** Its Argo CD Application (in `argocd/<dir>.yaml`), when the app declares gitops for it. */
  readonly application?: KubeObject;
  /** The construct tree (for the topology graph and deployers). */
  readonly system: System;
}

/** Options of {@link synthesizeApp}. */
export interface SynthesizeOptions {
  /** Only these environments, in this order. @default every environment of the app */
  readonly environments?: readonly string[];
  /** Chart defaults applied before the app's own metadata. @default `{ version: '0.1.0' }` */
  readonly chartDefaults?: ChartMetadata;
}

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]{0,51}[a-z0-9])?$/;
// Unknown keys are typos (`enviroments`, `appversion`) that would be silently ignored.
const APP_KEYS = _keys('ShipshapeApp', ['environments', 'build', 'chart', 'gitops']);
const CHART_KEYS = _keys('ChartMetadata', ['name', 'version', 'appVersion', 'description', 'keywords']);

/** Types the object an app file exports and checks it at run time (for JS callers). */
export function defineApp(app: ShipshapeApp): ShipshapeApp {
  // Only here: a module's exports (checkApp) may hold other names beside the app's.
  if (app !== null && typeof app === 'object')
    _checkKeys({ node: { path: 'defineApp' } }, 'props', app, APP_KEYS);
  return checkApp(app, 'defineApp');
}

/** Checks that `value` is a {@link ShipshapeApp}; `where` names its origin in the error. */
export function checkApp(value: unknown, where: string): ShipshapeApp {
  const app = value as Partial<ShipshapeApp> | null | undefined;
  if (app === null || typeof app !== 'object' || typeof app.build !== 'function') {
    throw new ShipshapeError(
      `${where}: 'build' must be a function (got ${app === null || typeof app !== 'object' ? typeof app : typeof app.build}). Export defineApp({ build(scope, env) { new MySystem(scope, 'my-system', ...) } })`,
    );
  }
  const envs = app.environments;
  if (envs !== undefined) {
    const bad =
      !Array.isArray(envs) ||
      envs.length === 0 ||
      envs.some((e) => typeof e !== 'string' || !DNS_LABEL.test(e));
    if (bad || new Set(envs).size !== envs.length) {
      throw new ShipshapeError(
        `${where}: 'environments' must be distinct DNS labels, at least one (got ${JSON.stringify(envs)}). Omit it for an app without environments`,
      );
    }
  }
  for (const key of ['chart', 'gitops'] as const) {
    if (app[key] !== undefined && typeof app[key] !== 'function') {
      throw new ShipshapeError(`${where}: '${key}' must be a function (got ${typeof app[key]})`);
    }
  }
  return app as ShipshapeApp;
}

/** The app's Systems in every (or the selected) environment: built, checked and rendered to JSON, no file I/O. */
export function synthesizeApp(app: ShipshapeApp, options: SynthesizeOptions = {}): SynthesizedSystem[] {
  checkApp(app, 'app');
  const known = app.environments ?? [];
  const selected = options.environments ?? (app.environments ? known : [undefined]);
  const out: SynthesizedSystem[] = [];
  for (const env of selected) {
    if (env !== undefined && !known.includes(env)) {
      throw new ShipshapeError(
        `app: 'environment' must be one of ${known.join(', ') || '(none: the app has no environments)'} (got '${env}')`,
      );
    }
    out.push(...synthesizeEnvironment(app, env, options.chartDefaults ?? {}));
  }
  return out;
}

function synthesizeEnvironment(
  app: ShipshapeApp,
  env: string | undefined,
  defaults: ChartMetadata,
): SynthesizedSystem[] {
  const scope = new App({ outdir: '.shipshape-unused' });
  app.build(scope, env);
  // After build: the app has loaded whatever cdk8s it imports by now.
  checkSinglePeers();
  const where = env === undefined ? 'app' : `app (environment ${env})`;
  const systems = scope.node.children.filter((c): c is System => System.isSystem(c));
  const strays = scope.node.children.filter((c) => !System.isSystem(c));
  if (strays.length > 0) {
    const stray = strays[0]!;
    const name = stray.constructor.name;
    throw new ShipshapeError(
      `${where}: 'build' must add only Systems to the scope (got ${name} '${stray.node.id}'). ` +
        (name === 'System'
          ? 'It is a System from another copy of shipshape: install one copy (npm ls shipshape)'
          : 'Put other constructs inside a System'),
    );
  }
  if (systems.length === 0) {
    throw new ShipshapeError(`${where}: 'build' must add at least one System to the scope (got none)`);
  }
  const charts = systems.map((s) => {
    const meta = app.chart?.(s, env);
    if (meta !== null && typeof meta === 'object') _checkKeys(s, 'chart()', meta, CHART_KEYS);
    return resolveChart(s, env, { ...defaults, ...meta });
  });
  const seen = new Set<string>();
  const applications = new Set<string>();
  return systems.map((system, i) => {
    const chart = charts[i]!;
    if (seen.has(chart.name)) {
      throw new ShipshapeError(
        `${system.node.path}: 'chart name' must be unique within an environment (got '${chart.name}' twice). Give the Systems distinct ids or chart names`,
      );
    }
    seen.add(chart.name);
    const dir = env === undefined ? chart.name : systems.length === 1 ? env : `${env}/${chart.name}`;
    const { files, application } = applyGitOps(app.gitops?.(system, env), system, env, {
      name: chart.name,
      dir,
    });
    if (application) {
      const id = `${application.metadata.namespace ?? ''}/${application.metadata.name}`;
      if (applications.has(id)) {
        throw new ShipshapeError(
          `${system.node.path}: 'gitops.name' must be unique within an environment (got '${application.metadata.name}' twice in namespace ${application.metadata.namespace ?? ''}). Give the Systems distinct gitops names`,
        );
      }
      applications.add(id);
    }
    return {
      environment: env,
      dir,
      chart,
      files,
      objects: files.flatMap((f) => f.objects),
      secrets: declaredSecrets(system),
      system,
      ...(application && { application }),
    };
  });
}

/** `MyShop` -> `my-shop`. */
function kebab(id: string): string {
  return id
    .replace(/([a-z0-9])([A-Z])/g, '$1-$2')
    .replace(/[^A-Za-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .toLowerCase();
}

function resolveChart(system: System, env: string | undefined, meta: ChartMetadata): ResolvedChart {
  const name = meta.name ?? kebab(system.node.id);
  if (!DNS_LABEL.test(name)) {
    throw new ShipshapeError(
      `${system.node.path}: 'chart name' must be a DNS label of at most 53 characters (got '${name}'). Return { name } from the app's chart()`,
    );
  }
  const version = meta.version ?? '0.1.0';
  if (!/^\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?(\+[0-9A-Za-z.-]+)?$/.test(version)) {
    throw new ShipshapeError(`${system.node.path}: 'chart version' must be SemVer (got '${version}')`);
  }
  return {
    name,
    version,
    appVersion: meta.appVersion ?? version,
    description: `${meta.description ?? name}${env === undefined ? '' : `, ${env} environment`}`,
    keywords: meta.keywords ?? [name, 'shipshape'],
  };
}
