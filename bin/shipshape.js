#!/usr/bin/env node
// The shipshape CLI. Installed, it runs the compiled lib/; in the repository (where the TypeScript
// sources exist and lib/ may be stale or absent) it transpiles src/ on the fly, with `shipshape`
// imports resolved to the checkout (scripts/self.js).
'use strict';
const fs = require('fs');
const path = require('path');

const root = path.join(__dirname, '..');
// The CLI's module, written once: its source in the repository, compiled to lib/ in the package.
const CLI = 'src/cli/main';
let cli;
if (fs.existsSync(path.join(root, `${CLI}.ts`))) {
  require('../scripts/register.js');
  require('../scripts/self.js');
  cli = require(path.join(root, `${CLI}.ts`));
} else {
  cli = require(path.join(root, 'lib', `${CLI}.js`));
}
// `diff` returns a promise of its exit code; the other commands return it.
Promise.resolve(cli.main(process.argv.slice(2))).then((code) => {
  process.exitCode = code;
});
