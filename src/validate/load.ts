/**
 * Reading manifests from disk: files or directories (recursive, sorted), multi-document YAML and JSON, with the
 * line of every document and of every path inside it. YAML is read as YAML 1.1 like kubectl (yes/no/on/off are
 * booleans, 0755 is octal) but without timestamps or base-60 numbers, which Kubernetes' decoder keeps as
 * strings. Directory walks skip Helm charts (a directory with Chart.yaml: its templates are not YAML until
 * rendered; validate `helm template` output instead), hidden directories and node_modules.
 */
import * as fs from 'fs';
import * as path from 'path';
import { isMap, isScalar, isSeq, LineCounter, parseAllDocuments, type Node, type Tags } from 'yaml';
import { child, index } from './path';
import type { ManifestDocument } from './types';

const MANIFEST_EXTENSIONS: ReadonlySet<string> = new Set(['.yaml', '.yml', '.json']);
const NOT_MANIFESTS: ReadonlySet<string> = new Set([
  'Chart.yaml',
  'Chart.lock',
  'values.yaml',
  'values.schema.json',
]);

/** A YAML syntax error, with its place. */
export interface SyntaxProblem {
  readonly file: string;
  readonly line: number;
  readonly message: string;
}

/** Thrown for a path that cannot be read, and by loadManifests for a YAML syntax error. */
export class ManifestLoadError extends Error {
  constructor(
    message: string,
    readonly file: string,
    readonly line?: number,
  ) {
    super(message);
    this.name = 'ManifestLoadError';
  }
}

export interface LoadResult {
  readonly documents: ManifestDocument[];
  readonly syntaxErrors: SyntaxProblem[];
  readonly files: string[];
}

/** The manifest files under the paths: files as given, directories walked recursively, in sorted order. */
export function manifestFiles(paths: readonly string[]): string[] {
  const out: string[] = [];
  for (const p of paths) {
    let stat: fs.Stats;
    try {
      stat = fs.statSync(p);
    } catch (e) {
      throw new ManifestLoadError(`cannot read ${p}: ${(e as NodeJS.ErrnoException).code ?? String(e)}`, p);
    }
    if (stat.isDirectory()) walk(p, out);
    else out.push(p);
  }
  return out;
}

function walk(dir: string, out: string[]): void {
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(dir, { withFileTypes: true });
  } catch (e) {
    throw new ManifestLoadError(
      `cannot read directory ${dir}: ${(e as NodeJS.ErrnoException).code ?? String(e)}`,
      dir,
    );
  }
  if (entries.some((e) => e.isFile() && e.name === 'Chart.yaml')) return;
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const e of entries) {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) {
      if (!e.name.startsWith('.') && e.name !== 'node_modules') walk(full, out);
    } else if (e.isFile() && MANIFEST_EXTENSIONS.has(path.extname(e.name)) && !NOT_MANIFESTS.has(e.name)) {
      out.push(full);
    }
  }
}

/** YAML 1.1 tags that Kubernetes' decoder does not apply (timestamps, base-60 numbers stay strings). */
function isKubernetesString(tag: Tags[number]): boolean {
  if (typeof tag === 'string') return tag === 'timestamp' || tag === 'intTime' || tag === 'floatTime';
  return tag.tag === 'tag:yaml.org,2002:timestamp' || ('format' in tag && tag.format === 'TIME');
}

/** Parses one file's text into documents (empty documents are dropped) and syntax problems. */
export function parseManifestText(
  text: string,
  file: string,
): { documents: ManifestDocument[]; syntaxErrors: SyntaxProblem[] } {
  const lineCounter = new LineCounter();
  const docs = parseAllDocuments(text, {
    version: '1.1',
    lineCounter,
    prettyErrors: false,
    uniqueKeys: true,
    customTags: (tags) => tags.filter((t) => !isKubernetesString(t)),
  });
  const documents: ManifestDocument[] = [];
  const syntaxErrors: SyntaxProblem[] = [];
  const lineAt = (offset: number): number => lineCounter.linePos(offset).line;
  for (const doc of Array.isArray(docs) ? docs : []) {
    if (doc.errors.length > 0) {
      for (const err of doc.errors) {
        syntaxErrors.push({
          file,
          line: err.linePos?.[0].line ?? lineAt(err.pos[0]),
          message: err.message.split('\n')[0] ?? err.message,
        });
      }
      continue;
    }
    const object: unknown = doc.toJS({ maxAliasCount: 1000 });
    if (object === null || object === undefined) continue;
    const lines = new Map<string, number>();
    const contents = doc.contents;
    if (contents) recordLines(contents, '', lines, lineAt);
    const line = contents?.range ? lineAt(contents.range[0]) : 1;
    lines.set('', line);
    documents.push({ object, file, line, lines });
  }
  return { documents, syntaxErrors };
}

function recordLines(
  node: Node,
  p: string,
  lines: Map<string, number>,
  lineAt: (offset: number) => number,
): void {
  if (isMap(node)) {
    for (const pair of node.items) {
      const key = pair.key;
      if (!isScalar(key) || key.value === '<<') continue;
      const kp = child(p, String(key.value));
      if (key.range) lines.set(kp, lineAt(key.range[0]));
      if (pair.value && typeof pair.value === 'object' && 'range' in pair.value)
        recordLines(pair.value as Node, kp, lines, lineAt);
    }
  } else if (isSeq(node)) {
    node.items.forEach((item, i) => {
      if (!item || typeof item !== 'object' || !('range' in item)) return;
      const ip = index(p, i);
      const n = item as Node;
      if (n.range) lines.set(ip, lineAt(n.range[0]));
      recordLines(n, ip, lines, lineAt);
    });
  }
}

/** Reads files and directories; syntax errors are returned, not thrown. Throws ManifestLoadError for unreadable paths. */
export function loadManifestFiles(paths: readonly string[]): LoadResult {
  const files = manifestFiles(paths);
  const documents: ManifestDocument[] = [];
  const syntaxErrors: SyntaxProblem[] = [];
  for (const file of files) {
    let text: string;
    try {
      text = fs.readFileSync(file, 'utf8');
    } catch (e) {
      throw new ManifestLoadError(
        `cannot read ${file}: ${(e as NodeJS.ErrnoException).code ?? String(e)}`,
        file,
      );
    }
    const parsed = parseManifestText(text, file);
    documents.push(...parsed.documents);
    syntaxErrors.push(...parsed.syntaxErrors);
  }
  return { documents, syntaxErrors, files };
}

/**
 * Every Kubernetes document in the files and directories, in deterministic order, with file and line.
 * Throws ManifestLoadError for an unreadable path or a YAML syntax error (validatePaths reports those as findings).
 */
export function loadManifests(paths: readonly string[]): ManifestDocument[] {
  const result = loadManifestFiles(paths);
  const first = result.syntaxErrors[0];
  if (first)
    throw new ManifestLoadError(`${first.file}:${first.line}: ${first.message}`, first.file, first.line);
  return result.documents;
}
