import { localProfile, productionProfile } from '../support/fixtures';
import type { EnvironmentProfile } from '../../../src/delinkcious/environments/profile';
import type { ClusterCapabilities } from '../../../src/pulumi/clusters/cluster';
import { LETSENCRYPT_PRODUCTION, SecretValue } from '../../../src/pulumi/config';
import { find, providerUrn, type RecordedResource } from '../support/pulumi-mocks';
import { acme, cloud, deploy, minikube, noVault, RELEASE, releases, selfSigned } from '../support/platform';
import type { Platform } from '../../../src/pulumi/platform/platform';

describe('Platform on a cloud cluster (production profile)', () => {
  let records: RecordedResource[];
  let platform: Platform;

  beforeAll(async () => {
    ({ records, platform } = await deploy({
      profile: productionProfile,
      capabilities: cloud,
      tls: acme,
      vault: { ...noVault, token: new SecretValue('hvs.token') },
    }));
  });

  it('installs every pinned release into the namespaces the profile names', () => {
    expect(releases(records)).toEqual([
      {
        name: 'cert-manager',
        chart: 'cert-manager',
        version: 'v1.21.2',
        repo: 'https://charts.jetstack.io',
        namespace: 'cert-manager',
        createNamespace: true,
      },
      {
        name: 'envoy-gateway',
        chart: 'oci://docker.io/envoyproxy/gateway-helm',
        version: 'v1.9.1',
        repo: undefined,
        namespace: 'envoy-gateway-system',
        createNamespace: true,
      },
      {
        name: 'envoy-gateway-crds',
        chart: 'oci://docker.io/envoyproxy/gateway-crds-helm',
        version: 'v1.9.1',
        repo: undefined,
        namespace: 'envoy-gateway-system',
        createNamespace: true,
      },
      {
        name: 'external-secrets',
        chart: 'external-secrets',
        version: '2.9.0',
        repo: 'https://charts.external-secrets.io',
        namespace: 'external-secrets',
        createNamespace: true,
      },
      {
        name: 'metrics-server',
        chart: 'metrics-server',
        version: '3.13.1',
        repo: 'https://kubernetes-sigs.github.io/metrics-server/',
        namespace: 'kube-system',
        createNamespace: true,
      },
      {
        name: 'prometheus',
        chart: 'kube-prometheus-stack',
        version: '88.5.3',
        repo: 'https://prometheus-community.github.io/helm-charts',
        namespace: 'monitoring',
        createNamespace: true,
      },
    ]);
  });

  it('gives every child the platform as parent and the cluster provider', () => {
    const component = find(records, 'shipshape:platform:Platform', 'platform');
    const provider = find(records, 'pulumi:providers:kubernetes', 'k8s');
    const children = records.filter((r) => r.parent === component.urn);
    // 6 releases, the Gateway API CRDs, the GatewayClass, the ClusterIssuer, the store and its token
    expect(children).toHaveLength(11);
    for (const child of children)
      expect([child.name, providerUrn(child.provider)]).toEqual([child.name, provider.urn]);
  });

  it('configures the charts for Gateway API, CRDs and every ServiceMonitor', () => {
    const values = (name: string) => find(records, RELEASE, `platform-${name}`).inputs['values'];
    expect(values('envoy-gateway-crds')).toEqual({
      crds: { gatewayAPI: { enabled: false }, envoyGateway: { enabled: true } },
    });
    expect(find(records, RELEASE, 'platform-envoy-gateway').inputs['skipCrds']).toBe(true);
    expect(values('cert-manager')).toEqual({
      crds: { enabled: true },
      config: {
        apiVersion: 'controller.config.cert-manager.io/v1alpha1',
        kind: 'ControllerConfiguration',
        gatewayAPI: { enabled: true },
      },
    });
    expect(values('prometheus')).toEqual({
      prometheus: {
        prometheusSpec: {
          serviceMonitorSelectorNilUsesHelmValues: false,
          podMonitorSelectorNilUsesHelmValues: false,
          ruleSelectorNilUsesHelmValues: false,
        },
      },
    });
  });

  it('installs the pinned Gateway API CRDs first and the GatewayClass of Envoy Gateway last', () => {
    // GIVEN the production platform WHEN its Gateway API part is read
    const crds = find(records, 'kubernetes:yaml/v2:ConfigFile', 'platform-gateway-api-crds');
    const cls = find(
      records,
      'kubernetes:gateway.networking.k8s.io/v1:GatewayClass',
      'platform-gateway-class',
    );
    const eg = find(records, RELEASE, 'platform-envoy-gateway');
    // THEN the standard channel v1.7.0, then Envoy Gateway, then the class its Gateways name
    expect(crds.inputs['file']).toBe(
      'https://github.com/kubernetes-sigs/gateway-api/releases/download/v1.7.0/standard-install.yaml',
    );
    expect(eg.dependencies).toContain(crds.urn);
    expect(cls.dependencies).toEqual(expect.arrayContaining([crds.urn, eg.urn]));
    expect(cls.inputs).toMatchObject({
      metadata: { name: 'envoy-gateway' },
      spec: { controllerName: 'gateway.envoyproxy.io/gatewayclass-controller' },
    });
    expect(find(records, RELEASE, 'platform-cert-manager').dependencies).toContain(crds.urn);
  });

  it('creates the ACME ClusterIssuer after cert-manager', () => {
    const issuer = find(records, 'kubernetes:cert-manager.io/v1:ClusterIssuer', 'platform-cluster-issuer');
    expect(issuer.dependencies).toContain(find(records, RELEASE, 'platform-cert-manager').urn);
    expect(issuer.inputs).toMatchObject({
      metadata: { name: 'letsencrypt' },
      spec: { acme: { email: 'ops@example.com', server: LETSENCRYPT_PRODUCTION } },
    });
  });

  it('creates the Vault ClusterSecretStore after external-secrets, with the token as a secret', () => {
    const store = find(
      records,
      'kubernetes:external-secrets.io/v1:ClusterSecretStore',
      'platform-cluster-secret-store',
    );
    const token = find(records, 'kubernetes:core/v1:Secret', 'platform-vault-token');
    expect(store.dependencies).toEqual(
      expect.arrayContaining([find(records, RELEASE, 'platform-external-secrets').urn, token.urn]),
    );
    expect(store.inputs).toMatchObject({
      metadata: { name: 'vault' },
      spec: {
        provider: { vault: { server: 'https://vault.example.com:8200', path: 'secret', version: 'v2' } },
      },
    });
    expect(token.inputs['stringData']).toEqual({ token: 'hvs.token' });
    expect(token.secretInputs).toContain('stringData');
  });

  it('tells the app what to wait for', () => {
    expect(Object.keys(platform.operators).sort()).toEqual([
      'cert-manager.io',
      'external-secrets.io',
      'gateway.networking.k8s.io',
      'monitoring.coreos.com',
    ]);
    expect(platform.operators['gateway.networking.k8s.io']).toHaveLength(4);
  });
});

