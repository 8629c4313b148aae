import { parseValueFile, planSecrets, randomPassword, secretObject } from '../../src/cli/secrets-plan';
import type { DeclaredSecret } from '../../src/synth/files';

const db: DeclaredSecret = {
  name: 'db-credentials',
  namespace: 'shop',
  keys: [
    { key: 'POSTGRES_USER', generate: false },
    { key: 'POSTGRES_PASSWORD', generate: true },
  ],
  external: false,
};
const oauth: DeclaredSecret = {
  name: 'oauth',
  namespace: 'shop',
  keys: [{ key: 'ID', generate: false }],
  external: true,
};
const values = (o: Record<string, Record<string, string>>) => parseValueFile(o, 'v.yaml').values;
const counter = () => {
  let n = 0;
  return () => `gen${++n}`;
};

describe('planSecrets', () => {
  test('creates absent Secrets: values from the file, generated keys random, external ones left alone', () => {
    // GIVEN / WHEN
    const { plans, problems } = planSecrets(
      [db, oauth],
      values({ 'db-credentials': { POSTGRES_USER: 'app' } }),
      new Map(),
      counter(),
    );
    // THEN
    expect(problems).toEqual([]);
    expect(plans).toEqual([
      {
        name: 'db-credentials',
        namespace: 'shop',
        action: 'create',
        data: { POSTGRES_USER: 'app', POSTGRES_PASSWORD: 'gen1' },
        generated: ['POSTGRES_PASSWORD'],
        fromFile: ['POSTGRES_USER'],
      },
    ]);
  });

  test('keeps existing values (never rotates a generated password) and is unchanged on a re-run', () => {
    // GIVEN the Secret as a first run left it
    const existing = new Map([['db-credentials', { POSTGRES_USER: 'app', POSTGRES_PASSWORD: 'kept' }]]);
    // WHEN planned again with the same file
    const { plans } = planSecrets(
      [db],
      values({ 'db-credentials': { POSTGRES_USER: 'app' } }),
      existing,
      counter(),
    );
    // THEN
    expect(plans[0]).toMatchObject({
      action: 'unchanged',
      data: { POSTGRES_PASSWORD: 'kept' },
      generated: [],
    });
  });

  test('updates only what the file changes', () => {
    // GIVEN / WHEN
    const existing = new Map([['db-credentials', { POSTGRES_USER: 'app', POSTGRES_PASSWORD: 'old' }]]);
    const { plans } = planSecrets([db], values({ 'db-credentials': { POSTGRES_PASSWORD: 'new' } }), existing);
    // THEN
    expect(plans[0]).toMatchObject({
      action: 'update',
      data: { POSTGRES_USER: 'app', POSTGRES_PASSWORD: 'new' },
      fromFile: ['POSTGRES_PASSWORD'],
    });
  });

  test('reports every problem at once: missing values, unknown Secrets and keys, external Secrets', () => {
    // GIVEN / WHEN
    const { problems } = planSecrets(
      [db, oauth],
      values({ 'db-credential': { A: 'x' }, 'db-credentials': { PASSWORD: 'x' }, oauth: { ID: 'x' } }),
      new Map(),
      counter(),
    );
    // THEN
    expect(problems).toEqual([
      'db-credential is not a Secret the manifests read (declared: db-credentials, oauth)',
      'db-credentials.PASSWORD is not a key of Secret db-credentials (keys: POSTGRES_USER, POSTGRES_PASSWORD)',
      'oauth comes from an ExternalSecret in this environment: put its values in the secret store',
      'db-credentials.POSTGRES_USER has no value: add it to the values file (db-credentials: { POSTGRES_USER: ... })',
    ]);
  });
});

describe('parseValueFile', () => {
  test('refuses non-string values and shapes other than { secret: { KEY: value } }', () => {
    // GIVEN / WHEN / THEN
    expect(parseValueFile({ a: { K: 42 }, b: ['x'] }, 'v.yaml').problems).toEqual([
      'v.yaml: a.K must be a string (got number)',
      'v.yaml: b must map keys to string values (got a list)',
    ]);
    expect(parseValueFile('text', 'v.yaml').problems).toEqual([
      'v.yaml: must map Secret names to { KEY: value } (got string)',
    ]);
    expect(parseValueFile(null, 'v.yaml')).toEqual({ values: new Map(), problems: [] });
  });
});

describe('randomPassword / secretObject', () => {
  test('passwords are 32 letters and digits, and differ', () => {
    // GIVEN / WHEN
    const a = randomPassword();
    const b = randomPassword();
    // THEN
    expect(a).toMatch(/^[A-Za-z0-9]{32}$/);
    expect(a).not.toBe(b);
  });

  test('the applied object carries base64 data with sorted keys', () => {
    // GIVEN / WHEN
    const obj = secretObject({
      name: 's',
      namespace: 'n',
      action: 'create',
      data: { B: 'é', A: 'x' },
      generated: [],
      fromFile: [],
    });
    // THEN
    expect(obj).toEqual({
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: {
        name: 's',
        namespace: 'n',
        labels: { 'app.kubernetes.io/managed-by': 'shipshape-secrets' },
      },
      type: 'Opaque',
      data: { A: 'eA==', B: 'w6k=' },
    });
    expect(Object.keys(obj['data'] as object)).toEqual(['A', 'B']);
  });
});
