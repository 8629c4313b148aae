/**
 * The Helm chart of one synthesized System: templates that read `.Values`, the environment's values with
 * their schema, a content-derived version, NOTES.txt with the entry URLs and a README with the values table.
 */
import { createHash } from 'node:crypto';
import * as yaml from 'js-yaml';
import { _valueKey } from '../../../constructs/_chart-values';
import { GatewayRef } from '../../../constructs';
import type { ResolvedChart, SynthesizedSystem } from '../synthesize';
import { NAMESPACE_FILE, type KubeObject } from '../files';
import { fileTemplate, helpersTpl, indexTargets, valueRef } from './templates';
import { resolveValues, typeOf, valuesSchema, valuesTree, valuesYaml, type ChartValueInfo } from './values';

/** A chart in memory. */
export interface RenderedChart {
  /** Files by path relative to the chart directory (`Chart.yaml`, `templates/...`). */
  readonly files: ReadonlyMap<string, string>;
  /** Chart version: the app's version plus the content hash as SemVer build metadata. */
  readonly version: string;
  /** The environment's values (what `values.yaml` holds). */
  readonly values: Readonly<Record<string, unknown>>;
  /** What `values.schema.json` holds. */
  readonly schema: Readonly<Record<string, unknown>>;
}

/**
 * `<version>+<12 hex digits of the content hash>`: the same files give the same version, any change to a
 * template, a default or the schema another. Build metadata is valid SemVer; Helm writes it as `_` in OCI tags.
 */
export function contentVersion(base: string, files: ReadonlyMap<string, string>): string {
  const h = createHash('sha256');
  for (const path of [...files.keys()].sort()) h.update(`${path}\0${files.get(path)}\0`);
  const hash = h.digest('hex').slice(0, 12);
  return `${base}${base.includes('+') ? '.' : '+'}${hash}`;
}

function chartYaml(chart: ResolvedChart, version: string): string {
  return yaml.dump(
    {
      apiVersion: 'v2',
      name: chart.name,
      description: `${chart.description} (synthesized by shipshape; apply ${NAMESPACE_FILE} first)`,
      type: 'application',
      version,
      appVersion: chart.appVersion,
      kubeVersion: '>=1.27.0-0',
      keywords: [...chart.keywords],
    },
    { lineWidth: -1 },
  );
}

/** `templates/NOTES.txt`: where the release is, its entry URLs (from the Gateways' values) and the Secrets it needs. */
function notes(s: SynthesizedSystem, values: readonly ChartValueInfo[], secretsCommand: string): string {
  const known = new Set(values.map((v) => v.key));
  const lines = [
    '{{ .Chart.Name }} {{ .Chart.AppVersion }} is release {{ .Release.Name }} (revision {{ .Release.Revision }}) in namespace {{ .Release.Namespace }}.',
  ];
  const entries = [
    ...s.system.gateways.map((g) => ({
      g,
      what: g instanceof GatewayRef ? 'routes' : 'Gateway',
      ingress: false,
    })),
    ...s.system.ingresses.map((g) => ({ g, what: 'Ingress', ingress: true })),
  ];
  if (entries.length > 0) lines.push('', 'Entry points:');
  for (const { g, what, ingress } of entries) {
    const c = _valueKey(g.name);
    // An Ingress's TLS can be switched off by value; a Gateway's is fixed at synth time (it shapes the listeners).
    const scheme =
      ingress && known.has(`${c}.tls`)
        ? `{{ if ${valueRef(`${c}.tls`)}.enabled }}https{{ else }}http{{ end }}`
        : g.tlsEnabled
          ? 'https'
          : 'http';
    if (known.has(`${c}.hosts`)) {
      lines.push(
        `{{- range ${valueRef(`${c}.hosts`)} }}`,
        `  ${scheme}://{{ . }}/   (${what} ${g.name})`,
        '{{- end }}',
      );
    } else {
      lines.push(`  ${scheme}://<any host>/   (${what} ${g.name})`);
    }
  }
  const outside = s.secrets.filter((x) => !x.external);
  if (outside.length > 0) {
    lines.push(
      '',
      'Secrets the release reads and nothing in it creates (create them in {{ .Release.Namespace }}):',
    );
    for (const x of outside) lines.push(`  ${x.name} (${x.keys.map((k) => k.key).join(', ')})`);
    lines.push(`  e.g. ${secretsCommand}`);
  }
  return `${lines.join('\n')}\n`;
}

