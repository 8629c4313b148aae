import { argoRolloutsValues, trafficRouterPluginsOf } from '../../../src/pulumi/platform/argo-rollouts';
import { PLATFORM_PINS } from '../../../src/pulumi/platform/pins';
import type { KubeObject } from '../../../src/synth/files';
import { localProfile } from '../support/fixtures';
import { find } from '../support/pulumi-mocks';
import { deploy, minikube, noVault, RELEASE, releases, selfSigned } from '../support/platform';

describe('Platform with Argo Rollouts (a system with deliveries)', () => {
  it('installs the pinned argo-rollouts chart for deliveries, which Rollouts and AnalysisTemplates wait for', async () => {
    // GIVEN a platform for a system with a delivery WHEN deployed
    const { records, platform } = await deploy({
      profile: localProfile,
      capabilities: minikube,
      tls: selfSigned,
      vault: noVault,
      argoRollouts: 'install',
    });
    // THEN argo-rollouts 2.41.0 with its CRDs, the controller raised to v1.10.2, no dashboard; the Argo CD group stays free
    expect(releases(records).find((r) => r.name === 'argo-rollouts')).toEqual({
      name: 'argo-rollouts',
      chart: 'argo-rollouts',
      version: '2.41.0',
      repo: 'https://argoproj.github.io/argo-helm',
      namespace: 'argo-rollouts',
      createNamespace: true,
    });
    expect(find(records, RELEASE, 'platform-argo-rollouts').inputs['values']).toEqual({
      installCRDs: true,
      dashboard: { enabled: false },
      controller: { image: { tag: 'v1.10.2' } },
    });
    expect(platform.operators['argoproj.io/Rollout']).toEqual([platform.releases.argoRollouts]);
    expect(platform.operators['argoproj.io/AnalysisTemplate']).toEqual([platform.releases.argoRollouts]);
    expect(platform.operators['argoproj.io']).toBeUndefined();
  });

  it("configures the Gateway API plugin the Rollouts route with in the chart's argo-rollouts-config", async () => {
    // GIVEN / WHEN a platform for Rollouts that route by Gateway API weights
    const { records } = await deploy({
      profile: localProfile,
      capabilities: minikube,
      tls: selfSigned,
      vault: noVault,
      argoRollouts: 'install',
      trafficRouterPlugins: ['argoproj-labs/gatewayAPI'],
    });
    // THEN the controller downloads the pinned release of the plugin when it starts
    expect(find(records, RELEASE, 'platform-argo-rollouts').inputs['values']).toEqual({
      installCRDs: true,
      dashboard: { enabled: false },
      controller: {
        image: { tag: 'v1.10.2' },
        trafficRouterPlugins: [
          {
            name: 'argoproj-labs/gatewayAPI',
            location:
              'https://github.com/argoproj-labs/rollouts-plugin-trafficrouter-gatewayapi/releases/download/v0.15.0/gatewayapi-plugin-linux-amd64',
          },
        ],
      },
    });
  });

  it('installs no Argo Rollouts where the cluster runs it: its objects wait for nothing', async () => {
    // GIVEN / WHEN a platform on a cluster with the controller
    const { records, platform } = await deploy({
      profile: localProfile,
      capabilities: minikube,
      tls: selfSigned,
      vault: noVault,
      argoRollouts: 'present',
    });
    // THEN no release, and Rollouts have no operator to wait for
    expect(releases(records).map((r) => r.chart)).not.toContain('argo-rollouts');
    expect(platform.operators['argoproj.io/Rollout']).toEqual([]);
  });
});

const GATEWAY_API_PLUGIN = 'argoproj-labs/gatewayAPI';
const plugins = {
  [GATEWAY_API_PLUGIN]: {
    version: 'v0.15.0',
    location: 'https://example.com/gatewayapi-plugin-linux-amd64',
    sha256: undefined,
    support: '-',
  },
};

describe('trafficRouterPluginsOf', () => {
  it('names the plugins the canaries route with, once each, and nothing for canaries by replicas', () => {
    // GIVEN two routed Rollouts, one by replicas, and a Deployment
    const rollout = (name: string, trafficRouting?: unknown): KubeObject =>
      ({
        apiVersion: 'argoproj.io/v1alpha1',
        kind: 'Rollout',
        metadata: { name },
        spec: { strategy: { canary: { ...(trafficRouting !== undefined && { trafficRouting }) } } },
      }) as KubeObject;
    const objects = [
      rollout('a', { plugins: { [GATEWAY_API_PLUGIN]: {} } }),
      rollout('b', { plugins: { [GATEWAY_API_PLUGIN]: {} } }),
      rollout('c'),
      { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'd' } } as KubeObject,
    ];
    // WHEN / THEN
    expect(trafficRouterPluginsOf(objects)).toEqual([GATEWAY_API_PLUGIN]);
    expect(trafficRouterPluginsOf(objects.slice(2))).toEqual([]);
  });
});

describe('argoRolloutsValues', () => {
  it('configures a used plugin by its pinned release, with its sha256 only where one is pinned', () => {
    // GIVEN / WHEN / THEN no plugin: the chart's ConfigMap lists none
    expect(argoRolloutsValues('v1.10.2', [], plugins)).toEqual({
      installCRDs: true,
      dashboard: { enabled: false },
      controller: { image: { tag: 'v1.10.2' } },
    });
    // AND the Gateway API plugin by its location (no checksum is pinned)
    expect(argoRolloutsValues('v1.10.2', [GATEWAY_API_PLUGIN], plugins)['controller']).toEqual({
      image: { tag: 'v1.10.2' },
      trafficRouterPlugins: [
        { name: GATEWAY_API_PLUGIN, location: 'https://example.com/gatewayapi-plugin-linux-amd64' },
      ],
    });
    // AND with its checksum where one is
    const pinned = { [GATEWAY_API_PLUGIN]: { ...plugins[GATEWAY_API_PLUGIN], sha256: 'ab'.repeat(32) } };
    expect(argoRolloutsValues('v1.10.2', [GATEWAY_API_PLUGIN], pinned)['controller']).toEqual({
      image: { tag: 'v1.10.2' },
      trafficRouterPlugins: [
        {
          name: GATEWAY_API_PLUGIN,
          location: 'https://example.com/gatewayapi-plugin-linux-amd64',
          sha256: 'ab'.repeat(32),
        },
      ],
    });
  });

  it('refuses a plugin shipshape pins no release of', () => {
    expect(() => argoRolloutsValues('v1.10.2', ['example/nginx'], plugins)).toThrow(
      "Rollouts use the traffic router plugin 'example/nginx', which shipshape pins no release of (pinned: argoproj-labs/gatewayAPI)",
    );
  });

  it("pins the Gateway API plugin's v0.15.0 release binary in every pin set, with no invented checksum", () => {
    for (const set of PLATFORM_PINS) {
      const pin = set.trafficRouterPlugins[GATEWAY_API_PLUGIN];
      expect(pin?.location).toBe(
        'https://github.com/argoproj-labs/rollouts-plugin-trafficrouter-gatewayapi/releases/download/v0.15.0/gatewayapi-plugin-linux-amd64',
      );
      expect(pin?.sha256 === undefined || /^[0-9a-f]{64}$/.test(pin.sha256)).toBe(true);
    }
  });
});
