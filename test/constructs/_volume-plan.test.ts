import { Microservice, Protocol, Secret, StatefulService, type MicroserviceProps } from '../../constructs';
import { validateObjects } from '../../src/validate';
import { errorOf, find, newSystem, synth } from './_helpers';

// Issue 18, "file and path mapping": a Secret key mounted under another file name, subPath mounts, and
// ephemeral-storage requests and limits.

const web: MicroserviceProps = { image: 'nginx:1.25.3', ports: [{ name: 'http', port: 8080 }] };

describe('Secret key to file mapping', () => {
  test('mounts key privateKey as signing.key, and only that key', () => {
    // GIVEN
    const { system } = newSystem();
    const keys = new Secret(system, 'signing', { keys: ['privateKey', 'publicKey'] });
    new Microservice(system, 'web', {
      ...web,
      secretMounts: [
        { secret: keys, mountPath: '/etc/signing', items: [{ key: 'privateKey', path: 'signing.key' }] },
      ],
    });
    // WHEN
    const objects = synth(system);
    const pod = find(objects, 'Deployment', 'web').spec.template.spec;
    // THEN
    expect(pod.volumes.find((v: any) => v.secret)).toEqual({
      name: 'secret-signing',
      secret: {
        secretName: 'signing',
        defaultMode: 0o440,
        items: [{ key: 'privateKey', path: 'signing.key' }],
      },
    });
    expect(validateObjects(objects.map((object) => ({ object })))).toEqual([]);
  });

  test.each<[string, object, string]>([
    [
      'an unknown key',
      { items: [{ key: 'nope', path: 'x' }] },
      "Delinkcious/web: 'secretMounts[0].items[0].key' must be a key declared by secret 'signing' (privateKey, publicKey) (got 'nope')",
    ],
    [
      'an absolute path',
      { items: [{ key: 'privateKey', path: '/x' }] },
      "Delinkcious/web: 'secretMounts[0].items[0].path' must be a relative file path without '..' (got '/x')",
    ],
    [
      'a path that climbs out',
      { items: [{ key: 'privateKey', path: 'a/../../x' }] },
      "Delinkcious/web: 'secretMounts[0].items[0].path' must be a relative file path without '..' (got 'a/../../x')",
    ],
    [
      'two keys to one file',
      {
        items: [
          { key: 'privateKey', path: 'k' },
          { key: 'publicKey', path: 'k' },
        ],
      },
      "Delinkcious/web: 'secretMounts[0].items[1].path' must not repeat the path of 'secretMounts[0].items[0]' (got 'k')",
    ],
    [
      'items with keys',
      { keys: ['privateKey'], items: [{ key: 'privateKey', path: 'k' }] },
      'Delinkcious/web: \'secretMounts[0].items\' must not be set with \'keys\': items lists the keys mounted (got [{"key":"privateKey","path":"k"}])',
    ],
  ])('refuses %s', (_, extra, message) => {
    // GIVEN / WHEN / THEN
    const { system } = newSystem();
    const keys = new Secret(system, 'signing', { keys: ['privateKey', 'publicKey'] });
    expect(
      errorOf(
        () =>
          new Microservice(system, 'web', {
            ...web,
            secretMounts: [{ secret: keys, mountPath: '/etc/s', ...extra }],
          }),
      ),
    ).toBe(message);
  });
});

describe('subPath mounts', () => {
  test("a database's data directory below its volume root", () => {
    // GIVEN postgres, whose initdb refuses a volume root holding lost+found
    const { system } = newSystem();
    new StatefulService(system, 'db', {
      image: 'postgres:16.2',
      ports: [{ name: 'pg', port: 5432, protocol: Protocol.TCP }],
      storage: { size: '1Gi', mountPath: '/var/lib/postgresql/data', subPath: 'pgdata' },
    });
    // WHEN
    const c = find(synth(system), 'StatefulSet', 'db').spec.template.spec.containers[0];
    // THEN
    expect(c.volumeMounts).toContainEqual({
      name: 'data',
      mountPath: '/var/lib/postgresql/data',
      subPath: 'pgdata',
    });
  });

  test('one Secret key as one file in a directory the image already has', () => {
    // GIVEN a key mounted as /etc/nginx/conf.d/tls.key, the rest of conf.d kept
    const { system } = newSystem();
    const tls = new Secret(system, 'tls', { keys: ['tls.key', 'tls.crt'] });
    new Microservice(system, 'web', {
      ...web,
      secretMounts: [{ secret: tls, mountPath: '/etc/nginx/conf.d/tls.key', subPath: 'tls.key' }],
    });
    // WHEN
    const c = find(synth(system), 'Deployment', 'web').spec.template.spec.containers[0];
    // THEN
    expect(c.volumeMounts).toContainEqual({
      name: 'secret-tls',
      mountPath: '/etc/nginx/conf.d/tls.key',
      readOnly: true,
      subPath: 'tls.key',
    });
  });

  test.each<[string, string, string]>([
    [
      'an absolute subPath',
      '/pgdata',
      "Delinkcious/db: 'storage.subPath' must be a relative path without '..' (got '/pgdata')",
    ],
    [
      'a subPath that climbs out',
      '../x',
      "Delinkcious/db: 'storage.subPath' must be a relative path without '..' (got '../x')",
    ],
  ])('refuses %s', (_, subPath, message) => {
    // GIVEN / WHEN / THEN
    const { system } = newSystem();
    expect(
      errorOf(
        () =>
          new StatefulService(system, 'db', {
            image: 'postgres:16.2',
            ports: [{ name: 'pg', port: 5432, protocol: Protocol.TCP }],
            storage: { size: '1Gi', mountPath: '/data', subPath },
          }),
      ),
    ).toBe(message);
  });

  test('refuses a secret subPath that is no mounted file', () => {
    // GIVEN / WHEN / THEN
    const { system } = newSystem();
    const tls = new Secret(system, 'tls', { keys: ['tls.key'] });
    expect(
      errorOf(
        () =>
          new Microservice(system, 'web', {
            ...web,
            secretMounts: [{ secret: tls, mountPath: '/etc/k', subPath: 'nope' }],
          }),
      ),
    ).toBe("Delinkcious/web: 'secretMounts[0].subPath' must name a file of the mount (tls.key) (got 'nope')");
  });
});

describe('ephemeral-storage', () => {
  test('requests and limits are rendered beside cpu and memory', () => {
    // GIVEN
    const { system } = newSystem();
    new Microservice(system, 'web', {
      ...web,
      resources: { ephemeralStorage: { request: '1Gi', limit: '2Gi' } },
    });
    // WHEN
    const c = find(synth(system), 'Deployment', 'web').spec.template.spec.containers[0];
    // THEN
    expect(c.resources).toEqual({
      requests: { cpu: '100m', memory: '128Mi', 'ephemeral-storage': '1Gi' },
      limits: { cpu: '500m', memory: '256Mi', 'ephemeral-storage': '2Gi' },
    });
  });

  test('a request over its limit is refused like cpu and memory', () => {
    // GIVEN / WHEN / THEN
    const { system } = newSystem();
    expect(
      errorOf(
        () =>
          new Microservice(system, 'web', {
            ...web,
            resources: { ephemeralStorage: { request: '3Gi', limit: '2Gi' } },
          }),
      ),
    ).toBe(
      "Delinkcious/web: 'resources.ephemeralStorage.request' must not exceed 'resources.ephemeralStorage.limit' (2Gi) (got '3Gi')",
    );
  });
});
