/**
 * The labels step of a workload plan: the labels that select its pods (shipshape's `app.kubernetes.io/name` and
 * `instance`, or the caller's `selectorLabels`, e.g. an upstream app's `app: cartservice`), the team labels it
 * adds to every object and pod (never to a selector), and the check that no two workloads of a System select
 * each other's pods.
 */
import { _checkLabels } from './_checks';
import { _fail, _show, type _Where } from './_errors';
import { _selectorLabels } from './_labels';
import { _safeKeys } from './_special-keys';
import { _record } from './_types';
import type { System } from './system';
import type { WorkloadProps } from './workload';

/** Labels shipshape sets on a workload's objects; a team label may not set them. */
const OWN = [
  'app.kubernetes.io/name',
  'app.kubernetes.io/instance',
  'app.kubernetes.io/part-of',
  'app.kubernetes.io/component',
  'app.kubernetes.io/version',
  'app.kubernetes.io/managed-by',
];

/** A workload's selector and the labels its pods carry, as other workloads' checks read them. */
export interface _Selection {
  readonly path: string;
  readonly selector: Readonly<Record<string, string>>;
  readonly podLabels: Readonly<Record<string, string>>;
}

/** Where the System keeps the selections of its workloads (one list per System, also across module copies). */
const SELECTIONS = Symbol.for('shipshape.selections');

/**
 * The recorded selections, indexed so that a check looks at candidates only: `byPodLabel` lists the selections
 * whose pods carry a label, `bySelectorLabel` files each selector under one of its labels (the one fewest pods
 * carried when it was recorded). A selector selects pods only if they carry every label of it, so candidates
 * found by labels are a superset of the matches, and labels every workload shares (`instance`) do not make
 * each check scan every workload, O(N²) over a System.
 */
interface _Selections {
  readonly all: _Selection[];
  readonly byPodLabel: Map<string, number[]>;
  readonly bySelectorLabel: Map<string, number[]>;
}

function selectionsOf(system: System): _Selections {
  const holder = system as unknown as { [SELECTIONS]?: _Selections };
  if (!holder[SELECTIONS])
    Object.defineProperty(holder, SELECTIONS, {
      value: { all: [], byPodLabel: new Map(), bySelectorLabel: new Map() },
    });
  return holder[SELECTIONS]!;
}

const labelKey = (k: string, v: string) => JSON.stringify([k, v]);

/** The recorded selections `self` may clash with, in the order they were recorded. */
function candidates(index: _Selections, self: _Selection): _Selection[] {
  const found = new Set<number>();
  // Selections whose pods `self.selector` may select: those carrying its rarest label.
  let rarest: readonly number[] | undefined;
  for (const [k, v] of Object.entries(self.selector)) {
    const bucket = index.byPodLabel.get(labelKey(k, v)) ?? [];
    if (rarest === undefined || bucket.length < rarest.length) rarest = bucket;
  }
  for (const i of rarest ?? []) found.add(i);
  // Selections whose selector may select the pods of `self`: those filed under one of its pod labels.
  for (const [k, v] of Object.entries(self.podLabels))
    for (const i of index.bySelectorLabel.get(labelKey(k, v)) ?? []) found.add(i);
  return [...found].sort((a, b) => a - b).map((i) => index.all[i]!);
}

/** Whether `selector` selects pods with `labels`. */
function selects(
  selector: Readonly<Record<string, string>>,
  labels: Readonly<Record<string, string>>,
): boolean {
  return Object.entries(selector).every(
    ([k, v]) => Object.prototype.hasOwnProperty.call(labels, k) && labels[k] === v,
  );
}

/** The labels of a map prop, checked as labels. */
function labelsProp(at: _Where, prop: string, raw: unknown): Record<string, string> {
  const r = _record<Record<string, string>>(at, prop, raw);
  _checkLabels(at, prop, r);
  return r;
}

