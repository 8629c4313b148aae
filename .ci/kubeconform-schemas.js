#!/usr/bin/env node
// Writes strict per-kind JSON schemas for kubeconform from the official Kubernetes definitions file
// (../shared/k8s-schemas/v1.27.0-_definitions.json, the non-strict openapi2jsonschema output that
// `cdk8s import k8s@1.27.0` uses). Strict as `openapi2jsonschema --strict` / kubeconform's "-strict" schemas:
// additionalProperties: false on every object schema with properties. Each file is standalone: the kind's
// schema plus the definitions it references. Names follow kubeconform's
// `{{ .ResourceKind }}{{ .KindSuffix }}.json` template (kind lower-cased; suffix -<first group label>-<version>,
// or -v1 for the core group). CRD files given after the output directory (Argo CD's, from
// ../shared/external/crds) get the same treatment: the openAPIV3Schema of each served version, made strict.
// Usage: node .ci/kubeconform-schemas.js <definitions.json> <out-dir> [crd.yaml...]
'use strict';
const fs = require('fs');
const path = require('path');

const [input, outDir, ...crdFiles] = process.argv.slice(2);
if (!input || !outDir) {
  console.error('usage: kubeconform-schemas.js <definitions.json> <out-dir> [crd.yaml...]');
  process.exit(2);
}
const definitions = JSON.parse(fs.readFileSync(input, 'utf8')).definitions;
// The API server decodes a JSON null Time as the zero time, and writes an unset timestamp as null (e.g. the
// creationTimestamp of a StatefulSet's claim templates, which shipshape writes out so client-side
// `kubectl apply` stays a no-op; the e2e suite applies it to real v1.27 and v1.37 API servers).
const TIME = 'io.k8s.apimachinery.pkg.apis.meta.v1.Time';
if (definitions[TIME]) definitions[TIME] = { ...definitions[TIME], type: ['string', 'null'] };

/** Adds additionalProperties: false to every (sub)schema with properties; walks schema keywords only. */
function strict(schema) {
  if (!schema || typeof schema !== 'object' || Array.isArray(schema)) return schema;
  const out = { ...schema };
  if (schema.properties) {
    out.properties = Object.fromEntries(Object.entries(schema.properties).map(([k, v]) => [k, strict(v)]));
    if (schema.additionalProperties === undefined) out.additionalProperties = false;
  }
  if (typeof schema.additionalProperties === 'object')
    out.additionalProperties = strict(schema.additionalProperties);
  if (schema.items) out.items = strict(schema.items);
  for (const k of ['allOf', 'anyOf', 'oneOf']) if (Array.isArray(schema[k])) out[k] = schema[k].map(strict);
  return out;
}

function refsOf(schema, found) {
  if (Array.isArray(schema)) schema.forEach((s) => refsOf(s, found));
  else if (schema && typeof schema === 'object') {
    if (typeof schema.$ref === 'string') {
      const name = schema.$ref.replace('#/definitions/', '');
      if (!found.has(name)) {
        found.add(name);
        refsOf(definitions[name], found);
      }
    }
    for (const v of Object.values(schema)) refsOf(v, found);
  }
  return found;
}

fs.mkdirSync(outDir, { recursive: true });
let written = 0;
for (const [name, schema] of Object.entries(definitions)) {
  for (const gvk of schema['x-kubernetes-group-version-kind'] ?? []) {
    const suffix = gvk.group === '' ? `-${gvk.version}` : `-${gvk.group.split('.')[0]}-${gvk.version}`;
    const file = path.join(outDir, `${gvk.kind.toLowerCase()}${suffix.toLowerCase()}.json`);
    const closure = [...refsOf(schema, new Set())].sort();
    const standalone = {
      ...strict(schema),
      definitions: Object.fromEntries(closure.map((n) => [n, strict(definitions[n])])),
    };
    delete standalone.definitions[name];
    fs.writeFileSync(file, JSON.stringify(standalone));
    written++;
  }
}
console.log(`kubeconform-schemas: wrote ${written} strict schemas for Kubernetes to ${outDir}`);

if (crdFiles.length > 0) {
  const yaml = require('js-yaml');
  let crdSchemas = 0;
  for (const file of crdFiles) {
    const crd = yaml.load(fs.readFileSync(file, 'utf8'));
    const { group, names, versions } = crd.spec;
    for (const version of versions.filter((v) => v.served)) {
      const name = `${names.kind.toLowerCase()}-${group.split('.')[0]}-${version.name}.json`.toLowerCase();
      fs.writeFileSync(path.join(outDir, name), JSON.stringify(strict(version.schema.openAPIV3Schema)));
      crdSchemas++;
    }
  }
  console.log(
    `kubeconform-schemas: wrote ${crdSchemas} strict schemas for ${crdFiles.length} CRD files to ${outDir}`,
  );
}
