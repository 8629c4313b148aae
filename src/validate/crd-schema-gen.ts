/**
 * Derives a strict schema table (the encoding of schema-table.ts) from CustomResourceDefinition files: the
 * `openAPIV3Schema` of every served version, every object schema a struct, identical structs shared. Used for
 * Argo CD v3.4's CRDs (`argocd-3.4-schema.json`), Istio v1.32's security kinds (`istio-1.32-schema.json`), Argo
 * Rollouts v1.10.2's (`argo-rollouts-1.10-schema.json`) and Gateway API v1.7.0's standard channel
 * (`gateway-api-1.7-schema.json`). Dev-time only, like schema-gen.ts: the validator reads the committed JSON, so
 * the package needs no CRD file at run time. Regenerate with
 * `node -r ./scripts/register.js src/validate/crd-schema-gen.ts argocd|gateway-api|rollouts <dir>`;
 * test/validate/crd-schema-gen.test.ts fails when a committed table drifts from its CRD files (the Argo CD and Argo
 * Rollouts ones when `ARGOCD_CRDS` and `ARGO_ROLLOUTS_CRDS` name their directories, as `.ci/run` does).
 */
import { createHash } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import * as yaml from 'js-yaml';
import type { TypeDef } from './schema-table';

/** A table of CRD kinds: what schema-table.ts merges into the Kubernetes one. */
export interface CrdTable {
  /** Where each CRD came from (file name and sha256 of its bytes). */
  readonly sources: readonly string[];
  /** apiVersion -> kind -> definition name. */
  readonly kinds: Readonly<Record<string, Readonly<Record<string, string>>>>;
  readonly types: Readonly<Record<string, TypeDef>>;
}

/** One CRD file: its name (for `sources`) and its text. */
export interface CrdFile {
  readonly name: string;
  readonly text: string;
}

interface Schema {
  type?: string;
  format?: string;
  enum?: unknown[];
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  additionalProperties?: Schema | boolean;
  'x-kubernetes-preserve-unknown-fields'?: boolean;
  'x-kubernetes-int-or-string'?: boolean;
}

interface Crd {
  kind?: string;
  spec?: {
    group: string;
    names: { kind: string };
    versions: { name: string; served: boolean; schema?: { openAPIV3Schema?: Schema } }[];
  };
}

const OBJECT_META = '#io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta';

/** `argoproj.io` + `v1alpha1` -> `io.argoproj.v1alpha1.` (the prefix of its definition names). */
function prefixOf(group: string, version: string): string {
  return `${group.split('.').reverse().join('.')}.${version}.`;
}

function pascal(segment: string): string {
  return segment.charAt(0).toUpperCase() + segment.slice(1);
}

