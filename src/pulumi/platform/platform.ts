import * as k8s from '@pulumi/kubernetes';
import * as pulumi from '@pulumi/pulumi';
import type { DeploymentProfile } from '../profile';
import type { ClusterCapabilities } from '../clusters/cluster';
import type { StackConfig } from '../config';
import { pulumiRandom } from '../optional-peers';
import { argoCdValues } from './argo-cd';
import { argoRolloutsValues } from './argo-rollouts';
import { DEV_VAULT_ADDRESS, PLATFORM_NAMESPACES } from './charts';
import { clusterIssuer } from './cluster-issuer';
import { installGatewayPlatform, type InstallChart } from './gateway-platform';
import { installMeshPlatform } from './mesh-platform';
import { pinsFor, type PlatformPin, type PlatformPinSet } from './pins';
import { vaultSecretStore } from './secret-store';

export interface PlatformArgs {
  /** The environment's profile: what to install and where. */
  readonly profile: DeploymentProfile;
  /** What the cluster already runs. */
  readonly capabilities: ClusterCapabilities;
  /** Provider of the target cluster. */
  readonly provider: k8s.Provider;
  /** TLS settings from the stack configuration. */
  readonly tls: StackConfig['tls'];
  /** Vault settings from the stack configuration. */
  readonly vault: StackConfig['vault'];
  /** Install Argo CD (the pinned argo-cd chart) into this namespace, for `app.mode gitops`. @default not installed */
  readonly argoCd?: { readonly namespace: string };
  /**
   * Argo Rollouts, for services with a delivery: `install` the pinned argo-rollouts chart, or `present` when the
   * cluster runs it (its objects then wait for nothing). @default - none (the system has no Rollouts)
   */
  readonly argoRollouts?: 'install' | 'present';
  /**
   * Traffic router plugins the Rollouts name (`argoproj-labs/gatewayAPI`), configured in an installed controller
   * by their pinned release; a present controller must have them already. @default - none
   */
  readonly trafficRouterPlugins?: readonly string[];
}

/**
 * API groups whose CRDs the platform installs (or `<group>/<kind>` where one group has two operators, as argoproj.io
 * has Argo CD and Argo Rollouts), mapped to the resources that must exist before their objects.
 */
export type Operators = Readonly<Record<string, readonly pulumi.Resource[]>>;

/** Release names; kube-prometheus-stack's comes from the profile (ServiceMonitors carry `release: <it>`). */
const RELEASE_NAMES = {
  certManager: 'cert-manager',
  metricsServer: 'metrics-server',
  externalSecrets: 'external-secrets',
  vault: 'vault',
  argoCd: 'argocd',
  argoRollouts: 'argo-rollouts',
} as const;

/** Components by key, as {@link Platform.releases} lists them. */
export type PlatformComponent = keyof PlatformPinSet['charts'];

/**
 * The platform the system runs on: one pinned Helm release per component (pins by the cluster's Kubernetes
 * minor, from src/pulumi/platform/pins.ts), installed into the namespaces the profile names, plus the Gateway
 * API CRDs, the GatewayClass, the ClusterIssuer and the ClusterSecretStore, each after what installs its CRD.
 * A cluster version no pin covers is refused as soon as a component is needed; a stack that installs nothing
 * needs no version.
 */
export class Platform extends pulumi.ComponentResource {
  /** The Helm releases, by component. */
  readonly releases: Readonly<Partial<Record<PlatformComponent, k8s.helm.v3.Release>>>;
  /** What CRD-backed objects of each API group must wait for. */
  readonly operators: Operators;

