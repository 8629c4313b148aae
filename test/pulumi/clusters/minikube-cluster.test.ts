import * as pulumi from '@pulumi/pulumi';
import { MinikubeCluster } from '../../../src/pulumi/clusters/minikube-cluster';
import { FAKE_KUBECONFIG, find, runStack, setupMocks, type RecordedResource } from '../support/pulumi-mocks';

const args = {
  profile: 'shipshape',
  kubernetesVersion: 'v1.37.2',
  driver: 'docker',
  cpus: 4,
  memoryMb: 8192,
};

describe('MinikubeCluster', () => {
  let records: RecordedResource[];
  let cluster: MinikubeCluster;
  let kubeconfig: { value: string; secret: boolean };

  beforeAll(async () => {
    records = await setupMocks();
    await runStack(async () => {
      cluster = new MinikubeCluster('cluster', args);
      kubeconfig = {
        value: await new Promise<string>((resolve) => cluster.kubeconfig.apply(resolve)),
        secret: await pulumi.isSecret(cluster.kubeconfig),
      };
      return {};
    });
  });

  it('is a shipshape:cluster:Minikube component with two commands and a provider as children', () => {
    const component = find(records, 'shipshape:cluster:Minikube', 'cluster');
    const children = records.filter((r) => r.parent === component.urn).map((r) => `${r.type} ${r.name}`);
    expect(children.sort()).toEqual([
      'command:local:Command cluster-kubeconfig',
      'command:local:Command cluster-start',
      'pulumi:providers:kubernetes cluster-k8s',
    ]);
  });

  it('starts the profile on Kubernetes v1.37 with Calico and the metrics-server addon, no ingress addon', () => {
    const start = find(records, 'command:local:Command', 'cluster-start');
    expect(start.inputs['create']).toBe(
      'minikube start -p shipshape --kubernetes-version=v1.37.2 --driver=docker --cpus=4 --memory=8192 ' +
        '--cni=calico --addons=metrics-server --wait=all',
    );
    expect(start.inputs['delete']).toBe('minikube delete -p shipshape');
    // The replacement re-uses the profile name, so the old profile must go first.
    expect(start.deleteBeforeReplace).toBe(true);
  });

  it('reads the kubeconfig of that profile only, after start, as a secret kept out of the log', () => {
    const start = find(records, 'command:local:Command', 'cluster-start');
    const read = find(records, 'command:local:Command', 'cluster-kubeconfig');
    expect(read.inputs['create']).toBe('kubectl config view --raw --minify --flatten --context shipshape');
    expect(read.dependencies).toContain(start.urn);
    expect(read.additionalSecretOutputs).toEqual(['stdout']);
    expect(read.inputs['logging']).toBe('stderr');
    expect(kubeconfig).toEqual({ value: FAKE_KUBECONFIG, secret: true });
  });

  it('exposes a kubernetes provider built from that kubeconfig, sent as a secret', () => {
    const provider = find(records, 'pulumi:providers:kubernetes', 'cluster-k8s');
    expect(provider.inputs['kubeconfig']).toBe(FAKE_KUBECONFIG);
    expect(provider.secretInputs).toContain('kubeconfig');
    expect(cluster.capabilities).toEqual({
      kubernetesVersion: 'v1.37.2',
      kubernetesVersionSource: 'shipshape:minikube.kubernetesVersion',
      hasGatewayController: false,
      hasMetricsServer: true,
      storageClasses: ['standard'],
    });
  });
});
