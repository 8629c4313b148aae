import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import * as ts from 'typescript';

// Every index.ts only re-exports (`export ... from './x'`): what a folder holds lives in named files, so an
// index is a table of contents, never a place for code (profileFor once lived in one).

const ROOT = path.join(__dirname, '..');
const INDEXES = execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard', '*index.ts'], {
  cwd: ROOT,
  encoding: 'utf8',
})
  .split('\n')
  // The repository's own modules; e2e/fixtures/ holds consumer projects, whose index.ts is a Pulumi program.
  .filter((f) => /^(constructs|src|examples)\//.test(f) && path.basename(f) === 'index.ts')
  .filter((f) => fs.existsSync(path.join(ROOT, f)));

/** The statements of `file` that are not a re-export, as text. */
function nonReExports(file: string): string[] {
  const text = fs.readFileSync(path.join(ROOT, file), 'utf8');
  const sf = ts.createSourceFile(file, text, ts.ScriptTarget.ES2022, true);
  return sf.statements
    .filter((s) => !(ts.isExportDeclaration(s) && s.moduleSpecifier !== undefined))
    .map((s) => s.getText(sf).split('\n')[0]!);
}

describe('index.ts files', () => {
  test('there are some', () => {
    // GIVEN / WHEN / THEN
    expect(INDEXES).toEqual(expect.arrayContaining(['constructs/index.ts', 'src/synth/index.ts']));
  });

  test.each(INDEXES)('%s only re-exports', (file) => {
    // GIVEN the file / WHEN its statements are read / THEN each is `export ... from '...'`
    expect(nonReExports(file)).toEqual([]);
  });

  test('a statement that is not a re-export is found', () => {
    // GIVEN an index with a function / WHEN read / THEN it is reported
    const sf = ts.createSourceFile(
      'x.ts',
      "export * from './a';\nexport function f() {}\n",
      ts.ScriptTarget.ES2022,
      true,
    );
    expect(sf.statements.filter((s) => !(ts.isExportDeclaration(s) && s.moduleSpecifier))).toHaveLength(1);
  });
});
