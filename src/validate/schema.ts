/**
 * Strict structural validation against the Kubernetes 1.27 schema table (schema-table.ts): served
 * apiVersion/kind, unknown fields, types, required fields, enums, integer/date/base64 formats, quantities, and the
 * naming checks of names.ts. One pass over the object; no allocation per field beyond paths.
 */
import { describeType, isObject, show, type JsonObject } from './json';
import { VALUE_CHECKS } from './api-values';
import { checkObjectName, FIELD_CHECKS } from './names';
import { child, index } from './path';
import { checkResourceRequirements, parseQuantity } from './quantity';
import { crdApiGroups, schemaTable, type SchemaTable, type TypeDef } from './schema-table';
import type { Emit, Subject } from './subject';

const RFC3339 = /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/;
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
const INT32 = 2 ** 31;
const OBJECT_META = 'io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta';

/** Groups whose every version is gone by 1.27 (their kinds moved elsewhere). */
const REMOVED_GROUPS: ReadonlySet<string> = new Set(['extensions']);
const REMOVED_KIND_HINTS: Readonly<Record<string, string>> = {
  PodSecurityPolicy:
    'PodSecurityPolicy was removed in Kubernetes 1.25: use Pod Security Admission (namespace label pod-security.kubernetes.io/enforce)',
};

const STRUCT_CHECKS: Readonly<Record<string, (value: JsonObject, path: string, emit: Emit) => void>> = {
  'io.k8s.api.core.v1.ResourceRequirements': checkResourceRequirements,
};

interface ServedIndex {
  readonly groups: ReadonlySet<string>;
  /** kind -> apiVersions serving it. */
  readonly versionsOfKind: ReadonlyMap<string, readonly string[]>;
}

let served: ServedIndex | undefined;

function servedIndex(table: SchemaTable): ServedIndex {
  if (served) return served;
  const groups = new Set<string>();
  const versionsOfKind = new Map<string, string[]>();
  for (const [apiVersion, kinds] of Object.entries(table.kinds)) {
    groups.add(groupOf(apiVersion));
    for (const kind of Object.keys(kinds)) {
      const list = versionsOfKind.get(kind) ?? [];
      list.push(apiVersion);
      versionsOfKind.set(kind, list);
    }
  }
  served = { groups, versionsOfKind };
  return served;
}

function groupOf(apiVersion: string): string {
  const slash = apiVersion.lastIndexOf('/');
  return slash < 0 ? '' : apiVersion.slice(0, slash);
}

/** True for groups of Kubernetes itself (as opposed to CRDs); only those can be "not served". */
function isBuiltInGroup(group: string, index: ServedIndex): boolean {
  return (index.groups.has(group) && !crdApiGroups().has(group)) || REMOVED_GROUPS.has(group);
}

export function checkSchema(subject: Subject, emit: Emit): void {
  const table = schemaTable();
  const { apiVersion, kind } = subject.ref;
  const definition = table.kinds[apiVersion]?.[kind];
  const idx = servedIndex(table);
  if (definition === undefined) {
    const group = groupOf(apiVersion);
    if (isBuiltInGroup(group, idx)) {
      const versions = (idx.versionsOfKind.get(kind) ?? []).filter((v) => !crdApiGroups().has(groupOf(v)));
      const hint =
        REMOVED_KIND_HINTS[kind] ??
        (versions.length > 0
          ? `use apiVersion ${versions.join(' or ')}`
          : `no Kubernetes 1.27 API serves kind ${kind}`);
      emit(
        'api-not-served',
        'apiVersion',
        `apiVersion ${apiVersion} kind ${kind} is not served by Kubernetes 1.27`,
        hint,
      );
    } else {
      const known = Object.keys(table.kinds).filter((v) => groupOf(v) === group && table.kinds[v]?.[kind]);
      const detail = known.length > 0 ? ` (known: ${known.join(', ')})` : '';
      emit('unknown-kind', 'kind', `no schema for ${apiVersion} ${kind}${detail}: schema validation skipped`);
    }
    // Every Kubernetes object, custom or removed, has standard object metadata.
    if (isObject(subject.obj.metadata))
      walkStruct(table, subject.obj.metadata, OBJECT_META, 'metadata', emit);
    checkObjectName(subject.obj, subject.group, kind, emit);
    return;
  }
  walkStruct(table, subject.obj, definition, '', emit);
  checkObjectName(subject.obj, subject.group, kind, emit);
}

