import js from '@eslint/js';
import importX from 'eslint-plugin-import-x';
import { builtinModules } from 'node:module';
import tseslint from 'typescript-eslint';

// What the project holds to, enforced here (test/lint.test.ts shows each rule failing):
// files of at most 400 lines, import boundaries between the library, the pipeline, the validator, the
// Pulumi components, the apps and the tests, and no import cycle (type-only imports may close one).

/** Folders of the repository, as import-x/no-restricted-paths reads them (relative to this file). */
const LIBRARY = './constructs';
const APP = './src/delinkcious';
const NOT_APP = ['./src/synth', './src/cli', './src/validate', './src/pulumi', './src/analyze', './src/diff'];
// Not ./lib: `shipshape` resolves to the built lib/ by package self-reference once `npm run build` ran.
const TOOLING = ['./scripts', './bench', './e2e'];
const APPS_MESSAGE =
  "The in-repo apps import only the package's entry points (shipshape, shipshape/synth, ...).";

/** Packages constructs/ may import: its peers, and Node's own modules. */
const LIBRARY_PACKAGES = ['cdk8s', 'cdk8s-plus-27', 'constructs'];
const NODE = builtinModules.filter((m) => !m.startsWith('_'));
// Regex-escaped for no-restricted-imports (which compiles patterns with the `u` flag: escape only what it must).
const escape = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const allowed = [...LIBRARY_PACKAGES, ...NODE].map(escape).join('|');

export default tseslint.config(
  {
    ignores: [
      'dist/**',
      'lib/**',
      'node_modules/**',
      'coverage/**',
      '.scratch/**',
      '.bench/**',
      '**/*.js',
      '**/*.mjs',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      'no-console': 'off',
    },
  },
  {
    // Tests assert on untyped synthesized JSON.
    files: ['test/**/*.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    // Every file, sources and tests alike, at most 400 lines.
    files: ['**/*.ts'],
    rules: { 'max-lines': ['error', { max: 400, skipBlankLines: false, skipComments: false }] },
  },
  {
    // Exempt, and only these: four table-driven suites over one construct each (a row per prop or error),
    // which read best as one table. They may not grow past where they are.
    files: [
      'test/constructs/properties.test.ts',
      'test/constructs/microservice.test.ts',
      'test/constructs/exposure.test.ts',
      'test/constructs/_keys.test.ts',
    ],
    rules: { 'max-lines': ['error', { max: 900, skipBlankLines: false, skipComments: false }] },
  },
  {
    files: ['**/*.ts'],
    plugins: { 'import-x': importX },
    settings: {
      'import-x/extensions': ['.ts', '.js'],
      'import-x/parsers': { '@typescript-eslint/parser': ['.ts'] },
      // Relative imports resolve to files; `shipshape*` stays a package name (the apps' entry points).
      'import-x/resolver-next': [
        importX.createNodeResolver({ extensions: ['.ts', '.d.ts', '.js', '.json'] }),
      ],
    },
    rules: {
      // Value-level cycles only: a type-only import is erased and cannot close one at run time.
      'import-x/no-cycle': ['error', { ignoreExternal: true }],
      'import-x/no-restricted-paths': [
        'error',
        {
          zones: [
            {
              target: LIBRARY,
              from: ['./src', './test', './examples', './lib', ...TOOLING],
              message: 'constructs/ is the library: it imports nothing of src/, test/ or the tooling.',
            },
            {
              target: NOT_APP,
              from: APP,
              message: 'The pipeline, CLI, validator and Pulumi components import nothing of the app.',
            },
            {
              target: ['./src', LIBRARY],
              from: './test',
              message: 'Sources never import tests.',
            },
            {
              target: APP,
              from: [LIBRARY, ...NOT_APP, './test', './examples', ...TOOLING],
              message: APPS_MESSAGE,
            },
            {
              target: './examples',
              from: [LIBRARY, './src', './test', ...TOOLING],
              message: APPS_MESSAGE,
            },
          ],
        },
      ],
    },
  },
  {
    // The apps reach lib/ only through the package name (the self-reference above), never by path.
    files: ['src/delinkcious/**/*.ts', 'examples/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: ['**/lib', '**/lib/**'], message: APPS_MESSAGE }] },
      ],
    },
  },
  {
    files: ['constructs/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: `^(?!\\.|node:|(?:${allowed})(?:/|$))`,
              message: 'constructs/ imports only cdk8s, cdk8s-plus-27, constructs and Node modules.',
            },
          ],
        },
      ],
    },
  },
);
