import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { writeTreeAtomically } from '../../src/synth/write';

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
