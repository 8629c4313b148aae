import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type { SynthesizedSystem as SynthesizedEnvironment } from '../../src/synth/synthesize';
import { synthesizeEnvironment } from '../../src/delinkcious/app';
import { writeSystems } from '../../src/synth/gate';

/** `env` with one object of one file replaced by `mutate(copy)`. */
function withBrokenObject(env: SynthesizedEnvironment, mutate: (o: any) => void): SynthesizedEnvironment {
  const files = env.files.map((f, i) => {
    if (i !== 2) return f;
    const objects = f.objects.map((o, j) => {
      if (j !== 0) return o;
      const copy = JSON.parse(JSON.stringify(o));
      mutate(copy);
      return copy;
    });
    return { ...f, objects };
  });
  return { ...env, files, objects: files.flatMap((f) => f.objects) };
}

describe('writeSystems', () => {
  let out: string;
  beforeEach(() => {
    out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'shipshape-pipeline-')), 'dist');
  });
  afterEach(() => fs.rmSync(path.dirname(out), { recursive: true, force: true }));

  test('writes every environment and its chart when nothing is wrong', () => {
    // GIVEN
    const envs = [synthesizeEnvironment('local'), synthesizeEnvironment('production')];
    // WHEN
    const result = writeSystems(out, envs);
    // THEN
    expect(result.findings).toEqual([]);
    expect(result.files).toBeGreaterThan(50);
    expect(fs.readdirSync(out).sort()).toEqual(['argocd', 'helm', 'local', 'production']);
    expect(fs.readdirSync(path.join(out, 'argocd')).sort()).toEqual(['local.yaml', 'production.yaml']);
  });

  test('validates the Argo CD Application with the System: a broken one refuses the output', () => {
    // GIVEN an environment whose Application has a misspelt sync policy field
    const local = synthesizeEnvironment('local');
    const application = JSON.parse(JSON.stringify(local.application));
    application.spec.syncPolicy.automated.selfheal = true;
    // WHEN
    const result = writeSystems(out, [{ ...local, application }]);
    // THEN the finding names the Application's file and nothing is written
    expect(result.files).toBe(0);
    expect(result.findings.map((f) => [f.ruleId, f.file, f.path, f.hint])).toEqual([
      [
        'schema-unknown-field',
        'argocd/local.yaml',
        'spec.syncPolicy.automated.selfheal',
        'did you mean "selfHeal"?',
      ],
    ]);
    expect(fs.existsSync(out)).toBe(false);
  });

  test('refuses invalid output and leaves the previous output untouched', () => {
    // GIVEN a previous output, and an environment whose ServiceAccount grew an unknown field
    const local = synthesizeEnvironment('local');
    writeSystems(out, [local]);
    const before = fs.readFileSync(path.join(out, 'local', 'api-gateway.yaml'), 'utf8');
    const broken = withBrokenObject(local, (o) => (o.automountServiceAccountTokens = false));
    // WHEN
    const result = writeSystems(out, [broken]);
    // THEN
    expect(result.files).toBe(0);
    expect(result.findings.map((f) => [f.ruleId, f.file, f.path])).toEqual([
      ['schema-unknown-field', 'local/api-gateway.yaml', 'automountServiceAccountTokens'],
    ]);
    expect(fs.readFileSync(path.join(out, 'local', 'api-gateway.yaml'), 'utf8')).toBe(before);
    expect(fs.readdirSync(path.dirname(out))).toEqual(['dist']);
  });

  test('validates each environment as its own set (the same names in two environments are not duplicates)', () => {
    // GIVEN / WHEN
    const result = writeSystems(out, [synthesizeEnvironment('staging'), synthesizeEnvironment('production')]);
    // THEN
    expect(result.findings.filter((f) => f.ruleId === 'duplicate-object')).toEqual([]);
  });
});
