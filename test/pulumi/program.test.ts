import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as pulumi from '@pulumi/pulumi';
import {
  checkServedApiVersions,
  gatewayUrl,
  gitOpsApplication,
  runProgram,
  stackDependencies,
  synthesizedChart,
  type ProgramOutputs,
} from '../../src/pulumi/program';
import { chartDifference } from '../../src/pulumi/app/helm-app';
import { stack, synthesizeEnvironment } from '../../src/delinkcious/app';
import { fakeSynthesize, localProfile, productionProfile, systemApplication } from './support/fixtures';
import {
  FAKE_KUBECONFIG,
  find,
  ofType,
  providerUrn,
  runStack,
  setupMocks,
  type RecordedResource,
} from './support/pulumi-mocks';

const oauth = JSON.stringify({ 'api-gateway-oauth': { GITHUB_CLIENT_SECRET: 'gh-secret' } });
/** The real configuration reader over `pulumi.runtime` config, with the fixture system. */
const deps = { ...stackDependencies(stack), synthesize: fakeSynthesize };

async function run(
  config: Record<string, string>,
  secretKeys: readonly string[] = [],
): Promise<{ records: RecordedResource[]; outputs: ProgramOutputs; kubeconfigIsSecret: boolean }> {
  const records = await setupMocks(config, secretKeys);
  let outputs: ProgramOutputs | undefined;
  let kubeconfigIsSecret = false;
  await runStack(async () => {
    outputs = runProgram(deps);
    kubeconfigIsSecret = await pulumi.isSecret(outputs.kubeconfig);
    return outputs;
  });
  return { records, outputs: outputs as ProgramOutputs, kubeconfigIsSecret };
}

const childrenOf = (records: readonly RecordedResource[], parent: RecordedResource) =>
  records
    .filter((r) => r.parent === parent.urn)
    .map((r) => `${r.type} ${r.name}`)
    .sort();

describe('the program on minikube (local, objects mode)', () => {
  let result: Awaited<ReturnType<typeof run>>;

  beforeAll(async () => {
    result = await run({ environment: 'local', secrets: oauth }, ['secrets']);
  });

  it('builds cluster, platform and application components at the top of the stack', () => {
    const stack = find(result.records, 'pulumi:pulumi:Stack', 'shipshape-test');
    expect(childrenOf(result.records, stack)).toEqual([
      'shipshape:app:KubernetesObjects app',
      'shipshape:cluster:Minikube cluster',
      'shipshape:platform:Platform platform',
    ]);
    const app = find(result.records, 'shipshape:app:KubernetesObjects', 'app');
    expect(find(result.records, 'shipshape:app:Secrets', 'secrets').parent).toBe(app.urn);
  });

  it('sends every Kubernetes resource to the minikube cluster', () => {
    const provider = find(result.records, 'pulumi:providers:kubernetes', 'cluster-k8s');
    const kubernetes = result.records.filter((r) => r.type.startsWith('kubernetes:'));
    expect(kubernetes.length).toBeGreaterThan(12);
    for (const resource of kubernetes)
      expect([resource.name, providerUrn(resource.provider)]).toEqual([resource.name, provider.urn]);
  });

  it('creates the Secrets after the Namespace and before the NetworkPolicies and workloads', () => {
    const secret = find(result.records, 'kubernetes:core/v1:Secret', 'secret-delinkcious-api-gateway-oauth');
    const secrets = find(result.records, 'shipshape:app:Secrets', 'secrets');
    const policy = find(
      result.records,
      'kubernetes:networking.k8s.io/v1:NetworkPolicy',
      'networkpolicy-delinkcious-link-manager',
    );
    expect(secret.secretInputs).toContain('stringData');
    expect(secrets.dependencies).toEqual([
      find(result.records, 'kubernetes:core/v1:Namespace', 'namespace-delinkcious').urn,
    ]);
    expect(policy.dependencies).toContain(secret.urn);
  });

  it('orders the ServiceMonitor after kube-prometheus-stack', () => {
    const monitor = find(
      result.records,
      'kubernetes:monitoring.coreos.com/v1:ServiceMonitor',
      'servicemonitor-delinkcious-link-manager',
    );
    expect(monitor.dependencies).toContain(
      find(result.records, 'kubernetes:helm.sh/v3:Release', 'platform-prometheus').urn,
    );
  });

  it('outputs the kubeconfig as a secret, the namespace, the gateway URL and the services', () => {
    expect(result.kubeconfigIsSecret).toBe(true);
    expect(result.outputs).toMatchObject({
      namespace: 'delinkcious',
      gatewayUrl: 'https://delinkcious.local',
      services: { 'link-manager': 'link-manager.delinkcious.svc.cluster.local:8080' },
      appMode: 'objects',
    });
    expect(gatewayUrl({ ...localProfile, gateway: { name: 'public-gateway', host: 'h.local' } })).toBe(
      'http://h.local',
    );
  });
});

