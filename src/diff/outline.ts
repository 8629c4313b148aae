/**
 * The report as a reviewer reads it, before it becomes Markdown or terminal text: per environment a headline
 * and sections of lines, risky items first. Lines are segments of prose and code (names, paths, values), so
 * each format can mark code its own way.
 */
import { describeEdge, groupEdges, type EdgeGroup } from './edges';
import { describeRef } from './objects';
import type { DiffReport, EnvironmentDiff, FieldChange, ObjectRef, SideInfo } from './report';

/** Prose, a code span, or strong prose. */
export type Segment = string | { readonly code: string } | { readonly strong: string };
/** One line of a section. */
export type Line = readonly Segment[];

/** A titled group of lines. */
export interface Section {
  readonly title: string;
  readonly lines: readonly Line[];
}

/** One environment's part of the outline. */
export interface EnvironmentOutline {
  readonly name: string;
  readonly headline: string;
  readonly risky: boolean;
  readonly sections: readonly Section[];
}

const code = (s: string): Segment => ({ code: s });
const ref = (r: ObjectRef): Line => [
  `${r.kind} `,
  code(`${r.namespace === undefined ? '' : `${r.namespace}/`}${r.name}`),
];
const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** `path: a → b`, `path added`. */
export function fieldText(f: FieldChange): string {
  const show = (v: unknown) => (typeof v === 'string' ? v : JSON.stringify(v));
  if (f.change === 'changed' && f.from !== undefined && f.to !== undefined)
    return `${f.path}: ${show(f.from)} → ${show(f.to)}`;
  if (f.change === 'added' && f.to !== undefined) return `${f.path} added: ${show(f.to)}`;
  return `${f.path} ${f.change}`;
}

function fieldsLine(fields: readonly FieldChange[], max = 6): Line {
  const shown = fields.slice(0, max).flatMap((f, i) => [...(i > 0 ? [', '] : []), code(fieldText(f))]);
  return fields.length > max ? [...shown, ` (+${fields.length - max} more)`] : shown;
}

/** Objects with changed fields; objects whose changed paths are the same are one line (a label added everywhere). */
function groupedLines(
  items: readonly {
    readonly object: ObjectRef;
    readonly fields: readonly FieldChange[];
    readonly tag?: string;
  }[],
): Line[] {
  const groups = new Map<string, (typeof items)[number][]>();
  for (const c of items) {
    const k = c.fields.map((f) => `${f.path}|${f.change}`).join('\n') + (c.tag ?? '');
    groups.set(k, [...(groups.get(k) ?? []), c]);
  }
  return [...groups.values()].flatMap((g): Line[] => {
    const tag = g[0]!.tag === undefined ? [] : [` (${g[0]!.tag})`];
    if (g.length < 3) return g.map((c) => [...ref(c.object), ...tag, ': ', ...fieldsLine(c.fields)]);
    const names = g.slice(0, 8).flatMap((c, i) => [...(i > 0 ? [', '] : []), ...ref(c.object)]);
    const more = g.length > 8 ? ` and ${g.length - 8} more` : '';
    const paths = g[0]!.fields
      .slice(0, 6)
      .flatMap((f, i) => [...(i > 0 ? [', '] : []), code(`${f.path} ${f.change}`)]);
    const extra = g[0]!.fields.length > 6 ? [` (+${g[0]!.fields.length - 6} more)`] : [];
    return [[`${g.length} objects (`, ...names, `${more})`, ...tag, ': ', ...paths, ...extra]];
  });
}

/** The one-line summary of an environment. */
export function headline(e: EnvironmentDiff): string {
  if (e.status === 'unchanged') return 'no change';
  const widen = e.risks.filter((r) => r.level === 'widen').length;
  const breaking = e.risks.filter((r) => r.level === 'break').length;
  const parts = [
    ...(e.status === 'added' ? ['new environment'] : e.status === 'removed' ? ['environment removed'] : []),
    ...(widen > 0 ? [`${plural(widen, 'widening')}`] : []),
    ...(breaking > 0 ? [`${plural(breaking, 'breaking change')}`] : []),
    ...(e.rolls.length > 0 ? [`${plural(e.rolls.length, 'workload rolls', 'workloads roll')}`] : []),
    ...(e.edges.opened.length + e.edges.closed.length > 0
      ? [`edges ${e.edges.opened.length} opened, ${e.edges.closed.length} closed`]
      : []),
  ];
  const o = e.objects;
  const counts = [
    ...(o.added.length ? [`${o.added.length} added`] : []),
    ...(o.removed.length ? [`${o.removed.length} removed`] : []),
    ...(o.changed.length ? [`${o.changed.length} changed`] : []),
  ];
  if (counts.length > 0) parts.push(`objects ${counts.join(', ')}`);
  if (e.chart && counts.length === 0) parts.push('chart changed');
  return parts.join(' · ');
}

