// Repo-only (not in the package): the package's entry points as this checkout's sources, read from
// package.json `exports`, the one place they are written. scripts/self.js (node) and jest.config.js
// (jest) derive their maps from it; test/scripts/entries.test.ts checks the JSON files that cannot
// (tsconfig.json paths, tsconfig.build.json include, typedoc.json entryPoints, typesVersions).
'use strict';
const path = require('path');

/** The source of a file the package ships: `./lib/x/y.js` is compiled from `x/y.ts`; others ship as they are. */
function sourceOf(target) {
  const file = target.replace(/^\.\//, '');
  return file.startsWith('lib/') ? file.slice('lib/'.length).replace(/\.js$/, '.ts') : file;
}

/** `{ 'shipshape': 'constructs/index.ts', 'shipshape/synth': 'src/synth/index.ts', ... }` from `exports`. */
function entries(pkg = require(path.join(__dirname, '..', 'package.json'))) {
  const out = {};
  for (const [key, target] of Object.entries(pkg.exports)) {
    if (key === './package.json') continue;
    const file = typeof target === 'string' ? target : target.default;
    out[path.posix.join(pkg.name, key)] = sourceOf(file);
  }
  return out;
}

module.exports = { entries, sourceOf, ENTRIES: entries() };
