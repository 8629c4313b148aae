/** Text and JSON rendering of findings. Input order is kept (validateObjects already sorts deterministically). */
import type { Finding, ObjectRef } from './types';

export interface Summary {
  readonly errors: number;
  readonly warnings: number;
  readonly objects: number;
  readonly files: number;
}

export function summarize(findings: readonly Finding[], objects: number, files: number): Summary {
  let errors = 0;
  for (const f of findings) if (f.severity === 'error') errors++;
  return { errors, warnings: findings.length - errors, objects, files };
}

export function describeObject(o: ObjectRef): string {
  if (o.kind === '') return '-';
  const name = o.name ?? '(unnamed)';
  return `${o.kind} ${o.namespace !== undefined ? `${o.namespace}/` : ''}${name}`;
}

/** `file:line  severity  rule  Kind ns/name  path  message (hint: ...)` */
export function formatFinding(f: Finding): string {
  const where = f.file !== undefined ? `${f.file}${f.line !== undefined ? `:${f.line}` : ''}` : '-';
  const hint = f.hint ? ` (hint: ${f.hint})` : '';
  return [
    where,
    f.severity,
    f.ruleId,
    describeObject(f.object),
    f.path === '' ? '-' : f.path,
    f.message + hint,
  ].join('  ');
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

export function formatSummary(s: Summary): string {
  return `${plural(s.errors, 'error')}, ${plural(s.warnings, 'warning')} in ${plural(s.objects, 'object')} (${plural(s.files, 'file')})`;
}

export interface TextOptions {
  /** Print errors only (the summary still counts warnings). */
  readonly quiet?: boolean;
}

export function formatText(
  findings: readonly Finding[],
  summary: Summary,
  options: TextOptions = {},
): string {
  const lines = findings.filter((f) => !options.quiet || f.severity === 'error').map(formatFinding);
  lines.push(formatSummary(summary));
  return lines.join('\n') + '\n';
}

export function formatJson(findings: readonly Finding[], summary: Summary): string {
  return JSON.stringify({ summary, findings }, null, 2) + '\n';
}
