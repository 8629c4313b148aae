import { environmentNames, profileFor, profiles } from '../../../src/delinkcious/environments';
import { GIT_REPOSITORY } from '../../../src/delinkcious/environments/_shared';

describe('environment profiles', () => {
  test('are local, staging and production, each named after its key', () => {
    // GIVEN / WHEN / THEN
    expect(environmentNames).toEqual(['local', 'staging', 'production']);
    for (const [name, p] of Object.entries(profiles)) expect(p.name).toBe(name);
  });

  test.each(environmentNames)('%s sizes replicas, HPA and PDB together', (name) => {
    // GIVEN
    const s = profiles[name].scaling;
    // WHEN / THEN
    expect(s.replicas).toBeGreaterThanOrEqual(1);
    if (s.autoscaling) expect(s.autoscaling.maxReplicas).toBeGreaterThan(s.replicas);
    if (s.maxUnavailable !== undefined) expect(s.maxUnavailable).toBeLessThan(s.replicas);
    expect(profiles[name].natsReplicas % 2).toBe(1);
  });

  test('local is one replica with plain Secrets; the cloud is HA with Vault, TLS and ServiceMonitors', () => {
    // GIVEN
    const { local, staging, production } = profiles;
    // WHEN / THEN
    expect([
      local.scaling.replicas,
      local.scaling.autoscaling,
      local.secrets.provider,
      local.gateway.clusterIssuer,
      local.storageClass,
    ]).toEqual([1, undefined, 'kubernetes', undefined, 'standard']);
    for (const p of [staging, production]) {
      expect(p.scaling.replicas).toBeGreaterThanOrEqual(2);
      expect(p.secrets.provider).toBe('external-secrets');
      expect(p.gateway.clusterIssuer).toBeDefined();
      expect(p.serviceMonitors).toBe(true);
      expect(p.natsReplicas).toBe(3);
    }
  });

  test('profileFor names the known environments when asked for another', () => {
    // GIVEN / WHEN / THEN
    expect(profileFor('staging')).toBe(profiles.staging);
    expect(() => profileFor('prod')).toThrow(
      "unknown environment 'prod': must be one of local, staging, production",
    );
  });

  test('every environment has GitOps settings for Argo CD, from the one repository constant', () => {
    // GIVEN / WHEN / THEN
    for (const p of Object.values(profiles)) {
      expect(p.gitops.repoURL).toBe(GIT_REPOSITORY);
      expect(p.gitops.targetRevision).toBe('main');
    }
    expect(profiles.staging.gitops.source).toBe('helm');
  });
});
