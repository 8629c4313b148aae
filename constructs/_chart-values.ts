import type { ApiObject } from 'cdk8s';
import type { IConstruct } from 'constructs';
import { _fail, ShipshapeError, type _Where } from './_errors';
import type { JsonSchema, JsonValue } from './chart-value';

// The chart values a System's constructs declare. Constructs only declare (a key, its schema, where it goes);
// the Helm pipeline (src/synth/helm/) reads the declarations through `_chartValuesOf` and writes the templates.
// The registry lives on the System object under a global symbol, so it survives two module copies.

/** Where a value renders. `value` is what the public API binds; the other kinds serve the built-in constructs. */
export type _Target =
  /** The value itself at `path`, or its `index`-th item (an array value), or its member `sub` (an object value). */
  | {
      readonly kind: 'value';
      readonly object: ApiObject;
      readonly path: string;
      readonly index?: number;
      readonly sub?: string;
    }
  /** An image reference `repository[:tag][@digest]` composed from an image value. */
  | { readonly kind: 'image'; readonly object: ApiObject; readonly path: string }
  /** Every `label` of the objects under `scope` whose value is the image value's tag (left out when it is no label value). */
  | { readonly kind: 'versionLabel'; readonly scope: IConstruct; readonly label: string }
  /**
   * A name made from the `index`-th item of a hosts value: `<prefix><host><suffix>`, the host's leading `*.`
   * written `wildcard.` (Gateway listener, route and Secret names follow the hosts they serve).
   */
  | {
      readonly kind: 'hostName';
      readonly object: ApiObject;
      readonly path: string;
      readonly index: number;
      readonly prefix: string;
      readonly suffix: string;
    }
  /** An Ingress `spec.tls` from a TLS value `{ enabled, secretName }` and the hosts value `hosts`. */
  | {
      readonly kind: 'ingressTls';
      readonly object: ApiObject;
      readonly path: string;
      readonly hosts: string;
    };

/** One declared value, with its full key (`<component>.<key>`). */
export interface _ValueDecl {
  readonly key: string;
  readonly description: string;
  readonly schema: JsonSchema;
  readonly targets: readonly _Target[];
  /** The default, when it cannot be read back from the first target. */
  readonly default?: JsonValue;
  /** Path of the construct that declared it (error messages). */
  readonly declaredBy: string;
  /** Declared through `ChartValue.expose` (its schema is the caller's, so the pipeline checks its default against it). */
  readonly exposed?: boolean;
}

/**
 * A rule between two values that JSON Schema cannot state: the templates `fail` when `low` > `high`. Both are
 * full keys, or paths inside one value (`web.resources.requests.cpu`); compared as integers or as quantities.
 */
export interface _Guard {
  readonly low: string;
  readonly high: string;
  readonly compare: 'integer' | 'quantity';
  readonly declaredBy: string;
}

/** A rollout annotation at `path` of `object` that hashes the rendered data of `configMap`. */
export interface _ConfigHash {
  readonly object: ApiObject;
  readonly path: string;
  readonly configMap: ApiObject;
}

/** What a provider declares when the pipeline asks (late, so rules added after construction count). */
export interface _Declarations {
  readonly values: readonly _ValueDecl[];
  readonly guards?: readonly _Guard[];
  readonly hashes?: readonly _ConfigHash[];
}

interface Registry {
  readonly providers: (() => _Declarations)[];
  /** Full key -> path of the construct that removed it. */
  readonly removed: Map<string, string>;
  /** Component key -> path of the construct that owns it. */
  readonly components: Map<string, string>;
}

const REGISTRY = Symbol.for('shipshape.chartValues');
const COMPONENT = Symbol.for('shipshape.chartValueComponent');
const SYSTEM = Symbol.for('shipshape.System');
/** Keys Helm gives a meaning of its own (`global` is shared with subcharts). */
const RESERVED = new Set(['global']);
const SEGMENT = /^[a-z][A-Za-z0-9]*$/;

/** `link-manager` -> `linkManager`, `MyQueue` -> `myQueue`: the readable key of a component name. */
export function _valueKey(name: string): string {
  const parts = name.split(/[^A-Za-z0-9]+/).filter((p) => p !== '');
  return parts
    .map((p, i) =>
      i === 0 ? p.charAt(0).toLowerCase() + p.slice(1) : p.charAt(0).toUpperCase() + p.slice(1),
    )
    .join('');
}

function isSystem(c: IConstruct): boolean {
  return SYSTEM in c;
}

function registryOf(system: IConstruct): Registry {
  const holder = system as unknown as { [REGISTRY]?: Registry };
  if (!holder[REGISTRY]) {
    Object.defineProperty(holder, REGISTRY, {
      value: { providers: [], removed: new Map(), components: new Map() } satisfies Registry,
    });
  }
  return holder[REGISTRY]!;
}