function table(values: readonly ChartValueInfo[]): string {
  const cell = (s: string) => s.replace(/\|/g, '\\|');
  const rows = values.map(
    (v) => `| ${v.key} | ${typeOf(v)} | \`${cell(JSON.stringify(v.default))}\` | ${cell(v.description)} |`,
  );
  return ['| Key | Type | Default | Description |', '|-----|------|---------|-------------|', ...rows].join(
    '\n',
  );
}

/** ` --set <a scalar value>=<its default>`, the README's example override, if the chart has a scalar value. */
function example(values: readonly ChartValueInfo[]): string {
  const v = values.find((x) => typeof x.default === 'number' || typeof x.default === 'string');
  return v ? ` --set ${v.key}=${String(v.default)}` : '';
}

function readme(chart: ResolvedChart, s: SynthesizedSystem, values: readonly ChartValueInfo[]): string {
  return `# ${chart.name}

${chart.description}. Synthesized by [shipshape](https://www.npmjs.com/package/shipshape) from the constructs:
do not edit; change the app and run \`shipshape synth\`.

**Version:** see \`Chart.yaml\` (the app's version plus a content hash) · **AppVersion:** ${chart.appVersion} ·
**Kubernetes:** >= 1.27

## Install

The chart holds every object of the System except its Namespace: a release cannot own the namespace it is
stored in. Create the namespace labeled for Pod Security "restricted" (as \`${s.dir}/${NAMESPACE_FILE}\` is),
then install into it:

\`\`\`sh
helm upgrade --install ${chart.name} . -n <namespace> -f my-values.yaml${example(values)}
helm history ${chart.name} -n <namespace> && helm rollback ${chart.name} 1 -n <namespace>
\`\`\`

\`values.schema.json\` holds the rules the constructs enforce: Helm refuses a value they would refuse.
Set strings that look like numbers (image tags such as \`1\`) with \`--set-string\`.

## Values

${values.length > 0 ? table(values) : 'None.'}
`;
}

/** Renders the chart of `s`; `dump` turns objects into YAML (the same dumper as the plain manifests). */
export function renderChart(
  s: SynthesizedSystem,
  dump: (objects: readonly KubeObject[]) => string,
  secretsCommand = `npx shipshape secrets <app> --env ${s.environment ?? '<env>'} --namespace {{ .Release.Namespace }}`,
): RenderedChart {
  const resolved = resolveValues(s);
  const { values } = resolved;
  const files = new Map<string, string>();
  const where = s.environment === undefined ? '' : ` (${s.environment} environment)`;
  const header = `Values of the ${s.chart.name} chart${where}, synthesized by shipshape from the constructs.
Each key is described in README.md; values.schema.json refuses what the constructs would refuse.`;
  files.set('values.yaml', valuesYaml(values, header));
  const schema = valuesSchema(values, `${s.chart.name} values`);
  files.set('values.schema.json', `${JSON.stringify(schema, null, 2)}\n`);
  files.set('README.md', readme(s.chart, s, values));
  files.set('templates/_helpers.tpl', helpersTpl(s.chart.name));
  files.set('templates/NOTES.txt', notes(s, values, secretsCommand));
  const index = indexTargets(resolved, s.chart.name);
  for (const f of s.files) {
    if (f.name === NAMESPACE_FILE) continue;
    files.set(`templates/${f.name}`, fileTemplate(f, index, s.chart.name, s.system.namespace, dump));
  }
  const base = new Map(files);
  base.set('Chart.yaml', chartYaml(s.chart, s.chart.version));
  const version = contentVersion(s.chart.version, base);
  files.set('Chart.yaml', chartYaml(s.chart, version));
  return {
    files: new Map([...files].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))),
    version,
    values: valuesTree(values),
    schema,
  };
}
