import * as fs from 'fs';
import * as path from 'path';
import { manifestSets, ShipshapeValidation } from '../../src/validate/cdk8s-plugin';

const ROOT = path.join(__dirname, '..', '..');
const DIST = path.join(ROOT, 'dist');
const BAD = path.join(__dirname, 'fixtures', 'bad');
// cdk8s-cli has no public export of its plugin classes; load the very file its `synth` uses.
const VALIDATION = path.join(ROOT, 'node_modules', 'cdk8s-cli', 'lib', 'plugins', 'validation.js');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { ValidationContext } = require(VALIDATION);

function yamlFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? yamlFiles(p) : e.name.endsWith('.yaml') ? [p] : [];
  });
}

describe('the cdk8s-cli validation plugin', () => {
  test('groups manifests by environment directory and leaves Helm charts out', () => {
    // GIVEN
    const files = yamlFiles(DIST);
    // WHEN
    const sets = manifestSets(files);
    // THEN
    expect(sets.map((s) => path.relative(DIST, path.dirname(s[0])))).toEqual([
      'argocd',
      'local',
      'production',
      'staging',
    ]);
    expect(sets.flat().some((f) => f.includes(`${path.sep}helm${path.sep}`))).toBe(false);
  });

  test('reports success on dist/ through cdk8s-cli’s own ValidationContext', async () => {
    // GIVEN
    const context = new ValidationContext(yamlFiles(DIST), './cdk8s-plugin', '0.1.0');
    // WHEN
    await new ShipshapeValidation().validate(context);
    // THEN
    expect(context.report.success).toBe(true);
    expect(context.report.toJson().violations).toEqual([]);
  });

  test('fails with one violation per finding on bad manifests', async () => {
    // GIVEN
    const context = new ValidationContext([path.join(BAD, 'pss-seccomp.yaml')], './cdk8s-plugin', '0.1.0');
    // WHEN
    await new ShipshapeValidation().validate(context);
    // THEN
    expect(context.report.success).toBe(false);
    expect(context.report.toJson().violations.map((v: { ruleName: string }) => v.ruleName)).toContain(
      'pss-seccomp (error)',
    );
  });

  test('is wired into cdk8s.yaml as a local plugin that exports the class', () => {
    // GIVEN
    const config = fs.readFileSync(path.join(ROOT, 'cdk8s.yaml'), 'utf8');
    // WHEN
    const entry = require(path.join(ROOT, 'cdk8s-plugin')); // eslint-disable-line @typescript-eslint/no-require-imports
    // THEN
    expect(config).toMatch(/package: \.\/cdk8s-plugin\n\s+version: 0\.1\.0\n\s+class: ShipshapeValidation/);
    expect(typeof entry.ShipshapeValidation).toBe('function');
  });
});
