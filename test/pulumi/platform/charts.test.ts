import { CHARTS, DEV_VAULT_ADDRESS, PLATFORM_NAMESPACES } from '../../../src/pulumi/platform/charts';

describe('CHARTS', () => {
  it('pins every platform chart to an exact version from an https repository', () => {
    expect(Object.keys(CHARTS).sort()).toEqual([
      'certManager',
      'externalSecrets',
      'ingressNginx',
      'kubePrometheusStack',
      'metricsServer',
      'vault',
    ]);
    for (const pin of Object.values(CHARTS)) {
      expect(pin.version).toMatch(/^v?\d+\.\d+\.\d+$/);
      expect(pin.repo).toMatch(/^https:\/\/[^\s]+$/);
    }
  });

  it('places the dev Vault where its in-cluster address points', () => {
    expect(DEV_VAULT_ADDRESS).toBe(`http://vault.${PLATFORM_NAMESPACES.vault}.svc:8200`);
  });
});
