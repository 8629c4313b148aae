import * as fs from 'fs';
import * as path from 'path';
import { CRD_TABLE_FILES } from '../../src/validate/schema-table';
// scripts/build.js is plain JS run by npm; its declaration rewrite is loaded here as a module.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { narrowDeclarations, SCHEMA_TABLES } = require('../../scripts/build.js') as {
  narrowDeclarations: (text: string, file: string) => string;
  SCHEMA_TABLES: readonly string[];
};

describe('scripts/build.js SCHEMA_TABLES', () => {
  test('copies exactly the tables the validator reads, each listed in the package files', () => {
    // GIVEN the tables schema-table.ts reads and package.json's files
    const files = (
      JSON.parse(fs.readFileSync(path.join(__dirname, '../../package.json'), 'utf8')) as { files: string[] }
    ).files;
    // WHEN / THEN the build copies each, and the package ships each
    expect([...SCHEMA_TABLES].sort()).toEqual(['k8s-1.27-schema.json', ...CRD_TABLE_FILES].sort());
    for (const table of SCHEMA_TABLES) expect(files).toContain(`lib/src/validate/${table}`);
  });
});

describe('scripts/build.js narrowDeclarations', () => {
  test('points the k8s import of a declaration file at cdk8s-plus-27’s k8s module alone', () => {
    // GIVEN
    const text = "import { k8s } from 'cdk8s-plus-27';\nexport declare const x: k8s.Volume;\n";
    // WHEN / THEN
    expect(narrowDeclarations(text, 'a.d.ts')).toBe(
      "import type * as k8s from 'cdk8s-plus-27/lib/imports/k8s';\nexport declare const x: k8s.Volume;\n",
    );
    expect(narrowDeclarations("import type { k8s } from 'cdk8s-plus-27';\n", 'b.d.ts')).toBe(
      "import type * as k8s from 'cdk8s-plus-27/lib/imports/k8s';\n",
    );
  });

  test('leaves files without it alone and refuses any other import from cdk8s-plus-27', () => {
    // GIVEN / WHEN / THEN
    expect(narrowDeclarations("import { App } from 'cdk8s';\n", 'c.d.ts')).toBe(
      "import { App } from 'cdk8s';\n",
    );
    expect(() => narrowDeclarations("import { Deployment } from 'cdk8s-plus-27';\n", 'd.d.ts')).toThrow(
      'd.d.ts imports more than k8s from cdk8s-plus-27: extend scripts/build.js',
    );
  });
});
