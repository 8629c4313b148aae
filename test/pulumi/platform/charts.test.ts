import {
  ARGO_CD_VERSION,
  CHARTS,
  DEV_VAULT_ADDRESS,
  PLATFORM_NAMESPACES,
  SERVED_API_VERSIONS,
} from '../../../src/pulumi/platform/charts';
import { schemaTable } from '../../../src/validate/schema-table';

describe('CHARTS', () => {
  it('pins every platform chart to an exact version from an https repository', () => {
    expect(Object.keys(CHARTS).sort()).toEqual([
      'argoCd',
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

  it('runs the Argo CD 2.14 line whose CRDs the validator knows, serving the version it validates', () => {
    // GIVEN the pin WHEN compared with the validator's Argo CD table THEN the chart line, release and API agree
    expect(CHARTS.argoCd).toEqual({
      chart: 'argo-cd',
      version: '7.9.1',
      repo: 'https://argoproj.github.io/argo-helm',
    });
    expect(ARGO_CD_VERSION).toMatch(/^v2\.14\.\d+$/);
    expect(SERVED_API_VERSIONS['argoproj.io']).toEqual(
      Object.keys(schemaTable().kinds).filter((v) => v.startsWith('argoproj.io/')),
    );
  });

  it('places the dev Vault where its in-cluster address points', () => {
    expect(DEV_VAULT_ADDRESS).toBe(`http://vault.${PLATFORM_NAMESPACES.vault}.svc:8200`);
  });
});