describe('the program on EKS (production)', () => {
  it('deploys ExternalSecrets after the ClusterSecretStore and creates no plain Secret', async () => {
    const { records, kubeconfigIsSecret } = await run({
      environment: 'production',
      'cluster.kind': 'eks',
      'eks.region': 'eu-west-1',
      'acme.email': 'ops@example.com',
    });
    const externalSecret = find(
      records,
      'kubernetes:external-secrets.io/v1:ExternalSecret',
      'externalsecret-delinkcious-link-db',
    );
    expect(externalSecret.dependencies).toContain(
      find(records, 'kubernetes:external-secrets.io/v1:ClusterSecretStore', 'platform-cluster-secret-store')
        .urn,
    );
    expect(ofType(records, 'kubernetes:core/v1:Secret')).toEqual([]);
    expect(
      find(records, 'kubernetes:cert-manager.io/v1:ClusterIssuer', 'platform-cluster-issuer').inputs['spec'],
    ).toMatchObject({
      acme: { email: 'ops@example.com' },
    });
    expect(kubeconfigIsSecret).toBe(true);
  });
});

describe('the program in Helm mode', () => {
  const eks = {
    environment: 'production',
    'cluster.kind': 'eks',
    'eks.region': 'eu-west-1',
    'acme.email': 'ops@example.com',
  };
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'shipshape-project-'));
  const real = { ...stackDependencies(stack), synthesize: synthesizeEnvironment, projectRoot: root };
  const chart = synthesizedChart(synthesizeEnvironment('production'));

  async function helmRun(config: Record<string, string>, d = real) {
    const records = await setupMocks({ ...eks, 'app.mode': 'helm', ...config });
    let outputs: ProgramOutputs | undefined;
    await runStack(async () => (outputs = runProgram(d)));
    return { records, outputs: outputs as ProgramOutputs };
  }

  it('installs the chart this run synthesizes, from a content-addressed directory, with the environment’s values', async () => {
    const { records, outputs } = await helmRun({});
    const release = find(records, 'kubernetes:helm.sh/v3:Release', 'app');
    const dir = path.join(
      root,
      'node_modules',
      '.cache',
      'shipshape',
      'charts',
      `delinkcious-${chart.version}`,
    );
    expect(release.inputs).toMatchObject({
      name: 'delinkcious',
      chart: dir,
      namespace: productionProfile.namespace,
      createNamespace: false,
      values: chart.values,
    });
    expect(chartDifference(dir, chart)).toBeUndefined();
    expect(release.dependencies).toContain(
      find(records, 'kubernetes:helm.sh/v3:Release', 'platform-external-secrets').urn,
    );
    expect(ofType(records, 'kubernetes:apps/v1:Deployment')).toEqual([]);
    expect(outputs.appMode).toBe('helm');
    // a second run (pulumi up again) installs from the same path with the same values: no change
    const again = find((await helmRun({})).records, 'kubernetes:helm.sh/v3:Release', 'app');
    expect([again.inputs['chart'], again.inputs['values']]).toEqual([dir, chart.values]);
  });

  it('merges the stack’s app.values over the environment’s values', async () => {
    const { records } = await helmRun({ 'app.values': '{"linkManager":{"autoscaling":{"maxReplicas":12}}}' });
    const values = find(records, 'kubernetes:helm.sh/v3:Release', 'app').inputs['values'] as any;
    expect(values.linkManager.autoscaling).toEqual({ minReplicas: 3, maxReplicas: 12 });
    expect(values.linkManager.image).toEqual((chart.values as any).linkManager.image);
  });

  it('installs app.chartPath only when it is exactly the synthesized chart', async () => {
    const copy = fs.mkdtempSync(path.join(os.tmpdir(), 'shipshape-chart-'));
    for (const [rel, content] of chart.files) {
      fs.mkdirSync(path.dirname(path.join(copy, rel)), { recursive: true });
      fs.writeFileSync(path.join(copy, rel), content);
    }
    const { records } = await helmRun({ 'app.chartPath': copy });
    expect(find(records, 'kubernetes:helm.sh/v3:Release', 'app').inputs['chart']).toBe(copy);
    fs.appendFileSync(path.join(copy, 'values.yaml'), '# edited\n');
    await setupMocks({ ...eks, 'app.mode': 'helm', 'app.chartPath': copy });
    expect(() => runProgram(real)).toThrow(
      `app.chartPath ${copy} is not the chart this run synthesizes (values.yaml differs): run shipshape synth (npm run synth) to refresh it, or unset app.chartPath to install the synthesized chart`,
    );
    await pulumi.runtime.disconnect();
  });

  it('needs the whole synthesis, not only the objects', async () => {
    await setupMocks({ ...eks, 'app.mode': 'helm' });
    expect(() => runProgram(deps)).toThrow(
      'app.mode helm installs the chart synthesized by this run: synthesize() must return the SynthesizedSystem of synthesizeApp (with its files, chart and system), plus the profile',
    );
    await pulumi.runtime.disconnect();
  });
});

