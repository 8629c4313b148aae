/**
 * `synthesizeApp`: the app's Systems of every environment, in pipeline order: build them (the app's `build`),
 * check what it added, resolve each System's chart, then its GitOps step, files and Application. No file I/O.
 */
import { App } from 'cdk8s';
import { System } from '../../constructs';
import { _fail } from '../../constructs/_errors';
import { _checkKeys } from '../../constructs/_keys';
import { _string, _strings } from '../../constructs/_types';
import {
  _CHART_KEYS,
  _isAppLabel,
  checkApp,
  OUTPUT_FOLDERS,
  type ChartMetadata,
  type ShipshapeApp,
} from './contract';
import {
  declaredSecrets,
  synthesizeFiles,
  type DeclaredSecret,
  type KubeObject,
  type SynthesizedFile,
} from './files';
import { argoApplication, checkOutputDir } from './gitops/application';
import { resolveGitOps } from './gitops/settings';
import { addSyncWaves } from './gitops/sync-waves';
import { checkSinglePeers } from './peer-copies';

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

const APP = { node: { path: 'app' } };

/** The app's Systems in every (or the selected) environment: built, checked and rendered to JSON, no file I/O. */
export function synthesizeApp(app: ShipshapeApp, options: SynthesizeOptions = {}): SynthesizedSystem[] {
  checkApp(app, 'app');
  const known = app.environments ?? [];
  const selected = options.environments ?? (app.environments ? known : [undefined]);
  const out: SynthesizedSystem[] = [];
  for (const env of selected) {
    if (env !== undefined && !known.includes(env)) {
      _fail(
        APP,
        'environments',
        `must each be one of ${known.join(', ') || '(none: the app has no environments)'}`,
        env,
      );
    }
    out.push(...synthesizeEnvironment(app, env, options.chartDefaults ?? {}));
  }
  return out;
}

/**
 * One environment, stage by stage: build the Systems, resolve their charts, then for each System its GitOps
 * settings, sync waves, files and Application.
 */
function synthesizeEnvironment(
  app: ShipshapeApp,
  env: string | undefined,
  defaults: ChartMetadata,
): SynthesizedSystem[] {
  const systems = buildSystems(app, env);
  const charts = systems.map((s) => {
    const meta = app.chart?.(s, env);
    if (meta !== null && typeof meta === 'object') _checkKeys(s, 'chart()', meta, _CHART_KEYS);
    return resolveChart(s, env, { ...defaults, ...meta });
  });
  const seen = new Set<string>();
  const applications = new Set<string>();
  const namespaces = new Map<string, System>();
  for (const system of systems) {
    const first = namespaces.get(system.namespace);
    // Each would emit the Namespace and the namespace-wide policies, and their objects could share names.
    if (first !== undefined) {
      _fail(
        system,
        'namespace',
        `must be unique among the Systems of environment ${env ?? '(none)'}, but ${first.node.path} already uses it`,
        system.namespace,
        'Give each System a namespace of its own, or make them one System',
      );
    }
    namespaces.set(system.namespace, system);
  }
  return systems.map((system, i) => {
    const chart = charts[i]!;
    if (seen.has(chart.name)) {
      _fail(
        system,
        'chart().name',
        'must be unique within an environment',
        chart.name,
        'Give the Systems distinct ids or chart names',
      );
    }
    seen.add(chart.name);
    if (env === undefined && chart.name in OUTPUT_FOLDERS) {
      _fail(
        system,
        'chart().name',
        `must not be 'helm' or 'argocd' in an app without environments: dist/${chart.name}/ holds ${OUTPUT_FOLDERS[chart.name]}`,
        chart.name,
        "Return another { name } from the app's chart()",
      );
    }
    const dir = env === undefined ? chart.name : systems.length === 1 ? env : `${env}/${chart.name}`;
    // GitOps settings (checked), then the sync waves on the constructs, then rendering, then the Application.
    const gitops = resolveGitOps(system, env, { name: chart.name, dir }, app.gitops?.(system, env));
    if (gitops !== undefined) checkOutputDir(system, env, dir);
    if (gitops?.syncWaves) addSyncWaves(system);
    const files = synthesizeFiles(system);
    const objects = files.flatMap((f) => f.objects);
    const application =
      gitops && argoApplication(gitops, { namespace: system.namespace, chartName: chart.name, objects });
    if (application) {
      const id = `${application.metadata.namespace ?? ''}/${application.metadata.name}`;
      if (applications.has(id)) {
        _fail(
          system,
          'gitops.name',
          `must be unique within an environment and Argo CD namespace ${application.metadata.namespace ?? ''}`,
          application.metadata.name,
          'Give the Systems distinct gitops names',
        );
      }
      applications.add(id);
    }
    return {
      environment: env,
      dir,
      chart,
      files,
      objects,
      secrets: declaredSecrets(system),
      system,
      ...(application && { application }),
    };
  });
}

