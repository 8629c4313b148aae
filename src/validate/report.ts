/** Text and JSON rendering of findings. Input order is kept (validateObjects already sorts deterministically). */
import type { Finding, ObjectRef } from './types';

export interface Summary {
  readonly errors: number;
  readonly warnings: number;
  /** Findings an opt-out annotation acknowledges (neither errors nor warnings). */
  readonly acknowledged: number;
  readonly objects: number;
  readonly files: number;
}

export function summarize(findings: readonly Finding[], objects: number, files: number): Summary {
  let errors = 0;
  let acknowledged = 0;
  for (const f of findings) {
    if (f.acknowledged !== undefined) acknowledged++;
    else if (f.severity === 'error') errors++;
  }
  return { errors, warnings: findings.length - errors - acknowledged, acknowledged, objects, files };
}

export function describeObject(o: ObjectRef): string {
  if (o.kind === '') return '-';
  const name = o.name ?? '(unnamed)';
  return `${o.kind} ${o.namespace !== undefined ? `${o.namespace}/` : ''}${name}`;
}

/** `file:line  severity  rule  Kind ns/name  path  message (hint: ...)` */
export function formatFinding(f: Finding): string {
  const where = f.file !== undefined ? `${f.file}${f.line !== undefined ? `:${f.line}` : ''}` : '-';
  const hint =
    f.acknowledged !== undefined ? ` (acknowledged: ${f.acknowledged})` : f.hint ? ` (hint: ${f.hint})` : '';
  return [
    where,
    f.acknowledged !== undefined ? 'acknowledged' : f.severity,
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
  const acknowledged = s.acknowledged > 0 ? `, ${s.acknowledged} acknowledged` : '';
  return `${plural(s.errors, 'error')}, ${plural(s.warnings, 'warning')}${acknowledged} in ${plural(s.objects, 'object')} (${plural(s.files, 'file')})`;
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
  const shown = (f: Finding) => !options.quiet || (f.severity === 'error' && f.acknowledged === undefined);
  const lines = findings.filter(shown).map(formatFinding);
  lines.push(formatSummary(summary));
  return lines.join('\n') + '\n';
}

export function formatJson(findings: readonly Finding[], summary: Summary): string {
  return JSON.stringify({ summary, findings }, null, 2) + '\n';
}