function systemOf(scope: IConstruct): IConstruct | undefined {
  for (let c: IConstruct | undefined = scope; c; c = c.node.scope) if (isSystem(c)) return c;
  return undefined;
}

/**
 * The component key of a built-in construct named `name` (`prop`: the caller's prop it came from), checked
 * before the construct is added to the tree: it fails when another component of the System has it.
 */
export function _checkComponent(at: _Where, system: IConstruct, name: string, prop: string): string {
  const key = _valueKey(name);
  if (RESERVED.has(key)) {
    _fail(at, prop, `must not give the chart value key '${key}', which Helm reserves`, name, 'Rename it');
  }
  const owner = registryOf(system).components.get(key);
  if (owner !== undefined) {
    _fail(
      at,
      prop,
      `must give a chart value key no other component of the system uses, but ${owner} already uses '${key}'`,
      name,
      'Rename one of them',
    );
  }
  return key;
}

/** Makes `construct` (in the tree now) the owner of the component `key` checked by `_checkComponent`. */
export function _ownComponent(construct: IConstruct, key: string): void {
  const system = systemOf(construct);
  if (system) registryOf(system).components.set(key, construct.node.path);
  Object.defineProperty(construct, COMPONENT, { value: key });
}

/** The component key of `scope`: its nearest owning construct's, else its top-level construct's id. */
export function _componentOf(scope: IConstruct, prop: string): string {
  let top: IConstruct | undefined;
  for (let c: IConstruct | undefined = scope; c && !isSystem(c); c = c.node.scope) {
    const own = (c as { [COMPONENT]?: string })[COMPONENT];
    if (own !== undefined) return own;
    top = c;
  }
  if (!top || !systemOf(scope)) {
    _fail(scope, prop, 'must name a component: call it on a construct inside a System', scope.node.path);
  }
  return _valueKey(top.node.id);
}

/** Checks a key relative to a component: camelCase names joined by `.`. */
export function _checkKey(at: _Where, prop: string, key: unknown): string {
  if (typeof key !== 'string' || !key.split('.').every((s) => SEGMENT.test(s))) {
    _fail(at, prop, "must be camelCase names joined by '.', such as 'logLevel' or 'cache.maxMemory'", key);
  }
  if (RESERVED.has(key.split('.')[0]!)) _fail(at, prop, 'must not start with a key Helm reserves', key);
  return key;
}

/** Registers declarations of `scope`'s System, produced when the pipeline reads them. */
export function _declare(scope: IConstruct, produce: () => _Declarations): void {
  const system = systemOf(scope);
  if (!system) throw new ShipshapeError(`${scope.node.path}: must be defined inside a System`);
  registryOf(system).providers.push(produce);
}

/** Removes the value `key` (full) of the System: its fields render as synthesized, not from values. */
export function _remove(scope: IConstruct, key: string): void {
  const system = systemOf(scope);
  if (!system) throw new ShipshapeError(`${scope.node.path}: must be defined inside a System`);
  registryOf(system).removed.set(key, scope.node.path);
}

/**
 * Every value, guard and rollout hash the constructs of `system` declared, removals applied; fails on a key
 * declared twice or nested in another value.
 */
export function _chartValuesOf(system: IConstruct): Required<_Declarations> {
  const r = registryOf(system);
  const all = r.providers.map((p) => p());
  const removed = new Set(r.removed.keys());
  const values = all.flatMap((d) => d.values).filter((v) => !removed.has(v.key));
  const byKey = new Map<string, _ValueDecl>();
  for (const v of values) {
    const first = byKey.get(v.key);
    if (first) {
      throw new ShipshapeError(
        `${v.declaredBy}: 'key' must be unique among the chart values of the system, but ${first.declaredBy} already declares it (got '${v.key}'). Choose another key or component`,
      );
    }
    byKey.set(v.key, v);
  }
  for (const v of values) {
    const segments = v.key.split('.');
    for (let i = 1; i < segments.length; i++) {
      const parent = byKey.get(segments.slice(0, i).join('.'));
      if (parent) {
        throw new ShipshapeError(
          `${v.declaredBy}: 'key' must not be inside the chart value '${parent.key}' that ${parent.declaredBy} declares (got '${v.key}'). Choose another key`,
        );
      }
    }
  }
  const inValue = (path: string) => path.split('.').some((_, i, s) => byKey.has(s.slice(0, i + 1).join('.')));
  const known = (g: _Guard) => inValue(g.low) && inValue(g.high);
  for (const [key, by] of r.removed) {
    if (!all.some((d) => d.values.some((v) => v.key === key))) {
      throw new ShipshapeError(
        `${by}: 'key' must name a chart value of the system (got '${key}'). Known: ${[...byKey.keys()].join(', ')}`,
      );
    }
  }
  return {
    values,
    guards: all.flatMap((d) => d.guards ?? []).filter(known),
    hashes: all.flatMap((d) => d.hashes ?? []),
  };
}
