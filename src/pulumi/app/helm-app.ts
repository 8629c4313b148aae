import * as fs from 'node:fs';
import * as path from 'node:path';
import * as k8s from '@pulumi/kubernetes';
import * as pulumi from '@pulumi/pulumi';
import type { RenderedChart } from '../../synth/helm/chart';
import type { KubeObject } from '../../synth/files';
import { KubernetesObjects, type PrerequisiteScope } from './kubernetes-objects';

export interface HelmAppArgs {
  /** Directory of the synthesized chart, `dist/helm/<environment>`. */
  readonly chartPath: string;
  /** Values of the release (the environment's, plus the stack's overrides). @default the chart's values.yaml */
  readonly values?: Readonly<Record<string, unknown>>;
  /** Helm release name (what `helm history` / `helm rollback` take). */
  readonly releaseName: string;
  /** Namespace of the release: the profile's namespace. */
  readonly namespace: string;
  /** The synthesized Namespace object(s), applied by Pulumi before the release. */
  readonly namespaceObjects: readonly KubeObject[];
  /** Creates what must exist in the namespace before the release (the Secrets Pulumi adds). */
  readonly prerequisites?: (scope: PrerequisiteScope) => readonly pulumi.Resource[];
  /** What the release waits for (the platform: CRDs, ingress controller). */
  readonly dependsOn?: readonly pulumi.Resource[];
  /** Provider of the target cluster. */
  readonly provider: k8s.Provider;
}

function filesUnder(dir: string, rel = ''): string[] {
  return fs
    .readdirSync(path.join(dir, rel), { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? filesUnder(dir, path.join(rel, e.name)) : [path.join(rel, e.name)]));
}

/** The first difference between the chart directory `dir` and `chart`, or `undefined` when they are the same. */
export function chartDifference(dir: string, chart: RenderedChart): string | undefined {
  if (!fs.existsSync(path.join(dir, 'Chart.yaml'))) return 'no Chart.yaml';
  const onDisk = filesUnder(dir).map((f) => f.split(path.sep).join('/'));
  const extra = onDisk.filter((f) => !chart.files.has(f)).sort()[0];
  if (extra !== undefined) return `${extra} is not in the synthesized chart`;
  for (const [rel, content] of chart.files) {
    const file = path.join(dir, rel);
    if (!fs.existsSync(file)) return `${rel} is missing`;
    if (fs.readFileSync(file, 'utf8') !== content) return `${rel} differs`;
  }
  return undefined;
}

/**
 * The directory Helm mode installs `chart` from. Without `chartPath`: the synthesized chart, written under
 * `<projectRoot>/node_modules/.cache/shipshape/charts/<name>-<version>` (the version carries the content hash,
 * so the path is stable while the chart is, and a new chart is a new path Pulumi sees). With `chartPath`: that
 * directory, refused unless it holds exactly the synthesized chart (a stale copy would ship silently).
 */
export function chartDirectory(chart: RenderedChart, projectRoot: string, chartPath?: string): string {
  if (chartPath !== undefined) {
    const dir = path.resolve(projectRoot, chartPath);
    const difference = chartDifference(dir, chart);
    if (difference !== undefined) {
      throw new Error(
        `app.chartPath ${dir} is not the chart this run synthesizes (${difference}): run shipshape synth (npm run synth) to refresh it, or unset app.chartPath to install the synthesized chart`,
      );
    }
    return dir;
  }
  const name = (/^name: (.*)$/m.exec(chart.files.get('Chart.yaml') ?? '')?.[1] ?? 'chart').trim();
  const dir = path.join(
    projectRoot,
    'node_modules',
    '.cache',
    'shipshape',
    'charts',
    `${name}-${chart.version}`,
  );
  if (chartDifference(dir, chart) === undefined) return dir;
  const tmp = `${dir}.tmp-${process.pid}`;
  fs.rmSync(tmp, { recursive: true, force: true });
  for (const [rel, content] of chart.files) {
    fs.mkdirSync(path.dirname(path.join(tmp, rel)), { recursive: true });
    fs.writeFileSync(path.join(tmp, rel), content);
  }
  fs.rmSync(dir, { recursive: true, force: true });
  fs.renameSync(tmp, dir);
  return dir;
}

/** Fails unless `chartPath` holds a chart whose templates leave the namespace to this component. */
export function checkChart(chartPath: string): void {
  if (!fs.existsSync(path.join(chartPath, 'Chart.yaml'))) {
    throw new Error(`no Helm chart at ${chartPath} (Chart.yaml missing): run npm run synth first`);
  }
  const templates = path.join(chartPath, 'templates');
  const files = fs.existsSync(templates) ? fs.readdirSync(templates) : [];
  for (const file of files.filter((f) => /\.ya?ml$/.test(f))) {
    if (/^kind:\s*Namespace\s*$/m.test(fs.readFileSync(path.join(templates, file), 'utf8'))) {
      throw new Error(
        `chart ${chartPath} templates a Namespace (${file}); Helm mode creates the namespace itself, ` +
          'before the Secrets the chart reads, so the chart must not contain it',
      );
    }
  }
}

/**
 * Helm mode: the environment's synthesized chart as one `helm.v3.Release`, so `helm history` and
 * `helm rollback` work. Pulumi applies the Namespace (from the synthesized objects, with its labels) and
 * the Secrets first; the release therefore does not create the namespace.
 */
export class HelmApp extends pulumi.ComponentResource {
  /** The release. */
  readonly release: k8s.helm.v3.Release;
  /** The Namespace and prerequisites. */
  readonly namespace: KubernetesObjects;

  constructor(name: string, args: HelmAppArgs, opts?: pulumi.ComponentResourceOptions) {
    super('shipshape:app:HelmApp', name, {}, opts);
    checkChart(args.chartPath);
    const stray = args.namespaceObjects.filter((o) => o.kind !== 'Namespace');
    if (stray.length > 0)
      throw new Error(`HelmApp.namespaceObjects must be Namespaces (got ${stray[0]?.kind})`);

    this.namespace = new KubernetesObjects(
      `${name}-namespace`,
      { objects: args.namespaceObjects, provider: args.provider, prerequisites: args.prerequisites },
      { parent: this },
    );
    this.release = new k8s.helm.v3.Release(
      name,
      {
        name: args.releaseName,
        chart: args.chartPath,
        ...(args.values && { values: args.values as Record<string, pulumi.Input<unknown>> }),
        namespace: args.namespace,
        createNamespace: false,
        timeout: 900,
      },
      { parent: this, provider: args.provider, dependsOn: [this.namespace, ...(args.dependsOn ?? [])] },
    );
    this.registerOutputs({ status: this.release.status });
  }
}