  constructor(name: string, args: PlatformArgs, opts?: pulumi.ComponentResourceOptions) {
    super('shipshape:platform:Platform', name, {}, opts);
    const { profile, capabilities, provider } = args;
    const releases: Partial<Record<PlatformComponent, k8s.helm.v3.Release>> = {};
    const operators: Record<string, pulumi.Resource[]> = {};
    // Resolved on first use: a stack that installs nothing of the platform needs no cluster version.
    let pinSet: PlatformPinSet | undefined;
    const pins = (): PlatformPinSet => {
      if (pinSet) return pinSet;
      if (capabilities.kubernetesVersion === undefined)
        throw new Error(
          `${capabilities.kubernetesVersionSource} must be set: environment ${profile.name} installs platform ` +
            "components, whose pins follow the cluster's Kubernetes minor (kubectl version)",
        );
      pinSet = pinsFor(capabilities.kubernetesVersion, capabilities.kubernetesVersionSource);
      return pinSet;
    };

    const install: InstallChart = (pin, releaseName, namespace, values, options = {}) => {
      const oci = pin.repo.startsWith('oci://');
      return new k8s.helm.v3.Release(
        `${name}-${releaseName}`,
        {
          name: releaseName,
          chart: oci ? pin.repo : pin.chart,
          version: pin.version,
          ...(!oci && { repositoryOpts: { repo: pin.repo } }),
          namespace,
          createNamespace: true,
          values,
          ...(options.skipCrds === true && { skipCrds: true }),
          // Big charts (kube-prometheus-stack) on a laptop take minutes to become ready.
          timeout: 900,
        },
        { parent: this, provider, dependsOn: options.dependsOn ?? [] },
      );
    };
    const release = (
      key: PlatformComponent,
      releaseName: string,
      namespace: string,
      values: pulumi.Inputs,
      dependsOn: pulumi.Resource[] = [],
    ): k8s.helm.v3.Release => {
      const pin: PlatformPin = pins().charts[key];
      releases[key] = install(pin, releaseName, namespace, values, { dependsOn });
      return releases[key];
    };

    if (capabilities.storageClasses && !capabilities.storageClasses.includes(profile.storageClass)) {
      pulumi.log.warn(
        `environment ${profile.name} uses StorageClass '${profile.storageClass}', which this cluster does not ` +
          `provide (it has ${capabilities.storageClasses.join(', ')}): volume claims will stay Pending`,
        this,
      );
    }

    // The entry: Gateway API with Envoy Gateway, unless the cluster runs an implementation already.
    const gatewayApi = capabilities.hasGatewayController
      ? undefined
      : installGatewayPlatform(name, {
          pins: pins(),
          namespace: profile.platform.gatewayNamespace,
          className: profile.platform.gatewayClassName,
          install: (pin, releaseName, namespace, values, options) => {
            const r = install(pin, releaseName, namespace, values, options);
            releases[pin === pins().charts.envoyGateway ? 'envoyGateway' : 'envoyGatewayCrds'] = r;
            return r;
          },
          parent: this,
          provider,
        });
    operators['gateway.networking.k8s.io'] = [...(gatewayApi?.ready ?? [])];

    if (!capabilities.hasMetricsServer) {
      release('metricsServer', RELEASE_NAMES.metricsServer, PLATFORM_NAMESPACES.metricsServer, {});
    }

    if (profile.gateway.clusterIssuer !== undefined) {
      if (args.tls.issuer === 'acme' && args.tls.acmeEmail === undefined) {
        throw new Error(
          `shipshape:acme.email is required when tls.issuer is acme (environment ${profile.name} names ` +
            `ClusterIssuer '${profile.gateway.clusterIssuer}'): pulumi config set acme.email <address>`,
        );
      }
      // Gateway API support on (the `gateway-shim` reads the Gateway's issuer annotation); it needs the
      // Gateway API CRDs installed before it starts.
      const certManager = release(
        'certManager',
        RELEASE_NAMES.certManager,
        PLATFORM_NAMESPACES.certManager,
        {
          crds: { enabled: true },
          config: {
            apiVersion: 'controller.config.cert-manager.io/v1alpha1',
            kind: 'ControllerConfiguration',
            gatewayAPI: { enabled: true },
          },
        },
        gatewayApi ? [gatewayApi.crds] : [],
      );
      const issuer = new k8s.apiextensions.CustomResource(
        `${name}-cluster-issuer`,
        clusterIssuer({
          name: profile.gateway.clusterIssuer,
          issuer: args.tls.issuer,
          email: args.tls.acmeEmail,
          server: args.tls.acmeServer,
          gateway: { name: profile.gateway.name, namespace: profile.namespace, host: profile.gateway.host },
        }),
        { parent: this, provider, dependsOn: [certManager] },
      );
      operators['cert-manager.io'] = [certManager, issuer];
    }

    if (profile.serviceMonitors) {
      const prometheus = release(
        'kubePrometheusStack',
        profile.platform.prometheusRelease,
        profile.platform.monitoringNamespace,
        {
          prometheus: {
            prometheusSpec: {
              // Select every ServiceMonitor, not only those of this Helm release; ours also carry `release:`.
              serviceMonitorSelectorNilUsesHelmValues: false,
              podMonitorSelectorNilUsesHelmValues: false,
              ruleSelectorNilUsesHelmValues: false,
            },
          },
        },
      );
      operators['monitoring.coreos.com'] = [prometheus];
    }

    const secrets = profile.secrets;
    if (args.vault.devMode && secrets.provider !== 'external-secrets') {
      throw new Error(
        `shipshape:vault.devMode is true but environment ${profile.name} provides secrets with '${secrets.provider}', not external-secrets`,
      );
    }
    if (secrets.provider === 'external-secrets') {
      const eso = release(
        'externalSecrets',
        RELEASE_NAMES.externalSecrets,
        PLATFORM_NAMESPACES.externalSecrets,
        {
          installCRDs: true,
        },
      );
      const storeDeps: pulumi.Resource[] = [eso];
      let token: pulumi.Output<string> | undefined =
        args.vault.token === undefined ? undefined : pulumi.secret(args.vault.token.reveal());
      if (args.vault.devMode) {
        if (secrets.vaultServer !== DEV_VAULT_ADDRESS) {
          throw new Error(
            `shipshape:vault.devMode installs Vault at ${DEV_VAULT_ADDRESS} but environment ${profile.name} expects secrets.vaultServer '${secrets.vaultServer}'`,
          );
        }
        // A random root token instead of the chart's well-known `root`.
        const rootToken = new (pulumiRandom().RandomPassword)(
          `${name}-vault-root-token`,
          { length: 32, special: false },
          { parent: this },
        );
        // Explicit: secrecy must not depend on the engine honouring RandomPassword's additionalSecretOutputs.
        token = pulumi.secret(rootToken.result);
        storeDeps.push(
          release('vault', RELEASE_NAMES.vault, PLATFORM_NAMESPACES.vault, {
            server: { dev: { enabled: true, devRootToken: token } },
            injector: { enabled: false },
          }),
        );
      }
      const tokenSecret = {
        name: 'vault-token',
        namespace: PLATFORM_NAMESPACES.externalSecrets,
        key: 'token',
      };
      if (token !== undefined) {
        storeDeps.push(
          new k8s.core.v1.Secret(
            `${name}-vault-token`,
            {
              metadata: { name: tokenSecret.name, namespace: tokenSecret.namespace },
              type: 'Opaque',
              stringData: { [tokenSecret.key]: token },
            },
            // The namespace is created by the external-secrets release.
            { parent: this, provider, dependsOn: [eso] },
          ),
        );
      }
      const store = new k8s.apiextensions.CustomResource(
        `${name}-cluster-secret-store`,
        vaultSecretStore({
          name: secrets.clusterSecretStore,
          server: secrets.vaultServer,
          path: secrets.vaultPath,
          tokenSecret: token === undefined ? undefined : tokenSecret,
          role: args.vault.role,
          serviceAccount: {
            name: RELEASE_NAMES.externalSecrets,
            namespace: PLATFORM_NAMESPACES.externalSecrets,
          },
        }),
        { parent: this, provider, dependsOn: storeDeps },
      );
      operators['external-secrets.io'] = [eso, store];
    }

    if (profile.mesh !== undefined) {
      // Istio after the entry and Prometheus, whose namespaces it enrols (their calls then carry mTLS identities).
      const mesh = installMeshPlatform(name, {
        pins: pins(),
        mode: profile.mesh,
        install: (pin, releaseName, namespace, values, options) => {
          const r = install(pin, releaseName, namespace, values, options);
          const key = (Object.keys(pins().charts) as PlatformComponent[]).find(
            (k) => pins().charts[k] === pin,
          );
          if (key !== undefined) releases[key] = r;
          return r;
        },
        callers: [
          { namespace: profile.platform.gatewayNamespace, after: gatewayApi?.ready ?? [] },
          ...(profile.serviceMonitors
            ? [
                {
                  namespace: profile.platform.monitoringNamespace,
                  after: operators['monitoring.coreos.com'] ?? [],
                },
              ]
            : []),
        ],
        parent: this,
        provider,
      });
      operators['security.istio.io'] = [...mesh.ready];
    }

    if (args.argoRollouts !== undefined) {
      // Rollouts and AnalysisTemplates wait for the release, which installs their CRDs and runs the controller.
      const rollouts =
        args.argoRollouts === 'install'
          ? [
              release(
                'argoRollouts',
                RELEASE_NAMES.argoRollouts,
                PLATFORM_NAMESPACES.argoRollouts,
                argoRolloutsValues(
                  pins().argoRolloutsVersion,
                  args.trafficRouterPlugins ?? [],
                  pins().trafficRouterPlugins,
                ),
              ),
            ]
          : [];
      operators['argoproj.io/Rollout'] = rollouts;
      operators['argoproj.io/AnalysisTemplate'] = rollouts;
    }

    if (args.argoCd !== undefined) {
      // Its Applications (argoproj.io) wait for the release, which installs their CRDs.
      operators['argoproj.io'] = [
        release('argoCd', RELEASE_NAMES.argoCd, args.argoCd.namespace, argoCdValues(pins().argoCdVersion)),
      ];
    }

    this.releases = releases;
    this.operators = operators;
    this.registerOutputs({});
  }
}
