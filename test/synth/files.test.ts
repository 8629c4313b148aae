import { EnvFrom, Microservice, Protocol, Secret, StatefulService } from '../../constructs';
import { declaredSecrets, NAMESPACE_FILE, synthesizeFiles, SYSTEM_FILE } from '../../src/synth/files';
import { newSystem } from '../constructs/_helpers';

describe('synthesizeFiles', () => {
  test('writes the namespace first, then the system policies, then one file per top-level construct in name order', () => {
    // GIVEN
    const { system } = newSystem();
    new Secret(system, 'creds', { keys: ['K'] });
    const db = new StatefulService(system, 'db', {
      image: 'redis:7.2.4-alpine',
      ports: [{ name: 'redis', port: 6379, protocol: Protocol.TCP }],
      storage: { size: '1Gi', mountPath: '/data' },
    });
    new Microservice(system, 'api', {
      image: 'nginx:1.25.3',
      ports: [{ name: 'http', port: 8080 }],
      dependencies: [{ target: db }],
    });
    // WHEN
    const files = synthesizeFiles(system);
    // THEN
    expect(files.map((f) => [f.name, f.objects.map((o) => o.kind)])).toEqual([
      [NAMESPACE_FILE, ['Namespace']],
      [SYSTEM_FILE, ['NetworkPolicy', 'NetworkPolicy']],
      ['api.yaml', ['ServiceAccount', 'NetworkPolicy', 'Deployment', 'Service']],
      ['db.yaml', ['ServiceAccount', 'NetworkPolicy', 'Service', 'StatefulSet']],
    ]);
  });

  test('refuses a construct id that cannot name a file', () => {
    // GIVEN
    const { system } = newSystem();
    new Microservice(system, 'API Server', {
      name: 'api',
      image: 'nginx:1.25.3',
      ports: [{ name: 'http', port: 8080 }],
    });
    // WHEN / THEN
    expect(() => synthesizeFiles(system)).toThrow(
      "Delinkcious/API Server: 'id' must use lowercase letters, digits, '.' and '-': it names an output file (got 'API Server')",
    );
  });
});

describe('outputs that collide (issue 18)', () => {
  test.each(['00-namespace', '01-network-policies'])(
    'refuses a top-level construct whose file would be the System file %s.yaml',
    (id) => {
      // GIVEN a workload whose id names the file of the Namespace or of the System's policies
      const { system } = newSystem();
      new Microservice(system, id, {
        name: 'web',
        image: 'nginx:1.25.3',
        ports: [{ name: 'http', port: 80 }],
      });
      // WHEN / THEN it is refused instead of overwriting (or being overwritten by) that file
      expect(() => synthesizeFiles(system)).toThrow(
        `Delinkcious/${id}: 'id' must not name the System's own file ${id}.yaml (got '${id}'). Choose another id`,
      );
    },
  );
});

describe('declaredSecrets', () => {
  test('declaredSecrets reads the System', () => {
    // GIVEN
    const { system } = newSystem();
    new Secret(system, 'a', { keys: ['X', 'Y'], generatedKeys: ['Y'] });
    // WHEN / THEN
    expect(declaredSecrets(system)).toEqual([
      {
        name: 'a',
        namespace: 'delinkcious',
        keys: [
          { key: 'X', generate: false },
          { key: 'Y', generate: true },
        ],
        external: false,
      },
    ]);
  });
});

describe('secrets read through envFrom (issue 18)', () => {
  test('a Secret read only through envFrom is a declared Secret: shipshape secrets and Pulumi create it', () => {
    // GIVEN a Secret no env var reads one key at a time, only envFrom
    const { system } = newSystem();
    const db = new Secret(system, 'db', { keys: ['USER', 'PASSWORD'], generatedKeys: ['PASSWORD'] });
    new Microservice(system, 'api', {
      image: 'nginx:1.25.3',
      ports: [{ name: 'http', port: 8080 }],
      envFrom: [EnvFrom.secret(db)],
    });
    // WHEN / THEN the deployers see it with its keys, and the manifests hold no Secret object
    expect(declaredSecrets(system)).toEqual([
      {
        name: 'db',
        namespace: 'delinkcious',
        keys: [
          { key: 'USER', generate: false },
          { key: 'PASSWORD', generate: true },
        ],
        external: false,
      },
    ]);
    expect(
      synthesizeFiles(system)
        .flatMap((f) => f.objects)
        .filter((o) => o.kind === 'Secret'),
    ).toEqual([]);
  });
});
