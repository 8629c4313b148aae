/**
 * Derives the strict Kubernetes 1.27 schema table (`k8s-1.27-schema.json`) from two pinned npm packages:
 * - cdk8s-plus-27's jsii assembly: every 1.27.0 struct, its wire field names, basic types and required fields;
 * - kubernetes-models (1.27.1): enum values and integer formats, read by probing its compiled validators.
 * Dev-time only (the validator reads the committed JSON, which loads in milliseconds instead of parsing the
 * 2.7 MB assembly on the synth hot path). Regenerate with `node -r ./scripts/register.js src/validate/schema-gen.ts`;
 * test/validate/schema-gen.test.ts fails when the committed table drifts from these packages.
 */
import * as fs from 'fs';
import * as path from 'path';
import type { SchemaTable, TypeDef } from './schema-table';

interface JsiiTypeRef {
  primitive?: string;
  fqn?: string;
  collection?: { kind: 'array' | 'map'; elementtype: JsiiTypeRef };
}
interface JsiiProperty {
  name: string;
  optional?: boolean;
  static?: boolean;
  type: JsiiTypeRef;
  docs?: { custom?: { schema?: string } };
}
interface JsiiType {
  fqn: string;
  kind: string;
  name: string;
  properties?: JsiiProperty[];
  docs?: { custom?: { schema?: string } };
}
interface AjvError {
  instancePath: string;
  keyword: string;
  params: { allowedValues?: unknown[]; format?: string; type?: string };
}
type Validator = ((data: unknown) => boolean) & { errors?: AjvError[] | null };

const K8S = 'cdk8s-plus-27.k8s.';
const SPECIAL: Readonly<Record<string, string>> = {
  [`${K8S}IntOrString`]: 'int-or-string',
  [`${K8S}Quantity`]: 'quantity',
};
const PROBE_STRING = '\u0001probe';

/**
 * kubernetes-models 4.5.1 takes a few enums from a newer Kubernetes and lacks a few others (and one alpha
 * integer); these pin those leaf types to the 1.27.0 sources (k8s.io/api v0.27.0). The optional tests against
 * shared/k8s-schemas/ check the whole table.
 */
const QUOTA_SCOPES =
  'BestEffort|CrossNamespacePodAffinity|NotBestEffort|NotTerminating|PriorityClass|Terminating';
const LEAVES_1_27: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  'io.k8s.api.admissionregistration.v1.RuleWithOperations': { scope: 'enum:*|Cluster|Namespaced' },
  'io.k8s.api.admissionregistration.v1alpha1.MatchResources': { matchPolicy: 'enum:Equivalent|Exact' },
  'io.k8s.api.admissionregistration.v1alpha1.ValidatingAdmissionPolicyBindingSpec': {
    validationActions: 'enum:Audit|Deny|Warn',
  },
  'io.k8s.api.admissionregistration.v1alpha1.ValidatingAdmissionPolicySpec': {
    failurePolicy: 'enum:Fail|Ignore',
  },
  'io.k8s.api.batch.v1.PodFailurePolicyRule': { action: 'enum:Count|FailJob|Ignore' },
  'io.k8s.api.core.v1.ResourceQuotaSpec': { scopes: 'enum:' + QUOTA_SCOPES },
  'io.k8s.api.core.v1.ScopedResourceSelectorRequirement': { scopeName: 'enum:' + QUOTA_SCOPES },
  'io.k8s.api.core.v1.ServiceSpec': { ipFamilies: 'enum:IPv4|IPv6' },
  'io.k8s.api.networking.v1alpha1.ClusterCIDRSpec': { perNodeHostBits: 'int32' },
};

/** 1.27 kinds that have a status although kubernetes-models 4.5.1 (newer, or lacking alpha APIs) says not. */
const STATUS_1_27: ReadonlySet<string> = new Set([
  'io.k8s.api.admissionregistration.v1alpha1.ValidatingAdmissionPolicy',
  'io.k8s.api.apiserverinternal.v1alpha1.StorageVersion',
  'io.k8s.api.authentication.v1alpha1.SelfSubjectReview',
  'io.k8s.api.authentication.v1beta1.SelfSubjectReview',
  'io.k8s.api.networking.v1.NetworkPolicy',
  'io.k8s.api.resource.v1alpha2.PodSchedulingContext',
  'io.k8s.api.resource.v1alpha2.ResourceClaim',
]);

function pascal(definition: string): string {
  return definition
    .split(/[.-]/)
    .map((s) => s.charAt(0).toUpperCase() + s.slice(1))
    .join('');
}

