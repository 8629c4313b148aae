// Entry point cdk8s-cli requires for the local validation plugin (see cdk8s.yaml): transpiles the
// TypeScript validator on the fly, like `npm run synth` does.
'use strict';
require('../scripts/register.js');
module.exports = require('../src/validate/cdk8s-plugin.ts');
