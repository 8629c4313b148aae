import * as fs from 'fs';
import * as path from 'path';
import pkg from '../../package.json';

// package.json `exports` is where the entry points are written; scripts/entries.js derives the JS maps from it
// (scripts/self.js, jest.config.js, bench/). The JSON files cannot derive it: each is checked against it here.

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { ENTRIES, sourceOf } = require('../../scripts/entries.js') as {
  ENTRIES: Record<string, string>;
  sourceOf: (target: string) => string;
};
const ROOT = path.join(__dirname, '..', '..');
const json = <T>(file: string): T => JSON.parse(fs.readFileSync(path.join(ROOT, file), 'utf8')) as T;
/** The entry points compiled from TypeScript (all but the loader, which ships as it is). */
const TYPESCRIPT = Object.entries(ENTRIES).filter(([, file]) => file.endsWith('.ts'));

describe('the entry map, written once in package.json exports', () => {
  test('scripts/entries.js reads every export, each to a source that exists', () => {
    // GIVEN / WHEN / THEN
    expect(Object.keys(ENTRIES)).toEqual(
      Object.keys(pkg.exports)
        .filter((k) => k !== './package.json')
        .map((k) => path.posix.join('shipshape', k)),
    );
    for (const file of Object.values(ENTRIES)) expect(fs.existsSync(path.join(ROOT, file))).toBe(true);
  });

  test('jest resolves each entry point to its source', () => {
    // GIVEN / WHEN
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const mapper = (require('../../jest.config.js') as { moduleNameMapper: Record<string, string> })
      .moduleNameMapper;
    // THEN
    expect(mapper).toEqual(
      Object.fromEntries(Object.entries(ENTRIES).map(([n, f]) => [`^${n}$`, `<rootDir>/${f}`])),
    );
  });

  test('tsconfig.json paths map each TypeScript entry point to its source', () => {
    // GIVEN
    const paths = json<{ compilerOptions: { paths: Record<string, string[]> } }>('tsconfig.json')
      .compilerOptions.paths;
    // WHEN / THEN
    expect(paths).toEqual(Object.fromEntries(TYPESCRIPT.map(([name, file]) => [name, [`./${file}`]])));
  });

  test('typedoc.json documents exactly the TypeScript entry points', () => {
    // GIVEN / WHEN / THEN
    expect(json<{ entryPoints: string[] }>('typedoc.json').entryPoints).toEqual(TYPESCRIPT.map(([, f]) => f));
  });

  test('typesVersions gives each subpath the declarations of its export', () => {
    // GIVEN
    const versions = (pkg.typesVersions as Record<string, Record<string, string[]>>)['*']!;
    const typed = Object.entries(pkg.exports).flatMap(([key, target]) =>
      typeof target === 'string' ? [] : key === '.' ? [] : [[key.slice(2), [target.types.slice(2)]] as const],
    );
    // WHEN / THEN
    expect(versions).toEqual(Object.fromEntries(typed));
    expect(pkg.types).toBe(pkg.exports['.'].types.slice(2));
    expect(pkg.main).toBe(pkg.exports['.'].default.slice(2));
  });

  test('tsconfig.build.json compiles every entry point and the CLI bin/shipshape.js runs', () => {
    // GIVEN the build's include globs, and the CLI module bin/shipshape.js names
    const include = json<{ include: string[] }>('tsconfig.build.json').include;
    const cli = /const CLI = '([^']+)';/.exec(
      fs.readFileSync(path.join(ROOT, 'bin', 'shipshape.js'), 'utf8'),
    )![1]!;
    const covered = (file: string) =>
      include.some((glob) => {
        const dir = glob.replace(/\/\*\*\/\*\.ts$/, '/');
        return file.startsWith(dir) && glob.endsWith('/**/*.ts');
      });
    // WHEN / THEN: the compiled file the package runs is the one the source compiles to
    for (const [, file] of TYPESCRIPT) expect([file, covered(file)]).toEqual([file, true]);
    expect(covered(`${cli}.ts`)).toBe(true);
    expect(sourceOf(`./lib/${cli}.js`)).toBe(`${cli}.ts`);
    expect(fs.existsSync(path.join(ROOT, `${cli}.ts`))).toBe(true);
  });
});
