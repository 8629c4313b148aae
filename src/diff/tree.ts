/**
 * An output as `shipshape diff` reads it: the environments of a `shipshape synth` output tree (its folders of
 * YAML), each with its Argo CD Application (`argocd/<env>.yaml`) and Helm chart (`helm/<env>/`). Works on
 * any tree of that layout, whoever wrote it; chart templates are not read (they render the same objects).
 */
import * as fs from 'fs';
import * as path from 'path';
import * as yaml from 'js-yaml';
import type { KubeObject } from '../synth/files';
import { ARGOCD_DIR } from '../synth/gitops/application';

/** Output files by path relative to the output directory (what `renderOutput` returns, or a directory read). */
export type Tree = ReadonlyMap<string, string>;

/** A chart's files, parsed. */
export interface ChartFiles {
  /** `helm/<env>`. */
  readonly dir: string;
  readonly chart: Record<string, unknown>;
  /** `values.schema.json`; `undefined` when the chart has none. */
  readonly schema?: Record<string, unknown>;
  /** `values.yaml`. */
  readonly values?: Record<string, unknown>;
}

/** One environment of an output. */
export interface EnvironmentOutput {
  /** Its folder relative to the output (`production`, `production/shop`; `.` for files at the top). */
  readonly name: string;
  /** Its manifests, in file order, then its Argo CD Application. */
  readonly objects: readonly KubeObject[];
  readonly chart?: ChartFiles;
}

/** A file of the output that is not what its name says. */
export class OutputReadError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'OutputReadError';
  }
}

const HELM = 'helm';
const CHART_FILES = new Set(['Chart.yaml', 'values.schema.json', 'values.yaml']);
const isYaml = (f: string) => /\.ya?ml$/.test(f);

/** Which files of an output `shipshape diff` reads: manifests, Applications and the three chart files. */
export function isDiffInput(rel: string): boolean {
  const [top, ...rest] = rel.split('/');
  if (top === HELM) return rest.length >= 2 && !rest.includes('templates') && CHART_FILES.has(rest.at(-1)!);
  return isYaml(rel);
}

/** Reads the files of an output directory that {@link environmentsOf} uses. */
export function readOutputDir(dir: string): Tree {
  if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory()) {
    throw new OutputReadError(`${dir} is not a directory`);
  }
  const tree = new Map<string, string>();
  const walk = (rel: string) => {
    const entries = fs.readdirSync(path.join(dir, rel), { withFileTypes: true });
    for (const e of entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
      const child = rel === '' ? e.name : `${rel}/${e.name}`;
      if (e.isDirectory()) walk(child);
      else if (e.isFile() && isDiffInput(child))
        tree.set(child, fs.readFileSync(path.join(dir, child), 'utf8'));
    }
  };
  walk('');
  return tree;
}

function parseYaml(rel: string, text: string): unknown[] {
  try {
    return yaml.loadAll(text);
  } catch (e) {
    throw new OutputReadError(`${rel}: not YAML (${e instanceof Error ? e.message.split('\n')[0] : e})`);
  }
}

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** The Kubernetes objects of a YAML file (`kind: List` expanded; documents that are not objects skipped). */
function objectsOf(rel: string, text: string): KubeObject[] {
  const out: KubeObject[] = [];
  const take = (doc: unknown) => {
    if (!isRecord(doc)) return;
    if (typeof doc['kind'] === 'string' && doc['kind'].endsWith('List') && Array.isArray(doc['items'])) {
      doc['items'].forEach(take);
      return;
    }
    const meta = doc['metadata'];
    if (typeof doc['apiVersion'] === 'string' && typeof doc['kind'] === 'string' && isRecord(meta)) {
      if (typeof meta['name'] === 'string') out.push(doc as unknown as KubeObject);
    }
  };
  parseYaml(rel, text).forEach(take);
  return out;
}

function chartFile(tree: Tree, rel: string): Record<string, unknown> | undefined {
  const text = tree.get(rel);
  if (text === undefined) return undefined;
  let parsed: unknown;
  if (rel.endsWith('.json')) {
    try {
      parsed = JSON.parse(text);
    } catch (e) {
      throw new OutputReadError(`${rel}: not JSON (${e instanceof Error ? e.message : e})`);
    }
  } else {
    parsed = parseYaml(rel, text)[0];
  }
  return isRecord(parsed) ? parsed : {};
}

/** The environments of an output tree, by name, in name order. */
export function environmentsOf(tree: Tree): Map<string, EnvironmentOutput> {
  const manifests = new Map<string, KubeObject[]>();
  const applications = new Map<string, KubeObject[]>();
  const charts = new Set<string>();
  for (const [rel, text] of [...tree].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    const top = rel.split('/')[0];
    if (top === HELM) {
      if (rel.endsWith('/Chart.yaml')) charts.add(path.posix.dirname(rel).slice(HELM.length + 1));
    } else if (top === ARGOCD_DIR && rel.includes('/') && isYaml(rel)) {
      const env = rel.slice(ARGOCD_DIR.length + 1).replace(/\.ya?ml$/, '');
      applications.set(env, [...(applications.get(env) ?? []), ...objectsOf(rel, text)]);
    } else if (isYaml(rel)) {
      const env = path.posix.dirname(rel);
      manifests.set(env, [...(manifests.get(env) ?? []), ...objectsOf(rel, text)]);
    }
  }
  const names = [...new Set([...manifests.keys(), ...applications.keys(), ...charts])].sort();
  return new Map(
    names.map((name) => {
      const dir = `${HELM}/${name}`;
      const chart = charts.has(name) ? chartFile(tree, `${dir}/Chart.yaml`) : undefined;
      const schema = chartFile(tree, `${dir}/values.schema.json`);
      const values = chartFile(tree, `${dir}/values.yaml`);
      const env: EnvironmentOutput = {
        name,
        objects: [...(manifests.get(name) ?? []), ...(applications.get(name) ?? [])],
        ...(chart && { chart: { dir, chart, ...(schema && { schema }), ...(values && { values }) } }),
      };
      return [name, env];
    }),
  );
}

/** Whether environment `name` is one of `wanted` (an environment, or the Systems of one: `production/*`). */
export function isSelected(name: string, wanted: readonly string[] | undefined): boolean {
  return wanted === undefined || wanted.some((w) => name === w || name.startsWith(`${w}/`));
}
