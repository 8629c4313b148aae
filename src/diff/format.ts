/**
 * The three forms of a report: Markdown for a pull-request comment (a summary line, then one collapsed
 * `<details>` per environment, risky items first), plain text for a terminal, and JSON for tools.
 */
import { outline, type Line, type Section } from './outline';
import type { DiffReport } from './report';

/** The formats `--format` takes. */
export type DiffFormat = 'text' | 'markdown' | 'json';

/** Every value `--format` takes. */
export const DIFF_FORMATS: readonly DiffFormat[] = ['text', 'markdown', 'json'];

/** The first line of every Markdown report: CI finds its earlier comment by it. */
export const MARKDOWN_MARKER = '<!-- shipshape-diff -->';

/** Lines per section in Markdown (a comment holds at most 65,536 characters); the JSON has them all. */
const MARKDOWN_LINES = 40;

/** Markdown prose: characters that would start markup are escaped. */
function prose(s: string): string {
  return s.replace(/[\\`*_<>[\]|#]/g, (c) => `\\${c}`);
}

/** A code span that holds any text (a longer fence when the text has backticks). */
function codeSpan(s: string): string {
  const longest = Math.max(0, ...[...s.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = '`'.repeat(longest + 1);
  const pad = s.startsWith('`') || s.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${s}${pad}${fence}`;
}

function markdownLine(line: Line): string {
  return line
    .map((s) =>
      typeof s === 'string' ? prose(s) : 'code' in s ? codeSpan(s.code) : `**${prose(s.strong)}**`,
    )
    .join('');
}

function markdownSection(s: Section): string[] {
  const shown = s.lines.slice(0, MARKDOWN_LINES).map((l) => `- ${markdownLine(l)}`);
  const more = s.lines.length - shown.length;
  return [
    `**${prose(s.title)}** (${s.lines.length})`,
    '',
    ...shown,
    ...(more > 0 ? [`- … and ${more} more (see \`--format json\`)`] : []),
    '',
  ];
}

/** The report as a pull-request comment. */
export function formatMarkdown(report: DiffReport): string {
  const o = outline(report);
  const out = [MARKDOWN_MARKER, `### shipshape diff: ${prose(o.title)}`, '', `**${prose(o.summary)}**`, ''];
  for (const e of o.environments) {
    out.push(`- **${prose(e.name)}**: ${e.risky ? '⚠️ ' : ''}${prose(e.headline)}`);
  }
  out.push('');
  for (const e of o.environments) {
    if (e.sections.length === 0) continue;
    out.push(
      '<details>',
      `<summary><b>${prose(e.name)}</b>: ${e.risky ? '⚠️ ' : ''}${prose(e.headline)}</summary>`,
      '',
      ...e.sections.flatMap(markdownSection),
      '</details>',
      '',
    );
  }
  return `${out.join('\n').trimEnd()}\n`;
}

function textLine(line: Line): string {
  return line.map((s) => (typeof s === 'string' ? s : 'code' in s ? s.code : `${s.strong}:`)).join('');
}

/** The report for a terminal. */
export function formatText(report: DiffReport): string {
  const o = outline(report);
  const out = [`shipshape diff: ${o.title}`, o.summary];
  for (const e of o.environments) {
    out.push('', `${e.name}: ${e.headline}`);
    for (const s of e.sections) {
      out.push(`  ${s.title}`);
      for (const l of s.lines) out.push(`    ${textLine(l)}`);
    }
  }
  return `${out.join('\n')}\n`;
}

/** The report for tools (see report.ts for the fields). */
export function formatJson(report: DiffReport): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}

/** The report in `format`. */
export function formatReport(report: DiffReport, format: DiffFormat): string {
  return format === 'markdown'
    ? formatMarkdown(report)
    : format === 'json'
      ? formatJson(report)
      : formatText(report);
}
