import { execFileSync } from 'child_process';
import * as path from 'path';

// `npm run lint` enforces what the project holds to (eslint.config.mjs). Each rule is shown failing on a
// file that breaks it, and passing on one that does not: the texts are linted as if they were at the given
// path, through ESLint's Node API in a child process (the config is an ES module, which jest cannot load).

const ROOT = path.join(__dirname, '..');

interface Case {
  readonly text: string;
  readonly filePath: string;
}

/** The rule ids each text breaks, one list per case, in order. */
function lint(cases: readonly Case[]): string[][] {
  const script = `
    const { ESLint } = require('eslint');
    (async () => {
      const eslint = new ESLint({ cwd: process.cwd() });
      const cases = JSON.parse(require('fs').readFileSync(0, 'utf8'));
      const out = [];
      for (const c of cases) {
        const [result] = await eslint.lintText(c.text, { filePath: c.filePath });
        out.push(result.messages.map((m) => m.ruleId ?? m.message));
      }
      process.stdout.write(JSON.stringify(out));
    })().catch((e) => { console.error(e); process.exit(1); });`;
  const stdout = execFileSync(process.execPath, ['-e', script], {
    cwd: ROOT,
    input: JSON.stringify(cases.map((c) => ({ ...c, filePath: path.join(ROOT, c.filePath) }))),
    encoding: 'utf8',
  });
  return JSON.parse(stdout) as string[][];
}

const lines = (n: number) =>
  Array.from({ length: n }, (_, i) => `export const line${i + 1} = ${i + 1};`).join('\n') + '\n';

const CASES: readonly (Case & { readonly name: string; readonly rules: readonly string[] })[] = [
  // max-lines
  { name: 'a 401-line source', filePath: 'constructs/_fixture.ts', text: lines(401), rules: ['max-lines'] },
  { name: 'a 400-line source', filePath: 'constructs/_fixture.ts', text: lines(400), rules: [] },
  {
    name: 'a 401-line test',
    filePath: 'test/synth/_fixture.test.ts',
    text: lines(401),
    rules: ['max-lines'],
  },
  // import boundaries
  {
    name: 'the library importing the pipeline',
    filePath: 'constructs/_fixture.ts',
    text: "import { synthesizeApp } from '../src/synth';\nexport const x = synthesizeApp;\n",
    rules: ['import-x/no-restricted-paths'],
  },
  {
    name: 'the library importing a package other than its peers',
    filePath: 'constructs/_fixture.ts',
    text: "import * as yaml from 'js-yaml';\nimport { k8s } from 'cdk8s-plus-27';\nimport { createHash } from 'crypto';\nexport const x = [yaml, k8s, createHash];\n",
    rules: ['no-restricted-imports'],
  },
  {
    name: 'the pipeline importing the app',
    filePath: 'src/synth/_fixture.ts',
    text: "import { stack } from '../delinkcious/app';\nexport const x = stack;\n",
    rules: ['import-x/no-restricted-paths'],
  },
  {
    name: 'the Pulumi components importing the app',
    filePath: 'src/pulumi/_fixture.ts',
    text: "import { profiles } from '../delinkcious/environments';\nexport const x = profiles;\n",
    rules: ['import-x/no-restricted-paths'],
  },
  {
    name: 'a source importing a test',
    filePath: 'src/validate/_fixture.ts',
    text: "import { errorOf } from '../../test/constructs/_helpers';\nexport const x = errorOf;\n",
    rules: ['import-x/no-restricted-paths'],
  },
  {
    name: 'the app importing the library by path',
    filePath: 'src/delinkcious/_fixture.ts',
    text: "import { System } from '../../constructs';\nexport const x = System;\n",
    rules: ['import-x/no-restricted-paths'],
  },
  {
    name: 'an example importing the pipeline by path',
    filePath: 'examples/shop/_fixture.ts',
    text: "import { defineApp } from '../../src/synth';\nexport const x = defineApp;\n",
    rules: ['import-x/no-restricted-paths'],
  },
  {
    name: 'the app importing the entry points and its own files',
    filePath: 'src/delinkcious/_fixture.ts',
    text: "import { Microservice } from 'shipshape';\nimport { defineApp } from 'shipshape/synth';\nimport { profiles } from './environments';\nexport const x = [Microservice, defineApp, profiles];\n",
    rules: [],
  },
  {
    name: 'the app importing the built package by path',
    filePath: 'src/delinkcious/_fixture.ts',
    text: "import { System } from '../../lib/constructs';\nexport const x = System;\n",
    rules: ['no-restricted-imports'],
  },
  // cycles (fixtures on disk: b.ts imports a.ts)
  {
    name: 'a value import closing a cycle',
    filePath: 'test/fixtures/lint/cycle/a.ts',
    text: "import { b } from './b';\nexport const a = b;\n",
    rules: ['import-x/no-cycle'],
  },
  {
    name: 'a type-only import closing a cycle (erased at run time)',
    filePath: 'test/fixtures/lint/cycle/a.ts',
    text: "import type { b } from './b';\nexport const a = 1;\nexport type B = typeof b;\n",
    rules: [],
  },
];

describe('npm run lint', () => {
  const results = lint(CASES);

  test.each(CASES.map((c, i) => [c.name, c.rules, i] as const))('%s: %j', (_, rules, i) => {
    // GIVEN the text at its path / WHEN linted with the repository's config / THEN exactly these rules fail
    expect(results[i]).toEqual(rules);
  });
});
