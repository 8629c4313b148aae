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
