import { execFileSync } from 'node:child_process';
import * as path from 'node:path';
import { loadOnDemand, pulumiCommand, pulumiRandom } from '../../src/pulumi/optional-peers';

// A program that only applies objects installs @pulumi/pulumi and @pulumi/kubernetes alone
// (e2e/consumer-pulumi.sh proves it from the tarball): the other Pulumi peers load on first use.

const ROOT = path.resolve(__dirname, '../..');

describe('optional Pulumi peers', () => {
  test('loading shipshape/pulumi loads neither @pulumi/random nor @pulumi/command', () => {
    // GIVEN a fresh node process WHEN it loads the entry point
    const loaded = execFileSync(
      process.execPath,
      [
        '-r',
        './scripts/register.js',
        '-e',
        "require('./src/pulumi'); console.log(JSON.stringify(Object.keys(require.cache).filter((f) => /@pulumi[\\\\/](random|command)[\\\\/]/.test(f))))",
      ],
      { cwd: ROOT, encoding: 'utf8' },
    );
    // THEN neither optional peer is in its module cache
    expect(JSON.parse(loaded)).toEqual([]);
  });

  test('each loads on first use', () => {
    // GIVEN / WHEN / THEN
    expect(typeof pulumiRandom().RandomPassword).toBe('function');
    expect(typeof pulumiCommand().local.Command).toBe('function');
  });

  test('a missing one is named with what needs it and how to install it', () => {
    // GIVEN a package that is not installed
    const missing = () => {
      const e = new Error(
        "Cannot find module '@pulumi/random'\nRequire stack:\n- x.js",
      ) as NodeJS.ErrnoException;
      e.code = 'MODULE_NOT_FOUND';
      throw e;
    };
    // WHEN / THEN
    expect(() => loadOnDemand('@pulumi/random', missing)).toThrow(
      "generated passwords (AppSecrets without a configured value, Vault in dev mode) need the npm package @pulumi/random, an optional peer dependency of shipshape that is not installed: npm install @pulumi/random (Cannot find module '@pulumi/random')",
    );
  });

  test('any other load error is passed through', () => {
    // GIVEN / WHEN / THEN
    expect(() =>
      loadOnDemand('@pulumi/command', () => {
        throw new SyntaxError('Unexpected token');
      }),
    ).toThrow(new SyntaxError('Unexpected token'));
  });
});
