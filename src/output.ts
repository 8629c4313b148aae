import * as yaml from 'js-yaml';
import { relocate, templateNamespace } from './relocate';
import { NAMESPACE_FILE, type KubeObject, type SynthesizedEnvironment } from './synth';

/** Output tree: path relative to the output directory -> file content. */
export type OutputTree = Map<string, string>;

/** Chart metadata of the Helm packaging. */
export interface ChartInfo {
  /** Chart version (SemVer). */
  readonly version: string;
  /** Version of the packaged application. */
  readonly appVersion: string;
}

/**
 * Multi-document YAML. js-yaml is ~5x faster than the `yaml` package cdk8s uses, deterministic
 * for a given object, and quotes YAML 1.1 look-alikes ('yes', '0755', '1e3') that kubectl's
 * parser would otherwise turn into booleans or numbers.
 */
export function toYaml(objects: readonly KubeObject[]): string {
  return objects.map((o) => yaml.dump(o, { noRefs: true, lineWidth: -1 })).join('---\n');
}

/** Every environment as `<env>/<file>.yaml` plus a Helm chart per environment under `helm/<env>/`. */
export function renderOutput(envs: readonly SynthesizedEnvironment[], chart: ChartInfo): OutputTree {
  const tree: OutputTree = new Map();
  for (const env of envs) {
    const name = env.profile.name;
    for (const f of env.files) {
      tree.set(`${name}/${f.name}`, toYaml(f.objects));
      // A release cannot own the namespace it is stored in: the Namespace is applied before the chart, and
      // the chart's objects go to the release namespace (`helm install -n <any>`), not a hard-coded one.
      if (f.name !== NAMESPACE_FILE) {
        const chartText = escapeHelm(toYaml(relocate(f.objects, env.profile.namespace)));
        tree.set(`helm/${name}/templates/${f.name}`, templateNamespace(chartText));
      }
    }
    tree.set(`helm/${name}/Chart.yaml`, chartYaml(name, chart));
    tree.set(`helm/${name}/values.yaml`, VALUES);
  }
  return tree;
}

const VALUES = `# This chart is synthesized by shipshape from TypeScript and takes no values:
# change src/ and run \`npm run synth\` instead.
{}
`;

function chartYaml(env: string, chart: ChartInfo): string {
  return yaml.dump(
    {
      apiVersion: 'v2',
      name: 'delinkcious',
      description: `Delinkcious social bookmarking system, ${env} environment (synthesized by shipshape; apply ${NAMESPACE_FILE} first)`,
      type: 'application',
      version: chart.version,
      appVersion: chart.appVersion,
      kubeVersion: '>=1.27.0-0',
      keywords: ['delinkcious', 'microservices', 'shipshape'],
    },
    { lineWidth: -1 },
  );
}

/** Helm would evaluate `{{` in a manifest as a template action; emit it literally instead. */
function escapeHelm(text: string): string {
  return text.includes('{{') ? text.replace(/\{\{/g, '{{ "{{" }}') : text;
}
