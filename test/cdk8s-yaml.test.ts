import { spawnSync } from 'child_process';
import * as crypto from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

// The real `npx cdk8s synth` (cdk8s-cli, a devDependency) on a copy of the repository: cdk8s-cli
// empties its `output` directory before it runs the app (also with --stdout), so cdk8s.yaml must
// point it away from the committed dist/, and the app writes dist/ itself, all or nothing.
const ROOT = path.join(__dirname, '..');
const COPIED = ['cdk8s.yaml', 'package.json', 'bin', 'scripts', 'src', 'constructs', 'cdk8s-plugin', 'dist'];

/** A digest of every file under `dir`, with its path. */
function digest(dir: string): string {
  const hash = crypto.createHash('sha256');
  const walk = (d: string): void => {
    for (const e of fs.readdirSync(d, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const full = path.join(d, e.name);
      if (e.isDirectory()) walk(full);
      else hash.update(path.relative(dir, full)).update(fs.readFileSync(full));
    }
  };
  walk(dir);
  return hash.digest('hex');
}

function cdk8s(cwd: string, ...args: string[]) {
  return spawnSync(
    process.execPath,
    [path.join(ROOT, 'node_modules', '.bin', 'cdk8s'), 'synth', '--check-upgrade=false', ...args],
    {
      cwd,
      encoding: 'utf8',
      env: { ...process.env, CDK8S_CHECK_UPGRADE: 'false' },
      maxBuffer: 64 * 1024 * 1024,
    },
  );
}

describe('npx cdk8s synth (cdk8s.yaml)', () => {
  let copy: string;
  const committed = digest(path.join(ROOT, 'dist'));

  beforeAll(() => {
    copy = fs.mkdtempSync(path.join(os.tmpdir(), 'shipshape-cdk8s-'));
    for (const entry of COPIED)
      fs.cpSync(path.join(ROOT, entry), path.join(copy, entry), { recursive: true });
    fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(copy, 'node_modules'), 'dir');
  });
  afterAll(() => fs.rmSync(copy, { recursive: true, force: true }));

  test('writes the same dist/ as npm run synth and gives cdk8s the manifests in its scratch output', () => {
    // GIVEN / WHEN
    const run = cdk8s(copy);
    // THEN
    expect(run.status).toBe(0);
    expect(digest(path.join(copy, 'dist'))).toBe(committed);
    expect(fs.readdirSync(path.join(copy, '.cdk8s-out')).sort()).toEqual([
      'argocd',
      'local',
      'production',
      'staging',
    ]);
  }, 180_000);

  test('--stdout prints the manifests and leaves dist/ as it was', () => {
    // GIVEN / WHEN
    const run = cdk8s(copy, '--stdout');
    // THEN
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('kind: Namespace');
    expect(digest(path.join(copy, 'dist'))).toBe(committed);
  }, 180_000);

  test('a failing app fails the command and leaves dist/ as it was', () => {
    // GIVEN an app that throws while building
    const app = path.join(copy, 'src', 'delinkcious', 'app.ts');
    fs.writeFileSync(
      app,
      fs
        .readFileSync(app, 'utf8')
        .replace(
          "new Delinkcious(scope, 'Delinkcious'",
          "throw new Error('the app broke'); new Delinkcious(scope, 'Delinkcious'",
        ),
    );
    // WHEN
    const run = cdk8s(copy);
    // THEN
    expect(run.status).not.toBe(0);
    expect(run.stderr).toContain('synth failed, nothing written:\n  the app broke');
    expect(digest(path.join(copy, 'dist'))).toBe(committed);
  }, 180_000);
});
