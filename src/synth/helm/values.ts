/**
 * The chart values of a synthesized System: what its constructs declared (constructs/_chart-values.ts), with
 * each target found in the synthesized JSON and each default read back from it.
 */
import type { ApiObject } from 'cdk8s';
import * as yaml from 'js-yaml';
import { ShipshapeError, type JsonSchema, type JsonValue } from '../../../constructs';
import { _chartValuesOf, type _Target, type _ValueDecl } from '../../../constructs/_chart-values';
import { _show } from '../../../constructs/_errors';
import { schemaProblems } from './schema-check';
import type { SynthesizedSystem } from '../synthesize';
import { jsonOf, type KubeObject } from '../files';

/** A target, with the synthesized object it is in. */
export type BoundTarget = _Target & { readonly json: readonly KubeObject[] };

/** A chart value: key, description, schema, default and where it renders. */
export interface ChartValueInfo {
  /** Full key, `<component>.<key>`. */
  readonly key: string;
  readonly description: string;
  readonly schema: JsonSchema;
  readonly default: JsonValue;
  readonly targets: readonly BoundTarget[];
  /** Path of the construct that declared it. */
  readonly declaredBy: string;
}

const declaredBy = (v: ChartValueInfo): string => v.declaredBy;

/** Every chart value of a System, with the template guards and the rollout hashes. */
export interface ResolvedValues {
  readonly values: readonly ChartValueInfo[];
  readonly guards: readonly {
    readonly low: string;
    readonly high: string;
    readonly compare: 'integer' | 'quantity';
  }[];
  readonly hashes: readonly {
    readonly json: KubeObject;
    readonly path: string;
    readonly configMap: KubeObject;
  }[];
}

/** RFC 6901 pointer -> segments. */
export function pointer(path: string): string[] {
  if (path === '') return [];
  return path
    .slice(1)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}

/** The value at `path` of `root`, or `undefined`. */
export function getAt(root: unknown, path: string): unknown {
  let v: unknown = root;
  for (const s of pointer(path)) {
    if (v === null || typeof v !== 'object' || !Object.prototype.hasOwnProperty.call(v, s)) return undefined;
    v = (v as Record<string, unknown>)[s];
  }
  return v;
}

