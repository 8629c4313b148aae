import * as fs from 'node:fs';
import * as path from 'node:path';
import * as k8s from '@pulumi/kubernetes';
import * as pulumi from '@pulumi/pulumi';
import type { KubeObject } from '../../synth';
import { KubernetesObjects, type PrerequisiteScope } from './kubernetes-objects';

export interface HelmAppArgs {
  /** Directory of the synthesized chart, `dist/helm/<environment>`. */
  readonly chartPath: string;
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
        namespace: args.namespace,
        createNamespace: false,
        timeout: 900,
      },
      { parent: this, provider: args.provider, dependsOn: [this.namespace, ...(args.dependsOn ?? [])] },
    );
    this.registerOutputs({ status: this.release.status });
  }
}
