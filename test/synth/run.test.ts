import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { ChartValue, Microservice, System } from '../../constructs';
import type { ShipshapeApp } from '../../src/synth/contract';
import { AppLoadError, DEFAULT_ENTRIES, loadAppFile, packageRoot, runSynth } from '../../src/synth/run';

const APPS = path.join(__dirname, '..', 'fixtures', 'apps');

/** Captures what a run prints. */
function capture() {
  const out = { stdout: '', stderr: '' };
  return { out, io: { stdout: (t: string) => (out.stdout += t), stderr: (t: string) => (out.stderr += t) } };
}

/** An app of one System with a `web` Microservice and, when `extra` is set, a raw ConfigMap with those fields. */
const appWith = (extra?: Record<string, unknown>): ShipshapeApp => ({
  build: (scope) => {
    const system = new System(scope, 'Store', { namespace: 'store' });
    new Microservice(system, 'web', { image: 'nginx:1.25.3', ports: [{ name: 'http', port: 8080 }] });
    if (extra) {
      new ApiObject(new Construct(system, 'extra'), 'cm', {
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: { name: 'extra' },
        ...extra,
      });
    }
  },
});

describe('loadAppFile', () => {
  test('loads a TypeScript app through the default export and a JavaScript app through module.exports', () => {
    // GIVEN / WHEN
    const ts = loadAppFile('good.ts', APPS);
    const js = loadAppFile('plain.js', APPS);
    // THEN
    expect(ts.environments).toEqual(['dev', 'prod']);
    expect(typeof js.build).toBe('function');
  });

  test('finds the first default entry when given none', () => {
    // GIVEN
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'shipshape-entry-'));
    fs.mkdirSync(path.join(dir, 'src'));
    fs.copyFileSync(path.join(APPS, 'plain.js'), path.join(dir, 'src', 'app.js'));
    // WHEN
    const app = loadAppFile(undefined, dir);
    // THEN
    expect(DEFAULT_ENTRIES).toEqual(['src/app.ts', 'src/app.js', 'app.ts', 'app.js']);
    expect(typeof app.build).toBe('function');
    fs.rmSync(dir, { recursive: true });
  });

  test.each([
    ['missing.ts', 'app file missing.ts does not exist'],
    ['not-an-app.ts', "not-an-app.ts: 'build' must be a function (got undefined)."],
  ])('refuses %s as a usage error', (file, message) => {
    // GIVEN / WHEN / THEN
    expect(() => loadAppFile(file, APPS)).toThrow(AppLoadError);
    expect(() => loadAppFile(file, APPS)).toThrow(message);
  });

  test('says where to put an app when there is none', () => {
    // GIVEN / WHEN / THEN
    expect(() => loadAppFile(undefined, os.tmpdir())).toThrow(
      'no app file: pass one (shipshape synth <file>) or create src/app.ts',
    );
  });
});

