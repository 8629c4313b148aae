import { argoApplication } from '../../../src/synth/gitops/application';
import { applyGitOps } from '../../../src/synth/synthesize';
import type { GitOpsOptions } from '../../../src/synth/gitops/options';
import { synthesizeFiles } from '../../../src/synth/files';
import { validateObjects } from '../../../src/validate';
import { chart, REPO, resolve, shop } from '../../fixtures/gitops-shop';
import { CanaryStep, Delivery, Gateway, Microservice, Protocol, TrafficRouting } from '../../../constructs';

describe('argoApplication', () => {
  const objects = () => synthesizeFiles(shop()).flatMap((f) => f.objects);

  test('builds a schema-valid Application for the System, in the Argo CD namespace', () => {
    // GIVEN settings using every part of the Application
    const options: GitOpsOptions = {
      repoURL: REPO,
      targetRevision: 'v1.4.2',
      project: 'shop',
      destination: { name: 'prod-eu' },
      automated: { prune: false },
      syncOptions: ['ServerSideApply=true', 'PruneLast=true'],
      retry: { limit: 3, backoff: { duration: '5s', factor: 2, maxDuration: '1m' } },
      cascadeDelete: true,
    };
    // WHEN the Application is built
    const app = argoApplication(resolve(options)!, {
      namespace: 'shop',
      chartName: 'shop',
      objects: objects(),
    });
    // THEN it says exactly what Argo CD needs, and the validator finds nothing in it
    expect(app).toEqual({
      apiVersion: 'argoproj.io/v1alpha1',
      kind: 'Application',
      metadata: {
        finalizers: ['resources-finalizer.argocd.argoproj.io/foreground'],
        labels: { 'app.kubernetes.io/managed-by': 'shipshape', 'app.kubernetes.io/part-of': 'shop' },
        name: 'shop-prod',
        namespace: 'argocd',
      },
      spec: {
        destination: { name: 'prod-eu', namespace: 'shop' },
        project: 'shop',
        source: { path: 'dist/prod', repoURL: REPO, targetRevision: 'v1.4.2' },
        syncPolicy: {
          automated: { allowEmpty: false, prune: false, selfHeal: true },
          retry: { backoff: { duration: '5s', factor: 2, maxDuration: '1m' }, limit: 3 },
          syncOptions: ['ServerSideApply=true', 'PruneLast=true'],
        },
      },
    });
    expect(validateObjects([{ object: app }])).toEqual([]);
  });

  test('gives a Helm source its values and the namespace Argo CD creates the labels of the Namespace', () => {
    // GIVEN a Helm source with inline values, and manual sync
    const options = { repoURL: REPO, source: 'helm', values: { web: { replicas: 2 } }, automated: false };
    // WHEN built
    const app = argoApplication(resolve(options)!, {
      namespace: 'shop',
      chartName: 'shop',
      objects: objects(),
    });
    const spec = app['spec'] as Record<string, any>;
    // THEN the chart gets its release and values; the namespace is created Pod Security "restricted"; no automated sync
    expect(spec.source).toEqual({
      helm: { releaseName: 'shop', valuesObject: { web: { replicas: 2 } } },
      path: 'dist/helm/prod',
      repoURL: REPO,
      targetRevision: 'HEAD',
    });
    expect(spec.syncPolicy.automated).toBeUndefined();
    expect(spec.syncPolicy.syncOptions).toEqual(['CreateNamespace=true', 'ServerSideApply=true']);
    expect(spec.syncPolicy.managedNamespaceMetadata.labels).toMatchObject({
      'pod-security.kubernetes.io/enforce': 'restricted',
    });
    expect(validateObjects([{ object: app }])).toEqual([]);
  });

  describe('a canary whose route weights Argo Rollouts moves', () => {
    /** The shop with `api`, a canary routed by the Gateway API (an HTTPRoute and a GRPCRoute). */
    const routedShop = () => {
      const system = shop();
      const api = new Microservice(system, 'api', {
        image: 'example/api:1.0.0',
        ports: [
          { name: 'http', port: 8080 },
          { name: 'grpc', port: 9090, protocol: Protocol.GRPC },
        ],
        replicas: 2,
        delivery: Delivery.canary({
          steps: [CanaryStep.setWeight(10), CanaryStep.setWeight(50)],
          trafficRouting: TrafficRouting.GATEWAY_API,
        }),
      });
      new Gateway(system, 'public', {
        rules: [{ host: 'api.example.com', routes: [{ backend: api }, { backend: api, port: 'grpc' }] }],
      });
      return synthesizeFiles(system).flatMap((f) => f.objects);
    };

    test('ignores the weights of exactly its routes and lets the sync respect that', () => {
      // GIVEN the objects of a System with a traffic-routed canary
      const routed = routedShop();
      // WHEN its Application is built
      const app = argoApplication(resolve({ repoURL: REPO })!, {
        namespace: 'shop',
        chartName: 'shop',
        objects: routed,
      });
      const spec = app['spec'] as Record<string, any>;
      // THEN Argo CD leaves the backendRefs weights of the two routes to the controller, and nothing else
      expect(spec.ignoreDifferences).toEqual([
        {
          group: 'gateway.networking.k8s.io',
          jqPathExpressions: ['.spec.rules[].backendRefs[].weight'],
          kind: 'GRPCRoute',
          name: 'public-api.example.com-grpc',
        },
        {
          group: 'gateway.networking.k8s.io',
          jqPathExpressions: ['.spec.rules[].backendRefs[].weight'],
          kind: 'HTTPRoute',
          name: 'public-api.example.com',
        },
      ]);
      // AND self-heal does not reset them (RespectIgnoreDifferences), beside the default options
      expect(spec.syncPolicy.syncOptions).toEqual(['ServerSideApply=true', 'RespectIgnoreDifferences=true']);
      // AND every name it ignores is a route of the output
      for (const d of spec.ignoreDifferences)
        expect(routed.some((o) => o.kind === d.kind && o.metadata.name === d.name)).toBe(true);
      expect(validateObjects([{ object: app }])).toEqual([]);
    });

    test("keeps the caller's own RespectIgnoreDifferences", () => {
      // GIVEN a caller who turned RespectIgnoreDifferences off
      const options = {
        repoURL: REPO,
        syncOptions: ['ServerSideApply=true', 'RespectIgnoreDifferences=false'],
      };
      // WHEN the Application of a routed canary is built
      const app = argoApplication(resolve(options)!, {
        namespace: 'shop',
        chartName: 'shop',
        objects: routedShop(),
      });
      // THEN the option stays as given (the differences are still ignored in Argo CD's diff)
      const spec = app['spec'] as Record<string, any>;
      expect(spec.syncPolicy.syncOptions).toEqual(['ServerSideApply=true', 'RespectIgnoreDifferences=false']);
      expect(spec.ignoreDifferences).toHaveLength(2);
    });

    test('a canary by replica weights adds nothing', () => {
      // GIVEN a canary without traffic routing
      const system = shop();
      new Microservice(system, 'api', {
        image: 'example/api:1.0.0',
        ports: [{ name: 'http', port: 8080 }],
        replicas: 4,
        delivery: Delivery.canary({ steps: [CanaryStep.setWeight(25)] }),
      });
      // WHEN its Application is built
      const objects = synthesizeFiles(system).flatMap((f) => f.objects);
      const app = argoApplication(resolve({ repoURL: REPO })!, {
        namespace: 'shop',
        chartName: 'shop',
        objects,
      });
      // THEN Argo CD diffs every field, with the default options only
      const spec = app['spec'] as Record<string, any>;
      expect(spec.ignoreDifferences).toBeUndefined();
      expect(spec.syncPolicy.syncOptions).toEqual(['ServerSideApply=true']);
    });
  });
});