describe('the program in GitOps mode', () => {
  const APPLICATION = 'kubernetes:argoproj.io/v1alpha1:Application';

  it('on an existing cluster with Argo CD: the Namespace, the Secrets and the Application, no workload, no Argo CD release', async () => {
    // GIVEN an existing cluster that runs Argo CD
    const kubeconfig = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'shipshape-kube-')), 'config');
    fs.writeFileSync(kubeconfig, FAKE_KUBECONFIG);
    // WHEN the local environment is deployed in GitOps mode
    const { records, outputs } = await run(
      {
        environment: 'local',
        'cluster.kind': 'existing',
        'existing.kubeconfigPath': kubeconfig,
        'existing.hasGatewayController': 'true',
        'existing.kubernetesVersion': 'v1.36.3',
        'existing.hasMetricsServer': 'true',
        'existing.hasArgoCd': 'true',
        'app.mode': 'gitops',
        secrets: oauth,
      },
      ['secrets'],
    );
    // THEN Pulumi hands over to Argo CD: its Application after the Secrets; Argo CD syncs the workloads
    const app = find(records, 'shipshape:app:GitOpsApp', 'app');
    const application = find(records, APPLICATION, 'application-argocd-delinkcious-local');
    expect(find(records, 'shipshape:app:KubernetesObjects', 'app').parent).toBe(app.urn);
    expect(application.dependencies).toContain(
      find(records, 'kubernetes:core/v1:Secret', 'secret-delinkcious-api-gateway-oauth').urn,
    );
    expect(ofType(records, 'kubernetes:apps/v1:Deployment')).toEqual([]);
    // the platform the profile needs (cert-manager, Prometheus) still comes, Argo CD does not
    expect(ofType(records, 'kubernetes:helm.sh/v3:Release').map((r) => r.inputs['chart'])).not.toContain(
      'argo-cd',
    );
    expect(outputs.appMode).toBe('gitops');
  });

  it('on EKS: installs Argo CD in the Application namespace, and the Application waits for it', async () => {
    // GIVEN / WHEN production on EKS in GitOps mode
    const { records } = await run({
      environment: 'production',
      'cluster.kind': 'eks',
      'eks.region': 'eu-west-1',
      'acme.email': 'ops@example.com',
      'app.mode': 'gitops',
    });
    // THEN the argo-cd release runs in argocd, and the Application depends on it
    const argoCd = find(records, 'kubernetes:helm.sh/v3:Release', 'platform-argocd');
    expect(argoCd.inputs).toMatchObject({ chart: 'argo-cd', version: '10.1.1', namespace: 'argocd' });
    expect(find(records, APPLICATION, 'application-argocd-delinkcious-production').dependencies).toContain(
      argoCd.urn,
    );
    expect(ofType(records, 'kubernetes:external-secrets.io/v1:ExternalSecret')).toEqual([]);
  });

  it('refuses GitOps mode for an app that declares no gitops', async () => {
    // GIVEN a system without an Application WHEN deployed in GitOps mode THEN the error says what to do
    await setupMocks({ environment: 'local', 'app.mode': 'gitops', secrets: oauth }, ['secrets']);
    const none = {
      ...deps,
      synthesize: (env: string) => ({ ...fakeSynthesize(env), application: undefined }),
    };
    expect(() => runProgram(none)).toThrow(
      'shipshape:app.mode is gitops, but the app declares no gitops for environment local: return GitOps settings from defineApp({ gitops }) (see docs/use-shipshape.md), or use app.mode objects or helm',
    );
    expect(() =>
      gitOpsApplication(
        {
          ...fakeSynthesize('local'),
          application: { ...systemApplication('local'), apiVersion: 'argoproj.io/v1beta1' },
        },
        'local',
      ),
    ).toThrow(
      'Application delinkcious-local uses argoproj.io/v1beta1, which the pinned chart does not serve',
    );
    await pulumi.runtime.disconnect();
  });
});

