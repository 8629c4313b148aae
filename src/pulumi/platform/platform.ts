import * as k8s from '@pulumi/kubernetes';
import * as pulumi from '@pulumi/pulumi';
import type { DeploymentProfile } from '../profile';
import type { ClusterCapabilities } from '../clusters/cluster';
import type { StackConfig } from '../config';
import { pulumiRandom } from '../optional-peers';
import { argoCdValues } from './argo-cd';
import { CHARTS, DEV_VAULT_ADDRESS, PLATFORM_NAMESPACES, type ChartPin } from './charts';
import { clusterIssuer } from './cluster-issuer';
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
}

/** API groups whose CRDs the platform installs, mapped to the resources that must exist before their objects. */
export type Operators = Readonly<Record<string, readonly pulumi.Resource[]>>;

/** Release names; kube-prometheus-stack's comes from the profile (ServiceMonitors carry `release: <it>`). */
const RELEASE_NAMES = {
  ingressNginx: 'ingress-nginx',
  certManager: 'cert-manager',
  metricsServer: 'metrics-server',
  externalSecrets: 'external-secrets',
  vault: 'vault',
  argoCd: 'argocd',
} as const;

/** Fails when the cluster's own ingress controller is not the one the profile's NetworkPolicies admit. */
function checkBuiltInIngress(profile: DeploymentProfile, capabilities: ClusterCapabilities): void {
  if (!capabilities.hasIngressController) return;
  const problems: string[] = [];
  if (capabilities.ingressClassName !== profile.ingress.className) {
    problems.push(
      `the profile's ingress.className is '${profile.ingress.className}' but the cluster's ingress controller serves '${capabilities.ingressClassName}'`,
    );
  }
  if (capabilities.ingressNamespace !== profile.platform.ingressNamespace) {
    problems.push(
      `the profile's platform.ingressNamespace is '${profile.platform.ingressNamespace}' but the cluster's ingress controller runs in '${capabilities.ingressNamespace}' (NetworkPolicies would block it)`,
    );
  }
  if (problems.length > 0) {
    throw new Error(`environment ${profile.name} does not fit this cluster: ${problems.join('; ')}`);
  }
}

/**
 * The platform the system runs on: one pinned Helm release per component, installed into the namespaces the
 * profile names, plus the ClusterIssuer and ClusterSecretStore, each after the release that installs its CRD.
 */
export class Platform extends pulumi.ComponentResource {
  /** The Helm releases, by component. */
  readonly releases: Readonly<Partial<Record<keyof typeof CHARTS, k8s.helm.v3.Release>>>;
  /** What CRD-backed objects of each API group must wait for. */
  readonly operators: Operators;
  /** What Ingress objects must wait for (the controller and its admission webhook). */
  readonly ingressController: readonly pulumi.Resource[];

  constructor(name: string, args: PlatformArgs, opts?: pulumi.ComponentResourceOptions) {
    super('shipshape:platform:Platform', name, {}, opts);
    const { profile, capabilities, provider } = args;
    checkBuiltInIngress(profile, capabilities);
    const releases: Partial<Record<keyof typeof CHARTS, k8s.helm.v3.Release>> = {};
    const operators: Record<string, pulumi.Resource[]> = {};

    const release = (
      key: keyof typeof CHARTS,
      releaseName: string,
      namespace: string,
      values: pulumi.Inputs,
      dependsOn: pulumi.Resource[] = [],
    ): k8s.helm.v3.Release => {
      const pin: ChartPin = CHARTS[key];
      releases[key] = new k8s.helm.v3.Release(
        `${name}-${releaseName}`,
        {
          name: releaseName,
          chart: pin.chart,
          version: pin.version,
          repositoryOpts: { repo: pin.repo },
          namespace,
          createNamespace: true,
          values,
          // Big charts (kube-prometheus-stack) on a laptop take minutes to become ready.
          timeout: 900,
        },
        { parent: this, provider, dependsOn },
      );
      return releases[key];
    };

    if (capabilities.storageClasses && !capabilities.storageClasses.includes(profile.storageClass)) {
      pulumi.log.warn(
        `environment ${profile.name} uses StorageClass '${profile.storageClass}', which this cluster does not ` +
          `provide (it has ${capabilities.storageClasses.join(', ')}): volume claims will stay Pending`,
        this,
      );
    }

    const ingressController = capabilities.hasIngressController
      ? []
      : [
          release('ingressNginx', RELEASE_NAMES.ingressNginx, profile.platform.ingressNamespace, {
            controller: {
              ingressClass: profile.ingress.className,
              ingressClassResource: { name: profile.ingress.className, default: true },
            },
          }),
        ];

    if (!capabilities.hasMetricsServer) {
      release('metricsServer', RELEASE_NAMES.metricsServer, PLATFORM_NAMESPACES.metricsServer, {});
    }

    if (profile.ingress.clusterIssuer !== undefined) {
      if (args.tls.issuer === 'acme' && args.tls.acmeEmail === undefined) {
        throw new Error(
          `shipshape:acme.email is required when tls.issuer is acme (environment ${profile.name} names ` +
            `ClusterIssuer '${profile.ingress.clusterIssuer}'): pulumi config set acme.email <address>`,
        );
      }
      const certManager = release('certManager', RELEASE_NAMES.certManager, PLATFORM_NAMESPACES.certManager, {
        crds: { enabled: true },
      });
      const issuer = new k8s.apiextensions.CustomResource(
        `${name}-cluster-issuer`,
        clusterIssuer({
          name: profile.ingress.clusterIssuer,
          issuer: args.tls.issuer,
          email: args.tls.acmeEmail,
          server: args.tls.acmeServer,
          ingressClassName: profile.ingress.className,
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

    if (args.argoCd !== undefined) {
      // Its Applications (argoproj.io) wait for the release, which installs their CRDs.
      operators['argoproj.io'] = [
        release('argoCd', RELEASE_NAMES.argoCd, args.argoCd.namespace, argoCdValues()),
      ];
    }

    this.releases = releases;
    this.operators = operators;
    this.ingressController = ingressController;
    this.registerOutputs({});
  }
}