describe('applyGitOps', () => {
  test('annotates every object with its sync wave and builds the Application', () => {
    // GIVEN a System with GitOps
    const system = shop();
    // WHEN applied
    const out = applyGitOps({ repoURL: REPO }, system, 'prod', chart);
    // THEN every object has a wave, and the Application points at dist/prod
    const waves = out.files
      .flatMap((f) => f.objects)
      .map((o) => (o.metadata['annotations'] as any)?.['argocd.argoproj.io/sync-wave']);
    expect(waves.every((w) => typeof w === 'string')).toBe(true);
    expect((out.application?.['spec'] as any).source.path).toBe('dist/prod');
  });

  test('without settings renders the files as they are; with syncWaves false only adds the Application', () => {
    // GIVEN a System WHEN applied without settings, then another with waves off
    const plain = applyGitOps(undefined, shop(), 'prod', chart);
    const off = applyGitOps({ repoURL: REPO, syncWaves: false }, shop(), 'prod', chart);
    // THEN the files are what synthesis gives, without any annotation
    expect(plain).toEqual({ files: synthesizeFiles(shop()) });
    expect(off.files).toEqual(plain.files);
    expect(off.files.flatMap((f) => f.objects).some((o) => o.metadata['annotations'] !== undefined)).toBe(
      false,
    );
    expect(off.application?.kind).toBe('Application');
  });

  test("refuses an environment named 'argocd', whose folder would mix with the Applications", () => {
    // GIVEN / WHEN / THEN
    const system = shop();
    expect(() => applyGitOps({ repoURL: REPO }, system, 'argocd', { name: 'shop', dir: 'argocd' })).toThrow(
      "Shop: 'environments' must not be 'argocd' when the app declares gitops: argocd/ of the output holds the Applications (got 'argocd')",
    );
  });
});
