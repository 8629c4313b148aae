import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

const REGISTER = path.join(__dirname, '..', '..', 'scripts', 'register.js');

describe('scripts/register.js (the transpile-only loader with a cache)', () => {
  let dir: string;
  let cache: string;
  const run = (file: string) =>
    spawnSync(process.execPath, ['-r', REGISTER, file], {
      encoding: 'utf8',
      env: { ...process.env, SHIPSHAPE_TS_CACHE: cache },
    });

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'shipshape-register-'));
    cache = path.join(dir, 'cache');
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  test('runs TypeScript without type-checking, caches the output, and re-transpiles when the source changes', () => {
    // GIVEN a module with types (one of them wrong: transpile-only ignores it) and an import
    fs.writeFileSync(path.join(dir, 'lib.ts'), 'export const twice = (n: number): number => n * 2;\n');
    const main = path.join(dir, 'main.ts');
    fs.writeFileSync(
      main,
      "import { twice } from './lib';\nconst x: string = twice(21) as unknown as string;\nconsole.log(x);\n",
    );
    // WHEN it runs twice, then once more after an edit
    const first = run(main);
    const entries = fs.readdirSync(cache).sort();
    const second = run(main);
    const afterSecond = fs.readdirSync(cache).sort();
    fs.writeFileSync(path.join(dir, 'lib.ts'), 'export const twice = (n: number): number => n * 3;\n');
    const third = run(main);
    // THEN
    expect([first.status, first.stdout, first.stderr]).toEqual([0, '42\n', '']);
    expect(entries).toHaveLength(2);
    expect(second.stdout).toBe('42\n');
    expect(afterSecond).toEqual(entries);
    expect(third.stdout).toBe('63\n');
    expect(fs.readdirSync(cache)).toHaveLength(3);
  });

  test('the same source at another path is a hit (the worktree of shipshape diff --base reuses the cache)', () => {
    // GIVEN one module run from two folders
    for (const sub of ['a', 'b']) {
      fs.mkdirSync(path.join(dir, sub));
      fs.writeFileSync(path.join(dir, sub, 'm.ts'), 'const n: number = 1;\nconsole.log(n);\n');
    }
    // WHEN both run / THEN one cache entry serves both
    expect(run(path.join(dir, 'a', 'm.ts')).stdout).toBe('1\n');
    expect(run(path.join(dir, 'b', 'm.ts')).stdout).toBe('1\n');
    expect(fs.readdirSync(cache)).toHaveLength(1);
  });

  test('keeps line numbers, so stack traces point at the TypeScript source', () => {
    // GIVEN
    const file = path.join(dir, 'boom.ts');
    fs.writeFileSync(
      file,
      "interface A {\n  readonly a: string;\n}\nconst a: A = { a: 'x' };\nthrow new Error(a.a);\n",
    );
    // WHEN
    const result = run(file);
    // THEN
    expect(result.status).not.toBe(0);
    expect(result.stderr).toContain(`${file}:5`);
  });
});
