import { vaultSecretStore } from '../../../src/pulumi/platform/secret-store';

describe('vaultSecretStore', () => {
  const base = {
    name: 'vault',
    server: 'https://vault.example.com:8200',
    path: 'secret',
    role: 'external-secrets',
    serviceAccount: { name: 'external-secrets', namespace: 'external-secrets' },
  };

  it('is an external-secrets.io/v1 store on Vault KV v2 with Kubernetes auth by default', () => {
    expect(vaultSecretStore(base)).toEqual({
      apiVersion: 'external-secrets.io/v1',
      kind: 'ClusterSecretStore',
      metadata: { name: 'vault' },
      spec: {
        provider: {
          vault: {
            server: 'https://vault.example.com:8200',
            path: 'secret',
            version: 'v2',
            auth: {
              kubernetes: {
                mountPath: 'kubernetes',
                role: 'external-secrets',
                serviceAccountRef: { name: 'external-secrets', namespace: 'external-secrets' },
              },
            },
          },
        },
      },
    });
  });

  it('uses token auth when given the token Secret', () => {
    const tokenSecret = { name: 'vault-token', namespace: 'external-secrets', key: 'token' };
    expect(vaultSecretStore({ ...base, tokenSecret }).spec.provider.vault.auth).toEqual({
      tokenSecretRef: tokenSecret,
    });
  });
});
