import * as fc from 'fast-check';
import { ShipshapeError } from '../../../constructs';
import { resolveGitOps } from '../../../src/synth/gitops/settings';
import { REPO, resolve, shop } from '../../fixtures/gitops-shop';

describe('resolveGitOps', () => {
  test('leaves a System without settings without GitOps', () => {
    // GIVEN / WHEN / THEN
    expect(resolve(undefined)).toBeUndefined();
  });

  test('applies the defaults: in-cluster, the manifests of dist/<dir>, automated prune and self-heal, server-side apply', () => {
    // GIVEN only a repository WHEN resolved THEN every other setting has its documented default
    expect(resolve({ repoURL: REPO })).toEqual({
      name: 'shop-prod',
      repoURL: REPO,
      targetRevision: 'HEAD',
      path: 'dist/prod',
      source: 'manifests',
      argocdNamespace: 'argocd',
      project: 'default',
      destination: { server: 'https://kubernetes.default.svc' },
      automated: { prune: true, selfHeal: true, allowEmpty: false },
      syncOptions: ['ServerSideApply=true'],
      createNamespace: false,
      cascadeDelete: false,
      syncWaves: true,
    });
    // an app without environments names the Application after the chart
    expect(resolveGitOps(shop(), undefined, { name: 'shop', dir: 'shop' }, { repoURL: REPO })?.name).toBe(
      'shop',
    );
  });

  test('points a Helm source at the chart, with its release name and values, and lets Argo CD create the namespace', () => {
    // GIVEN a Helm source WHEN resolved THEN it points at dist/helm/<dir>, creates the namespace by default
    const helm = resolve({
      repoURL: REPO,
      source: 'helm',
      outputPath: 'deploy/out',
      valueFiles: ['values.yaml'],
    });
    expect(helm).toMatchObject({
      path: 'deploy/out/helm/prod',
      source: 'helm',
      helm: { releaseName: 'shop', valueFiles: ['values.yaml'] },
      createNamespace: true,
    });
  });

  test.each<[string, unknown, string]>([
    ['a non-object', 'https://x', "Shop: 'gitops' must be an object (got 'https://x')"],
    [
      'a misspelt setting',
      { repoURL: REPO, targetRevison: 'main' },
      "Shop: 'gitops.targetRevison' is not a prop of GitOpsOptions (got 'main'). Did you mean 'targetRevision'?",
    ],
    ['no repository', {}, "Shop: 'gitops.repoURL' must be a string (got undefined)"],
    [
      'a placeholder repository',
      { repoURL: 'https://github.com/<your-org>/shop.git' },
      "Shop: 'gitops.repoURL' must be the URL of a Git repository: https://, ssh:// or git@host:path (got 'https://github.com/<your-org>/shop.git')",
    ],
    [
      'a path as repository',
      { repoURL: '/srv/git/shop' },
      "Shop: 'gitops.repoURL' must be the URL of a Git repository: https://, ssh:// or git@host:path (got '/srv/git/shop')",
    ],
    [
      'a revision with a space',
      { repoURL: REPO, targetRevision: 'release 1' },
      "Shop: 'gitops.targetRevision' must be a branch, tag or commit as Git names them (no '..', '@{', '~', '^', ':', '?', '*', '[', '\\', spaces or control characters; no part starting with '.' or ending with '.lock'; no empty part) (got 'release 1')",
    ],
    [
      'an output path that leaves the repository',
      { repoURL: REPO, outputPath: '../dist' },
      "Shop: 'gitops.outputPath' must be a folder relative to the repository root, without . or .. (got '../dist'). e.g. 'dist'",
    ],
    [
      'an unknown source',
      { repoURL: REPO, source: 'kustomize' },
      "Shop: 'gitops.source' must be 'manifests' or 'helm' (got 'kustomize')",
    ],
    [
      'values for plain manifests',
      { repoURL: REPO, valueFiles: ['values.yaml'] },
      "Shop: 'gitops.valueFiles' applies to source 'helm' only (got [\"values.yaml\"]). Set source: 'helm' or remove it",
    ],
    [
      'values that are not JSON',
      { repoURL: REPO, source: 'helm', values: { web: { replicas: Number.NaN } } },
      "Shop: 'gitops.values.web.replicas' must be JSON (a finite number) (got NaN)",
    ],
    [
      'a release name Helm refuses',
      { repoURL: REPO, source: 'helm', releaseName: 'Shop' },
      "Shop: 'gitops.releaseName' must be a Helm release name: a DNS-1123 label of at most 53 characters (got 'Shop')",
    ],
    [
      'an Application name too long for a label',
      { repoURL: REPO, name: 'a'.repeat(64) },
      `Shop: 'gitops.name' must be at most 63 characters (got '${'a'.repeat(64)}')`,
    ],
    [
      'a release name one character too long (issue 18: the length is named)',
      { repoURL: REPO, source: 'helm', releaseName: 'a'.repeat(54) },
      `Shop: 'gitops.releaseName' must be at most 53 characters (got '${'a'.repeat(54)}')`,
    ],
    [
      'an Argo CD namespace one character too long',
      { repoURL: REPO, argocdNamespace: 'a'.repeat(64) },
      `Shop: 'gitops.argocdNamespace' must be at most 63 characters (got '${'a'.repeat(64)}')`,
    ],
    [
      'a revision with a .. segment (issue 18: Git refuses it, and Argo CD would never sync)',
      { repoURL: REPO, targetRevision: 'release/../main' },
      "Shop: 'gitops.targetRevision' must be a branch, tag or commit as Git names them (no '..', '@{', '~', '^', ':', '?', '*', '[', '\\', spaces or control characters; no part starting with '.' or ending with '.lock'; no empty part) (got 'release/../main')",
    ],
    [
      'a revision range',
      { repoURL: REPO, targetRevision: 'v1..v2' },
      "Shop: 'gitops.targetRevision' must be a branch, tag or commit as Git names them (no '..', '@{', '~', '^', ':', '?', '*', '[', '\\', spaces or control characters; no part starting with '.' or ending with '.lock'; no empty part) (got 'v1..v2')",
    ],
    [
      'a revision ending with .lock',
      { repoURL: REPO, targetRevision: 'feature.lock' },
      "Shop: 'gitops.targetRevision' must be a branch, tag or commit as Git names them (no '..', '@{', '~', '^', ':', '?', '*', '[', '\\', spaces or control characters; no part starting with '.' or ending with '.lock'; no empty part) (got 'feature.lock')",
    ],
    [
      'a bad Argo CD namespace',
      { repoURL: REPO, argocdNamespace: 'Argo' },
      "Shop: 'gitops.argocdNamespace' must be a DNS-1123 label (got 'Argo')",
    ],
    [
      'a destination with server and name',
      { repoURL: REPO, destination: { server: 'https://k8s.example.com', name: 'prod' } },
      'Shop: \'gitops.destination\' must set server or name, not both (got {"server":"https://k8s.example.com","name":"prod"}). Argo CD refuses both',
    ],
    [
      'a plain http API server',
      { repoURL: REPO, destination: { server: 'http://k8s.example.com' } },
      "Shop: 'gitops.destination.server' must be the https:// URL of a Kubernetes API server (got 'http://k8s.example.com')",
    ],
    [
      'a misspelt sync policy',
      { repoURL: REPO, automated: { selfheal: true } },
      "Shop: 'gitops.automated.selfheal' is not a prop of GitOpsAutomatedSync (got true). Did you mean 'selfHeal'?",
    ],
    [
      'CreateNamespace as a sync option',
      { repoURL: REPO, syncOptions: ['CreateNamespace=true'] },
      "Shop: 'gitops.syncOptions[0]' is set by createNamespace (got 'CreateNamespace=true'). Use createNamespace: true, which also labels the namespace",
    ],
    [
      'an unknown sync option',
      { repoURL: REPO, syncOptions: ['ServerSideApply=true', 'ServerSide=true'] },
      "Shop: 'gitops.syncOptions[1]' must be Key=value with a key of Validate, SkipDryRunOnMissingResource, PruneLast, ApplyOutOfSyncOnly, PrunePropagationPolicy, Replace, ServerSideApply, FailOnSharedResource, RespectIgnoreDifferences (got 'ServerSide=true')",
    ],
    [
      'a sync option value Argo CD does not know',
      { repoURL: REPO, syncOptions: ['PrunePropagationPolicy=later'] },
      "Shop: 'gitops.syncOptions[0]' must set PrunePropagationPolicy to foreground or background or orphan (got 'PrunePropagationPolicy=later')",
    ],
    [
      'a sync option twice',
      { repoURL: REPO, syncOptions: ['PruneLast=true', 'PruneLast=false'] },
      "Shop: 'gitops.syncOptions[1]' must set PruneLast once (got 'PruneLast=false')",
    ],
    [
      'a fractional retry limit',
      { repoURL: REPO, retry: { limit: 2.5 } },
      "Shop: 'gitops.retry.limit' must be an integer >= -1 (-1 retries forever) (got 2.5)",
    ],
    [
      'a backoff that is not a duration',
      { repoURL: REPO, retry: { limit: 3, backoff: { duration: '5 seconds' } } },
      "Shop: 'gitops.retry.backoff.duration' must be a Go duration such as '30s', '5m' or '1h' (got '5 seconds')",
    ],
    [
      'a flag that is not a boolean',
      { repoURL: REPO, syncWaves: 'no' },
      "Shop: 'gitops.syncWaves' must be a boolean (got 'no')",
    ],
  ])('refuses %s with one clear message', (_what, options, message) => {
    // GIVEN settings a user could write WHEN resolved THEN the error says what and where, exactly
    let error: unknown;
    try {
      resolve(options);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ShipshapeError);
    expect((error as Error).message).toBe(message);
  });

  test('accepts the Git URL forms Argo CD takes and refuses anything with whitespace', () => {
    // GIVEN https, ssh and scp-like URLs WHEN resolved THEN each is taken as written
    for (const repoURL of [
      REPO,
      'ssh://git@github.com/example/shop.git',
      'git@github.com:example/shop.git',
    ]) {
      expect(resolve({ repoURL })?.repoURL).toBe(repoURL);
    }
    fc.assert(
      fc.property(fc.string(), fc.constantFrom(' ', '\t', '\n'), fc.string(), (a, space, b) => {
        expect(() => resolve({ repoURL: `https://github.com/${a}${space}${b}` })).toThrow(ShipshapeError);
      }),
    );
  });
});
