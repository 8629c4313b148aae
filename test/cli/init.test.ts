import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import {
  INIT_USAGE,
  initCommand,
  mergeManifest,
  packageSource,
  projectName,
  scaffold,
  type InitRunner,
} from '../../src/cli/init';
import pkg from '../../package.json';

const REPO = path.resolve(__dirname, '..', '..');

/** A runner that records the npm commands and answers as npm would, without running any. */
function fakeRunner(root = REPO, status = 0): InitRunner & { calls: string[] } {
  const calls: string[] = [];
  return {
    root,
    calls,
    run: (command, args, cwd) => {
      calls.push(`${command} ${args.join(' ')} (in ${path.basename(cwd)})`);
      if (args[0] === 'pack') {
        fs.writeFileSync(path.join(args[3]!, 'shipshape-0.1.0.tgz'), 'tgz');
        return { status, stdout: '[{"filename":"shipshape-0.1.0.tgz"}]', stderr: '' };
      }
      return { status, stdout: '', stderr: status === 0 ? '' : 'npm ERR! 404' };
    },
  };
}

function capture() {
  const out = { stdout: '', stderr: '' };
  return { out, io: { stdout: (t: string) => (out.stdout += t), stderr: (t: string) => (out.stderr += t) } };
}

describe('projectName', () => {
  test.each([
    ['/x/My Shop', 'my-shop'],
    ['/x/orders_api', 'orders-api'],
    ['/x/---', 'my-system'],
  ])('%s -> %s', (dir, name) => {
    // GIVEN / WHEN / THEN
    expect(projectName(dir)).toBe(name);
  });
});

describe('scaffold', () => {
  test('pins shipshape and the peers it is tested with, and compiles under the strictest options', () => {
    // GIVEN / WHEN
    const files = scaffold('hello', {
      shipshape: '9.9.9',
      cdk8s: '1',
      'cdk8s-plus-27': '2',
      constructs: '3',
      typescript: '4',
      '@types/node': '5',
    });
    const manifest = JSON.parse(files.get('package.json')!);
    const tsconfig = JSON.parse(files.get('tsconfig.json')!);
    // THEN
    expect(manifest.dependencies).toEqual({ shipshape: '9.9.9' });
    expect(manifest.devDependencies).toEqual({
      '@types/node': '5',
      cdk8s: '1',
      'cdk8s-plus-27': '2',
      constructs: '3',
      typescript: '4',
    });
    expect(tsconfig.compilerOptions).toMatchObject({
      strict: true,
      exactOptionalPropertyTypes: true,
      noUncheckedIndexedAccess: true,
      skipLibCheck: false,
    });
    expect(files.get('cdk8s.yaml')).toContain('output: .cdk8s-out\n');
    expect(files.get('Pulumi.yaml')).toContain('main: deploy/index.ts\n');
  });
});