describe('the program refuses bad configuration before creating anything', () => {
  it('reports config errors with the key, the value and the rule', async () => {
    await setupMocks({ environment: 'local', 'cluster.kind': 'k3s' });
    expect(() => runProgram(deps)).toThrow(
      "shipshape:cluster.kind must be one of minikube, eks, gke, aks, existing (got 'k3s')",
    );
    await setupMocks({
      environment: 'production',
      'cluster.kind': 'eks',
      'eks.region': 'x',
      'eks.nodeCount': '0',
    });
    expect(() => runProgram(deps)).toThrow('shipshape:eks.nodeCount must be an integer >= 1 (got 0)');
    await setupMocks({ environment: 'local', secrets: oauth });
    expect(() => runProgram(deps)).toThrow(
      'shipshape:secrets must be set with --secret (values would be stored in clear)',
    );
    await pulumi.runtime.disconnect();
  });

  it('refuses CRD objects of versions the pinned charts no longer serve', () => {
    const meta = { name: 'link-db' };
    expect(() =>
      checkServedApiVersions([
        { apiVersion: 'external-secrets.io/v1', kind: 'ExternalSecret', metadata: meta },
      ]),
    ).not.toThrow();
    expect(() =>
      checkServedApiVersions([
        { apiVersion: 'external-secrets.io/v1beta1', kind: 'ExternalSecret', metadata: meta },
      ]),
    ).toThrow(
      'the system does not fit the platform charts:\n  ExternalSecret link-db uses external-secrets.io/v1beta1, which the pinned chart does not serve (it serves external-secrets.io/v1)',
    );
  });

  it('deploys Delinkcious with its real synthesis from the repository root', () => {
    expect(stackDependencies(stack).synthesize).toBe(synthesizeEnvironment);
    expect(stackDependencies(stack).projectRoot).toBe(path.resolve(__dirname, '../..'));
    expect(FAKE_KUBECONFIG).toContain('apiVersion: v1');
  });
});
