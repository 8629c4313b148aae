// scripts/build.js is plain JS run by npm; its declaration rewrite is loaded here as a module.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { narrowDeclarations } = require('../../scripts/build.js') as {
  narrowDeclarations: (text: string, file: string) => string;
};

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
