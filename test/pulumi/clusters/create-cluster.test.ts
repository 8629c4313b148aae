import { createCluster } from '../../../src/pulumi/clusters/create-cluster';
import { parseStackConfig } from '../../../src/pulumi/config';
import { runProgram } from '../../../src/pulumi/program';
import { fakeSynthesize } from '../support/fixtures';
import { runStack, setupMocks } from '../support/pulumi-mocks';

const CLOUD_SDK = /node_modules\/@pulumi\/(aws|eks|gcp|azure-native)\//;
const loadedCloudModules = (): string[] => Object.keys(require.cache).filter((file) => CLOUD_SDK.test(file));
const oauth = JSON.stringify({ 'api-gateway-oauth': { GITHUB_CLIENT_SECRET: 'from-config' } });
const configOf = (values: Record<string, string>) =>
  parseStackConfig(
    { get: (key) => ({ secrets: oauth, ...values })[key], isSecret: () => true },
    { environments: ['local', 'staging', 'production'], releaseName: 'delinkcious' },
  );

describe('createCluster', () => {
  // Order matters: this test must run before anything in this file loads a cloud component.
  it('builds a whole minikube stack without loading any cloud SDK', async () => {
    await setupMocks({ environment: 'local' });
    await runStack(() =>
      runProgram({
        readConfig: () => configOf({ environment: 'local' }),
        synthesize: fakeSynthesize,
        projectRoot: '/',
      }),
    );
    expect(Object.keys(require.cache).some((file) => file.includes('node_modules/@pulumi/kubernetes/'))).toBe(
      true,
    );
    expect(loadedCloudModules()).toEqual([]);
  });

  it('loads only the SDK of the chosen cloud', async () => {
    await setupMocks();
    const config = configOf({
      environment: 'production',
      'cluster.kind': 'gke',
      'gke.project': 'p',
      'gke.region': 'r',
    });
    await runStack(() => createCluster('cluster', config.cluster, { storageClass: 'standard-rwo' }));
    const packages = new Set(loadedCloudModules().map((file) => CLOUD_SDK.exec(file)?.[1]));
    expect([...packages]).toEqual(['gcp']);
  });

  it('returns the component of each kind', async () => {
    const kinds: Record<string, Record<string, string>> = {
      minikube: {},
      eks: { 'eks.region': 'eu-west-1' },
      aks: { 'aks.location': 'westeurope' },
    };
    for (const [kind, values] of Object.entries(kinds)) {
      await setupMocks();
      const config = configOf({ environment: 'staging', 'cluster.kind': kind, ...values });
      await runStack(() => {
        const cluster = createCluster('cluster', config.cluster, { storageClass: 'gp3' });
        expect(cluster.kind).toBe(kind);
        return {};
      });
    }
  });

  it('names the missing optional packages when a cloud SDK was not installed', () => {
    jest.isolateModules(() => {
      jest.doMock('../../../src/pulumi/clusters/aks-cluster', () => {
        throw Object.assign(new Error("Cannot find module '@pulumi/azure-native/provider'"), {
          code: 'MODULE_NOT_FOUND',
        });
      });
      const isolated = jest.requireActual<typeof import('../../../src/pulumi/clusters/create-cluster')>(
        '../../../src/pulumi/clusters/create-cluster',
      );
      const config = configOf({
        environment: 'staging',
        'cluster.kind': 'aks',
        'aks.location': 'westeurope',
      });
      expect(() => isolated.createCluster('cluster', config.cluster, { storageClass: 'default' })).toThrow(
        'shipshape:cluster.kind is aks, which needs the npm packages @pulumi/azure-native; they are not installed ' +
          "(optional peer dependencies of shipshape): npm install @pulumi/azure-native (Cannot find module '@pulumi/azure-native/provider')",
      );
    });
  });
});