/** A copy of `root` with the value at `path` (which exists) replaced by `value`. */
export function setAt(root: unknown, segments: readonly string[], value: unknown): unknown {
  if (segments.length === 0) return value;
  const [head, ...rest] = segments as [string, ...string[]];
  if (Array.isArray(root)) return root.map((x, i) => (String(i) === head ? setAt(x, rest, value) : x));
  const o = root as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(o)) {
    Object.defineProperty(out, k, {
      value: k === head ? setAt(o[k], rest, value) : o[k],
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  return out;
}

function objectJson(
  system: SynthesizedSystem,
  own: ReadonlySet<KubeObject>,
  object: ApiObject,
  key: string,
  by: string,
): KubeObject {
  const json = jsonOf(object);
  if (json === undefined || !own.has(json)) {
    throw new ShipshapeError(
      `${by}: 'targets' must name objects of System '${system.system.node.path}' (got ${object.node.path} for chart value '${key}')`,
    );
  }
  return json;
}

function same(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** Reads the declarations of `system` against its synthesized objects; fails on a target that is not there. */
export function resolveValues(system: SynthesizedSystem): ResolvedValues {
  const declared = _chartValuesOf(system.system);
  const own = new Set(system.objects);
  const values = declared.values.map((v): ChartValueInfo => {
    const targets = v.targets.map((t): BoundTarget => {
      if (t.kind === 'versionLabel') {
        const json = t.scope.node.findAll().flatMap((c) => {
          const j = jsonOf(c as ApiObject);
          return j && own.has(j) ? [j] : [];
        });
        return { ...t, json };
      }
      const json = objectJson(system, own, t.object, v.key, v.declaredBy);
      if (getAt(json, t.path) === undefined) {
        throw new ShipshapeError(
          `${v.declaredBy}: 'targets' must name fields the object has (got '${t.path}' in ${json.kind} ${json.metadata.name} for chart value '${v.key}')`,
        );
      }
      return { ...t, json: [json] };
    });
    const first = targets[0]!;
    const read = (t: BoundTarget): unknown => (t.kind === 'value' ? getAt(t.json[0], t.path) : undefined);
    const dflt = v.default ?? (read(first) as JsonValue);
    checkExposedDefault(v, dflt);
    for (const t of targets) {
      if (t.kind !== 'value' || t.index !== undefined || t.sub !== undefined || v.default !== undefined)
        continue;
      if (!same(read(t), dflt)) {
        throw new ShipshapeError(
          `${v.declaredBy}: 'targets' must hold the same value at synthesis (got ${JSON.stringify(read(t))} at '${t.path}' and ${JSON.stringify(dflt)} for chart value '${v.key}')`,
        );
      }
    }
    return {
      key: v.key,
      description: v.description,
      schema: v.schema,
      default: dflt,
      targets,
      declaredBy: v.declaredBy,
    };
  });
  checkOverlaps(values);
  return {
    values,
    guards: declared.guards,
    hashes: declared.hashes.map((h) => ({
      json: objectJson(system, own, h.object, 'config hash', h.object.node.path),
      path: h.path,
      configMap: objectJson(system, own, h.configMap, 'config hash', h.configMap.node.path),
    })),
  };
}

/**
 * Fails when the synthesized default of a value a construct author exposed fails its own schema: Helm validates
 * the merged values before it renders, so such a chart could not be installed without overriding the value. The
 * built-in values' schemas are built from the grammars the constructs check their props with, so their defaults
 * pass by construction (test/constructs/_chart-schemas.test.ts and test/synth/helm/values.test.ts prove it),
 * and are not compiled here: a validator compile per chart would double the time of a synth.
 */
function checkExposedDefault(v: _ValueDecl, dflt: JsonValue): void {
  if (!v.exposed) return;
  const problems = schemaProblems(v.schema, dflt);
  if (problems !== undefined) {
    throw new ShipshapeError(
      `${v.declaredBy}: 'schema' must accept the value synthesized for chart value '${v.key}' (got ${_show(dflt)}): ${problems}`,
    );
  }
}

/** Fails when two values render into the same field, or one into a field inside another's. */
function checkOverlaps(values: readonly ChartValueInfo[]): void {
  const seen = new Map<KubeObject, [path: string, key: string][]>();
  for (const v of values) {
    for (const t of v.targets) {
      if (t.kind === 'versionLabel') continue;
      const json = t.json[0]!;
      const known = seen.get(json) ?? [];
      const clash = known.find(
        ([p, k]) => k !== v.key && (p === t.path || p.startsWith(`${t.path}/`) || t.path.startsWith(`${p}/`)),
      );
      if (clash) {
        throw new ShipshapeError(
          `${declaredBy(v)}: 'targets' must not overlap the field '${clash[0]}' of ${json.kind} ${json.metadata.name} that chart value '${clash[1]}' renders (got '${t.path}' for '${v.key}')`,
        );
      }
      known.push([t.path, v.key]);
      seen.set(json, known);
    }
  }
}

/** The nested values object: `{ linkManager: { image: {...}, replicas: 1 } }`. */
export function valuesTree(values: readonly ChartValueInfo[]): Record<string, unknown> {
  const root: Record<string, unknown> = {};
  for (const v of values) {
    const segments = v.key.split('.');
    let node = root;
    for (const s of segments.slice(0, -1)) node = (node[s] ??= {}) as Record<string, unknown>;
    node[segments[segments.length - 1]!] = v.default;
  }
  return root;
}

/** JSON Schema of the whole values file: every level closed (`additionalProperties: false`). */
export function valuesSchema(values: readonly ChartValueInfo[], title: string): Record<string, unknown> {
  type Node = {
    type: 'object';
    additionalProperties: false;
    required: string[];
    properties: Record<string, unknown>;
  };
  const group = (): Node => ({ type: 'object', additionalProperties: false, required: [], properties: {} });
  const root: Node & Record<string, unknown> = {
    $schema: 'http://json-schema.org/draft-07/schema#',
    title,
    ...group(),
  };
  for (const v of values) {
    const segments = v.key.split('.');
    let node: Node = root;
    for (const s of segments.slice(0, -1)) {
      if (!node.properties[s]) {
        node.properties[s] = group();
        node.required.push(s);
      }
      node = node.properties[s] as Node;
    }
    const last = segments[segments.length - 1]!;
    node.properties[last] = { description: v.description, ...v.schema };
    node.required.push(last);
  }
  // Helm passes `global` to every chart of a release (umbrella charts set it): accept it, use nothing of it.
  root.properties['global'] = { type: 'object', description: 'Values shared with subcharts (unused).' };
  return root;
}

/** `values.yaml`: the environment's values, each with its description as a helm-docs `# --` comment. */
export function valuesYaml(values: readonly ChartValueInfo[], header: string): string {
  const lines = header.split('\n').map((l) => (l === '' ? '#' : `# ${l}`));
  const described = new Map(values.map((v) => [v.key, v]));
  const emit = (node: Record<string, unknown>, prefix: string, indent: string): void => {
    for (const [k, child] of Object.entries(node)) {
      const key = prefix === '' ? k : `${prefix}.${k}`;
      const v = described.get(key);
      if (prefix === '') lines.push('');
      if (v) lines.push(`${indent}# -- ${v.description}`);
      const isGroup = !v && child !== null && typeof child === 'object';
      const dumped = isGroup ? '' : yaml.dump(child, { lineWidth: -1, noRefs: true }).trimEnd();
      const scalar =
        isGroup ||
        (!dumped.includes('\n') &&
          !(typeof child === 'object' && child !== null && Object.keys(child).length > 0));
      if (isGroup) {
        lines.push(`${indent}${k}:`);
        emit(child as Record<string, unknown>, key, `${indent}  `);
      } else if (scalar) {
        lines.push(`${indent}${k}: ${dumped}`);
      } else {
        lines.push(`${indent}${k}:`, ...dumped.split('\n').map((l) => `${indent}  ${l}`));
      }
    }
  };
  emit(valuesTree(values), '', '');
  if (values.length === 0) lines.push('{}');
  return `${lines.join('\n')}\n`;
}

/** The schema's `type` of a value, as helm-docs shows it. */
export function typeOf(v: ChartValueInfo): string {
  const t = v.schema['type'];
  if (typeof t === 'string') return t === 'integer' ? 'int' : t;
  return Array.isArray(v.default)
    ? 'list'
    : v.default === null
      ? 'string'
      : typeof v.default === 'object'
        ? 'object'
        : typeof v.default;
}