/** The selector labels of workload `name`: the caller's, checked, or shipshape's own. */
export function _resolveSelector(
  at: _Where,
  system: System,
  name: string,
  p: Pick<WorkloadProps, 'selectorLabels' | 'component'>,
): Record<string, string> {
  if (p.selectorLabels === undefined) return _selectorLabels(name, system);
  const given = labelsProp(at, 'selectorLabels', p.selectorLabels);
  const entries = Object.entries(given);
  if (entries.length === 0) {
    _fail(
      at,
      'selectorLabels',
      'must hold at least one label: an empty selector selects every pod of the namespace',
      given,
    );
  }
  const shipshape: Record<string, string | undefined> = {
    ..._selectorLabels(name, system),
    'app.kubernetes.io/part-of': system.partOf,
    'app.kubernetes.io/component': p.component,
    'app.kubernetes.io/managed-by': 'shipshape',
  };
  for (const [k, v] of entries) {
    if (k === 'app.kubernetes.io/version') {
      _fail(
        at,
        `selectorLabels.${k}`,
        'must not select by a label that changes with the image: selectors are immutable',
        v,
      );
    }
    if (Object.prototype.hasOwnProperty.call(shipshape, k) && shipshape[k] !== v) {
      _fail(
        at,
        `selectorLabels.${k}`,
        `must equal the value shipshape sets on the pods (${_show(shipshape[k])})`,
        v,
      );
    }
  }
  return _safeKeys(given);
}

/** The caller's team labels (`labels`), checked: none of them a label shipshape sets. */
export function _resolveTeamLabels(at: _Where, raw: unknown): Record<string, string> {
  if (raw === undefined) return {};
  const given = labelsProp(at, 'labels', raw);
  for (const [k, v] of Object.entries(given)) {
    if (OWN.includes(k)) _fail(at, `labels.${k}`, 'must not set a label shipshape sets', v);
  }
  return _safeKeys(given);
}

/**
 * Fails when this workload's selector selects the pods of another workload of the System, or another one's
 * selector selects its pods (by its team labels, say): each would take the other's pods into its Service,
 * PodDisruptionBudget and NetworkPolicy. `team` are its team labels, `own` whether it set `selectorLabels`.
 */
export function _checkSelection(
  at: _Where,
  system: System,
  self: _Selection,
  team: Readonly<Record<string, string>>,
  own: boolean,
): void {
  const withoutTeam = Object.fromEntries(
    Object.entries(self.podLabels).filter(
      ([k, v]) => !(Object.prototype.hasOwnProperty.call(team, k) && team[k] === v),
    ),
  );
  for (const other of candidates(selectionsOf(system), self)) {
    if (selects(self.selector, other.podLabels)) {
      _fail(
        at,
        'selectorLabels',
        `must select the pods of this workload only, but they select the pods of ${other.path} too`,
        self.selector,
      );
    }
    if (selects(other.selector, self.podLabels)) {
      const byTeam = !selects(other.selector, withoutTeam);
      _fail(
        at,
        byTeam ? 'labels' : own ? 'selectorLabels' : 'name',
        `must not make the pods of this workload match the selector of ${other.path}`,
        byTeam ? team : own ? self.selector : self.podLabels,
      );
    }
  }
}

/** Records a workload's selection once it is in the tree (a refused workload leaves none). */
export function _recordSelection(system: System, self: _Selection): void {
  const index = selectionsOf(system);
  const i = index.all.push(self) - 1;
  const add = (map: Map<string, number[]>, key: string) => {
    const list = map.get(key);
    if (list) list.push(i);
    else map.set(key, [i]);
  };
  let anchor: string | undefined;
  for (const [k, v] of Object.entries(self.selector)) {
    const key = labelKey(k, v);
    const carried = (index.byPodLabel.get(key) ?? []).length;
    if (anchor === undefined || carried < (index.byPodLabel.get(anchor) ?? []).length) anchor = key;
  }
  if (anchor !== undefined) add(index.bySelectorLabel, anchor);
  for (const [k, v] of Object.entries(self.podLabels)) add(index.byPodLabel, labelKey(k, v));
}
