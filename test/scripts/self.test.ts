import * as path from 'path';
import pkg from '../../package.json';

// scripts/self.js is plain JS for node -r; it is loaded here as the CLI loads it.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { ENTRIES } = require('../../scripts/self.js') as { ENTRIES: Record<string, string> };

describe('scripts/self.js', () => {
  test('maps every entry point of package.json exports to the source it is compiled from', () => {
    // GIVEN
    const exported = Object.entries(pkg.exports)
      .filter(([key]) => key !== './package.json')
      .map(([key, target]) => {
        const file = typeof target === 'string' ? target : target.default;
        // Compiled files (lib/**.js) come from TypeScript sources; the loader ships as it is.
        const source = file.startsWith('./lib/')
          ? file.replace(/^\.\/lib\//, '').replace(/\.js$/, '.ts')
          : file;
        return [path.join('shipshape', key), source];
      });
    // WHEN / THEN
    expect(Object.entries(ENTRIES).sort()).toEqual(
      exported.map(([name, file]) => [name, file!.startsWith('./') ? file!.slice(2) : file]).sort(),
    );
  });

  test('the compiled entry points export no private helper (names starting with _)', () => {
    // GIVEN / WHEN
    const names = Object.keys(ENTRIES)
      .filter((e) => e !== 'shipshape/register')
      .flatMap((e) =>
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        Object.keys(require(path.join(__dirname, '..', '..', ENTRIES[e]!))).map((k) => `${e}:${k}`),
      );
    // THEN
    expect(names.filter((n) => n.split(':')[1]!.startsWith('_'))).toEqual([]);
    expect(names).toContain('shipshape:Microservice');
  });
});
