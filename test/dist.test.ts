import * as fs from 'fs';
import * as path from 'path';
import * as yaml from 'js-yaml';
import { environmentNames } from '../src/delinkcious/environments';
import { renderOutput } from '../src/synth/output';
import app from '../src/delinkcious/app';
import { synthesizeApp } from '../src/synth/index';
import { loadManifests, validateObjects } from '../src/validate';

const DIST = path.join(__dirname, '..', 'dist');

function filesUnder(dir: string): string[] {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? filesUnder(path.join(dir, e.name)) : [path.join(dir, e.name)]));
}

describe('dist/', () => {
  test('is exactly what the constructs synthesize today (byte for byte, no stray files)', () => {
    // GIVEN / WHEN
    const tree = renderOutput(synthesizeApp(app));
    // THEN
    const onDisk = filesUnder(DIST)
      .map((f) => path.relative(DIST, f))
      .sort();
    expect(onDisk).toEqual([...tree.keys()].sort());
    for (const [rel, content] of tree) expect(fs.readFileSync(path.join(DIST, rel), 'utf8')).toBe(content);
  });

  test.each(environmentNames)(
    '%s: every object is valid Kubernetes 1.27 (strict), Pod Security restricted, free of findings',
    (env) => {
      // GIVEN
      const docs = loadManifests([path.join(DIST, env)]);
      // WHEN
      const findings = validateObjects(docs);
      // THEN
      expect(docs.length).toBeGreaterThan(40);
      expect(findings).toEqual([]);
    },
  );

  /**
   * `metadata.name` of a template: literal, or a name made from a host (`printf "<p>%s<s>" (index <hosts> i …)`)
   * at the chart's default hosts (`HOSTS`, read from values.yaml).
   */
  const nameOf = (doc: string): string | undefined => {
    const name = /^ {2}name: (.+)$/m.exec(doc)?.[1];
    const made =
      name &&
      /^\{\{ printf "%s%s%s" "([^"]*)" \(index \$\.Values\.(\S+) (\d+) \| replace "\*\." "wildcard\."\) "([^"]*)" \| toJson \}\}$/.exec(
        name,
      );
    if (!made) return name;
    return `${made[1]}${HOSTS[made[2]!]?.[Number(made[3])]?.replace('*.', 'wildcard.')}${made[4]}`;
  };
  let HOSTS: Record<string, string[]> = {};

  test('the Helm charts template the same objects minus the Namespace, and dist/ never holds a Secret with data', () => {
    for (const env of environmentNames) {
      // GIVEN (helm renders the charts in test/helm/chart.test.ts)
      const templates = path.join(DIST, 'helm', env, 'templates');
      const values = yaml.load(
        fs.readFileSync(path.join(DIST, 'helm', env, 'values.yaml'), 'utf8'),
      ) as Record<string, { hosts?: string[] }>;
      HOSTS = Object.fromEntries(Object.entries(values).map(([k, v]) => [`${k}.hosts`, v?.hosts ?? []]));
      const chart = fs
        .readdirSync(templates)
        .filter((f) => f.endsWith('.yaml'))
        .flatMap((f) => fs.readFileSync(path.join(templates, f), 'utf8').split('\n---\n'))
        .map((doc) => `${/^kind: (\S+)$/m.exec(doc)?.[1]}/${nameOf(doc)}`);
      const plain = loadManifests([path.join(DIST, env)]).map((d) => d.object as any);
      // WHEN
      const key = (o: any) => `${o.kind}/${o.metadata.name}`;
      // THEN
      expect(chart).toEqual(plain.filter((o) => o.kind !== 'Namespace').map(key));
      expect(plain.filter((o) => o.kind === 'Secret')).toEqual([]);
    }
  });

  test('the Argo CD Applications are valid and point at folders of this dist/, value files included', () => {
    // GIVEN dist/argocd/, one Application per environment
    const docs = loadManifests([path.join(DIST, 'argocd')]);
    const apps = docs.map((d) => d.object as any);
    // WHEN validated as a set, and their sources looked up in the repository
    // THEN no finding; every path is a folder of dist/ (a chart where the source is Helm), every value file exists
    expect(validateObjects(docs)).toEqual([]);
    expect(apps.map((a) => a.metadata.name).sort()).toEqual(
      environmentNames.map((e) => `delinkcious-${e}`).sort(),
    );
    const root = path.join(DIST, '..');
    for (const app of apps) {
      const source = path.join(root, app.spec.source.path);
      expect([app.metadata.name, fs.statSync(source).isDirectory()]).toEqual([app.metadata.name, true]);
      if (app.spec.source.helm) {
        expect(fs.existsSync(path.join(source, 'Chart.yaml'))).toBe(true);
        for (const f of app.spec.source.helm.valueFiles ?? [])
          expect(fs.existsSync(path.join(source, f))).toBe(true);
      } else {
        expect(fs.existsSync(path.join(source, '00-namespace.yaml'))).toBe(true);
      }
    }
  });
});
