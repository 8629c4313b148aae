// Repo-only (not in the package): resolves `shipshape` and `shipshape/<entry>` to this checkout's
// TypeScript sources, so the in-repo app (Delinkcious) imports the package exactly as a consumer does,
// without a build. The map is package.json `exports` (scripts/entries.js reads it).
'use strict';
const Module = require('module');
const path = require('path');

const ROOT = path.join(__dirname, '..');
const { ENTRIES } = require('./entries');

const resolve = Module._resolveFilename;
Module._resolveFilename = function resolveSelf(request, ...rest) {
  const entry = Object.prototype.hasOwnProperty.call(ENTRIES, request) ? ENTRIES[request] : undefined;
  return entry === undefined ? resolve.call(this, request, ...rest) : path.join(ROOT, entry);
};

module.exports = { ENTRIES };
