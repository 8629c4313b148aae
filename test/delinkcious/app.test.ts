import * as yaml from 'js-yaml';
import { renderOutput } from '../../src/synth/index';
import app, { CHART_VERSION, stack, synthesizeEnvironment } from '../../src/delinkcious/app';
import { DELINKCIOUS_VERSION } from '../../src/delinkcious/version';
import { environmentNames } from '../../src/delinkcious/environments';
import { GIT_REPOSITORY } from '../../src/delinkcious/environments/_shared';

describe('synthesizeEnvironment', () => {
  test('lists declared secrets with their keys, which may be generated, and whether an ExternalSecret provides them', () => {
    // GIVEN / WHEN
    const local = synthesizeEnvironment('local');
    const production = synthesizeEnvironment('production');
    // THEN
    expect(local.secrets[0]).toEqual({
      name: 'link-db-credentials',
      namespace: 'delinkcious',
      keys: [{ key: 'POSTGRES_PASSWORD', generate: true }],
      external: false,
    });
    expect(production.secrets.every((s) => s.external)).toBe(true);
    expect(local.objects).toEqual(local.files.flatMap((f) => f.objects));
  });

  test('is one Delinkcious System per environment, each in the folder of its environment', () => {
    // GIVEN / WHEN
    const systems = environmentNames.map(synthesizeEnvironment);
    // THEN
    expect(systems.map((s) => [s.dir, s.profile.name, s.system.node.id])).toEqual(
      environmentNames.map((n) => [n, n, 'Delinkcious']),
    );
    expect(app.environments).toEqual(environmentNames);
  });

  test('refuses an environment the app does not have', () => {
    // GIVEN / WHEN / THEN
    expect(() => synthesizeEnvironment('qa')).toThrow(
      "app: 'environments' must each be one of local, staging, production (got 'qa')",
    );
  });
});

describe('the Delinkcious chart', () => {
  test('is named delinkcious, versioned by the chart and the release of the app', () => {
    // GIVEN
    const tree = renderOutput([synthesizeEnvironment('staging')]);
    // WHEN
    const chart = yaml.load(tree.get('helm/staging/Chart.yaml')!);
    // THEN
    expect(chart).toMatchObject({
      name: 'delinkcious',
      version: expect.stringMatching(new RegExp(`^${CHART_VERSION.replace(/\./g, '\\.')}\\+[0-9a-f]{12}$`)),
      appVersion: DELINKCIOUS_VERSION,
      keywords: ['delinkcious', 'microservices', 'shipshape'],
    });
  });
});

describe('the Delinkcious Argo CD Applications', () => {
  test('one per environment, from the profiles, all reading the one repository constant', () => {
    // GIVEN / WHEN
    const apps = environmentNames.map((env) => synthesizeEnvironment(env).application as any);
    // THEN local and production sync their manifests, staging its chart; production does not prune by itself
    expect(
      apps.map((a) => [
        a.metadata.name,
        a.spec.source.repoURL,
        a.spec.source.path,
        a.spec.destination.namespace,
      ]),
    ).toEqual([
      ['delinkcious-local', GIT_REPOSITORY, 'dist/local', 'delinkcious'],
      ['delinkcious-staging', GIT_REPOSITORY, 'dist/helm/staging', 'delinkcious'],
      ['delinkcious-production', GIT_REPOSITORY, 'dist/production', 'delinkcious'],
    ]);
    expect(apps[1].spec.source.helm).toEqual({ releaseName: 'delinkcious', valueFiles: ['values.yaml'] });
    expect(apps[1].spec.syncPolicy.syncOptions).toEqual(['CreateNamespace=true', 'ServerSideApply=true']);
    expect(apps[2].spec.syncPolicy.automated).toEqual({ allowEmpty: false, prune: false, selfHeal: true });
    expect(GIT_REPOSITORY).toMatch(/^https:\/\/\S+\.git$/);
  });
});

describe('the Delinkcious stack', () => {
  test('deploys the three environments, refusing dev-mode Vault in production', () => {
    // GIVEN / WHEN / THEN
    expect(stack).toMatchObject({
      environments: environmentNames,
      releaseName: 'delinkcious',
      productionEnvironments: ['production'],
      synthesize: synthesizeEnvironment,
    });
  });
});
