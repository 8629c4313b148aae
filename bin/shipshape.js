#!/usr/bin/env node
// Runs the TypeScript CLI through sucrase (transpile only, no type-check): no build step needed.
'use strict';
require('../scripts/register.js');
const { main } = require('../src/cli.ts');
process.exitCode = main(process.argv.slice(2));
