import * as k8s from '@pulumi/kubernetes';
import { GitOpsApp } from '../../../src/pulumi/app/gitops-app';
import { systemApplication, systemObjects } from '../support/fixtures';
import { find, providerUrn, runStack, setupMocks, type RecordedResource } from '../support/pulumi-mocks';

const APPLICATION = 'kubernetes:argoproj.io/v1alpha1:Application';
const namespaces = () => systemObjects('kubernetes').filter((o) => o.kind === 'Namespace');

describe('GitOpsApp', () => {
  let records: RecordedResource[];

  beforeAll(async () => {
    records = await setupMocks();
    await runStack(() => {
      const provider = new k8s.Provider('k8s', { kubeconfig: 'apiVersion: v1' });
      const argoCd = new k8s.helm.v3.Release('argocd', { chart: 'argo-cd' }, { provider });
      new GitOpsApp('app', {
        applications: [systemApplication('local')],
        namespaceObjects: namespaces(),
        prerequisites: ({ parent, namespaces }) => [
          new k8s.core.v1.Secret(
            'app-secret',
            { metadata: { name: 's', namespace: 'delinkcious' } },
            { parent, provider, dependsOn: [...namespaces] },
          ),
        ],
        argoCd: [argoCd],
        provider,
      });
      return {};
    });
  });

  it('applies only the Namespace, the Secrets and the Application: Argo CD syncs the rest', () => {
    // GIVEN / WHEN the component THEN its Kubernetes resources are exactly these three, on the cluster provider
    const kubernetes = records.filter((r) => r.type.startsWith('kubernetes:') && r.name !== 'argocd');
    expect(kubernetes.map((r) => `${r.type} ${r.name}`).sort()).toEqual([
      `${APPLICATION} application-argocd-delinkcious-local`,
      'kubernetes:core/v1:Namespace namespace-delinkcious',
      'kubernetes:core/v1:Secret app-secret',
    ]);
    const application = find(records, APPLICATION, 'application-argocd-delinkcious-local');
    expect(providerUrn(application.provider)).toBe(find(records, 'pulumi:providers:kubernetes', 'k8s').urn);
    expect(application.inputs).toMatchObject({
      apiVersion: 'argoproj.io/v1alpha1',
      kind: 'Application',
      metadata: { name: 'delinkcious-local', namespace: 'argocd' },
      spec: { source: { path: 'dist/local' } },
    });
    const objects = find(records, 'shipshape:app:KubernetesObjects', 'app');
    expect(objects.parent).toBe(find(records, 'shipshape:app:GitOpsApp', 'app').urn);
  });

  it('creates the Application after the Secrets (themselves after the Namespace) and the Argo CD release', () => {
    // GIVEN / WHEN / THEN: Argo CD must find the Secrets when it syncs, and the CRD before the Application
    const application = find(records, APPLICATION, 'application-argocd-delinkcious-local');
    const secret = find(records, 'kubernetes:core/v1:Secret', 'app-secret');
    expect(application.dependencies).toEqual(
      expect.arrayContaining([secret.urn, find(records, 'kubernetes:helm.sh/v3:Release', 'argocd').urn]),
    );
    expect(secret.dependencies).toContain(
      find(records, 'kubernetes:core/v1:Namespace', 'namespace-delinkcious').urn,
    );
  });

  it('refuses no Application, and objects that are not Applications or Namespaces', async () => {
    // GIVEN / WHEN / THEN
    await setupMocks();
    const provider = new k8s.Provider('k8s-2', { kubeconfig: 'apiVersion: v1' });
    expect(
      () => new GitOpsApp('a', { applications: [], namespaceObjects: namespaces(), argoCd: [], provider }),
    ).toThrow('GitOpsApp.applications is empty: the app declares no gitops for this environment');
    const deployment = systemObjects('kubernetes').find((o) => o.kind === 'Deployment')!;
    expect(
      () => new GitOpsApp('b', { applications: [deployment], namespaceObjects: [], argoCd: [], provider }),
    ).toThrow('GitOpsApp takes Argo CD Applications and Namespaces only (got apps/v1 Deployment)');
  });
});
