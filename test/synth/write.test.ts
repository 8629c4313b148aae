import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import {
  _writeTreeAtomically,
  OutputWriteError,
  WRITER_FS_CALLS,
  writeTreeAtomically,
  type WriterFs,
} from '../../src/synth/write';

describe('writeTreeAtomically', () => {
  let root: string;
  beforeEach(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'shipshape-write-'));
  });
  afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

  test('replaces the directory with exactly the tree: stale files disappear', () => {
    // GIVEN
    const out = path.join(root, 'dist');
    writeTreeAtomically(
      out,
      new Map([
        ['a/old.yaml', 'old'],
        ['keep.yaml', 'v1'],
      ]),
    );
    // WHEN
    writeTreeAtomically(
      out,
      new Map([
        ['keep.yaml', 'v2'],
        ['b/new.yaml', 'new'],
      ]),
    );
    // THEN
    expect(fs.readFileSync(path.join(out, 'keep.yaml'), 'utf8')).toBe('v2');
    expect(fs.readFileSync(path.join(out, 'b/new.yaml'), 'utf8')).toBe('new');
    expect(fs.existsSync(path.join(out, 'a'))).toBe(false);
    expect(fs.readdirSync(root)).toEqual(['dist']);
  });

  test('a failed write leaves the previous output untouched and no temp directory behind', () => {
    // GIVEN
    const out = path.join(root, 'dist');
    writeTreeAtomically(out, new Map([['a.yaml', 'v1']]));
    // WHEN: a file and a directory of the same path cannot both be written
    const write = () =>
      writeTreeAtomically(
        out,
        new Map([
          ['x', 'file'],
          ['x/y.yaml', 'nested'],
        ]),
      );
    // THEN
    expect(write).toThrow();
    expect(fs.readFileSync(path.join(out, 'a.yaml'), 'utf8')).toBe('v1');
    expect(fs.readdirSync(root)).toEqual(['dist']);
  });
});

// Issue 18, class "data integrity": the output is replaced all or nothing under every failure, the message says
// what happened, and no `<out>.tmp-<pid>` or `<out>.old-<pid>` is left behind. The tests run as root here, where
// permission bits stop nothing: failures are injected (an fs call that throws), or real ones a root process meets
// too: a file where a directory must go, and immutable files (`chattr +i`, when the filesystem supports it).

/** The files of a directory tree, path -> content (undefined when it does not exist). */
function contents(dir: string): Record<string, string> | undefined {
  if (!fs.existsSync(dir)) return undefined;
  const out: Record<string, string> = {};
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else out[path.relative(dir, p)] = fs.readFileSync(p, 'utf8');
    }
  };
  walk(dir);
  return out;
}

/**
 * An fs whose `nth` call (counting every call of the functions the writer uses), or first call of the function
 * named `nth`, throws `code`.
 */
function failingFs(nth: number | string, code = 'EACCES'): { fs: WriterFs; calls: string[] } {
  const calls: string[] = [];
  let failed = false;
  const wrap =
    <A extends unknown[], R>(name: string, f: (...a: A) => R) =>
    (...a: A): R => {
      calls.push(name);
      const hit = typeof nth === 'number' ? calls.length === nth : !failed && name === nth;
      if (hit) {
        failed = true;
        throw Object.assign(new Error(`${code}: injected at ${name}`), { code });
      }
      return f(...a);
    };
  const real = fs as unknown as Record<string, (...a: unknown[]) => unknown>;
  const faked = Object.fromEntries(
    WRITER_FS_CALLS.map((name) => [name, wrap(name, real[name]!.bind(fs))]),
  ) as unknown as WriterFs;
  return { fs: faked, calls };
}

const OLD = new Map([
  ['a/old.yaml', 'old'],
  ['keep.yaml', 'v1'],
  ['deep/er/x.yaml', 'x'],
]);
const NEW = new Map([
  ['keep.yaml', 'v2'],
  ['b/new.yaml', 'new'],
]);

