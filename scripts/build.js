// `npm run build` (and `prepack`): compiles the library (constructs/, the pipeline, the validator, the
// Pulumi components; never the in-repo apps) to lib/ as JS + .d.ts, @internal members stripped.
'use strict';
const { execFileSync } = require('child_process');
const fs = require('fs');
const path = require('path');

const root = path.join(__dirname, '..');
const lib = path.join(root, 'lib');
fs.rmSync(lib, { recursive: true, force: true });
execFileSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', 'tsconfig.build.json'], {
  cwd: root,
  stdio: 'inherit',
});
// The validator reads its schema table at run time, beside its compiled modules.
fs.copyFileSync(
  path.join(root, 'src/validate/k8s-1.27-schema.json'),
  path.join(lib, 'src/validate/k8s-1.27-schema.json'),
);
