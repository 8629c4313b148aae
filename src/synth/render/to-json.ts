import {
  ApiObject,
  ApiObjectMetadataDefinition,
  App,
  ImplicitTokenResolver,
  JsonPatch,
  Lazy,
  LazyResolver,
  NumberStringUnionResolver,
  resolve,
} from 'cdk8s';
import { k8s } from 'cdk8s-plus-27';
import { createHash } from 'crypto';
import { l1Converter } from './l1-json';

// `ApiObject.toJson()` (and the L1 classes' toJson on top of it) with the same result, faster.
// cdk8s resolves every value of every object through its resolver chain, building a key path
// array, a context object and an `App.of` walk per value, then walks the result again to drop
// empty values and sort keys. `renderJson` does both in one pass with the same three default
// resolvers and the same sanitizing rules. It is used only where it is provably the same:
//   - the cdk8s code it mirrors is the code it was written against (a hash of its source, so a
//     cdk8s upgrade that changes it falls back to cdk8s's own toJson until this file is reviewed);
//   - the App has exactly the default resolvers (no custom `resolvers`), and keys are sorted
//     (CDK8S_DISABLE_SORT unset);
//   - the object's class is ApiObject itself or an unmodified cdk8s-plus-27 L1 class;
//   - no key is `constructor` or `__proto__` (which cdk8s's own pass mangles).
// Anything else takes `obj.toJson()`. test/synth/render/to-json.test.ts compares both paths object by object.

/** Source hash of the cdk8s functions this file mirrors (cdk8s 2.70.106). */
export const MIRRORED_CDK8S_SOURCE = 'f846eeeb272637c1';

type Json = Record<string, unknown>;
/** How an object's class renders: ApiObject's JSON as is, or through an L1 class's conversion. */
type Renderer = { readonly gvk?: Json; readonly convert?: (resolved: Json) => Json } | null;

const renderers = new Map<object, Renderer>();
const L1_TO_JSON =
  /^toJson\(\) \{\s*const resolved = super\.toJson\(\);\s*return \{\s*\.\.\.(\w+)\.GVK,\s*\.\.\.toJson_(\w+)Props\(resolved\),\s*\};\s*\}$/;

/** The source hash of what renderJson mirrors; `MIRRORED_CDK8S_SOURCE` when it is unchanged. */
export function mirroredSourceHash(): string | undefined {
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { sanitizeValue } = require('cdk8s/lib/_util') as { sanitizeValue: unknown };
    const sources = [
      ApiObject.prototype.toJson,
      ApiObjectMetadataDefinition,
      resolve,
      sanitizeValue,
      JsonPatch.apply,
      LazyResolver.prototype.resolve,
      ImplicitTokenResolver.prototype.resolve,
      NumberStringUnionResolver.prototype.resolve,
    ].map((f) => String(f));
    return createHash('sha256').update(sources.join('\n')).digest('hex').slice(0, 16);
  } catch {
    return undefined;
  }
}

const MIRRORS_CDK8S = mirroredSourceHash() === MIRRORED_CDK8S_SOURCE;

function rendererOf(proto: object): Renderer {
  let r = renderers.get(proto);
  if (r !== undefined) return r;
  r = null;
  if (proto === ApiObject.prototype) r = {};
  else if (Object.getPrototypeOf(proto) === ApiObject.prototype) {
    const name = (proto as { constructor: { name: string } }).constructor.name;
    const table = k8s as unknown as Record<string, unknown>;
    const cls = table[name] as { prototype?: unknown; GVK?: Json } | undefined;
    const convert = l1Converter(`toJson_${name}Props`);
    const m = L1_TO_JSON.exec(String((proto as { toJson: unknown }).toJson));
    if (
      cls?.prototype === proto &&
      cls.GVK &&
      typeof convert === 'function' &&
      m?.[1] === name &&
      m[2] === name
    )
      r = { gvk: cls.GVK, convert: convert as (resolved: Json) => Json };
  }
  renderers.set(proto, r);
  return r;
}

function hasDefaultResolvers(obj: ApiObject): boolean {
  const resolvers = (App.of(obj) as Partial<App>).resolvers;
  return (
    Array.isArray(resolvers) &&
    resolvers.length === 3 &&
    Object.getPrototypeOf(resolvers[0]) === LazyResolver.prototype &&
    Object.getPrototypeOf(resolvers[1]) === ImplicitTokenResolver.prototype &&
    Object.getPrototypeOf(resolvers[2]) === NumberStringUnionResolver.prototype
  );
}

/** Thrown when a value needs cdk8s's own pass (a key it mangles, an object it refuses). */
const OWN_PASS = Symbol('own pass');

/**
 * `sanitizeValue(resolve([], v, obj), { sortKeys: true, ...filters })` with the default resolvers:
 * Lazy values produced, implicit tokens (`resolve()`) resolved, number/string unions (IntOrString,
 * Quantity) turned into `{ value }`; then nulls dropped and keys sorted (and, for metadata, empty
 * arrays and objects dropped).
 */
