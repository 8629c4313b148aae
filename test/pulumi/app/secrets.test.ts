import * as k8s from '@pulumi/kubernetes';
import { AppSecrets, secretPath, setSecretCommand } from '../../../src/pulumi/app/secrets';
import { SecretValue, type SecretValues } from '../../../src/pulumi/config';
import type { DeclaredSecret } from '../../../src/synth/files';
import { systemSecrets } from '../support/fixtures';
import {
  find,
  ofType,
  providerUrn,
  runStack,
  setupMocks,
  type RecordedResource,
} from '../support/pulumi-mocks';

const values = (entries: Record<string, Record<string, string>>): SecretValues =>
  new Map(
    Object.entries(entries).map(([name, keys]) => [
      name,
      new Map(Object.entries(keys).map(([key, value]) => [key, new SecretValue(value)])),
    ]),
  );

async function deploy(
  secrets: readonly DeclaredSecret[],
  configured: SecretValues,
): Promise<RecordedResource[]> {
  const records = await setupMocks();
  await runStack(() => {
    const provider = new k8s.Provider('k8s', { kubeconfig: 'apiVersion: v1' });
    new AppSecrets('secrets', { secrets, values: configured, provider });
    return {};
  });
  return records;
}

describe('AppSecrets', () => {
  it('creates each declared Secret with exactly its names and keys, values from config or random, all secret', async () => {
    const records = await deploy(
      systemSecrets(false),
      values({ 'api-gateway-oauth': { GITHUB_CLIENT_SECRET: 'gh-secret' } }),
    );
    const component = find(records, 'shipshape:app:Secrets', 'secrets');
    const provider = find(records, 'pulumi:providers:kubernetes', 'k8s');

    const oauth = find(records, 'kubernetes:core/v1:Secret', 'secret-delinkcious-api-gateway-oauth');
    expect(oauth.inputs).toMatchObject({
      metadata: { name: 'api-gateway-oauth', namespace: 'delinkcious' },
      type: 'Opaque',
      stringData: { GITHUB_CLIENT_SECRET: 'gh-secret' },
    });
    const db = find(records, 'kubernetes:core/v1:Secret', 'secret-delinkcious-link-db');
    expect(db.inputs['stringData']).toEqual({
      POSTGRES_PASSWORD: 'random-delinkcious-link-db-POSTGRES_PASSWORD',
    });
    const password = find(
      records,
      'random:index/randomPassword:RandomPassword',
      'delinkcious-link-db-POSTGRES_PASSWORD',
    );
    expect(password.inputs).toMatchObject({ length: 32, special: false });

    for (const secret of [oauth, db]) {
      expect(secret.secretInputs).toContain('stringData');
      expect(secret.parent).toBe(component.urn);
      expect(providerUrn(secret.provider)).toBe(provider.urn);
    }
  });

  it('leaves Secrets that ExternalSecrets materialize to external-secrets', async () => {
    const records = await deploy(systemSecrets(true), values({}));
    expect(ofType(records, 'kubernetes:core/v1:Secret')).toEqual([]);
    expect(ofType(records, 'random:index/randomPassword:RandomPassword')).toEqual([]);
  });

  it('names the exact command for each missing value, and catches values nobody reads', async () => {
    await expect(deploy(systemSecrets(false), values({}))).rejects.toThrow(
      'shipshape:secrets is incomplete:\n  Secret delinkcious/api-gateway-oauth key GITHUB_CLIENT_SECRET has no value: ' +
        "pulumi config set --secret --path 'secrets.api-gateway-oauth.GITHUB_CLIENT_SECRET' <value>",
    );
    await expect(
      deploy(
        systemSecrets(false),
        values({
          'api-gateway-oauth': { GITHUB_CLIENT_SECRET: 'x', GITHUB_SECRET: 'typo' },
          'link-bd': { P: 'y' },
        }),
      ),
    ).rejects.toThrow(
      'shipshape:secrets is incomplete:\n' +
        '  shipshape:secrets.api-gateway-oauth.GITHUB_SECRET is not a key of Secret api-gateway-oauth (keys: GITHUB_CLIENT_SECRET)\n' +
        '  shipshape:secrets.link-bd is not a Secret the system reads (declared: link-db, api-gateway-oauth)',
    );
    expect(setSecretCommand('link-db', 'POSTGRES_PASSWORD')).toBe(
      "pulumi config set --secret --path 'secrets.link-db.POSTGRES_PASSWORD' <value>",
    );
  });

  it('quotes keys Pulumi would split, such as file names', () => {
    expect(secretPath('mutual-auth', 'mutual-auth.yaml')).toBe('secrets.mutual-auth["mutual-auth.yaml"]');
    expect(setSecretCommand('mutual-auth', 'mutual-auth.yaml')).toBe(
      `pulumi config set --secret --path 'secrets.mutual-auth["mutual-auth.yaml"]' <value>`,
    );
  });
});
