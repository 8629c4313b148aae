/** validatePaths: loadManifests + validateObjects, with YAML syntax errors as `yaml-syntax` findings. */
import { loadManifestFiles, type SyntaxProblem } from './load';
import { makeFinding } from './subject';
import type { Finding, ValidateOptions } from './types';
import { validateObjects } from './validate';

export interface PathsResult {
  readonly findings: Finding[];
  /** Number of Kubernetes documents read. */
  readonly objects: number;
  readonly files: readonly string[];
}

/** Throws ManifestLoadError when a path cannot be read. */
/** YAML syntax errors as `yaml-syntax` findings. */
export function syntaxFindings(problems: readonly SyntaxProblem[]): Finding[] {
  return problems.map((e) =>
    makeFinding(
      'yaml-syntax',
      { apiVersion: '', kind: '' },
      { object: undefined, file: e.file, line: e.line },
      '',
      e.message,
    ),
  );
}

export function validatePaths(paths: readonly string[], options: ValidateOptions = {}): PathsResult {
  const loaded = loadManifestFiles(paths);
  const syntax = options.skipRules?.includes('yaml-syntax') ? [] : syntaxFindings(loaded.syntaxErrors);
  const findings = [...syntax, ...validateObjects(loaded.documents, options)];
  const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
  // Merge syntax findings into file/line order (validateObjects' own order is already sorted that way).
  findings.sort((a, b) => cmp(a.file ?? '', b.file ?? '') || (a.line ?? 0) - (b.line ?? 0));
  return { findings, objects: loaded.documents.length, files: loaded.files };
}
