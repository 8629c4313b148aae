import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { INIT_USAGE, initCommand, mergeManifest, projectName, scaffold } from '../../src/cli/init';
import pkg from '../../package.json';

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
    expect(manifest.dependencies).toEqual({ shipshape: '^9.9.9' });
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

  test('creates the project, with this shipshape’s pinned peers, and prints the next steps', () => {
    // GIVEN
    const { out, io } = capture();
    // WHEN
    const code = initCommand(['hello'], io, dir);
    // THEN
    expect(code).toBe(0);
    const manifest = JSON.parse(fs.readFileSync(path.join(dir, 'hello', 'package.json'), 'utf8'));
    expect(manifest.name).toBe('hello');
    expect(manifest.devDependencies.cdk8s).toBe(pkg.devDependencies.cdk8s);
    expect(fs.existsSync(path.join(dir, 'hello', 'test', 'app.test.ts'))).toBe(true);
    expect(out.stdout).toMatch(/\nnext: cd hello && npm install && npm run synth && npm test\n$/);
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
    const code = initCommand([], capture().io, dir);
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
    const code = initCommand([], io, dir);
    // THEN
    expect(code).toBe(2);
    expect(out.stderr).toBe(`shipshape: init would overwrite tsconfig.json in ${dir}; nothing written\n`);
    expect(fs.readdirSync(dir)).toEqual(['tsconfig.json']);
  });

  test('refuses flags and extra arguments with the usage', () => {
    // GIVEN
    const { out, io } = capture();
    // WHEN / THEN
    expect(initCommand(['--force'], io, dir)).toBe(2);
    expect(out.stderr).toBe(`shipshape: unknown flag --force\n${INIT_USAGE}`);
  });
});
