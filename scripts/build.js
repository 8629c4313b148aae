// `npm run build` (and `prepack`): compiles the library (constructs/, the pipeline, the validator, the
// Pulumi components; never the in-repo apps) to lib/ as JS + .d.ts, @internal members stripped.
'use strict';
const { execFileSync } = require('child_process');
const fs = require('fs');
const path = require('path');

const root = path.join(__dirname, '..');
const lib = path.join(root, 'lib');

// cdk8s-plus-27's own declarations do not compile under exactOptionalPropertyTypes with skipLibCheck
// false (its L2 classes, e.g. base.d.ts, role.d.ts). shipshape's declarations only use its `k8s` L1
// types, so they import that module alone and consumers with the strictest options compile.
const K8S_IMPORT = /^import (?:type )?\{ k8s \} from 'cdk8s-plus-27';$/gm;

/** A declaration file with its cdk8s-plus-27 import narrowed to the `k8s` module; throws on any other import of it. */
function narrowDeclarations(text, file) {
  const next = text.replace(K8S_IMPORT, "import type * as k8s from 'cdk8s-plus-27/lib/imports/k8s';");
  if (/from 'cdk8s-plus-27'/.test(next)) {
    throw new Error(`${file} imports more than k8s from cdk8s-plus-27: extend scripts/build.js`);
  }
  return next;
}

/** The validator's generated schema tables (src/validate/schema-table.ts reads them); package.json lists them. */
const SCHEMA_TABLES = [
  'k8s-1.27-schema.json',
  'argocd-3.4-schema.json',
  'gateway-api-1.7-schema.json',
  'argo-rollouts-1.10-schema.json',
  'istio-1.32-schema.json',
];

const walk = (dir) =>
  fs
    .readdirSync(dir, { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? walk(path.join(dir, e.name)) : [path.join(dir, e.name)]));

function build() {
  fs.rmSync(lib, { recursive: true, force: true });
  execFileSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', 'tsconfig.build.json'], {
    cwd: root,
    stdio: 'inherit',
  });
  for (const file of walk(lib).filter((f) => f.endsWith('.d.ts'))) {
    const text = fs.readFileSync(file, 'utf8');
    const next = narrowDeclarations(text, path.relative(root, file));
    if (next !== text) fs.writeFileSync(file, next);
  }
  // The validator reads its schema tables at run time, beside its compiled modules.
  for (const table of SCHEMA_TABLES) {
    fs.copyFileSync(path.join(root, 'src/validate', table), path.join(lib, 'src/validate', table));
  }
}

if (require.main === module) build();

module.exports = { narrowDeclarations, SCHEMA_TABLES };
