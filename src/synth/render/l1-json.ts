import { k8s } from 'cdk8s-plus-27';

// cdk8s-plus-27's generated `toJson_<Type>` converters (props names -> Kubernetes names, unions
// to their values) build every struct as an object of all its declared fields, then copy it once
// per defined field (`Object.entries(result).reduce((r, i) => ({ ...r, [i[0]]: i[1] }), {})`):
// allocation that grows with the square of the fields, for every struct of every object. The
// generated code is regular: each field is one of the ten forms below. `l1Converter` reads a
// converter's own source into a field table and applies it with the same semantics (same fields,
// order, skipped undefined values, same nested conversions), without the copies. A converter
// whose source holds anything else is used as it is. test/synth/render/l1-json.test.ts checks that every
// converter of the package parses and that both give the same JSON.

type Json = Record<string, unknown>;
type Convert = (obj: unknown) => unknown;

/** How one field is converted; `sub` names the nested converter. */
type Form =
  | 'plain'
  | 'value'
  | 'struct'
  | 'structs'
  | 'copy'
  | 'map'
  | 'mapValues'
  | 'mapStructs'
  | 'mapCopies'
  | 'date';

interface Field {
  readonly out: string;
  readonly in: string;
  readonly form: Form;
  readonly sub?: string | undefined;
}

const FUNCTION =
  /^function (toJson_\w+)\(obj\) \{\s*if \(obj === undefined\) \{\s*return undefined;\s*\}\s*const result = \{\n([\s\S]*?)\n\s*\};\s*\/\/ filter undefined values\s*return Object\.entries\(result\)\.reduce\(\(r, i\) => \(i\[1\] === undefined\) \? r : \(\{ \.\.\.r, \[i\[0\]\]: i\[1\] \}\), \{\}\);\s*\}$/;
const FIELD = /^\s*'([^'\\]+)': (.*),$/;
const MAP_PREFIX =
  /^\(\(obj\.(\w+)\) === undefined\) \? undefined : \(Object\.entries\(obj\.\1\)\.reduce\(\(r, i\) => \(i\[1\] === undefined\) \? r : \(\{ \.\.\.r, \[i\[0\]\]: (.*) \}\), \{\}\)\)$/;
const FORMS: readonly [RegExp, Form][] = [
  [/^obj\.(\w+)$/, 'plain'],
  [/^obj\.(\w+)\?\.value$/, 'value'],
  [/^(toJson_\w+)\(obj\.(\w+)\)$/, 'struct'],
  [/^obj\.(\w+)\?\.map\(y => (toJson_\w+)\(y\)\)$/, 'structs'],
  [/^obj\.(\w+)\?\.map\(y => y\)$/, 'copy'],
  [/^obj\.(\w+)\?\.toISOString\(\)$/, 'date'],
];
const MAP_FORMS: readonly [RegExp, Form][] = [
  [/^i\[1\]$/, 'map'],
  [/^i\[1\]\?\.value$/, 'mapValues'],
  [/^(toJson_\w+)\(i\[1\]\)$/, 'mapStructs'],
  [/^i\[1\]\?\.map\(y => y\)$/, 'mapCopies'],
];

/** The fields of a converter, or undefined when its source is not of the generated form. */
export function parseConverter(source: string): Field[] | undefined {
  const fn = FUNCTION.exec(source);
  if (!fn) return undefined;
  const fields: Field[] = [];
  for (const line of (fn[2] ?? '').split('\n')) {
    const [, out, expr] = FIELD.exec(line) ?? [];
    if (out === undefined || expr === undefined || out === '__proto__') return undefined;
    const field = parseField(out, expr);
    if (!field) return undefined;
    fields.push(field);
  }
  return fields;
}

function parseField(out: string, expr: string): Field | undefined {
  const map = MAP_PREFIX.exec(expr);
  if (map) {
    const [, field = '', value = ''] = map;
    for (const [re, form] of MAP_FORMS) {
      const m = re.exec(value);
      if (m) return { out, in: field, form, sub: m[1] };
    }
    return undefined;
  }
  for (const [re, form] of FORMS) {
    const [, first = '', second] = re.exec(expr) ?? [];
    if (first === '') continue; // no match (every first group is \w+)
    // `toJson_T(obj.x)` names the converter first; the others the field.
    return form === 'struct'
      ? { out, in: second ?? '', form, sub: first }
      : { out, in: first, form, sub: second };
  }
  return undefined;
}

const table = k8s as unknown as Record<string, unknown>;
const converters = new Map<string, Convert>();

/** The converter `name` of cdk8s-plus-27's k8s module, table-driven when its source parses. */
export function l1Converter(name: string): Convert | undefined {
  const known = converters.get(name);
  if (known) return known;
  const original = table[name];
  if (typeof original !== 'function') return undefined;
  const fields = parseConverter(String(original));
  const convert: Convert = fields ? (obj) => applyFields(obj, fields) : (original as Convert);
  converters.set(name, convert);
  return convert;
}

function sub(field: Field): Convert {
  const c = l1Converter(field.sub as string);
  if (!c) throw new Error(`cdk8s-plus-27 has no ${field.sub}`);
  return c;
}

/** `{ ...r, [k]: v }` semantics: an own property even for `__proto__`. */
function set(r: Json, k: string, v: unknown): void {
  if (k === '__proto__')
    Object.defineProperty(r, k, { value: v, enumerable: true, writable: true, configurable: true });
  else r[k] = v;
}

function mapOf(v: object, f: (x: unknown) => unknown): Json {
  const r: Json = {};
  for (const [k, x] of Object.entries(v)) if (x !== undefined) set(r, k, f(x));
  return r;
}

function applyFields(obj: unknown, fields: readonly Field[]): Json | undefined {
  if (obj === undefined) return undefined;
  const o = obj as Record<string, unknown>;
  const r: Json = {};
  for (const field of fields) {
    const v = o[field.in] as { value?: unknown; map?: unknown; toISOString?: () => unknown } | undefined;
    let x: unknown;
    switch (field.form) {
      case 'plain':
        x = v;
        break;
      case 'value':
        x = v?.value;
        break;
      case 'struct':
        x = sub(field)(v);
        break;
      case 'structs': {
        const c = sub(field);
        x = (v as unknown[] | undefined)?.map((y) => c(y));
        break;
      }
      case 'copy':
        x = (v as unknown[] | undefined)?.map((y) => y);
        break;
      case 'date':
        x = v === undefined || v === null ? undefined : (v as Date).toISOString();
        break;
      case 'map':
        x = v === undefined ? undefined : mapOf(v, (y) => y);
        break;
      case 'mapValues':
        x = v === undefined ? undefined : mapOf(v, (y) => (y as { value?: unknown } | null)?.value);
        break;
      case 'mapStructs': {
        const c = sub(field);
        x = v === undefined ? undefined : mapOf(v, c);
        break;
      }
      case 'mapCopies':
        x = v === undefined ? undefined : mapOf(v, (y) => (y as unknown[] | null)?.map((z) => z));
        break;
    }
    if (x !== undefined) r[field.out] = x;
  }
  return r;
}
