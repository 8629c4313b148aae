/**
 * `diffOutputs`: two outputs compared environment by environment, each concern by its own analysis of the two
 * object sets (objects, rolls, edges, exposure, privilege, chart), then the risks a reviewer reads first.
 */
import { diffChart } from './chart';
import { describeEdge, diffEdges, EDGE_SOURCES, groupEdges, type EdgeSource } from './edges';
import { diffExposure } from './exposure';
import { describeRef, diffObjects, matchObjects } from './objects';
import { diffPrivilege } from './privilege';
import {
  DIFF_SCHEMA_VERSION,
  type DiffReport,
  type EnvironmentDiff,
  type Risk,
  type SideInfo,
} from './report';
import { rollsOf, staleOf, steadyOf } from './rolls';
import { isSelected, type EnvironmentOutput } from './tree';

/** Options of {@link diffOutputs}. */
export interface DiffOptions {
  /** Only these environments (an environment name also selects its Systems' folders). @default every one */
  readonly environments?: readonly string[];
  /** Where each side came from, for the report. @default `base` and `head` */
  readonly base?: SideInfo;
  readonly head?: SideInfo;
  /** The edge sources to read. @default NetworkPolicies */
  readonly edgeSources?: readonly EdgeSource[];
}

const DISRUPTIVE_REMOVALS = new Set(['Namespace', 'PersistentVolumeClaim', 'PersistentVolume']);

function risksOf(d: Omit<EnvironmentDiff, 'risks' | 'status' | 'name'>): Risk[] {
  const widen: Risk[] = [
    ...groupEdges(d.edges.opened).map(
      (e): Risk => ({ level: 'widen', section: 'edges', text: `edge opened: ${describeEdge(e)}` }),
    ),
    ...d.exposure
      .filter((x) => x.widen)
      .map(
        (x): Risk => ({
          level: 'widen',
          section: 'exposure',
          text: `${x.change === 'removed' ? 'no longer ' : ''}exposed: ${describeRef(x.object)}: ${x.text}`,
        }),
      ),
    ...d.privilege
      .filter((p) => p.widen)
      .map(
        (p): Risk => ({ level: 'widen', section: 'privilege', text: `${describeRef(p.object)}: ${p.text}` }),
      ),
  ];
  const breaks: Risk[] = [
    ...d.objects.changed
      .filter((c) => c.replace !== undefined)
      .map(
        (c): Risk => ({
          level: 'break',
          section: 'objects',
          text: `${describeRef(c.object)}: ${c.replace}: the API server refuses the update (delete and re-create it)`,
        }),
      ),
    ...(d.chart?.values ?? [])
      .filter((v) => v.breaking)
      .map(
        (v): Risk => ({
          level: 'break',
          section: 'chart',
          text: `chart value ${v.path} ${v.change}: ${v.detail}`,
        }),
      ),
  ];
  const disrupt: Risk[] = [
    ...d.rolls
      .filter((r) => r.mode === 'recreate' || r.mode === 'replace')
      .map(
        (r): Risk => ({
          level: 'disrupt',
          section: 'rolls',
          text:
            r.mode === 'recreate'
              ? `${describeRef(r.workload)} rolls with the Recreate strategy: every pod stops before new ones start`
              : `${describeRef(r.workload)} is replaced: its template cannot change in place`,
        }),
      ),
    ...d.objects.removed
      .filter((o) => DISRUPTIVE_REMOVALS.has(o.kind))
      .map(
        (o): Risk => ({
          level: 'disrupt',
          section: 'objects',
          text: `${describeRef(o)} removed: deleting it deletes what it holds`,
        }),
      ),
    ...d.objects.changed
      .filter(
        (c) =>
          c.object.kind === 'Application' &&
          c.fields.some((f) => f.path === 'spec.syncPolicy.automated.prune' && f.to === true),
      )
      .map(
        (c): Risk => ({
          level: 'disrupt',
          section: 'objects',
          text: `${describeRef(c.object)}: Argo CD now prunes: objects removed from Git are deleted from the cluster`,
        }),
      ),
  ];
  return [...widen, ...breaks, ...disrupt];
}

/** One environment of both outputs compared. */
export function diffEnvironment(
  name: string,
  base: EnvironmentOutput | undefined,
  head: EnvironmentOutput | undefined,
  edgeSources: readonly EdgeSource[] = EDGE_SOURCES,
): EnvironmentDiff {
  const [a, b] = [base?.objects ?? [], head?.objects ?? []];
  const matched = matchObjects(a, b);
  const objects = diffObjects(matched);
  const rolls = rollsOf(matched, a, b);
  const parts = {
    objects,
    rolls,
    steady: steadyOf(matched, b, a),
    stale: staleOf(matched, rolls, b),
    edges: diffEdges(a, b, edgeSources),
    exposure: diffExposure(a, b),
    privilege: diffPrivilege(matched, a, b),
  };
  const chart = diffChart(base?.chart, head?.chart);
  const same =
    objects.added.length + objects.removed.length + objects.changed.length === 0 && chart === undefined;
  const status =
    base === undefined ? 'added' : head === undefined ? 'removed' : same ? 'unchanged' : 'changed';
  return {
    name,
    status,
    risks: risksOf({ ...parts, ...(chart && { chart }) }),
    ...parts,
    ...(chart && { chart }),
  };
}

/** Two outputs (by environment, as `environmentsOf` reads them) compared. */
export function diffOutputs(
  base: ReadonlyMap<string, EnvironmentOutput>,
  head: ReadonlyMap<string, EnvironmentOutput>,
  options: DiffOptions = {},
): DiffReport {
  const names = [...new Set([...base.keys(), ...head.keys()])]
    .filter((n) => isSelected(n, options.environments))
    .sort();
  const environments = names.map((n) => diffEnvironment(n, base.get(n), head.get(n), options.edgeSources));
  const count = (f: (e: EnvironmentDiff) => number) => environments.reduce((s, e) => s + f(e), 0);
  return {
    schemaVersion: DIFF_SCHEMA_VERSION,
    base: options.base ?? { label: 'base' },
    head: options.head ?? { label: 'head' },
    summary: {
      environments: environments.length,
      changed: environments.filter((e) => e.status !== 'unchanged').length,
      widen: count((e) => e.risks.filter((r) => r.level === 'widen').length),
      rolls: count((e) => e.rolls.length),
      breaking: count((e) => e.risks.filter((r) => r.level === 'break').length),
    },
    environments,
  };
}