/** Runs the app's `build` for one environment in a fresh cdk8s `App`; the Systems it added, checked. */
function buildSystems(app: ShipshapeApp, env: string | undefined): System[] {
  const scope = new App({ outdir: '.shipshape-unused' });
  app.build(scope, env);
  // After build: the app has loaded whatever cdk8s it imports by now.
  checkSinglePeers();
  const where = { node: { path: env === undefined ? 'app' : `app (environment ${env})` } };
  const systems = scope.node.children.filter((c): c is System => System.isSystem(c));
  const strays = scope.node.children.filter((c) => !System.isSystem(c));
  if (strays.length > 0) {
    const stray = strays[0]!;
    _fail(
      where,
      'build',
      'must add only Systems to the scope',
      stray,
      stray.constructor.name === 'System'
        ? 'It is a System from another copy of shipshape: install one copy (npm ls shipshape)'
        : 'Put other constructs inside a System',
    );
  }
  if (systems.length === 0) {
    _fail(where, 'build', 'must add at least one System to the scope', scope.node.children);
  }
  return systems;
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
  if (typeof name === 'string' && name.length > 53)
    _fail(
      system,
      'chart().name',
      'must be at most 53 characters',
      name,
      "Return { name } from the app's chart()",
    );
  if (!_isAppLabel(String(name))) {
    _fail(
      system,
      'chart().name',
      'must be a DNS label of at most 53 characters',
      name,
      "Return { name } from the app's chart()",
    );
  }
  const version = meta.version ?? '0.1.0';
  if (!/^\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?(\+[0-9A-Za-z.-]+)?$/.test(version)) {
    _fail(system, 'chart().version', 'must be SemVer', version);
  }
  const text = (key: 'appVersion' | 'description') =>
    meta[key] === undefined ? undefined : _string(system, `chart().${key}`, meta[key]);
  const appVersion = text('appVersion');
  const description = text('description');
  return {
    name,
    version,
    appVersion: appVersion ?? version,
    description: `${description ?? name}${env === undefined ? '' : `, ${env} environment`}`,
    // A string would be spread into one keyword per character.
    keywords:
      meta.keywords === undefined ? [name, 'shipshape'] : _strings(system, 'chart().keywords', meta.keywords),
  };
}

/** A System's files and Application once its GitOps settings (if any) are applied. */
export interface GitOpsOutput {
  /** The files, with sync-wave annotations when the System has GitOps and keeps `syncWaves` on. */
  readonly files: readonly SynthesizedFile[];
  /** The Application; `undefined` without GitOps. */
  readonly application?: KubeObject;
}

/**
 * The pipeline's GitOps step for one System: resolves what the app's `gitops` returns for it, annotates its
 * objects with sync waves, renders its files and builds its Application. Without settings it renders the
 * files as they are.
 */
export function applyGitOps(
  settings: unknown,
  system: System,
  environment: string | undefined,
  chart: { readonly name: string; readonly dir: string },
): GitOpsOutput {
  // The same stages as synthesizeEnvironment, for one System (in-process callers).
  const gitops = resolveGitOps(system, environment, chart, settings);
  if (gitops !== undefined) checkOutputDir(system, environment, chart.dir);
  if (gitops?.syncWaves) addSyncWaves(system);
  const files = synthesizeFiles(system);
  if (gitops === undefined) return { files };
  const objects = files.flatMap((f) => f.objects);
  return {
    files,
    application: argoApplication(gitops, { namespace: system.namespace, chartName: chart.name, objects }),
  };
}