function resolved(v: unknown, filterEmpty: boolean): unknown {
  switch (typeof v) {
    case 'string':
    case 'number':
    case 'boolean':
      // Primitives pass every resolver unchanged (checked per call in renderJson: no `resolve` or
      // `value` on their prototypes).
      return v;
    case 'undefined':
      return undefined;
  }
  if (v === null) return undefined;
  const proto: unknown = Object.getPrototypeOf(v);
  // Plain objects, the bulk: no resolver applies to them unless they carry an own `resolve` or
  // `constructor` (then cdk8s's own pass decides), so they are walked at once.
  if (proto === Object.prototype) return walk(v as Json, filterEmpty);
  const o = v as { resolve?: unknown; constructor?: unknown; value?: unknown };
  // The resolvers, in cdk8s's order; a replaced value is resolved again.
  if (v instanceof Lazy) return resolved(v.produce(), filterEmpty);
  if (typeof o.resolve === 'function') return resolved((o.resolve as () => unknown).call(v), filterEmpty);
  if (o.constructor !== Object && (typeof o.value === 'number' || typeof o.value === 'string'))
    return resolved({ value: o.value }, filterEmpty);
  if (Array.isArray(v)) {
    if (filterEmpty && v.length === 0) return undefined;
    return v.map((x) => resolved(x, filterEmpty));
  }
  // Not a plain object and not resolvable: cdk8s refuses it (or walks it unresolved): its own pass.
  throw OWN_PASS;
}

/** A plain object's values resolved, nulls dropped, keys sorted. */
function walk(v: Json, filterEmpty: boolean): Json | undefined {
  const keys = Object.keys(v);
  if (keys.length > 1) keys.sort();
  const out: Json = {};
  let written = false;
  for (const k of keys) {
    if (k === '__proto__' || k === 'constructor' || k === 'resolve') throw OWN_PASS;
    const r = resolved(v[k], filterEmpty);
    if (r !== null && r !== undefined) {
      out[k] = r;
      written = true;
    }
  }
  return filterEmpty && !written ? undefined : out;
}

/** ApiObjectMetadataDefinition.toJson: its fields resolved, sorted, empty ones dropped. */
function metadataJson(metadata: ApiObjectMetadataDefinition): unknown {
  const m = metadata as unknown as Record<string, unknown> & { _additionalAttributes: Json };
  return resolved(
    {
      ...m._additionalAttributes,
      name: m.name,
      namespace: m.namespace,
      annotations: m.annotations,
      finalizers: m.finalizers,
      ownerReferences: m.ownerReferences,
      labels: m.labels,
    },
    true,
  );
}

/** Whether primitives, plain objects and arrays pass the resolvers unchanged (no `resolve` or `value` added to their prototypes). */
function plainPrimitives(): boolean {
  for (const p of [
    String.prototype,
    Number.prototype,
    Boolean.prototype,
    Object.prototype,
    Array.prototype,
  ] as object[])
    if ('resolve' in p || 'value' in p) return false;
  return true;
}

/** The JSON of `obj`, exactly as `obj.toJson()` returns it. */
export function renderJson(obj: ApiObject): Json {
  const proto = Object.getPrototypeOf(obj) as object;
  const renderer = MIRRORS_CDK8S && !process.env.CDK8S_DISABLE_SORT ? rendererOf(proto) : null;
  if (
    !renderer ||
    Object.prototype.hasOwnProperty.call(obj, 'toJson') ||
    Object.getPrototypeOf(obj.metadata) !== ApiObjectMetadataDefinition.prototype ||
    !hasDefaultResolvers(obj) ||
    !plainPrimitives()
  )
    return obj.toJson() as Json;
  const internals = obj as unknown as { props?: unknown; patches?: unknown };
  if (typeof internals.props !== 'object' || !Array.isArray(internals.patches)) return obj.toJson() as Json;
  let patched: Json;
  try {
    // toJson resolves `{ ...props, metadata: metadata.toJson() }`: the metadata's JSON is already
    // resolved and sorted, with nothing left to drop, so it is not walked a second time.
    const rest: Json = { ...(internals.props as Json) };
    delete rest.metadata;
    const metadata = metadataJson(obj.metadata);
    const body = resolved(rest, false) as Json;
    if (metadata !== undefined) body.metadata = metadata;
    const patches = internals.patches as JsonPatch[];
    // JsonPatch.apply without operations returns the document itself.
    patched = patches.length > 0 ? (JsonPatch.apply(body, ...patches) as Json) : body;
  } catch (e) {
    if (e === OWN_PASS) return obj.toJson() as Json;
    throw new Error(`Failed serializing construct at path '${obj.node.path}' with name '${obj.name}': ${e}`);
  }
  // ApiObject.toJson: apiVersion, kind and metadata first.
  const json: Json = {};
  for (const k of ['apiVersion', 'kind', 'metadata', ...Object.keys(patched)])
    if (k in patched) json[k] = patched[k];
  return renderer.convert ? { ...renderer.gvk, ...renderer.convert(json) } : json;
}