describe('runSynth', () => {
  let dir: string;
  beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'shipshape-run-'))));
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  test('writes the manifests and the chart, and says what it wrote', () => {
    // GIVEN
    const { out, io } = capture();
    const outdir = path.join(dir, 'dist');
    // WHEN
    const code = runSynth(appWith(), { out: outdir, io, chartVersion: '3.1.4' });
    // THEN
    expect(code).toBe(0);
    expect(fs.readdirSync(path.join(outdir, 'store')).sort()).toEqual([
      '00-namespace.yaml',
      '01-network-policies.yaml',
      'web.yaml',
    ]);
    expect(fs.readFileSync(path.join(outdir, 'helm', 'store', 'Chart.yaml'), 'utf8')).toContain(
      'version: 3.1.4+',
    );
    expect(out.stdout).toMatch(
      new RegExp(`^synthesized store 7 objects; 11 files in ${outdir}/ \\(0 warnings\\) in \\d+ ms\\n$`),
    );
    expect(out.stderr).toBe('');
  });

  test('prints the construct error without a stack trace and writes nothing', () => {
    // GIVEN
    const { out, io } = capture();
    const app = loadAppFile('broken.ts', APPS);
    // WHEN
    const code = runSynth(app, { out: path.join(dir, 'dist'), io });
    // THEN
    expect(code).toBe(1);
    expect(out.stderr).toMatch(/^synth failed, nothing written:\n {2}Store\/web: 'ports\[0\]\.port' must be/);
    expect(out.stderr).not.toContain('    at ');
    expect(fs.readdirSync(dir)).toEqual([]);
  });

  test('reports an error the app itself throws the same way', () => {
    // GIVEN
    const { out, io } = capture();
    // WHEN
    const code = runSynth(loadAppFile('throws.ts', APPS), { out: path.join(dir, 'dist'), io });
    // THEN
    expect(code).toBe(1);
    expect(out.stderr).toBe('synth failed, nothing written:\n  no such region: mars-1\n');
  });

  test('refuses a chart value declared wrongly, writing nothing', () => {
    // GIVEN an app whose construct binds a chart value to a field its object does not have
    const outdir = path.join(dir, 'dist-values');
    const { out, io } = capture();
    const app: ShipshapeApp = {
      build: (scope) => {
        const system = new System(scope, 'Store', { namespace: 'store' });
        const web = new Microservice(system, 'web', {
          image: 'nginx:1.25.3',
          ports: [{ name: 'http', port: 8080 }],
        });
        ChartValue.expose(web, {
          key: 'x',
          description: 'X.',
          schema: {},
          targets: [{ object: web.service, path: '/spec/nope' }],
        });
      },
    };
    // WHEN
    const code = runSynth(app, { out: outdir, io });
    // THEN
    expect(code).toBe(1);
    expect(out.stderr).toBe(
      "synth failed, nothing written:\n  Store/web: 'targets' must name fields the object has (got '/spec/nope' in Service web for chart value 'web.x')\n",
    );
    expect(fs.existsSync(outdir)).toBe(false);
  });

  test('refuses output with validation errors, prints the findings and leaves the previous output alone', () => {
    // GIVEN a previous output, and an app with a ConfigMap that has a field ConfigMaps do not have
    const outdir = path.join(dir, 'dist');
    runSynth(appWith(), { out: outdir, io: capture().io });
    const before = fs.readFileSync(path.join(outdir, 'store', 'web.yaml'), 'utf8');
    const { out, io } = capture();
    // WHEN
    const code = runSynth(appWith({ spec: {} }), { out: outdir, io });
    // THEN
    expect(code).toBe(1);
    expect(out.stderr).toContain('store/extra.yaml');
    expect(out.stderr).toContain('schema-unknown-field');
    expect(out.stderr).toMatch(
      /synth failed, nothing written: \d+ validation error\(s\) \(see above\); .*dist\/ is unchanged\n$/,
    );
    expect(fs.readFileSync(path.join(outdir, 'store', 'web.yaml'), 'utf8')).toBe(before);
  });

  test('says nothing was written only when nothing was (issue 18): an output it cannot create', () => {
    // GIVEN an output directory below a regular file (a failure root meets too)
    fs.writeFileSync(path.join(dir, 'file'), 'x');
    const { out, io } = capture();
    // WHEN
    const code = runSynth(appWith(), { out: path.join(dir, 'file', 'dist'), io });
    // THEN
    expect(code).toBe(1);
    expect(out.stderr).toMatch(
      /^synth failed, nothing written:\n {2}could not write the new output to .*: ENOTDIR/,
    );
    expect(out.stderr).toMatch(/file\/dist\/ is unchanged\n$/);
    expect(fs.readdirSync(dir)).toEqual(['file']);
  });

  test('a mirror it cannot write is reported as such: the output was written', () => {
    // GIVEN a mirror directory below a regular file
    fs.writeFileSync(path.join(dir, 'file'), 'x');
    const { out, io } = capture();
    // WHEN
    const code = runSynth(appWith(), {
      out: path.join(dir, 'dist'),
      mirror: path.join(dir, 'file', 'm'),
      io,
    });
    // THEN the run fails, and says dist/ was written and the mirror not
    expect(code).toBe(1);
    expect(out.stderr).toMatch(
      new RegExp(
        `^synth wrote ${dir}/dist/, but not the cdk8s output directory: could not write .*file/m/ is unchanged\n$`,
      ),
    );
    expect(fs.existsSync(path.join(dir, 'dist', 'store', 'web.yaml'))).toBe(true);
  });

  test('copies the manifests, not the charts, to the mirror directory', () => {
    // GIVEN
    const mirror = path.join(dir, 'cdk8s-out');
    // WHEN
    runSynth(appWith(), { out: path.join(dir, 'dist'), mirror, io: capture().io });
    // THEN
    expect(fs.readdirSync(mirror)).toEqual(['store']);
    expect(fs.readFileSync(path.join(mirror, 'store', 'web.yaml'), 'utf8')).toBe(
      fs.readFileSync(path.join(dir, 'dist', 'store', 'web.yaml'), 'utf8'),
    );
  });
});

describe('packageRoot', () => {
  test('is the directory of shipshape’s package.json', () => {
    // GIVEN / WHEN / THEN
    expect(packageRoot()).toBe(path.resolve(__dirname, '..', '..'));
    expect(() => packageRoot(os.tmpdir())).toThrow(`no shipshape package.json above ${os.tmpdir()}`);
  });
});
