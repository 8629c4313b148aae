import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { graphCommand, parseArgs, SYNTH_USAGE, synthCommand } from '../src/commands';
import { TOPOLOGY_END, TOPOLOGY_START } from '../src/graph';
import { AppLoadError } from '../src/run';

const APPS = path.join(__dirname, 'fixtures', 'apps');

function capture() {
  const out = { stdout: '', stderr: '' };
  return { out, io: { stdout: (t: string) => (out.stdout += t), stderr: (t: string) => (out.stderr += t) } };
}

describe('parseArgs', () => {
  test('takes one entry, repeated and inline values, and switches', () => {
    // GIVEN / WHEN
    const parsed = parseArgs(['app.ts', '--env', 'dev', '--env=prod', '--check'], ['--env'], ['--check']);
    // THEN
    expect(parsed.entry).toBe('app.ts');
    expect(parsed.values.get('--env')).toEqual(['dev', 'prod']);
    expect([...parsed.switches]).toEqual(['--check']);
  });

  test.each([
    [['--out'], '--out needs a value'],
    [['--bogus'], 'unknown flag --bogus'],
    [['a.ts', 'b.ts'], 'one app file at most (got a.ts, b.ts)'],
  ])('refuses %j', (args, message) => {
    // GIVEN / WHEN / THEN
    expect(() => parseArgs(args, ['--out'], [])).toThrow(new AppLoadError(message));
  });
});

describe('synthCommand', () => {
  let dir: string;
  beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'shipshape-cmd-'))));
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  test('synthesizes the selected environments into --out, versioning the chart from package.json', () => {
    // GIVEN
    fs.writeFileSync(path.join(dir, 'package.json'), '{ "version": "4.5.6" }');
    const { out, io } = capture();
    // WHEN
    const code = synthCommand([path.join(APPS, 'good.ts'), '--out', 'out', '--env', 'prod'], io, dir);
    // THEN
    expect(code).toBe(0);
    expect(fs.readdirSync(path.join(dir, 'out')).sort()).toEqual(['helm', 'prod']);
    expect(fs.readFileSync(path.join(dir, 'out', 'helm', 'prod', 'Chart.yaml'), 'utf8')).toContain(
      'version: 4.5.6+',
    );
    expect(out.stdout).toMatch(/^synthesized prod 7 objects/);
  });

  test('exits 1 with the message when synthesis fails, and 2 with the usage on a bad invocation', () => {
    // GIVEN
    const failed = capture();
    const misused = capture();
    // WHEN
    const failure = synthCommand([path.join(APPS, 'broken.ts'), '--out', 'out'], failed.io, dir);
    const usage = synthCommand(['--outdir', 'x'], misused.io, dir);
    // THEN
    expect(failure).toBe(1);
    expect(failed.out.stderr).toMatch(/^synth failed, nothing written:\n {2}Store\/web: 'ports\[0\]\.port'/);
    expect(fs.existsSync(path.join(dir, 'out'))).toBe(false);
    expect(usage).toBe(2);
    expect(misused.out.stderr).toBe(`shipshape: unknown flag --outdir\n${SYNTH_USAGE}`);
  });

  test('exits 1 without a stack trace when the app file throws while loading', () => {
    // GIVEN
    fs.writeFileSync(path.join(dir, 'app.js'), "throw new TypeError('config.region is undefined');\n");
    const { out, io } = capture();
    // WHEN
    const code = synthCommand([], io, dir);
    // THEN
    expect(code).toBe(1);
    expect(out.stderr).toBe('synth failed, nothing written:\n  config.region is undefined\n');
  });
});

describe('graphCommand', () => {
  test('prints the topology of the first environment', () => {
    // GIVEN
    const { out, io } = capture();
    // WHEN
    const code = graphCommand(['good.ts'], io, APPS);
    // THEN
    expect(code).toBe(0);
    expect(out.stdout).toContain('  web("web<br/>Deployment")\n');
  });

  test('updates a Markdown section, and --check fails while it is stale', () => {
    // GIVEN
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'shipshape-graph-'));
    const md = path.join(dir, 'README.md');
    fs.writeFileSync(md, `# Store\n\n${TOPOLOGY_START}\n${TOPOLOGY_END}\n`);
    const args = [path.join(APPS, 'good.ts'), '--env', 'prod', '--update', md];
    // WHEN
    const stale = graphCommand([...args, '--check'], capture().io, dir);
    const update = graphCommand(args, capture().io, dir);
    const fresh = graphCommand([...args, '--check'], capture().io, dir);
    // THEN
    expect([stale, update, fresh]).toEqual([1, 0, 0]);
    expect(fs.readFileSync(md, 'utf8')).toContain('_Environment `prod`, generated from the constructs');
    fs.rmSync(dir, { recursive: true });
  });

  test('asks for --system when the environment has several Systems', () => {
    // GIVEN
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'shipshape-graph-'));
    fs.writeFileSync(
      path.join(dir, 'app.js'),
      `const { Microservice, System } = require('shipshape');
module.exports = { build(scope) {
  for (const id of ['a', 'b']) new Microservice(new System(scope, id, { namespace: id }), 'web', { image: 'nginx:1.25.3', ports: [{ name: 'http', port: 8080 }] });
} };
`,
    );
    const { out, io } = capture();
    // WHEN
    const code = graphCommand([], io, dir);
    const chosen = graphCommand(['--system', 'b'], capture().io, dir);
    // THEN
    expect(code).toBe(2);
    expect(out.stderr).toMatch(/^shipshape: the app has several Systems \(a, b\): pick one with --system\n/);
    expect(chosen).toBe(0);
    fs.rmSync(dir, { recursive: true });
  });
});