/** A type string of the table, parsed once: the walk runs per value, the parsing per distinct type. */
type Compiled =
  | { readonly kind: 'array' | 'map'; readonly inner: string }
  | { readonly kind: 'struct'; readonly definition: string }
  | { readonly kind: 'enum'; readonly allowed: ReadonlySet<string>; readonly shown: string }
  | { readonly kind: 'leaf'; readonly type: string };

const compiled = new Map<string, Compiled>();

function compile(type: string): Compiled {
  let c = compiled.get(type);
  if (c) return c;
  if (type.startsWith('[]')) c = { kind: 'array', inner: type.slice(2) };
  else if (type.startsWith('{}')) c = { kind: 'map', inner: type.slice(2) };
  else if (type.startsWith('#')) c = { kind: 'struct', definition: type.slice(1) };
  else if (type.startsWith('enum:')) {
    const allowed = type.slice(5).split('|');
    c = { kind: 'enum', allowed: new Set(allowed), shown: allowed.join(', ') };
  } else c = { kind: 'leaf', type };
  compiled.set(type, c);
  return c;
}

type FieldCheck = (value: unknown, path: string, emit: Emit) => void;
let fieldChecks: ReadonlyMap<string, ReadonlyMap<string, FieldCheck>> | undefined;

/** FIELD_CHECKS (`<definition>#<field>`) grouped by definition, so a walk looks them up without building keys. */
function fieldChecksOf(definition: string): ReadonlyMap<string, FieldCheck> | undefined {
  if (!fieldChecks) {
    const byDef = new Map<string, Map<string, FieldCheck>>();
    for (const [key, check] of Object.entries({ ...FIELD_CHECKS, ...VALUE_CHECKS })) {
      const [def, field] = key.split('#') as [string, string];
      const m = byDef.get(def) ?? new Map<string, FieldCheck>();
      m.set(field, check as FieldCheck);
      byDef.set(def, m);
    }
    fieldChecks = byDef;
  }
  return fieldChecks.get(definition);
}

function walkStruct(
  table: SchemaTable,
  value: JsonObject,
  definition: string,
  path: string,
  emit: Emit,
): void {
  const def: TypeDef | undefined = table.types[definition];
  if (!def) return;
  const checks = fieldChecksOf(definition);
  for (const key in value) {
    const v = value[key];
    const type = def.fields[key];
    if (type === undefined) {
      const suggestion = closest(key, Object.keys(def.fields));
      emit(
        'schema-unknown-field',
        child(path, key),
        `unknown field ${show(key)} in ${shortName(definition)}`,
        suggestion ? `did you mean ${show(suggestion)}?` : undefined,
      );
      continue;
    }
    if (v === null) continue; // the API server treats null as unset
    const check = checks?.get(key);
    if (check === undefined && typeof v !== 'object') {
      leaf(table, v, type, path, key, emit);
      continue;
    }
    const p = child(path, key);
    if (walk(table, v, type, p, emit)) check?.(v, p, emit);
  }
  for (const key of def.required) {
    if (value[key] === undefined || value[key] === null) {
      emit(
        'schema-required',
        child(path, key),
        `missing required field ${show(key)} in ${shortName(definition)}`,
      );
    }
  }
  STRUCT_CHECKS[definition]?.(value, path, emit);
}

/** Validates a value against an encoded type; returns false when it reported a type problem. */
function walk(table: SchemaTable, value: unknown, type: string, path: string, emit: Emit): boolean {
  const c = compile(type);
  switch (c.kind) {
    case 'array':
      if (!Array.isArray(value)) return typeError(value, 'array', path, emit);
      for (let i = 0; i < value.length; i++) {
        const item: unknown = value[i];
        if (item === null) continue;
        if (typeof item !== 'object') leaf(table, item, c.inner, path, i, emit);
        else walk(table, item, c.inner, index(path, i), emit);
      }
      return true;
    case 'map':
      if (!isObject(value)) return typeError(value, 'object', path, emit);
      for (const k in value) {
        const item = value[k];
        if (item === null) continue;
        if (typeof item !== 'object') leaf(table, item, c.inner, path, k, emit);
        else walk(table, item, c.inner, child(path, k), emit);
      }
      return true;
    case 'struct':
      if (!isObject(value)) return typeError(value, 'object', path, emit);
      walkStruct(table, value, c.definition, path, emit);
      return true;
    case 'enum':
      if (typeof value !== 'string') return typeError(value, 'string', path, emit);
      if (value !== '' && !c.allowed.has(value))
        emit('schema-enum', path, `${show(value)} is not one of ${c.shown}`);
      return true;
    case 'leaf':
      return checkLeaf(value, c.type, path, emit);
  }
}

