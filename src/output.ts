import * as yaml from 'js-yaml';
import type { ResolvedChart, SynthesizedSystem } from './app';
import { relocate, templateNamespace } from './relocate';
import { NAMESPACE_FILE, type KubeObject } from './synth';
import { dumpYaml } from './yaml';

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

/** Every System as `<dir>/<file>.yaml` plus its Helm chart under `helm/<dir>/` (see `SynthesizedSystem.dir`). */
export function renderOutput(systems: readonly SynthesizedSystem[]): OutputTree {
  const tree: OutputTree = new Map();
  for (const s of systems) {
    for (const f of s.files) {
      tree.set(`${s.dir}/${f.name}`, toYaml(f.objects));
      // A release cannot own the namespace it is stored in: the Namespace is applied before the chart, and
      // the chart's objects go to the release namespace (`helm install -n <any>`), not a hard-coded one.
      if (f.name !== NAMESPACE_FILE) {
        const chartText = escapeHelm(toYaml(relocate(f.objects, s.system.namespace)));
        tree.set(`helm/${s.dir}/templates/${f.name}`, templateNamespace(chartText));
      }
    }
    tree.set(`helm/${s.dir}/Chart.yaml`, chartYaml(s.chart));
    tree.set(`helm/${s.dir}/values.yaml`, VALUES);
  }
  return tree;
}

const VALUES = `# This chart is synthesized by shipshape from TypeScript and takes no values:
# change src/ and run \`npm run synth\` instead.
{}
`;

function chartYaml(chart: ResolvedChart): string {
  return yaml.dump(
    {
      apiVersion: 'v2',
      name: chart.name,
      description: `${chart.description} (synthesized by shipshape; apply ${NAMESPACE_FILE} first)`,
      type: 'application',
      version: chart.version,
      appVersion: chart.appVersion,
      kubeVersion: '>=1.27.0-0',
      keywords: [...chart.keywords],
    },
    { lineWidth: -1 },
  );
}

/** Helm would evaluate `{{` in a manifest as a template action; emit it literally instead. */
function escapeHelm(text: string): string {
  return text.includes('{{') ? text.replace(/\{\{/g, '{{ "{{" }}') : text;
}