/** The kubernetes-models validator of a definition, when that package has one. */
function modelValidator(definition: string, root: string): Validator | undefined {
  const file = pascal(definition) + '.js';
  const candidates = [
    path.join(root, 'kubernetes-models/_schemas', file),
    path.join(root, '@kubernetes-models/apimachinery/_schemas', file),
  ];
  for (const candidate of candidates) {
    if (fs.existsSync(candidate)) {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const mod = require(candidate) as { validate: Validator };
      return mod.validate;
    }
  }
  return undefined;
}

function pointerEscape(key: string): string {
  return key.replace(/~/g, '~0').replace(/\//g, '~1');
}

/** Wraps a probe value so that it sits at the leaf of an array/map field, and returns the leaf's pointer. */
function placeProbe(field: string, shape: string, value: unknown): { data: unknown; pointer: string } {
  const base = '/' + pointerEscape(field);
  if (shape === '[]') return { data: { [field]: [value] }, pointer: base + '/0' };
  if (shape === '{}') return { data: { [field]: { k: value } }, pointer: base + '/k' };
  return { data: { [field]: value }, pointer: base };
}

function probe(validate: Validator, field: string, shape: string, value: unknown): AjvError[] {
  const { data, pointer } = placeProbe(field, shape, value);
  validate(data);
  return (validate.errors ?? []).filter((e) => e.instancePath === pointer);
}

/** Refines a leaf type ('string' / 'number') with the enum or integer format kubernetes-models enforces. */
function refineLeaf(validate: Validator | undefined, field: string, shape: string, leaf: string): string {
  if (!validate) return leaf;
  if (leaf === 'string') {
    const errors = probe(validate, field, shape, PROBE_STRING);
    const en = errors.find((e) => e.keyword === 'enum');
    if (en && Array.isArray(en.params.allowedValues)) {
      return 'enum:' + en.params.allowedValues.map(String).join('|');
    }
    const format = errors.find((e) => e.keyword === 'format')?.params.format;
    if (format === 'byte') return 'byte';
    return leaf;
  }
  if (leaf === 'number') {
    const notInteger = probe(validate, field, shape, 0.5).some(
      (e) => e.keyword === 'type' && e.params.type === 'integer',
    );
    if (!notInteger) return leaf;
    const int32 = probe(validate, field, shape, 2 ** 31).some((e) => e.keyword === 'format');
    return int32 ? 'int32' : 'int64';
  }
  return leaf;
}

function wireName(p: JsiiProperty): string {
  const schema = p.docs?.custom?.schema;
  const hash = schema ? schema.indexOf('#') : -1;
  return hash >= 0 && schema ? schema.slice(hash + 1) : p.name;
}

export interface GeneratorInput {
  /** The node_modules directory holding cdk8s-plus-27 and kubernetes-models. */
  readonly nodeModules: string;
}

/** Builds the schema table; deterministic (sorted keys) so the committed file diffs cleanly. */
export function generateSchemaTable(input: GeneratorInput): SchemaTable {
  const root = input.nodeModules;
  const assembly = JSON.parse(fs.readFileSync(path.join(root, 'cdk8s-plus-27/.jsii'), 'utf8')) as {
    types: Record<string, JsiiType>;
  };
  const types = assembly.types;
  const definitionOf = (fqn: string): string => {
    const t = types[fqn];
    const schema = t?.docs?.custom?.schema;
    if (!schema) throw new Error(`schema-gen: ${fqn} has no docs.custom.schema`);
    return schema;
  };

  const encode = (ref: JsiiTypeRef): { shape: string; leaf: string } => {
    if (ref.collection) {
      const inner = encode(ref.collection.elementtype);
      if (inner.shape !== '')
        return {
          shape: '',
          leaf: (ref.collection.kind === 'array' ? '[]' : '{}') + inner.shape + inner.leaf,
        };
      return { shape: ref.collection.kind === 'array' ? '[]' : '{}', leaf: inner.leaf };
    }
    if (ref.primitive) {
      const p = ref.primitive;
      const leaf =
        p === 'string'
          ? 'string'
          : p === 'number'
            ? 'number'
            : p === 'boolean'
              ? 'boolean'
              : p === 'date'
                ? 'date-time'
                : 'any';
      return { shape: '', leaf };
    }
    if (ref.fqn) {
      const special = SPECIAL[ref.fqn];
      if (special) return { shape: '', leaf: special };
      const t = types[ref.fqn];
      if (t?.kind === 'enum') return { shape: '', leaf: 'string' };
      return { shape: '', leaf: '#' + definitionOf(ref.fqn) };
    }
    throw new Error(`schema-gen: unsupported jsii type ${JSON.stringify(ref)}`);
  };

  const table: { kinds: Record<string, Record<string, string>>; types: Record<string, TypeDef> } = {
    kinds: {},
    types: {},
  };
  const modelsRoot = root;
  for (const t of Object.values(types)) {
    if (!t.fqn.startsWith(K8S) || t.kind !== 'interface') continue;
    const definition = definitionOf(t.fqn);
    const validate = modelValidator(definition, modelsRoot);
    const fields: Record<string, string> = {};
    const required: string[] = [];
    for (const p of t.properties ?? []) {
      const name = wireName(p);
      const { shape, leaf } = encode(p.type);
      const pinned = LEAVES_1_27[definition]?.[name];
      const refined = pinned
        ? pinned
        : leaf === 'string' || leaf === 'number'
          ? refineLeaf(validate, name, shape, leaf)
          : leaf;
      fields[name] = shape + refined;
      if (!p.optional) required.push(name);
    }
    table.types[definition] = { fields: sortKeys(fields), required: required.sort() };
  }

  // Top-level kinds: the Kube* classes' GVK; their Props interface carries metadata/spec/...
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const k8s = require(path.join(root, 'cdk8s-plus-27/lib/imports/k8s.js')) as Record<
    string,
    { GVK?: { apiVersion: string; kind: string } }
  >;
  for (const [className, cls] of Object.entries(k8s)) {
    if (!cls?.GVK) continue;
    const definition = definitionOf(K8S + className);
    const def = table.types[definition];
    if (!def) throw new Error(`schema-gen: no props struct for ${className} (${definition})`);
    const fields: Record<string, string> = { ...def.fields, apiVersion: 'string', kind: 'string' };
    // cdk8s omits status; the API accepts (and ignores) it on create, so allow it where the kind has one
    // (kubernetes-models' validator rejects a non-object there exactly when the kind has a status).
    const validate = modelValidator(definition, modelsRoot);
    const hasStatus = validate && probe(validate, 'status', '', 5).some((e) => e.keyword === 'type');
    if (hasStatus || STATUS_1_27.has(definition)) fields.status = 'any';
    // apiVersion/kind stay optional here: kinds are embedded too (volumeClaimTemplates); top-level documents
    // without them are `invalid-manifest`.
    table.types[definition] = { fields: sortKeys(fields), required: def.required };
    const byVersion = (table.kinds[cls.GVK.apiVersion] ??= {});
    byVersion[cls.GVK.kind] = definition;
  }
  return {
    kubernetesVersion: '1.27.0',
    sources: [
      `cdk8s-plus-27@${packageVersion(root, 'cdk8s-plus-27')} (.jsii)`,
      `kubernetes-models@${packageVersion(root, 'kubernetes-models')} (enums, integer formats)`,
    ],
    kinds: sortKeys(Object.fromEntries(Object.entries(table.kinds).map(([v, k]) => [v, sortKeys(k)]))),
    types: sortKeys(table.types),
  };
}

function packageVersion(root: string, name: string): string {
  const pkg = JSON.parse(fs.readFileSync(path.join(root, name, 'package.json'), 'utf8')) as {
    version: string;
  };
  return pkg.version;
}

function sortKeys<T>(o: Record<string, T>): Record<string, T> {
  return Object.fromEntries(Object.entries(o).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

export const SCHEMA_TABLE_FILE = path.join(__dirname, 'k8s-1.27-schema.json');

async function writeTable(): Promise<void> {
  const table = generateSchemaTable({ nodeModules: path.resolve(__dirname, '../../node_modules') });
  // Formatted like every other file of the repo, so that `prettier --check .` passes.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const prettier = require('prettier') as typeof import('prettier');
  const options = (await prettier.resolveConfig(SCHEMA_TABLE_FILE)) ?? {};
  const text = await prettier.format(JSON.stringify(table), { ...options, filepath: SCHEMA_TABLE_FILE });
  fs.writeFileSync(SCHEMA_TABLE_FILE, text);
  console.log(`wrote ${SCHEMA_TABLE_FILE}: ${Object.keys(table.types).length} types`);
}

if (require.main === module) {
  writeTable().catch((e: unknown) => {
    console.error(e);
    process.exitCode = 1;
  });
}