describe('writeTreeAtomically: all or nothing (issue 18)', () => {
  let root: string;
  beforeEach(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'shipshape-write-'));
  });
  afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

  test('every fs call that fails leaves either the old or the new output, nothing beside it, and says which', () => {
    // GIVEN the number of fs calls of an undisturbed run
    const out = path.join(root, 'dist');
    writeTreeAtomically(out, OLD);
    const probe = failingFs(0);
    _writeTreeAtomically(out, NEW, probe.fs);
    const total = probe.calls.length;
    expect(total).toBeGreaterThan(8);
    for (let nth = 1; nth <= total; nth++) {
      // WHEN the nth call throws
      fs.rmSync(out, { recursive: true, force: true });
      writeTreeAtomically(out, OLD);
      const { fs: broken, calls } = failingFs(nth);
      let error: unknown;
      try {
        _writeTreeAtomically(out, NEW, broken);
      } catch (e) {
        error = e;
      }
      // THEN the output is the old one (the error says unchanged) or the new one (no error), and nothing else
      const now = contents(out);
      const where = `call ${nth} (${calls[nth - 1]})`;
      expect([where, fs.readdirSync(root)]).toEqual([where, ['dist']]);
      if (error === undefined) {
        expect([where, now]).toEqual([where, Object.fromEntries(NEW)]);
      } else {
        expect([where, now]).toEqual([where, Object.fromEntries(OLD)]);
        expect(error).toBeInstanceOf(OutputWriteError);
        expect((error as OutputWriteError).changed).toBe(false);
        expect((error as Error).message).toMatch(/; .*dist\/ is unchanged$/);
      }
    }
  });

  test('a crash between the two renames is recovered by the next run', () => {
    // GIVEN what a process killed after moving dist/ aside leaves: no dist/, dist.old-<pid>, a partial dist.tmp-<pid>
    const out = path.join(root, 'dist');
    const dead = 2147483646; // no such process
    writeTreeAtomically(`${out}.old-${dead}`, OLD);
    writeTreeAtomically(`${out}.tmp-${dead}`, new Map([['half.yaml', 'h']]));
    // WHEN the next run fails before it swaps (its first mkdir, after the recovery)
    const { fs: broken } = failingFs('mkdirSync');
    expect(() => _writeTreeAtomically(out, NEW, broken)).toThrow(OutputWriteError);
    // THEN the previous output is back, and the leftovers are gone
    expect(contents(out)).toEqual(Object.fromEntries(OLD));
    expect(fs.readdirSync(root)).toEqual(['dist']);
    // AND a run that succeeds writes the new output with nothing beside it
    writeTreeAtomically(`${out}.tmp-${dead}`, new Map([['half.yaml', 'h']]));
    writeTreeAtomically(out, NEW);
    expect(contents(out)).toEqual(Object.fromEntries(NEW));
    expect(fs.readdirSync(root)).toEqual(['dist']);
  });

  test("leaves a running process's temp directories alone", () => {
    // GIVEN a live process's (pid 1) temp directory beside the output
    const out = path.join(root, 'dist');
    writeTreeAtomically(`${out}.tmp-1`, new Map([['x.yaml', 'x']]));
    // WHEN / THEN
    writeTreeAtomically(out, NEW);
    expect(fs.readdirSync(root).sort()).toEqual(['dist', 'dist.tmp-1']);
  });

  test('a file where a directory must go: nothing written, nothing left, and the message says so', () => {
    // GIVEN an output directory below a regular file
    fs.writeFileSync(path.join(root, 'file'), 'x');
    const out = path.join(root, 'file', 'dist');
    // WHEN / THEN
    expect(() => writeTreeAtomically(out, NEW)).toThrow(OutputWriteError);
    expect(() => writeTreeAtomically(out, NEW)).toThrow(/file\/dist\/ is unchanged$/);
    expect(fs.readdirSync(root)).toEqual(['file']);
  });

  const chattr = canChattr();
  (chattr ? test : test.skip)(
    'an output with an immutable file (chattr +i) is not replaced, and stays as it was',
    () => {
      // GIVEN dist/ with a file that neither rename nor unlink may touch, root or not
      const out = path.join(root, 'dist');
      writeTreeAtomically(out, OLD);
      const locked = path.join(out, 'deep', 'er', 'x.yaml');
      execFileSync('chattr', ['+i', locked]);
      try {
        // WHEN / THEN refused before anything moved: dist/ as it was, no dist.old-<pid>, no dist.tmp-<pid>
        expect(() => writeTreeAtomically(out, NEW)).toThrow(
          `${out}/ cannot be replaced: ${locked} cannot be removed (EPERM); ${out}/ is unchanged`,
        );
        expect(contents(out)).toEqual(Object.fromEntries(OLD));
        expect(fs.readdirSync(root)).toEqual(['dist']);
      } finally {
        execFileSync('chattr', ['-i', locked]);
      }
    },
  );
  (chattr ? test : test.skip)('an output with an immutable directory is not replaced either', () => {
    // GIVEN dist/a made immutable: its entries cannot be removed
    const out = path.join(root, 'dist');
    writeTreeAtomically(out, OLD);
    const locked = path.join(out, 'a');
    execFileSync('chattr', ['+i', locked]);
    try {
      // WHEN / THEN
      expect(() => writeTreeAtomically(out, NEW)).toThrow(
        `${out}/ cannot be replaced: ${locked} cannot be removed (EPERM); ${out}/ is unchanged`,
      );
      expect(contents(out)).toEqual(Object.fromEntries(OLD));
      expect(fs.readdirSync(root)).toEqual(['dist']);
    } finally {
      execFileSync('chattr', ['-i', locked]);
    }
  });
});

/** Whether `chattr +i` works here (the tool, the filesystem, CAP_LINUX_IMMUTABLE). */
function canChattr(): boolean {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'shipshape-chattr-'));
  const f = path.join(dir, 'f');
  fs.writeFileSync(f, '');
  try {
    execFileSync('chattr', ['+i', f], { stdio: 'ignore' });
    execFileSync('chattr', ['-i', f], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
