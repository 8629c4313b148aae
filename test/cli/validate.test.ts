import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { main, type CliIo } from '../../src/cli/main';

const FIXTURES = path.join(__dirname, '..', 'validate', 'fixtures');
const REPO = path.resolve(__dirname, '../..');

function run(argv: string[], stdin = ''): { code: number; out: string; err: string } {
  let out = '';
  let err = '';
  const io: CliIo = { stdout: (t) => (out += t), stderr: (t) => (err += t), readStdin: () => stdin };
  const code = main(argv, io);
  if (typeof code !== 'number') throw new Error('validate returns its exit code, not a promise');
  return { code, out, err };
}

describe('shipshape validate', () => {
  it('exits 0 on a clean set and prints the summary', () => {
    // GIVEN a good fixture WHEN validated THEN exit 0 with only the summary
    const r = run(['validate', path.join(FIXTURES, 'good', 'pss-seccomp.yaml')]);
    expect([r.code, r.out, r.err]).toEqual([0, '0 errors, 0 warnings in 3 objects (1 file)\n', '']);
  });

  it('exits 0 when there are only warnings', () => {
    // GIVEN a fixture with one warning WHEN validated THEN exit 0 and the warning is printed
    const r = run(['validate', path.join(FIXTURES, 'bad', 'no-liveness-probe.yaml')]);
    expect(r.code).toBe(0);
    expect(r.out).toContain(
      '  warning  no-liveness-probe  Deployment shop/web  spec.template.spec.containers[0].livenessProbe  ',
    );
  });

  it('reports acknowledged opt-outs as such, with their reason, and counts them apart (issue 18)', () => {
    // GIVEN a Deployment with a moving tag and the opt-out the constructs write for Image.mutableTag
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'shipshape-ack-'));
    const yaml = fs
      .readFileSync(path.join(FIXTURES, 'good', 'pss-seccomp.yaml'), 'utf8')
      .replace(/image: (\S+):[^\s]+/, 'image: $1:alpine')
      .replace(
        /(kind: Deployment\nmetadata:\n)/,
        '$1  annotations:\n    ignore.shipshape.io/image-not-pinned: upstream ships it\n',
      );
    fs.writeFileSync(path.join(dir, 'app.yaml'), yaml);
    // WHEN validated, as text and as JSON
    const text = run(['validate', dir]);
    const json = JSON.parse(run(['validate', '--json', dir]).out) as {
      summary: Record<string, number>;
      findings: { ruleId: string; acknowledged?: string }[];
    };
    fs.rmSync(dir, { recursive: true });
    // THEN exit 0, the finding shown as acknowledged with its reason, not counted as a warning
    expect(text.code).toBe(0);
    expect(text.out).toMatch(
      / {2}acknowledged {2}image-not-pinned {2}Deployment shop\/web {2}.* \(acknowledged: upstream ships it\)\n/,
    );
    expect(text.out.split('\n').at(-2)).toBe('0 errors, 0 warnings, 1 acknowledged in 3 objects (1 file)');
    expect(json.summary).toEqual({ errors: 0, warnings: 0, acknowledged: 1, objects: 3, files: 1 });
    expect(json.findings.map((f) => [f.ruleId, f.acknowledged])).toEqual([
      ['image-not-pinned', 'upstream ships it'],
    ]);
  });

  it('exits 1 on an error finding, and a YAML syntax error is one', () => {
    // GIVEN the invalid-YAML fixture WHEN validated THEN exit 1 with the finding
    const file = path.join(FIXTURES, 'bad', 'yaml-syntax.yaml.txt');
    const r = run(['validate', file]);
    expect(r.code).toBe(1);
    expect(r.out).toBe(
      `${file}:9  error  yaml-syntax  -  -  All sequence items must start at the same column (hint: fix the YAML syntax at this line)\n1 error, 0 warnings in 0 objects (1 file)\n`,
    );
  });

  it('prints machine-readable JSON with --json', () => {
    // GIVEN a fixture with an error WHEN validated with --json THEN stdout is JSON with summary and findings
    const r = run(['validate', '--json', path.join(FIXTURES, 'bad', 'pss-privileged.yaml')]);
    const parsed = JSON.parse(r.out) as {
      summary: { errors: number };
      findings: { ruleId: string; line: number }[];
    };
    expect(r.code).toBe(1);
    expect(parsed.summary.errors).toBe(1);
    expect(parsed.findings.map((f) => [f.ruleId, f.line])).toEqual([['pss-privileged', 59]]);
  });

  it('hides warnings with --quiet', () => {
    // GIVEN a fixture with one warning WHEN validated quietly THEN only the summary is printed
    const r = run(['validate', '--quiet', path.join(FIXTURES, 'bad', 'no-liveness-probe.yaml')]);
    expect(r.out).toBe('0 errors, 1 warning in 3 objects (1 file)\n');
  });

  it('reads standard input for "-"', () => {
    // GIVEN a manifest on stdin WHEN validated THEN it is reported as <stdin>
    const r = run(['validate', '-'], 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: Shop\n');
    expect(r.code).toBe(1);
    expect(r.out.split('\n')[0]).toBe(
      '<stdin>:4  error  invalid-name  Namespace Shop  metadata.name  Namespace name "Shop" must be a DNS-1123 label (lower-case alphanumerics and "-", starting and ending alphanumeric) (hint: use lower-case alphanumerics and "-" (DNS-1123), within the length limit)',
    );
  });

  const VALIDATE_USAGE = 'usage: shipshape validate [--json] [--quiet] <file|dir|->...';
  const COMMANDS_USAGE = 'usage: shipshape <command> [options]';
  it.each([
    [['validate'], 'shipshape: no paths to validate', VALIDATE_USAGE],
    [['validate', '--strict', 'x'], 'shipshape: unknown flag --strict', VALIDATE_USAGE],
    [['validate', '/no/such/path'], 'shipshape: cannot read /no/such/path: ENOENT', VALIDATE_USAGE],
    [['lint', 'x'], 'shipshape: unknown command "lint"', COMMANDS_USAGE],
    [[], 'shipshape: missing command', COMMANDS_USAGE],
    [['synth', '--bogus'], 'shipshape: unknown flag --bogus', 'usage: shipshape synth [app-file]'],
    [['graph', '--bogus'], 'shipshape: unknown flag --bogus', 'usage: shipshape graph [app-file]'],
    [['init', '--bogus'], 'shipshape: unknown flag --bogus', 'usage: shipshape init [dir]'],
  ])('exits 2 on a usage error: %j', (argv, message, usage) => {
    // GIVEN a wrong command line WHEN run THEN exit 2 with the reason and the command's usage on stderr
    const r = run(argv);
    expect([r.code, r.out]).toEqual([2, '']);
    expect(r.err.split('\n')[0]).toBe(message);
    expect(r.err).toContain(usage);
  });

  it('exits 2 when a directory holds no manifest file', () => {
    // GIVEN an empty directory WHEN validated THEN it is a usage error
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'shipshape-cli-'));
    expect(run(['validate', dir]).err.split('\n')[0]).toBe(
      `shipshape: no .yaml, .yml or .json files under ${dir}`,
    );
  });

  it('validates each argument as its own set', () => {
    // GIVEN the same good fixture as two arguments WHEN validated THEN no duplicate is reported
    const file = path.join(FIXTURES, 'good', 'pss-seccomp.yaml');
    expect(run(['validate', file, file]).out).toBe('0 errors, 0 warnings in 6 objects (2 files)\n');
    // AND a directory holding it twice is one set, with duplicates
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'shipshape-cli-'));
    fs.copyFileSync(file, path.join(dir, 'a.yaml'));
    fs.copyFileSync(file, path.join(dir, 'b.yaml'));
    const r = run(['validate', '--quiet', dir]);
    expect([r.code, r.out.split('\n').filter((l) => l.includes('duplicate-object')).length]).toEqual([1, 3]);
  });

  it('prints the usage with --help and exits 0', () => {
    // GIVEN --help WHEN run THEN the usage goes to stdout
    const r = run(['validate', '--help']);
    expect([r.code, r.out.split('\n')[0]]).toEqual([
      0,
      'usage: shipshape validate [--json] [--quiet] <file|dir|->...',
    ]);
  });

  it('runs as a real process through bin/shipshape.js with the exit code of the result', () => {
    // GIVEN the bin shim WHEN run on a bad fixture THEN the process exits 1 and prints the finding
    const r = spawnSync(
      process.execPath,
      ['bin/shipshape.js', 'validate', path.join(FIXTURES, 'bad', 'pss-privileged.yaml')],
      {
        cwd: REPO,
        encoding: 'utf8',
      },
    );
    expect(r.status).toBe(1);
    expect(r.stdout).toContain('  error  pss-privileged  Deployment shop/web  ');
  });
});
