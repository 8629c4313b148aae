import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { SYNTH_USAGE, synthCommand } from '../../src/cli/synth';

const APPS = path.join(__dirname, '..', 'fixtures', 'apps');

function capture() {
  const out = { stdout: '', stderr: '' };
  return { out, io: { stdout: (t: string) => (out.stdout += t), stderr: (t: string) => (out.stderr += t) } };
}

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
