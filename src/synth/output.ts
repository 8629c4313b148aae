import type { SynthesizedSystem } from './synthesize';
import { applicationFile } from './gitops/application';
import { renderChart, type RenderedChart } from './helm/chart';
import { coalesce, schemaProblems } from './helm/schema-check';
import { _fail } from '../../constructs/_errors';
import type { KubeObject } from './files';
import { dumpYaml } from './render/yaml';

/** Output tree: path relative to the output directory -> file content. */
export type OutputTree = Map<string, string>;

/**
 * Multi-document YAML: js-yaml's output (deterministic for a given object; YAML 1.1 look-alikes such
 * as 'yes', '0755', '1e3' quoted, which kubectl's parser would otherwise read as booleans or numbers),
 * written by `dumpYaml`, which gives the same bytes several times faster than js-yaml itself.
 */
export function toYaml(objects: readonly KubeObject[]): string {
  return objects.map(dumpYaml).join('---\n');
}

/**
 * An Application of the chart hands Helm its values (`valuesObject`) over the chart's defaults; Helm validates
 * the coalesced values against `values.schema.json`, and Argo CD's sync would fail. Checked here instead.
 */
function checkApplicationValues(s: SynthesizedSystem, chart: RenderedChart): void {
  const spec = (s.application?.['spec'] ?? {}) as { source?: { helm?: { valuesObject?: unknown } } };
  const given = spec.source?.helm?.valuesObject;
  if (given === undefined) return;
  const problems = schemaProblems(chart.schema, coalesce(chart.values, given));
  if (problems !== undefined)
    _fail(s.system, 'gitops.values', "must pass the chart's values.schema.json", given, problems);
}

/**
 * Every System as `<dir>/<file>.yaml` plus its Helm chart under `helm/<dir>/` (see `SynthesizedSystem.dir`)
 * and, with GitOps, its Argo CD Application in `argocd/<dir>.yaml`.
 */
export function renderOutput(systems: readonly SynthesizedSystem[]): OutputTree {
  const tree: OutputTree = new Map();
  for (const s of systems) {
    for (const f of s.files) tree.set(`${s.dir}/${f.name}`, toYaml(f.objects));
    // A release cannot own the namespace it is stored in: the Namespace is applied before the chart, and
    // the chart's objects go to the release namespace (`helm install -n <any>`), not a hard-coded one.
    const chart = renderChart(s, toYaml);
    for (const [rel, content] of chart.files) tree.set(`helm/${s.dir}/${rel}`, content);
    if (s.application) {
      checkApplicationValues(s, chart);
      tree.set(applicationFile(s.dir), toYaml([s.application]));
    }
  }
  return tree;
}