describe('initCommand', () => {
  let dir: string;
  beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'shipshape-init-'))));
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  test('run from a checkout: packs it into the project, depends on that tarball, installs', () => {
    // GIVEN this checkout as the shipshape that runs
    const { out, io } = capture();
    const runner = fakeRunner();
    // WHEN
    const code = initCommand(['hello'], io, dir, runner);
    // THEN
    expect(code).toBe(0);
    const manifest = JSON.parse(fs.readFileSync(path.join(dir, 'hello', 'package.json'), 'utf8'));
    expect(manifest.name).toBe('hello');
    expect(manifest.dependencies).toEqual({ shipshape: 'file:./shipshape-0.1.0.tgz' });
    expect(manifest.devDependencies.cdk8s).toBe(pkg.devDependencies.cdk8s);
    expect(runner.calls).toEqual([
      `npm pack ${REPO} --pack-destination ${path.join(dir, 'hello')} --json (in hello)`,
      'npm install --no-audit --no-fund (in hello)',
    ]);
    expect(fs.existsSync(path.join(dir, 'hello', 'test', 'app.test.ts'))).toBe(true);
    expect(out.stdout).toMatch(/\ninstalled\nnext: cd hello && npm run synth && npm test\n$/);
  });

  test('--no-install writes the files only and says to install', () => {
    // GIVEN
    const { out, io } = capture();
    const runner = fakeRunner();
    // WHEN
    const code = initCommand(['hello', '--no-install'], io, dir, runner);
    // THEN
    expect(code).toBe(0);
    expect(runner.calls.some((c) => c.startsWith('npm install'))).toBe(false);
    expect(out.stdout).toMatch(/\nnext: cd hello && npm install && npm run synth && npm test\n$/);
  });

  test('a failed npm install is exit 1 and says the files are there', () => {
    // GIVEN
    const { out, io } = capture();
    const runner = fakeRunner(REPO);
    const failing: InitRunner = {
      root: runner.root,
      run: (c, a, cwd) =>
        a[0] === 'install' ? { status: 1, stdout: '', stderr: 'npm ERR! 404\n' } : runner.run(c, a, cwd),
    };
    // WHEN / THEN
    expect(initCommand(['hello'], io, dir, failing)).toBe(1);
    expect(out.stderr).toBe(
      'shipshape: npm install in hello failed (the files are written):\nnpm ERR! 404\n',
    );
  });

  test('completes an existing package.json, keeping its own name, scripts and versions', () => {
    // GIVEN a project that already installed shipshape
    const own = {
      name: 'mine',
      scripts: { test: 'jest' },
      dependencies: { shipshape: '0.1.0', cdk8s: '2.70.0' },
    };
    fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify(own));
    // WHEN
    const code = initCommand(['--no-install'], capture().io, dir, fakeRunner());
    // THEN
    const manifest = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8'));
    expect(code).toBe(0);
    expect(manifest.name).toBe('mine');
    expect(manifest.scripts).toMatchObject({ test: 'jest', synth: 'shipshape synth' });
    expect(manifest.dependencies).toEqual({ shipshape: '0.1.0', cdk8s: '2.70.0' });
    expect(Object.keys(manifest.devDependencies).sort()).toEqual([
      '@types/node',
      'cdk8s-plus-27',
      'constructs',
      'typescript',
    ]);
    expect(fs.existsSync(path.join(dir, 'src', 'app.ts'))).toBe(true);
  });

  test('mergeManifest adds nothing the project already has', () => {
    // GIVEN / WHEN
    const merged = JSON.parse(
      mergeManifest('{"devDependencies":{"x":"1"}}', '{"dependencies":{"x":"2"},"scripts":{"a":"b"}}'),
    );
    // THEN
    expect(merged).toEqual({ devDependencies: { x: '1' }, dependencies: {}, scripts: { a: 'b' } });
  });

  test('overwrites nothing: an existing file stops it before it writes anything', () => {
    // GIVEN
    fs.writeFileSync(path.join(dir, 'tsconfig.json'), '{}');
    const { out, io } = capture();
    // WHEN
    const code = initCommand([], io, dir, fakeRunner());
    // THEN
    expect(code).toBe(2);
    expect(out.stderr).toBe(`shipshape: init would overwrite tsconfig.json in ${dir}; nothing written\n`);
    expect(fs.readdirSync(dir)).toEqual(['tsconfig.json']);
  });

  test('refuses flags and extra arguments with the usage', () => {
    // GIVEN
    const { out, io } = capture();
    // WHEN / THEN
    expect(initCommand(['--force'], io, dir, fakeRunner())).toBe(2);
    expect(out.stderr).toBe(`shipshape: unknown flag --force\n${INIT_USAGE}`);
  });
});

describe('packageSource (issue 18: init depends on where shipshape came from)', () => {
  let dir: string;
  beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'shipshape-source-'))));
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  /** A project at `dir/<project>` with shipshape installed under node_modules, depending on it as `spec`. */
  const installed = (project: string, spec: string | undefined) => {
    const root = path.join(dir, project, 'node_modules', 'shipshape');
    fs.mkdirSync(root, { recursive: true });
    fs.writeFileSync(path.join(root, 'package.json'), '{"name":"shipshape","version":"0.1.0"}');
    fs.writeFileSync(
      path.join(dir, project, 'package.json'),
      JSON.stringify({ dependencies: spec === undefined ? {} : { shipshape: spec } }),
    );
    return root;
  };

  test.each([
    [
      'a tarball (npx --package ./shipshape-0.1.0.tgz)',
      'file:../../dl/shipshape-0.1.0.tgz',
      'file:../../dl/shipshape-0.1.0.tgz',
    ],
    ['an absolute tarball path', '', ''],
    ['a registry range', '^0.1.0', '^0.1.0'],
    [
      'a git URL',
      'git+https://example.com/shipshape.git#v0.1.0',
      'git+https://example.com/shipshape.git#v0.1.0',
    ],
  ])('installed from %s', (_, spec, expected) => {
    // GIVEN npx's project at dir/npx/x (two levels down), a new project at dir/apps/hello
    const abs = path.join(dir, 'dl', 'shipshape-0.1.0.tgz');
    const root = installed('npx/x', spec === '' ? `file:${abs}` : spec);
    // WHEN / THEN the new project reaches the same package
    const want = expected === '' ? 'file:../../dl/shipshape-0.1.0.tgz' : expected;
    expect(packageSource(root, path.join(dir, 'apps', 'hello'))).toEqual({ spec: want });
  });

  test('a global install or a project without a spec for it: packed from the installed copy, no scripts', () => {
    // GIVEN / WHEN / THEN
    const root = installed('global', undefined);
    expect(packageSource(root, path.join(dir, 'hello'))).toEqual({ pack: { root, scripts: false } });
  });

  test('a checkout: packed with its scripts (prepack builds lib/)', () => {
    // GIVEN / WHEN / THEN
    expect(packageSource(REPO, path.join(dir, 'hello'))).toEqual({ pack: { root: REPO, scripts: true } });
  });
});
