import * as yaml from 'js-yaml';
import type { SynthesizedSystem } from './app';
import { renderChart } from './helm/chart';
import type { KubeObject } from './synth';

/** Output tree: path relative to the output directory -> file content. */
export type OutputTree = Map<string, string>;

/**
 * Multi-document YAML. js-yaml is ~5x faster than the `yaml` package cdk8s uses, deterministic
 * for a given object, and quotes YAML 1.1 look-alikes ('yes', '0755', '1e3') that kubectl's
 * parser would otherwise turn into booleans or numbers.
 */
export function toYaml(objects: readonly KubeObject[]): string {
  return objects.map((o) => yaml.dump(o, { noRefs: true, lineWidth: -1 })).join('---\n');
}

/** Every System as `<dir>/<file>.yaml` plus its Helm chart under `helm/<dir>/` (see `SynthesizedSystem.dir`). */
export function renderOutput(systems: readonly SynthesizedSystem[]): OutputTree {
  const tree: OutputTree = new Map();
  for (const s of systems) {
    for (const f of s.files) tree.set(`${s.dir}/${f.name}`, toYaml(f.objects));
    // A release cannot own the namespace it is stored in: the Namespace is applied before the chart, and
    // the chart's objects go to the release namespace (`helm install -n <any>`), not a hard-coded one.
    for (const [rel, content] of renderChart(s, toYaml).files) tree.set(`helm/${s.dir}/${rel}`, content);
  }
  return tree;
}