describe('Platform on minikube (local profile)', () => {
  it('skips what the addons provide, installs Envoy Gateway instead of an ingress addon, and issues self-signed certificates', async () => {
    const { records, platform } = await deploy({
      profile: localProfile,
      capabilities: minikube,
      tls: selfSigned,
      vault: noVault,
    });
    expect(releases(records).map((r) => r.name)).toEqual([
      'cert-manager',
      'envoy-gateway',
      'envoy-gateway-crds',
      'prometheus',
    ]);
    expect(
      find(records, 'kubernetes:cert-manager.io/v1:ClusterIssuer', 'platform-cluster-issuer').inputs['spec'],
    ).toEqual({
      selfSigned: {},
    });
    expect(platform.releases.envoyGateway).toBeDefined();
  });

  it('runs a dev-mode Vault with a random root token for environments on external-secrets', async () => {
    const profile: EnvironmentProfile = {
      ...localProfile,
      secrets: {
        ...(productionProfile.secrets as object),
        vaultServer: 'http://vault.vault.svc:8200',
      } as EnvironmentProfile['secrets'],
    };
    const { records } = await deploy({
      profile,
      capabilities: minikube,
      tls: selfSigned,
      vault: { ...noVault, devMode: true },
    });
    const vault = find(records, RELEASE, 'platform-vault');
    expect(vault.inputs).toMatchObject({ chart: 'vault', version: '0.34.1', namespace: 'vault' });
    expect(vault.inputs['values']).toEqual({
      server: { dev: { enabled: true, devRootToken: 'random-platform-vault-root-token' } },
      injector: { enabled: false },
    });
    expect(vault.secretInputs).toContain('values');
    const store = find(
      records,
      'kubernetes:external-secrets.io/v1:ClusterSecretStore',
      'platform-cluster-secret-store',
    );
    expect(store.dependencies).toContain(vault.urn);
  });
});

