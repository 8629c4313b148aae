import * as k8s from '@pulumi/kubernetes';
import * as pulumi from '@pulumi/pulumi';
import { KubernetesObjects } from '../../../src/pulumi/app/kubernetes-objects';
import type { KubeObject } from '../../../src/synth/files';
import { systemObjects } from '../support/fixtures';
import { find, providerUrn, runStack, setupMocks, type RecordedResource } from '../support/pulumi-mocks';

const urnOf = (records: readonly RecordedResource[], type: string, name: string) =>
  find(records, type, name).urn;

describe('KubernetesObjects', () => {
  let records: RecordedResource[];
  let objects: KubernetesObjects;

  beforeAll(async () => {
    records = await setupMocks();
    await runStack(() => {
      const provider = new k8s.Provider('k8s', { kubeconfig: 'apiVersion: v1' });
      // Stand-ins for the platform's Helm releases.
      const operator = new k8s.helm.v3.Release(
        'prometheus-operator',
        { chart: 'kube-prometheus-stack' },
        { provider },
      );
      const controller = new k8s.helm.v3.Release(
        'ingress-controller',
        { chart: 'ingress-nginx' },
        { provider },
      );
      objects = new KubernetesObjects('app', {
        objects: systemObjects('kubernetes'),
        provider,
        operators: { 'monitoring.coreos.com': [operator] },
        ingressController: [controller],
        prerequisites: ({ parent, namespaces }) => [
          new k8s.core.v1.Secret(
            'extra-secret',
            { metadata: { name: 'extra', namespace: 'delinkcious' } },
            { parent, provider, dependsOn: [...namespaces] },
          ),
        ],
      });
      return {};
    });
  });

  it('registers one typed resource per object, under one component, with the cluster provider', () => {
    const component = find(records, 'shipshape:app:KubernetesObjects', 'app');
    const provider = find(records, 'pulumi:providers:kubernetes', 'k8s');
    const children = records.filter((r) => r.parent === component.urn);
    expect(children.map((r) => `${r.type} ${r.name}`).sort()).toEqual([
      'kubernetes:apps/v1:Deployment deployment-delinkcious-link-manager',
      'kubernetes:autoscaling/v2:HorizontalPodAutoscaler horizontalpodautoscaler-delinkcious-link-manager',
      'kubernetes:core/v1:ConfigMap configmap-delinkcious-link-manager',
      'kubernetes:core/v1:Namespace namespace-delinkcious',
      'kubernetes:core/v1:Secret extra-secret',
      'kubernetes:core/v1:Service service-delinkcious-link-manager',
      'kubernetes:core/v1:ServiceAccount serviceaccount-delinkcious-link-manager',
      'kubernetes:monitoring.coreos.com/v1:ServiceMonitor servicemonitor-delinkcious-link-manager',
      'kubernetes:networking.k8s.io/v1:Ingress ingress-delinkcious-api-gateway',
      'kubernetes:networking.k8s.io/v1:NetworkPolicy networkpolicy-delinkcious-link-manager',
      'kubernetes:policy/v1:PodDisruptionBudget poddisruptionbudget-delinkcious-link-manager',
    ]);
    for (const child of children) expect(providerUrn(child.provider)).toBe(provider.urn);
    expect(objects.resources.size).toBe(10);
  });

  it('passes each object through unchanged', () => {
    const deployment = find(records, 'kubernetes:apps/v1:Deployment', 'deployment-delinkcious-link-manager');
    const source = systemObjects('kubernetes').find((o) => o.kind === 'Deployment') as KubeObject;
    expect(deployment.inputs).toEqual(source);
  });

  it('applies tiers in order: namespace, config, policies, workloads, ingress, monitors', () => {
    const ns = urnOf(records, 'kubernetes:core/v1:Namespace', 'namespace-delinkcious');
    const config = [
      urnOf(records, 'kubernetes:core/v1:ServiceAccount', 'serviceaccount-delinkcious-link-manager'),
      urnOf(records, 'kubernetes:core/v1:ConfigMap', 'configmap-delinkcious-link-manager'),
      urnOf(records, 'kubernetes:core/v1:Secret', 'extra-secret'),
    ];
    const policy = urnOf(
      records,
      'kubernetes:networking.k8s.io/v1:NetworkPolicy',
      'networkpolicy-delinkcious-link-manager',
    );
    const deployment = find(records, 'kubernetes:apps/v1:Deployment', 'deployment-delinkcious-link-manager');
    const service = find(records, 'kubernetes:core/v1:Service', 'service-delinkcious-link-manager');
    const ingress = find(
      records,
      'kubernetes:networking.k8s.io/v1:Ingress',
      'ingress-delinkcious-api-gateway',
    );
    const monitor = find(
      records,
      'kubernetes:monitoring.coreos.com/v1:ServiceMonitor',
      'servicemonitor-delinkcious-link-manager',
    );

    expect(find(records, 'kubernetes:core/v1:Secret', 'extra-secret').dependencies).toEqual([ns]);
    expect(
      find(records, 'kubernetes:core/v1:ConfigMap', 'configmap-delinkcious-link-manager').dependencies,
    ).toEqual([ns]);
    expect(
      [
        ...find(
          records,
          'kubernetes:networking.k8s.io/v1:NetworkPolicy',
          'networkpolicy-delinkcious-link-manager',
        ).dependencies,
      ].sort(),
    ).toEqual([...config].sort());
    // Services and workloads come up together (Pulumi waits for a Service's endpoints).
    expect(deployment.dependencies).toEqual([policy]);
    expect(service.dependencies).toEqual([policy]);
    expect(ingress.dependencies).toEqual(
      expect.arrayContaining([
        deployment.urn,
        service.urn,
        urnOf(records, 'kubernetes:helm.sh/v3:Release', 'ingress-controller'),
      ]),
    );
    expect(monitor.dependencies).toEqual([
      ingress.urn,
      urnOf(records, 'kubernetes:helm.sh/v3:Release', 'prometheus-operator'),
    ]);
  });

  it('refuses CRD objects whose operator the platform does not install, and name clashes', async () => {
    await setupMocks();
    const provider = new k8s.Provider('k8s2', { kubeconfig: 'apiVersion: v1' });
    expect(
      () => new KubernetesObjects('app2', { objects: systemObjects('external-secrets'), provider }),
    ).toThrow(
      'ExternalSecret delinkcious/link-db needs the CRDs of external-secrets.io, which no platform component of this environment installs',
    );
    const namespace = systemObjects('kubernetes').filter((o) => o.kind === 'Namespace');
    expect(() => new KubernetesObjects('app3', { objects: [...namespace, ...namespace], provider })).toThrow(
      "two objects map to the Pulumi resource name 'namespace-delinkcious'",
    );
    await pulumi.runtime.disconnect();
  });
});