function environment(e: EnvironmentDiff): EnvironmentOutline {
  const sections: Section[] = [];
  const add = (title: string, lines: readonly Line[]) => {
    if (lines.length > 0) sections.push({ title, lines });
  };
  add(
    'Risky',
    e.risks.map((r) => [{ strong: r.level }, ' ', r.text]),
  );
  add(
    'Workloads that roll',
    e.rolls.map((r) => [
      ...ref(r.workload),
      ` (${r.mode}): `,
      ...r.causes.flatMap((c, i) => [...(i > 0 ? ['; '] : []), `${c.reason} `, code(c.detail)]),
    ]),
  );
  add('Changes without a roll', [
    ...e.steady
      .filter((s) => s.change !== 'changed')
      .map((s) => [...ref(s.object), ...(s.target ? [' (of ', ...ref(s.target), ')'] : []), ` ${s.change}`]),
    ...groupedLines(
      e.steady
        .filter((s) => s.change === 'changed')
        .map((s) => ({ ...s, ...(s.target && { tag: `of ${describeRef(s.target)}` }) })),
    ),
  ]);
  add(
    'Reads changed config without rolling',
    e.stale.map((s) => [
      ...ref(s.workload),
      ' reads ',
      ...ref(s.source),
      s.via === 'volume'
        ? ' as files: the kubelet updates them in place'
        : ` via ${s.via}: its pods keep the old content until they restart`,
    ]),
  );
  const edge = (sign: string) => (x: EdgeGroup) => [`${sign} `, code(describeEdge(x)), ` (${x.source})`];
  add('Network edges', [
    ...groupEdges(e.edges.opened).map(edge('opened')),
    ...groupEdges(e.edges.closed).map(edge('closed')),
  ]);
  add(
    'Exposure',
    e.exposure.map((x) => [`${x.change} `, ...ref(x.object), ': ', code(x.text)]),
  );
  add(
    'Identity and privilege',
    e.privilege.map((p) => [...ref(p.object), ': ', p.text]),
  );
  if (e.chart) {
    const c = e.chart;
    add(`Helm chart ${c.dir} (${c.status})`, [
      ...c.metadata.map((f) => ['Chart.yaml ', code(fieldText(f))]),
      ...c.values.map((v) => [
        `value ${v.change}${v.breaking ? ' (breaking)' : ''}: `,
        code(v.path),
        ` ${v.detail}`,
      ]),
      ...(c.defaults.length > 0 ? [['values.yaml defaults: ', ...fieldsLine(c.defaults, 8)]] : []),
    ]);
  }
  add('Objects', [
    ...e.objects.added.map((r) => ['added ', ...ref(r)]),
    ...e.objects.removed.map((r) => ['removed ', ...ref(r)]),
    ...groupedLines(
      e.objects.changed.map((c) => ({ ...c, ...(c.replace && { tag: `replace: ${c.replace}` }) })),
    ).map((l) => ['changed ', ...l]),
  ]);
  return { name: e.name, headline: headline(e), risky: e.risks.length > 0, sections };
}

/** `main (1a2b3c4)`, `working tree`. */
export function sideText(s: SideInfo): string {
  return s.commit === undefined ? s.label : `${s.label} (${s.commit.slice(0, 7)})`;
}

/** The report's outline: environments with risks first, then changed ones, then the rest, each by name. */
export function outline(report: DiffReport): {
  title: string;
  summary: string;
  environments: EnvironmentOutline[];
} {
  const s = report.summary;
  const rank = (e: EnvironmentDiff) => (e.risks.length > 0 ? 0 : e.status !== 'unchanged' ? 1 : 2);
  const environments = [...report.environments]
    .sort((a, b) => rank(a) - rank(b) || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    .map(environment);
  const counts = [
    s.widen > 0 ? plural(s.widen, 'widening') : 'nothing widened',
    s.rolls > 0 ? plural(s.rolls, 'workload rolls', 'workloads roll') : 'no workload rolls',
    s.breaking > 0 ? plural(s.breaking, 'breaking change') : 'nothing breaks',
  ];
  const summary =
    s.changed === 0
      ? `${plural(s.environments, 'environment')}, no change`
      : `${plural(s.environments, 'environment')}, ${s.changed} changed: ${counts.join(', ')}`;
  return { title: `${sideText(report.base)} → ${sideText(report.head)}`, summary, environments };
}
