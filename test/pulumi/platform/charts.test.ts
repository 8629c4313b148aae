import {
  DEV_VAULT_ADDRESS,
  PLATFORM_NAMESPACES,
  SERVED_API_VERSIONS,
} from '../../../src/pulumi/platform/charts';
import { schemaTable } from '../../../src/validate/schema-table';

describe('SERVED_API_VERSIONS', () => {
  it('serves the Argo CD and Gateway API versions the validator knows', () => {
    // GIVEN the validator's table WHEN compared THEN the served versions agree
    for (const group of ['argoproj.io', 'gateway.networking.k8s.io'])
      expect(SERVED_API_VERSIONS[group]).toEqual(
        Object.keys(schemaTable().kinds).filter((v) => v.startsWith(`${group}/`) && !v.endsWith('beta1')),
      );
  });

  it('places the dev Vault where its in-cluster address points', () => {
    expect(DEV_VAULT_ADDRESS).toBe(`http://vault.${PLATFORM_NAMESPACES.vault}.svc:8200`);
  });
});