// Most values are leaves that pass: their path (a string per value, JSON-quoted for label keys)
// is built only when one has something to report, by checking it again with the path.
let flagged = false;
const FLAG: Emit = () => {
  flagged = true;
};

/** `walk` of a primitive at `parent` + `key`, building its path only to report a problem. */
function leaf(
  table: SchemaTable,
  value: unknown,
  type: string,
  parent: string,
  key: string | number,
  emit: Emit,
): void {
  flagged = false;
  walk(table, value, type, '', FLAG);
  if (flagged)
    walk(table, value, type, typeof key === 'number' ? index(parent, key) : child(parent, key), emit);
}

function checkLeaf(value: unknown, type: string, path: string, emit: Emit): boolean {
  switch (type) {
    case 'any':
      return true;
    case 'string':
      return typeof value === 'string' || typeError(value, 'string', path, emit);
    case 'boolean':
      return typeof value === 'boolean' || typeError(value, 'boolean', path, emit);
    case 'number':
      return typeof value === 'number' || typeError(value, 'number', path, emit);
    case 'int32':
    case 'int64': {
      if (typeof value !== 'number' || !Number.isInteger(value))
        return typeError(value, 'integer', path, emit);
      const ok = type === 'int32' ? value >= -INT32 && value < INT32 : Number.isSafeInteger(value);
      if (!ok) emit('schema-format', path, `${value} does not fit in ${type}`);
      return true;
    }
    case 'int-or-string':
      if (typeof value === 'string') return true;
      if (typeof value === 'number' && Number.isInteger(value)) return true;
      return typeError(value, 'integer or string', path, emit);
    case 'quantity':
      if (typeof value !== 'string' && typeof value !== 'number')
        return typeError(value, 'quantity string', path, emit);
      if (parseQuantity(value) === undefined) {
        emit('schema-quantity', path, `${show(value)} is not a Kubernetes quantity`);
      }
      return true;
    case 'date-time':
      if (typeof value !== 'string') return typeError(value, 'RFC 3339 date-time string', path, emit);
      if (!RFC3339.test(value)) emit('schema-format', path, `${show(value)} is not an RFC 3339 date-time`);
      return true;
    case 'byte':
      if (typeof value !== 'string') return typeError(value, 'base64 string', path, emit);
      if (!BASE64.test(value.replace(/[\r\n]/g, ''))) {
        emit(
          'schema-format',
          path,
          'value is not valid base64',
          'data values are base64; put plain text in stringData',
        );
      }
      return true;
    default:
      return true;
  }
}

function typeError(value: unknown, expected: string, path: string, emit: Emit): false {
  const hint =
    expected === 'string' && (typeof value === 'number' || typeof value === 'boolean')
      ? `quote it: "${String(value)}"`
      : undefined;
  emit('schema-type', path, `expected ${expected}, got ${describeType(value)} ${show(value)}`, hint);
  return false;
}

function shortName(definition: string): string {
  return definition.slice(definition.lastIndexOf('.') + 1);
}

/** The known field nearest to a misspelt one (edit distance <= 2, or same letters ignoring case). */
function closest(key: string, fields: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = 3;
  const lower = key.toLowerCase();
  for (const f of fields) {
    const d = f.toLowerCase() === lower ? 0 : editDistance(lower, f.toLowerCase(), bestDistance);
    if (d < bestDistance) {
      best = f;
      bestDistance = d;
    }
  }
  return best;
}

function editDistance(a: string, b: string, cap: number): number {
  if (Math.abs(a.length - b.length) >= cap) return cap;
  let prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      cur[j] = Math.min(
        (prev[j] ?? 0) + 1,
        (cur[j - 1] ?? 0) + 1,
        (prev[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1),
      );
    }
    prev = cur;
  }
  return prev[b.length] ?? cap;
}
