import * as fs from 'fs';
import * as path from 'path';
// scripts/release.js is plain JS run by npm; its pure steps are loaded here as a module.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { above, PACKAGE_FILES, publishProblems, rollChangelog } = require('../../scripts/release.js') as {
  above: (a: string, b: string) => boolean;
  PACKAGE_FILES: RegExp;
  publishProblems: (pkg: object) => string[];
  rollChangelog: (text: string, version: string, date: string) => string;
};

const ROOT = path.join(__dirname, '..', '..');

describe('scripts/release.js (issue 18: the release path)', () => {
  test('package.json is ready to publish with provenance', () => {
    // GIVEN / WHEN / THEN
    const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as object;
    expect(publishProblems(pkg)).toEqual([]);
    expect(publishProblems({ version: '1', files: [], private: true })).toEqual([
      'package.json is private',
      'publishConfig.provenance must be true',
      'repository.url must be set (provenance links the package to its source repository)',
      'files must include CHANGELOG.md',
      'version 1 is not SemVer',
    ]);
  });

  test('CHANGELOG.md has a non-empty Unreleased section to release', () => {
    // GIVEN / WHEN
    const text = fs.readFileSync(path.join(ROOT, 'CHANGELOG.md'), 'utf8');
    const rolled = rollChangelog(text, '0.2.0', '2027-01-15');
    // THEN the notes move under the version, a new Unreleased section is empty, the rest is kept
    expect(rolled).toContain('\n## Unreleased\n\n## 0.2.0 - 2027-01-15\n\n### Added\n');
    expect(rolled.endsWith(text.slice(text.indexOf('\n## 0.1.0')))).toBe(true);
  });

  test('refuses a changelog with nothing to release, and versions that go back', () => {
    // GIVEN / WHEN / THEN
    expect(() => rollChangelog('# Changelog\n\n## 0.1.0\n', '0.2.0', 'd')).toThrow(
      'CHANGELOG.md has no "## Unreleased" section',
    );
    expect(() => rollChangelog('# C\n\n## Unreleased\n\n## 0.1.0 - d\n\nx\n', '0.2.0', 'd')).toThrow(
      'CHANGELOG.md: the "## Unreleased" section is empty: say what 0.2.0 changes',
    );
    expect([
      above('0.2.0', '0.1.0'),
      above('0.1.0', '0.1.0'),
      above('1.0.0-rc.1', '1.0.0'),
      above('1.0.0', '1.0.0-rc.1'),
    ]).toEqual([true, false, false, true]);
  });

  test('the package holds compiled code, declarations, the CLI and its docs only', () => {
    // GIVEN / WHEN / THEN
    for (const ok of [
      'lib/constructs/index.js',
      'lib/constructs/index.d.ts',
      'CHANGELOG.md',
      'bin/shipshape.js',
    ])
      expect([ok, PACKAGE_FILES.test(ok)]).toEqual([ok, true]);
    for (const bad of ['constructs/index.ts', 'dist/local/web.yaml', 'test/a.test.ts', 'scripts/build.js'])
      expect([bad, PACKAGE_FILES.test(bad)]).toEqual([bad, false]);
  });
});
