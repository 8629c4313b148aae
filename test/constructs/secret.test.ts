import { Node } from 'constructs';
import { Secret, SecretStore } from '../../constructs';
import { errorOf, newSystem, ofKind, synth } from './_helpers';

describe('Secret', () => {
  test('declares names and keys only: no Secret object is synthesized', () => {
    // GIVEN
    const { system } = newSystem();
    // WHEN
    const s = new Secret(system, 'link-db-credentials', {
      keys: ['POSTGRES_USER', 'POSTGRES_PASSWORD'],
      generatedKeys: ['POSTGRES_PASSWORD'],
    });
    const objects = synth(system);
    // THEN
    expect(ofKind(objects, 'Secret')).toEqual([]);
    expect(ofKind(objects, 'ExternalSecret')).toEqual([]);
    expect([s.name, s.keys, s.generatedKeys, s.external]).toEqual([
      'link-db-credentials',
      ['POSTGRES_USER', 'POSTGRES_PASSWORD'],
      ['POSTGRES_PASSWORD'],
      false,
    ]);
    expect(system.secrets).toEqual([s]);
  });

  test('with an external store of the System it emits an ExternalSecret per secret', () => {
    // GIVEN
    const { system } = newSystem({
      externalSecrets: {
        store: SecretStore.cluster('vault'),
        remotePrefix: 'delinkcious/production/',
        refreshInterval: '15m',
      },
    });
    // WHEN
    new Secret(system, 'github-oauth', { keys: ['GITHUB_CLIENT_ID', 'GITHUB_CLIENT_SECRET'] });
    const objects = synth(system);
    // THEN
    expect(ofKind(objects, 'ExternalSecret')).toMatchSnapshot();
    expect(ofKind(objects, 'ExternalSecret')[0].spec).toEqual({
      refreshInterval: '15m',
      secretStoreRef: { kind: 'ClusterSecretStore', name: 'vault' },
      target: { name: 'github-oauth', creationPolicy: 'Owner' },
      data: [
        {
          secretKey: 'GITHUB_CLIENT_ID',
          remoteRef: {
            key: 'delinkcious/production/github-oauth',
            property: 'GITHUB_CLIENT_ID',
            // the CRD's defaults, written out: the list is atomic for kubectl's merge patch
            conversionStrategy: 'Default',
            decodingStrategy: 'None',
            metadataPolicy: 'None',
          },
        },
        {
          secretKey: 'GITHUB_CLIENT_SECRET',
          remoteRef: {
            key: 'delinkcious/production/github-oauth',
            property: 'GITHUB_CLIENT_SECRET',
            // the CRD's defaults, written out: the list is atomic for kubectl's merge patch
            conversionStrategy: 'Default',
            decodingStrategy: 'None',
            metadataPolicy: 'None',
          },
        },
      ],
    });
  });

  test('a secret can opt out of the System store or use its own namespaced store', () => {
    // GIVEN
    const { system } = newSystem({
      externalSecrets: { store: SecretStore.cluster('vault'), remotePrefix: 'p' },
    });
    // WHEN
    const local = new Secret(system, 'local', { keys: ['K'], external: false });
    new Secret(system, 'other', {
      keys: ['K'],
      external: { store: SecretStore.namespaced('aws'), remotePrefix: 'x' },
    });
    const es = ofKind(synth(system), 'ExternalSecret');
    // THEN
    expect(local.external).toBe(false);
    expect(es.map((o) => [o.metadata.name, o.spec.secretStoreRef])).toEqual([
      ['other', { kind: 'SecretStore', name: 'aws' }],
    ]);
  });

  test.each([
    [{ keys: [] }, "Delinkcious/s: 'keys' must declare at least one key (got [])"],
    [
      { keys: ['a b'] },
      "Delinkcious/s: 'keys[0]' must consist of letters, digits, '-', '_' or '.' (got 'a b')",
    ],
    [{ keys: ['A', 'A'] }, "Delinkcious/s: 'keys' must not repeat a key (got 'A')"],
    [
      { keys: ['A'], generatedKeys: ['B'] },
      "Delinkcious/s: 'generatedKeys[0]' must name declared keys (A) (got 'B')",
    ],
    [
      { keys: ['A'], name: 'Bad_Name' },
      "Delinkcious/s: 'name' must be a DNS-1123 subdomain (got 'Bad_Name')",
    ],
    [
      {
        keys: ['A'],
        external: { store: SecretStore.cluster('vault'), remotePrefix: 'p', refreshInterval: '1 hour' },
      },
      "Delinkcious/s: 'external.refreshInterval' must be a Go duration such as '30s', '5m' or '1h' (got '1 hour')",
    ],
  ])('refuses %j', (props, message) => {
    // GIVEN
    const { system } = newSystem();
    // WHEN / THEN
    expect(errorOf(() => new Secret(system, 's', props))).toBe(message);
  });
});

describe('cdk8s conventions (issue 18)', () => {
  test('Node.of(secret).defaultChild is its ExternalSecret, when one materializes it', () => {
    // GIVEN / WHEN
    const { system } = newSystem();
    const plain = new Secret(system, 'plain', { keys: ['K'] });
    const external = new Secret(system, 'ext', {
      keys: ['K'],
      external: { store: SecretStore.cluster('vault'), remotePrefix: 'shop' },
    });
    // THEN
    expect(Node.of(plain).defaultChild).toBeUndefined();
    expect(Node.of(external).defaultChild).toBe(external.externalSecret);
  });
});
