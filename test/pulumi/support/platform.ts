/** A Platform deployed on Pulumi's mocks, and the clusters, TLS and Vault settings the platform tests use. */
import * as k8s from '@pulumi/kubernetes';
import type { EnvironmentProfile } from '../../../src/delinkcious/environments/profile';
import type { ClusterCapabilities } from '../../../src/pulumi/clusters/cluster';
import { LETSENCRYPT_PRODUCTION, type StackConfig } from '../../../src/pulumi/config';
import { Platform } from '../../../src/pulumi/platform/platform';
import { ofType, runStack, setupMocks, type RecordedResource } from './pulumi-mocks';

export const RELEASE = 'kubernetes:helm.sh/v3:Release';
export const cloud: ClusterCapabilities = {
  kubernetesVersion: '1.35',
  kubernetesVersionSource: 'shipshape:eks.version',
  hasGatewayController: false,
  hasMetricsServer: false,
  storageClasses: ['gp3'],
};
export const minikube: ClusterCapabilities = {
  kubernetesVersion: 'v1.37.2',
  kubernetesVersionSource: 'shipshape:minikube.kubernetesVersion',
  hasGatewayController: false,
  hasMetricsServer: true,
  storageClasses: ['standard'],
};
export const acme: StackConfig['tls'] = {
  issuer: 'acme',
  acmeEmail: 'ops@example.com',
  acmeServer: LETSENCRYPT_PRODUCTION,
};
export const selfSigned: StackConfig['tls'] = { issuer: 'self-signed', acmeServer: LETSENCRYPT_PRODUCTION };
export const noVault: StackConfig['vault'] = { devMode: false, role: 'external-secrets' };

export interface Scenario {
  readonly profile: EnvironmentProfile;
  readonly capabilities: ClusterCapabilities;
  readonly tls: StackConfig['tls'];
  readonly vault: StackConfig['vault'];
  readonly argoCd?: { readonly namespace: string };
  readonly argoRollouts?: 'install' | 'present';
  readonly trafficRouterPlugins?: readonly string[];
}

export async function deploy(
  scenario: Scenario,
): Promise<{ records: RecordedResource[]; platform: Platform }> {
  const records = await setupMocks();
  let platform: Platform | undefined;
  await runStack(() => {
    const provider = new k8s.Provider('k8s', { kubeconfig: 'apiVersion: v1' });
    platform = new Platform('platform', { ...scenario, provider });
    return {};
  });
  return { records, platform: platform as Platform };
}

// Registrations complete in any order: compare sorted by release name.
export const releases = (records: readonly RecordedResource[]) =>
  ofType(records, RELEASE)
    .sort((a, b) => String(a.inputs['name']).localeCompare(String(b.inputs['name'])))
    .map((r) => ({
      name: r.inputs['name'],
      chart: r.inputs['chart'],
      version: r.inputs['version'],
      repo: (r.inputs['repositoryOpts'] as { repo: string } | undefined)?.repo,
      namespace: r.inputs['namespace'],
      createNamespace: r.inputs['createNamespace'],
    }));
