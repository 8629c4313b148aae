import { Chart } from 'cdk8s';
import { Microservice, ShipshapeError, System } from '../../constructs';
import type { ShipshapeApp } from '../../src/synth/contract';
import { synthesizeApp } from '../../src/synth/synthesize';
import { renderChart } from '../../src/synth/helm/chart';
import { toYaml } from '../../src/synth/output';
import { SYNC_WAVE_ANNOTATION } from '../../src/synth/gitops/sync-waves';

const web = (system: System) =>
  new Microservice(system, 'web', { image: 'nginx:1.25.3', ports: [{ name: 'http', port: 8080 }] });

/** An app with one System named `Store` per environment. */
const store: ShipshapeApp = {
  environments: ['dev', 'prod'],
  build: (scope, env) => web(new System(scope, 'Store', { namespace: `store-${env}` })),
};

describe('synthesizeApp', () => {
  test('builds one System per environment, into a folder named after the environment', () => {
    // GIVEN / WHEN
    const systems = synthesizeApp(store);
    // THEN
    expect(systems.map((s) => [s.environment, s.dir, s.chart.name, s.system.namespace])).toEqual([
      ['dev', 'dev', 'store', 'store-dev'],
      ['prod', 'prod', 'store', 'store-prod'],
    ]);
    expect(systems[0]!.objects.map((o) => o.kind)).toContain('Deployment');
  });

  test('derives the chart from the System and the defaults, and takes the app’s metadata over them', () => {
    // GIVEN
    const app: ShipshapeApp = { ...store, chart: (s, env) => ({ appVersion: `${s.namespace}-${env}` }) };
    // WHEN
    const [dev] = synthesizeApp(app, { environments: ['dev'], chartDefaults: { version: '2.0.0' } });
    // THEN
    expect(dev!.chart).toEqual({
      name: 'store',
      version: '2.0.0',
      appVersion: 'store-dev-dev',
      description: 'store, dev environment',
      keywords: ['store', 'shipshape'],
    });
  });

  test('puts several Systems of one environment in folders of their own, and apps without environments by chart name', () => {
    // GIVEN
    const two: ShipshapeApp = {
      environments: ['dev'],
      build: (scope) => {
        web(new System(scope, 'FrontEnd', { namespace: 'front' }));
        web(new System(scope, 'back-end', { namespace: 'back' }));
      },
    };
    const plain: ShipshapeApp = { build: (scope) => web(new System(scope, 'Store', { namespace: 's' })) };
    // WHEN / THEN
    expect(synthesizeApp(two).map((s) => s.dir)).toEqual(['dev/front-end', 'dev/back-end']);
    expect(synthesizeApp(plain).map((s) => [s.environment, s.dir])).toEqual([[undefined, 'store']]);
  });

  test('refuses an unknown environment, naming the known ones', () => {
    // GIVEN / WHEN / THEN
    expect(() => synthesizeApp(store, { environments: ['qa'] })).toThrow(
      new ShipshapeError("app: 'environments' must each be one of dev, prod (got 'qa')"),
    );
  });

  test('refuses a build that adds no System or something else than Systems', () => {
    // GIVEN
    const empty: ShipshapeApp = { build: () => undefined };
    const chart: ShipshapeApp = { build: (scope) => new Chart(scope, 'loose') };
    // WHEN / THEN
    expect(() => synthesizeApp(empty)).toThrow(
      "app: 'build' must add at least one System to the scope (got [])",
    );
    expect(() => synthesizeApp(chart)).toThrow(
      "app: 'build' must add only Systems to the scope (got Chart 'loose'). Put other constructs inside a System",
    );
  });

  test('refuses two Systems with one chart name, and chart names or versions Helm would refuse', () => {
    // GIVEN
    const twins: ShipshapeApp = {
      build: (scope) => {
        web(new System(scope, 'a', { namespace: 'a' }));
        web(new System(scope, 'b', { namespace: 'b' }));
      },
      chart: () => ({ name: 'same' }),
    };
    const badName: ShipshapeApp = { ...store, chart: () => ({ name: 'Not_A_Label' }) };
    const badVersion: ShipshapeApp = { ...store, chart: () => ({ version: 'v1' }) };
    // WHEN / THEN
    expect(() => synthesizeApp(twins)).toThrow(
      "b: 'chart().name' must be unique within an environment (got 'same'). Give the Systems distinct ids or chart names",
    );
    expect(() => synthesizeApp(badName)).toThrow(
      "Store: 'chart().name' must be a DNS label of at most 53 characters (got 'Not_A_Label'). Return { name } from the app's chart()",
    );
    expect(() => synthesizeApp(badVersion)).toThrow("Store: 'chart().version' must be SemVer (got 'v1')");
    // issue 18: keywords given as one string are refused, not split into characters
    expect(() =>
      synthesizeApp({ ...store, chart: () => ({ keywords: 'web' as unknown as string[] }) }),
    ).toThrow("Store: 'chart().keywords' must be an array (got 'web')");
    expect(() =>
      synthesizeApp({ ...store, chart: () => ({ keywords: ['web', 7 as unknown as string] }) }),
    ).toThrow("Store: 'chart().keywords[1]' must be a string (got 7)");
    expect(() =>
      synthesizeApp({ ...store, chart: () => ({ appVersion: 1.2 as unknown as string }) }),
    ).toThrow("Store: 'chart().appVersion' must be a string (got 1.2)");
    // issue 18: a name of legal characters one too long is told its length
    expect(() => synthesizeApp({ ...store, chart: () => ({ name: 'c'.repeat(54) }) })).toThrow(
      `Store: 'chart().name' must be at most 53 characters (got '${'c'.repeat(54)}'). Return { name } from the app's chart()`,
    );
  });

  test('generates an Argo CD Application per System and environment for an app that declares gitops', () => {
    // GIVEN any app (not Delinkcious) with GitOps in prod only
    const app: ShipshapeApp = {
      ...store,
      gitops: (_system, env) =>
        env === 'prod'
          ? { repoURL: 'https://git.example.com/store.git', targetRevision: 'release' }
          : undefined,
    };
    // WHEN synthesized
    const [dev, prod] = synthesizeApp(app);
    // THEN prod has an Application pointing at its folder, with sync waves on its objects; dev has neither
    expect(dev!.application).toBeUndefined();
    expect(dev!.objects.some((o) => o.metadata['annotations'] !== undefined)).toBe(false);
    expect(prod!.application).toMatchObject({
      metadata: { name: 'store-prod', namespace: 'argocd' },
      spec: {
        destination: { namespace: 'store-prod', server: 'https://kubernetes.default.svc' },
        source: {
          path: 'dist/prod',
          repoURL: 'https://git.example.com/store.git',
          targetRevision: 'release',
        },
      },
    });
    expect(prod!.objects.every((o) => o.metadata['annotations'] !== undefined)).toBe(true);
  });

  test('keeps chart values bound to the objects with sync waves: the chart templates what is written', () => {
    // GIVEN an app with GitOps, whose chart exposes built-in values (image tag, replicas)
    const app: ShipshapeApp = { ...store, gitops: () => ({ repoURL: 'https://git.example.com/store.git' }) };
    // WHEN the prod System and its chart are rendered
    const prod = synthesizeApp(app)[1]!;
    const chart = renderChart(prod, toYaml);
    // THEN the templates read values and carry the same sync waves as the manifests
    const deployment = prod.objects.find((o) => o.kind === 'Deployment')!;
    const template = [...chart.files].find(
      ([path]) => path === `templates/${deployment.metadata.name}.yaml`,
    )![1];
    expect(template).toContain('.Values.');
    expect(template).toContain(`${SYNC_WAVE_ANNOTATION}: '0'`);
    expect(template).toContain(`${SYNC_WAVE_ANNOTATION}: '-1'`);
  });

  test('refuses two Applications of one name in one environment', () => {
    // GIVEN two Systems whose GitOps settings name the same Application
    const twins: ShipshapeApp = {
      build: (scope) => {
        web(new System(scope, 'a', { namespace: 'a' }));
        web(new System(scope, 'b', { namespace: 'b' }));
      },
      gitops: () => ({ repoURL: 'https://git.example.com/x.git', name: 'same' }),
    };
    // WHEN / THEN
    expect(() => synthesizeApp(twins)).toThrow(
      "b: 'gitops.name' must be unique within an environment and Argo CD namespace argocd (got 'same'). Give the Systems distinct gitops names",
    );
  });

  describe('outputs that collide (issue 18)', () => {
    test.each(['helm', 'argocd'])('refuses an environment named like the output folder %s', (env) => {
      // GIVEN an environment whose folder is where the charts or the Applications go
      const app: ShipshapeApp = { ...store, environments: ['dev', env] };
      // WHEN / THEN
      expect(() => synthesizeApp(app)).toThrow(
        `app: 'environments[1]' must not be 'helm' or 'argocd': dist/${env}/ holds ${env === 'helm' ? 'the Helm charts' : 'the Argo CD Applications'} (got '${env}'). Rename the environment`,
      );
    });

    test('refuses a System without environments whose chart is named like an output folder', () => {
      // GIVEN
      const app: ShipshapeApp = { build: (scope) => web(new System(scope, 'Helm', { namespace: 'h' })) };
      // WHEN / THEN
      expect(() => synthesizeApp(app)).toThrow(
        "Helm: 'chart().name' must not be 'helm' or 'argocd' in an app without environments: dist/helm/ holds the Helm charts (got 'helm'). Return another { name } from the app's chart()",
      );
    });

    test('refuses two Systems of one environment in the same namespace', () => {
      // GIVEN two Systems that would each emit the Namespace and its default-deny and DNS policies
      const app: ShipshapeApp = {
        environments: ['dev'],
        build: (scope) => {
          web(new System(scope, 'a', { namespace: 'shared' }));
          new System(scope, 'b', { namespace: 'shared' });
        },
      };
      // WHEN / THEN
      expect(() => synthesizeApp(app)).toThrow(
        "b: 'namespace' must be unique among the Systems of environment dev, but a already uses it (got 'shared'). Give each System a namespace of its own, or make them one System",
      );
    });
  });
});