describe('Platform with Argo CD (app.mode gitops)', () => {
  it('installs the pinned argo-cd chart with its CRDs into the namespace asked for, and has the Applications wait for it', async () => {
    // GIVEN a minikube platform for GitOps WHEN deployed
    const { records, platform } = await deploy({
      profile: localProfile,
      capabilities: minikube,
      tls: selfSigned,
      vault: noVault,
      argoCd: { namespace: 'gitops' },
    });
    // THEN one more release, argo-cd 10.1.1 running v3.4.14, is what argoproj.io objects wait for
    const release = find(records, RELEASE, 'platform-argocd');
    expect(releases(records).find((r) => r.name === 'argocd')).toEqual({
      name: 'argocd',
      chart: 'argo-cd',
      version: '10.1.1',
      repo: 'https://argoproj.github.io/argo-helm',
      namespace: 'gitops',
      createNamespace: true,
    });
    expect(release.inputs['values']).toEqual({
      global: { image: { tag: 'v3.4.14' } },
      crds: { install: true, keep: true },
    });
    expect(platform.operators['argoproj.io']).toEqual([platform.releases.argoCd]);
  });

  it('installs no Argo CD unless asked', async () => {
    // GIVEN / WHEN the same platform without argoCd THEN no argo-cd release and no argoproj.io operator
    const { records, platform } = await deploy({
      profile: localProfile,
      capabilities: minikube,
      tls: selfSigned,
      vault: noVault,
    });
    expect(releases(records).map((r) => r.chart)).not.toContain('argo-cd');
    expect(platform.operators['argoproj.io']).toBeUndefined();
  });
});

describe('Platform refuses configurations that cannot work', () => {
  it('needs an ACME e-mail when the profile names a ClusterIssuer', async () => {
    await expect(
      deploy({
        profile: productionProfile,
        capabilities: cloud,
        tls: { ...acme, acmeEmail: undefined },
        vault: noVault,
      }),
    ).rejects.toThrow(
      "shipshape:acme.email is required when tls.issuer is acme (environment production names ClusterIssuer 'letsencrypt'): pulumi config set acme.email <address>",
    );
  });

  it('asks an existing cluster for its version when it installs anything (pinsFor refuses uncovered ones)', async () => {
    // GIVEN an existing cluster of unknown version that needs Envoy Gateway THEN the version is asked for
    const existing: ClusterCapabilities = {
      kubernetesVersionSource: 'shipshape:existing.kubernetesVersion',
      hasGatewayController: false,
      hasMetricsServer: true,
    };
    await expect(
      deploy({
        profile: { ...localProfile, gateway: { name: 'g', host: 'h.local' } },
        capabilities: existing,
        tls: selfSigned,
        vault: noVault,
      }),
    ).rejects.toThrow(
      "shipshape:existing.kubernetesVersion must be set: environment local installs platform components, whose pins follow the cluster's Kubernetes minor (kubectl version)",
    );
  });

  it('needs no cluster version when it installs nothing', async () => {
    // GIVEN an existing cluster that runs everything the profile needs WHEN the platform is built
    const { records, platform } = await deploy({
      profile: { ...localProfile, serviceMonitors: false, gateway: { name: 'g', host: 'h.local' } },
      capabilities: {
        kubernetesVersionSource: 'shipshape:existing.kubernetesVersion',
        hasGatewayController: true,
        hasMetricsServer: true,
      },
      tls: selfSigned,
      vault: noVault,
    });
    // THEN no release, and Gateway API objects wait for nothing the stack installs
    expect(releases(records)).toEqual([]);
    expect(platform.operators['gateway.networking.k8s.io']).toEqual([]);
  });

  it('rejects dev-mode Vault where nothing reads it, or where the profile expects another Vault', async () => {
    await expect(
      deploy({
        profile: localProfile,
        capabilities: minikube,
        tls: selfSigned,
        vault: { ...noVault, devMode: true },
      }),
    ).rejects.toThrow(
      "shipshape:vault.devMode is true but environment local provides secrets with 'kubernetes', not external-secrets",
    );
    await expect(
      deploy({
        profile: { ...productionProfile, name: 'staging' },
        capabilities: cloud,
        tls: acme,
        vault: { ...noVault, devMode: true },
      }),
    ).rejects.toThrow(
      "shipshape:vault.devMode installs Vault at http://vault.vault.svc:8200 but environment staging expects secrets.vaultServer 'https://vault.example.com:8200'",
    );
  });
});
