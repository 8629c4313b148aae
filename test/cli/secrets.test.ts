import { AppLoadError } from '../../src/synth/run';
import { secretsCommand, type KubectlResult, type SecretsIo } from '../../src/cli/secrets';
import type { DeclaredSecret } from '../../src/synth/files';

const declared: DeclaredSecret[] = [
  {
    name: 'db-credentials',
    namespace: 'shop',
    keys: [
      { key: 'POSTGRES_USER', generate: false },
      { key: 'POSTGRES_PASSWORD', generate: true },
    ],
    external: false,
  },
];

/** A fake cluster behind the kubectl seam: records calls, answers `get` from a map. */
function harness(files: Record<string, string>, cluster: Record<string, Record<string, string>> = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const calls: { args: readonly string[]; input?: string }[] = [];
  const io: SecretsIo = {
    stdout: (t) => out.push(t),
    stderr: (t) => err.push(t),
    kubectl: (args, input): KubectlResult => {
      calls.push({ args, input });
      if (args.includes('get')) {
        const data = cluster[args[args.indexOf('secret') + 1]!];
        return { status: 0, stdout: data ? JSON.stringify({ data }) : '', stderr: '' };
      }
      return { status: 0, stdout: 'secret/db-credentials serverside-applied\n', stderr: '' };
    },
    declared: (target) => {
      if (target.entry !== undefined) throw new AppLoadError(`no app file ${target.entry}`);
      if (target.environment !== 'local')
        throw new AppLoadError(`'environment' must be one of local (got '${target.environment}')`);
      return declared;
    },
    readFile: (f) => {
      if (!(f in files)) throw new Error(`ENOENT: no such file ${f}`);
      return files[f]!;
    },
  };
  return { io, out, err, calls };
}

describe('shipshape secrets', () => {
  test('applies the Secret server-side over stdin and prints names and keys only', () => {
    // GIVEN
    const h = harness({ 'v.yaml': 'db-credentials:\n  POSTGRES_USER: app\n' });
    // WHEN
    const code = secretsCommand(['--env', 'local', '--values', 'v.yaml', '--context', 'kind'], h.io);
    // THEN
    expect(code).toBe(0);
    expect(h.out.join('')).toBe(
      'secret/db-credentials -n shop: created (generated POSTGRES_PASSWORD; from file POSTGRES_USER)\n',
    );
    const apply = h.calls.at(-1)!;
    expect(apply.args).toEqual([
      '--context',
      'kind',
      'apply',
      '--server-side',
      '--field-manager=shipshape-secrets',
      '--force-conflicts',
      '-o',
      'name',
      '-f',
      '-',
    ]);
    const list = JSON.parse(apply.input!) as { items: { data: Record<string, string> }[] };
    expect(Buffer.from(list.items[0]!.data['POSTGRES_USER']!, 'base64').toString()).toBe('app');
    expect(Buffer.from(list.items[0]!.data['POSTGRES_PASSWORD']!, 'base64').toString()).toMatch(
      /^[A-Za-z0-9]{32}$/,
    );
    // AND no value ever reaches the arguments or the output
    expect(JSON.stringify(h.calls.map((c) => c.args)) + h.out.join('')).not.toContain('app"');
  });

  test('changes nothing when the cluster already holds every value', () => {
    // GIVEN
    const b64 = (s: string) => Buffer.from(s).toString('base64');
    const h = harness({}, { 'db-credentials': { POSTGRES_USER: b64('app'), POSTGRES_PASSWORD: b64('p') } });
    // WHEN
    const code = secretsCommand(['--env', 'local'], h.io);
    // THEN
    expect(code).toBe(0);
    expect(h.out.join('')).toBe('secret/db-credentials -n shop: unchanged\n');
    expect(h.calls.map((c) => c.args[0])).toEqual(['get']);
  });

  test('applies nothing and exits 1 when a value is missing', () => {
    // GIVEN / WHEN
    const h = harness({});
    const code = secretsCommand(['--env', 'local', '--namespace', 'team-a'], h.io);
    // THEN
    expect(code).toBe(1);
    expect(h.err.join('')).toBe(
      'shipshape secrets: nothing applied:\n  db-credentials.POSTGRES_USER has no value: add it to the values file (db-credentials: { POSTGRES_USER: ... })\n',
    );
    expect(h.calls.map((c) => c.args.join(' '))).toEqual([
      'get secret db-credentials -n team-a -o json --ignore-not-found',
    ]);
  });

  test('--dry-run reports and applies nothing; usage errors exit 2', () => {
    // GIVEN
    const h = harness({ 'v.yaml': 'db-credentials: { POSTGRES_USER: app }' });
    // WHEN / THEN
    expect(secretsCommand(['--env', 'local', '--values', 'v.yaml', '--dry-run'], h.io)).toBe(0);
    expect(h.out.join('')).toContain(
      'created (generated POSTGRES_PASSWORD; from file POSTGRES_USER) (dry run)',
    );
    expect(h.calls.some((c) => c.args.includes('apply'))).toBe(false);
    expect(secretsCommand([], h.io)).toBe(2);
    expect(secretsCommand(['--env', 'prod'], h.io)).toBe(2);
    expect(h.err.at(-1)).toMatch(/^shipshape secrets: 'environment' must be one of local \(got 'prod'\)/);
    expect(secretsCommand(['--env', 'local', '--values'], h.io)).toBe(2);
    expect(secretsCommand(['--env', 'local', '--bogus'], h.io)).toBe(2);
    expect(secretsCommand(['--env', 'local', '--values', 'missing.yaml'], h.io)).toBe(1);
  });
});
