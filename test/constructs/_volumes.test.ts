import { Microservice, Secret, StatefulService, type MicroserviceProps } from '../../constructs';
import { _label, _nameVolumes, _slug } from '../../constructs/_volumes';
import { errorOf, find, newSystem, synth } from './_helpers';

// Class 6 of issue 11: distinct declarations never collide on a volume name.

const base: MicroserviceProps = { image: 'nginx:1.25.3', ports: [{ name: 'http', port: 8080 }] };

/** Volume names and mount paths of the main container of `kind/name`. */
function mounts(system: Parameters<typeof synth>[0], kind: string, name: string): [string, string][] {
  const pod = find(synth(system), kind, name).spec.template.spec;
  return pod.containers[0].volumeMounts.map((m: { name: string; mountPath: string }) => [
    m.name,
    m.mountPath,
  ]);
}

describe('volume names', () => {
  test('keep the names synthesized so far when nothing else wants them', () => {
    // GIVEN / WHEN / THEN
    expect(_slug('/var/run/postgresql')).toBe('var-run-postgresql');
    expect(_slug('/tmp')).toBe('tmp');
    expect(_label('secret-mutual.auth')).toBe('secret-mutual-auth');
  });

  test('/var/cache and /var-cache get distinct names', () => {
    // GIVEN
    const { system } = newSystem();
    // WHEN
    new Microservice(system, 'svc', { ...base, writablePaths: ['/var/cache', '/var-cache'] });
    // THEN
    const m = mounts(system, 'Deployment', 'svc');
    expect(m.map(([, p]) => p)).toEqual(['/var/cache', '/var-cache']);
    expect(new Set(m.map(([n]) => n)).size).toBe(2);
    expect(m.every(([n]) => /^var-cache-[0-9a-f]{8}$/.test(n))).toBe(true);
  });

  test('long paths with a common prefix get distinct names of at most 63 characters', () => {
    // GIVEN
    const { system } = newSystem();
    const long = '/' + 'a'.repeat(60);
    // WHEN
    new Microservice(system, 'svc', { ...base, writablePaths: [`${long}/one`, `${long}/two`] });
    // THEN
    const names = mounts(system, 'Deployment', 'svc').map(([n]) => n);
    expect(new Set(names).size).toBe(2);
    expect(names.every((n) => n.length <= 63 && /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(n))).toBe(true);
  });

  test('a path /data beside the claim data: the claim keeps its name', () => {
    // GIVEN
    const { system } = newSystem();
    // WHEN
    new StatefulService(system, 'db', {
      ...base,
      storage: { size: '1Gi', mountPath: '/var/lib/db' },
      writablePaths: ['/data'],
    });
    // THEN
    const m = mounts(system, 'StatefulSet', 'db');
    expect(m).toContainEqual(['data', '/var/lib/db']);
    expect(m.find(([, p]) => p === '/data')?.[0]).toMatch(/^data-[0-9a-f]{8}$/);
  });

  test('a path /config beside the config volume: the config volume keeps its name', () => {
    // GIVEN
    const { system } = newSystem();
    // WHEN
    new Microservice(system, 'svc', {
      ...base,
      writablePaths: ['/config'],
      config: { files: { 'a.yaml': 'a: 1' } },
    });
    // THEN
    const m = mounts(system, 'Deployment', 'svc');
    expect(m).toContainEqual(['config', '/etc/svc']);
    expect(m.find(([, p]) => p === '/config')?.[0]).toMatch(/^config-[0-9a-f]{8}$/);
  });

  test('one Secret at two paths', () => {
    // GIVEN
    const { system } = newSystem();
    const secret = new Secret(system, 'tls', { keys: ['crt'] });
    // WHEN
    new Microservice(system, 'svc', {
      ...base,
      secretMounts: [
        { secret, mountPath: '/etc/a' },
        { secret, mountPath: '/etc/b' },
      ],
    });
    // THEN
    const names = mounts(system, 'Deployment', 'svc')
      .filter(([, p]) => p.startsWith('/etc/'))
      .map(([n]) => n);
    expect(names).toHaveLength(2);
    expect(new Set(names).size).toBe(2);
  });

  test('a shared path equal to a default writable path serves it', () => {
    // GIVEN
    const { system } = newSystem();
    // WHEN
    new Microservice(system, 'svc', { ...base, sharedPaths: ['/tmp'] });
    // THEN
    expect(mounts(system, 'Deployment', 'svc')).toEqual([['shared-tmp', '/tmp']]);
  });

  test('the same directory twice in one container is refused, naming both props', () => {
    // GIVEN
    const { system } = newSystem();
    // WHEN / THEN
    expect(
      errorOf(() => new Microservice(system, 'svc', { ...base, writablePaths: ['/tmp', '/tmp/'] })),
    ).toBe(
      "Delinkcious/svc: 'writablePaths[1]' must not mount a second volume at a path that 'writablePaths[0]' already mounts (got '/tmp/')",
    );
  });

  test('names do not depend on declaration order', () => {
    // GIVEN / WHEN
    const decl = (path: string) => ({
      prop: path,
      preferred: _slug(path),
      key: `scratch main ${path}`,
      source: { emptyDir: {} },
      mounts: [{ container: 'main', mountPath: path }],
    });
    const at = { node: { path: 'x' } };
    const a = _nameVolumes(at, [decl('/var/cache'), decl('/var-cache')]);
    const b = _nameVolumes(at, [decl('/var-cache'), decl('/var/cache')]);
    // THEN
    expect(a.map((v) => v.name).sort()).toEqual(b.map((v) => v.name).sort());
  });
});
