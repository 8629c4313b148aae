import * as yaml from 'js-yaml';
import { renderOutput, toYaml } from '../../src/synth/output';
import { synthesizeEnvironment } from '../../src/delinkcious/app';
import type { KubeObject } from '../../src/synth/files';
import { synthesizeApp } from '../../src/synth/synthesize';
import { Microservice, System } from '../../constructs';

const cm = (data: Record<string, string>): KubeObject => ({
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name: 'c' },
  data,
});

describe('toYaml', () => {
  test('quotes strings a YAML 1.1 parser (kubectl) would read as booleans or numbers', () => {
    // GIVEN
    const obj = cm({ a: 'yes', b: 'on', c: '0755', d: '1e3', e: '0.3', f: 'plain' });
    // WHEN
    const text = toYaml([obj]);
    // THEN
    expect(text).toContain("a: 'yes'");
    expect(text).toContain("b: 'on'");
    expect(text).toContain("c: '0755'");
    expect(text).toContain("d: '1e3'");
    expect(text).toContain("e: '0.3'");
    expect(text).toContain('f: plain');
    expect(yaml.load(text)).toEqual(obj);
  });

  test('separates documents and keeps multi-line content as a block', () => {
    // GIVEN / WHEN
    const text = toYaml([cm({ 'file.ini': '[a]\nb=1\n' }), cm({})]);
    // THEN
    expect(text.split('---\n')).toHaveLength(2);
    expect(text).toContain('file.ini: |\n');
    expect(yaml.loadAll(text)).toHaveLength(2);
  });
});

describe('renderOutput', () => {
  const local = synthesizeEnvironment('local');
  const tree = renderOutput([{ ...local, chart: { ...local.chart, version: '1.2.3', appVersion: '0.5.0' } }]);

  test('writes each environment and a Helm chart without the Namespace', () => {
    // GIVEN / WHEN
    const paths = [...tree.keys()];
    // THEN
    expect(paths).toContain('local/00-namespace.yaml');
    expect(paths).toContain('local/link-manager.yaml');
    expect(paths).toContain('helm/local/templates/link-manager.yaml');
    expect(paths).not.toContain('helm/local/templates/00-namespace.yaml');
  });

  test('writes the Argo CD Application of a System with GitOps to argocd/<dir>.yaml, and none without', () => {
    // GIVEN / WHEN the local environment (which declares GitOps), and the same without its Application
    const withoutGitOps = renderOutput([{ ...local, application: undefined }]);
    // THEN
    expect(yaml.loadAll(tree.get('argocd/local.yaml')!)).toEqual([local.application]);
    expect([...withoutGitOps.keys()].filter((p) => p.startsWith('argocd/'))).toEqual([]);
  });

  test('names the release namespace, never the profile namespace, in the chart templates', () => {
    // GIVEN the chart of the local environment (namespace delinkcious; rendered by helm in test/helm/)
    const templates = [...tree.keys()].filter((p) => p.startsWith('helm/local/templates/'));
    for (const p of templates) {
      // WHEN its templates are read
      const text = tree.get(p)!;
      // THEN no object names the profile's namespace literally
      expect([p, text.match(/(namespace: |- |metadata\.name: |\.)delinkcious(\.svc|$)/m)?.[0]]).toEqual([
        p,
        undefined,
      ]);
    }
    expect(tree.get('helm/local/templates/api-gateway.yaml')).toContain(
      'value: link-manager.{{ .Release.Namespace }}.svc',
    );
  });

  test('gives the chart a correct Chart.yaml', () => {
    // GIVEN / WHEN
    const chart = yaml.load(tree.get('helm/local/Chart.yaml')!) as Record<string, string>;
    // THEN
    expect(chart).toMatchObject({
      apiVersion: 'v2',
      name: 'delinkcious',
      description:
        'Delinkcious social bookmarking system, local environment (synthesized by shipshape; apply 00-namespace.yaml first)',
      type: 'application',
      appVersion: '0.5.0',
      kubeVersion: '>=1.27.0-0',
    });
    expect(chart['version']).toMatch(/^1\.2\.3\+[0-9a-f]{12}$/);
  });

  test('puts each System of an environment with several Systems in a folder of its own', () => {
    // GIVEN
    const a = { ...local, dir: 'local/a', chart: { ...local.chart, name: 'a' } };
    const b = { ...local, dir: 'local/b', chart: { ...local.chart, name: 'b' } };
    // WHEN
    const out = renderOutput([a, b]);
    // THEN
    expect(out.has('local/a/link-manager.yaml')).toBe(true);
    expect(out.has('helm/local/b/Chart.yaml')).toBe(true);
    expect(yaml.load(out.get('helm/local/b/Chart.yaml')!)).toMatchObject({ name: 'b' });
  });
});

describe('GitOps values the chart refuses (issue 18)', () => {
  test('a Helm source whose Application values fail the chart schema is refused at synth', () => {
    // GIVEN an Application that sets a replica count the chart's values.schema.json refuses
    const systems = synthesizeApp({
      environments: ['prod'],
      build: (scope) => {
        const system = new System(scope, 'Store', { namespace: 'store' });
        new Microservice(system, 'web', { image: 'nginx:1.25.3', ports: [{ name: 'http', port: 8080 }] });
      },
      gitops: () => ({
        repoURL: 'https://example.com/store.git',
        source: 'helm',
        values: { web: { replicas: -1, imag: {} } },
      }),
    });
    // WHEN / THEN
    expect(() => renderOutput(systems)).toThrow(
      'Store: \'gitops.values\' must pass the chart\'s values.schema.json (got {"web":{"imag":{},"replicas":-1}}). /web must NOT have additional properties (imag); /web/replicas must be >= 0',
    );
  });

  test('values the schema accepts are merged over the defaults and pass', () => {
    // GIVEN / WHEN / THEN
    const systems = synthesizeApp({
      environments: ['prod'],
      build: (scope) => {
        const system = new System(scope, 'Store', { namespace: 'store' });
        new Microservice(system, 'web', { image: 'nginx:1.25.3', ports: [{ name: 'http', port: 8080 }] });
      },
      gitops: () => ({
        repoURL: 'https://example.com/store.git',
        source: 'helm',
        values: { web: { replicas: 3, image: { tag: '1.25.4' } } },
      }),
    });
    expect(() => renderOutput(systems)).not.toThrow();
  });
});