function sortKeys<T>(o: Record<string, T>): Record<string, T> {
  return Object.fromEntries(Object.entries(o).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/**
 * Builds the table; deterministic (sorted keys) so the file diffs cleanly. Identical structs share one
 * definition, named after the path that crosses the fewest lists, then the shortest (`spec.source` rather than
 * the same struct under `operation.sync.source`), so that messages name the struct where users write it.
 */
export function generateCrdTable(files: readonly CrdFile[], groups?: readonly string[]): CrdTable {
  // Structs are collected under placeholder ids (`#?<n>`) and named once every path is known.
  const shapes = new Map<string, number>();
  const defs: TypeDef[] = [];
  /** Per struct, the names of its paths and how many arrays each path crosses. */
  const candidates: { name: string; arrays: number }[][] = [];
  const kinds: Record<string, Record<string, string>> = {};
  const roots = new Map<string, number>();

  const struct = (name: string, arrays: number, def: TypeDef): string => {
    const shape = JSON.stringify(def);
    let id = shapes.get(shape);
    if (id === undefined) {
      id = defs.length;
      shapes.set(shape, id);
      defs.push(def);
      candidates.push([]);
    }
    candidates[id]?.push({ name, arrays });
    return `#?${id}`;
  };

  const encode = (s: Schema, name: string, where: string, arrays = 0): string => {
    if (s['x-kubernetes-int-or-string']) return 'int-or-string';
    if (s['x-kubernetes-preserve-unknown-fields'] && !s.properties) return 'any';
    switch (s.type) {
      case 'string':
        if (s.enum) return `enum:${s.enum.map(String).join('|')}`;
        return s.format === 'date-time' || s.format === 'byte' ? s.format : 'string';
      case 'integer':
        return s.format === 'int32' ? 'int32' : 'int64';
      case 'number':
      case 'boolean':
        return s.type;
      case 'array':
        if (!s.items) throw new Error(`crd-schema-gen: ${where} is an array without items`);
        return `[]${encode(s.items, name, `${where}[]`, arrays + 1)}`;
      case 'object': {
        if (s.properties) {
          const fields: Record<string, string> = {};
          for (const [key, sub] of Object.entries(s.properties)) {
            fields[key] = encode(sub, name + pascal(key), `${where}.${key}`, arrays);
          }
          return struct(name, arrays, { fields: sortKeys(fields), required: [...(s.required ?? [])].sort() });
        }
        if (typeof s.additionalProperties === 'object') {
          return `{}${encode(s.additionalProperties, name, `${where}{}`, arrays + 1)}`;
        }
        // A structural schema without properties keeps no field (the API server prunes them): an empty struct.
        return struct(name, arrays, { fields: {}, required: [] });
      }
      default:
        throw new Error(`crd-schema-gen: ${where} has no type the encoding knows (${String(s.type)})`);
    }
  };

  const sources: string[] = [];
  // A file holds one CRD, or several (Istio's customresourcedefinitions.gen.yaml): `groups` picks among them.
  const crds = files.flatMap((file) =>
    (yaml.loadAll(file.text) as Crd[])
      .filter((crd) => crd !== null && crd !== undefined)
      .map((crd) => {
        if (crd.kind !== 'CustomResourceDefinition' || !crd.spec)
          throw new Error(`crd-schema-gen: ${file.name} is not a CustomResourceDefinition`);
        return { file, crd: crd as Required<Crd> };
      })
      .filter(({ crd }) => groups === undefined || groups.includes(crd.spec.group)),
  );
  for (const file of files)
    sources.push(`${file.name} (sha256 ${createHash('sha256').update(file.text).digest('hex')})`);
  for (const { file, crd } of crds) {
    const { group, names, versions } = crd.spec;
    for (const version of versions.filter((v) => v.served)) {
      const root = version.schema?.openAPIV3Schema;
      if (!root?.properties) throw new Error(`crd-schema-gen: ${file.name} ${version.name} has no schema`);
      const name = prefixOf(group, version.name) + names.kind;
      // Every object has apiVersion, kind and metadata, which some CRDs (Istio's) leave out of their schema.
      const fields: Record<string, string> = { apiVersion: 'string', kind: 'string', metadata: OBJECT_META };
      for (const [key, sub] of Object.entries(root.properties)) {
        // `metadata` is `type: object` in every CRD: the API server validates it as ObjectMeta. `status` is
        // accepted and not checked, as for the built-in kinds (schema-gen.ts): manifests carry none.
        fields[key] =
          key === 'metadata'
            ? OBJECT_META
            : key === 'status'
              ? 'any'
              : encode(sub, name + pascal(key), `${names.kind}.${key}`);
      }
      // Kinds keep their own name, even when two kinds had the same fields.
      const id = defs.length;
      defs.push({ fields: sortKeys(fields), required: [...(root.required ?? [])].sort() });
      candidates.push([]);
      roots.set(name, id);
      (kinds[`${group}/${version.name}`] ??= {})[names.kind] = name;
    }
  }
  // A path outside lists first (`spec.destination`, not `spec.destinations[]` of AppProject), then the shortest.
  const chosen: string[] = candidates.map(
    (list) =>
      [...list].sort(
        (a, b) =>
          a.arrays - b.arrays ||
          a.name.length - b.name.length ||
          (a.name < b.name ? -1 : a.name > b.name ? 1 : 0),
      )[0]?.name ?? '',
  );
  for (const [name, id] of roots) chosen[id] = name;
  if (new Set(chosen).size !== chosen.length)
    throw new Error('crd-schema-gen: two structs got the same name');
  const resolve = (type: string): string =>
    type.replace(/#\?(\d+)/, (_, id: string) => `#${chosen[Number(id)] ?? ''}`);
  const types: Record<string, TypeDef> = {};
  defs.forEach((def, id) => {
    const fields = Object.fromEntries(Object.entries(def.fields).map(([k, t]) => [k, resolve(t)]));
    types[chosen[id] ?? ''] = { fields, required: def.required };
  });
  return {
    sources: [...sources].sort(),
    kinds: sortKeys(Object.fromEntries(Object.entries(kinds).map(([v, k]) => [v, sortKeys(k)]))),
    types: sortKeys(types),
  };
}

/** One generated table: the committed file, the CRD files it comes from, and where those are. */
export interface CrdTableSource {
  /** The committed table, beside this module (read by schema-table.ts). */
  readonly table: string;
  /** The CRD file names, in a fixed order. */
  readonly files: readonly string[];
  /** Where the CRD files are, relative to the repository (`../shared/...`) or a Go module directory. */
  readonly from: string;
  /** The API groups to take from files holding several CRDs. @default every CRD of the files */
  readonly groups?: readonly string[];
}

/**
 * Argo CD v3.4.14's CRDs: `manifests/crds/` of the Go module github.com/argoproj/argo-cd/v3@v3.4.14 (not in
 * ../shared; `.ci/run` downloads the module and runs the drift check on it).
 */
export const ARGOCD: CrdTableSource = {
  table: path.join(__dirname, 'argocd-3.4-schema.json'),
  files: ['application-crd.yaml', 'applicationset-crd.yaml', 'appproject-crd.yaml'],
  from: '$(go env GOMODCACHE)/github.com/argoproj/argo-cd/v3@v3.4.14/manifests/crds',
};

/**
 * Gateway API v1.7.0 standard channel (../shared/external/crds/gateway-api/v1.7.0, the platform pin of
 * Kubernetes 1.35–1.37): the kinds shipshape emits and a route may reference.
 */
export const GATEWAY_API: CrdTableSource = {
  table: path.join(__dirname, 'gateway-api-1.7-schema.json'),
  files: [
    'gateway.networking.k8s.io_gatewayclasses.yaml',
    'gateway.networking.k8s.io_gateways.yaml',
    'gateway.networking.k8s.io_grpcroutes.yaml',
    'gateway.networking.k8s.io_httproutes.yaml',
    'gateway.networking.k8s.io_referencegrants.yaml',
  ],
  from: '../shared/external/crds/gateway-api/v1.7.0',
};

/**
 * Argo Rollouts v1.10.2's CRDs: `manifests/crds/` of the Go module github.com/argoproj/argo-rollouts@v1.10.2 (not in
 * ../shared; `.ci/run` downloads the module and runs the drift check on it).
 */
export const ARGO_ROLLOUTS: CrdTableSource = {
  table: path.join(__dirname, 'argo-rollouts-1.10-schema.json'),
  files: [
    'rollout-crd.yaml',
    'analysis-template-crd.yaml',
    'cluster-analysis-template-crd.yaml',
    'analysis-run-crd.yaml',
    'experiment-crd.yaml',
  ],
  from: '$(go env GOMODCACHE)/github.com/argoproj/argo-rollouts@v1.10.2/manifests/crds',
};

/**
 * Istio v1.32.0's security kinds (AuthorizationPolicy, PeerAuthentication, RequestAuthentication; v1 and
 * v1beta1), from `kubernetes/customresourcedefinitions.gen.yaml` of the Go module istio.io/api@v1.32.0 (not in
 * ../shared; `.ci/run` downloads the module and runs the drift check on it).
 */
export const ISTIO: CrdTableSource = {
  table: path.join(__dirname, 'istio-1.32-schema.json'),
  files: ['customresourcedefinitions.gen.yaml'],
  from: '$(go env GOMODCACHE)/istio.io/api@v1.32.0/kubernetes',
  groups: ['security.istio.io'],
};

/** The CRD files of `source` in `dir`, in its fixed order. */
export function readCrdFiles(dir: string, names: readonly string[]): CrdFile[] {
  return names.map((name) => ({ name, text: fs.readFileSync(path.join(dir, name), 'utf8') }));
}

async function writeTable(source: CrdTableSource, dir: string): Promise<void> {
  const table = generateCrdTable(readCrdFiles(dir, source.files), source.groups);
  // Formatted like every other file of the repo, so that `prettier --check .` passes.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const prettier = require('prettier') as typeof import('prettier');
  const options = (await prettier.resolveConfig(source.table)) ?? {};
  const text = await prettier.format(JSON.stringify(table), { ...options, filepath: source.table });
  fs.writeFileSync(source.table, text);
  console.log(`wrote ${source.table}: ${Object.keys(table.types).length} types`);
}

// `crd-schema-gen.ts argocd <dir>`, `crd-schema-gen.ts rollouts <dir>`, `crd-schema-gen.ts istio <dir>` or `crd-schema-gen.ts gateway-api [<dir>]`.
if (require.main === module) {
  const which = process.argv[2];
  const source =
    which === 'argocd'
      ? ARGOCD
      : which === 'rollouts'
        ? ARGO_ROLLOUTS
        : which === 'gateway-api'
          ? GATEWAY_API
          : which === 'istio'
            ? ISTIO
            : undefined;
  const dir =
    process.argv[3] ??
    (source === GATEWAY_API ? path.resolve(__dirname, '../..', GATEWAY_API.from) : undefined);
  if (!source || !dir) {
    console.error(
      'usage: crd-schema-gen.ts argocd <dir of the v3.4.14 CRDs> | rollouts <dir of the v1.10.2 CRDs> | istio <istio.io/api@v1.32.0/kubernetes> | gateway-api [<dir>]',
    );
    process.exitCode = 2;
  } else {
    writeTable(source, dir).catch((e: unknown) => {
      console.error(e);
      process.exitCode = 1;
    });
  }
}
