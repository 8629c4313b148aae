// The chart schemas accept exactly what the constructs accept, on sampled inputs (fast-check). Ajv evaluates
// the schemas here; test/helm/ proves Helm's own validator refuses the same values.
import Ajv from 'ajv';
import * as fc from 'fast-check';
import { Gateway, Microservice, System } from '../../constructs';
import {
  _hostSchema,
  _imageSchema,
  _quantitySchema,
  _replicasSchema,
  _resourcesSchema,
  _tlsSchema,
} from '../../constructs/_chart-schemas';
import { _checkInt } from '../../constructs/_checks';
import { _checkImage } from '../../constructs/_image';
import { _checkQuantity } from '../../constructs/_quantity';
import { Testing } from 'cdk8s';

const ajv = new Ajv({ strict: false, allErrors: false });
const accepts = (schema: object) => {
  const validate = ajv.compile(schema);
  return (v: unknown) => validate(v) as boolean;
};
const passes = (f: () => unknown) => {
  try {
    f();
    return true;
  } catch {
    return false;
  }
};
const at = { node: { path: 'x' } };
const pick = <T>(...xs: T[]) => fc.constantFrom(...xs);

describe('the chart schemas and the constructs agree', () => {
  test('images: { repository, tag, digest } is accepted iff the construct accepts repository[:tag][@digest] as those parts', () => {
    const component = fc.oneof(
      pick('postgres', 'g1g1/delinkcious-link', 'example/web', 'a__b', 'a--b', 'A', 'web_', '-x', 'a.b', ''),
      fc.stringMatching(/^[a-z0-9._\-/]{1,12}$/),
    );
    const host = pick('', 'ghcr.io/', 'localhost:5000/', 'registry.example.com:443/', 'Reg.io/', 'x:y/');
    const tag = fc.oneof(
      pick(
        '',
        'latest',
        'stable',
        '0.3',
        '1.2.3',
        'v1',
        '15.5-alpine',
        '_1',
        '.1',
        '1.',
        'a'.repeat(128) + '1',
      ),
      fc.stringMatching(/^[A-Za-z0-9_.:-]{0,10}$/),
    );
    const digest = pick(
      '',
      `sha256:${'a'.repeat(64)}`,
      `sha256:${'A'.repeat(64)}`,
      'sha256:abc',
      `sha512:${'a'.repeat(64)}`,
    );
    const schema = accepts(_imageSchema());
    fc.assert(
      fc.property(host, component, tag, digest, (h, c, t, d) => {
        const repository = `${h}${c}`;
        const image = `${repository}${t ? `:${t}` : ''}${d ? `@${d}` : ''}`;
        const construct = passes(() => {
          const ref = _checkImage(at, 'image', image);
          if (ref.repository !== repository || (ref.tag ?? '') !== t || (ref.digest ?? '') !== d)
            throw new Error();
        });
        expect([image, schema({ repository, tag: t, digest: d })]).toEqual([image, construct]);
      }),
      { numRuns: 2000 },
    );
  });

  test('quantities: a string is accepted iff the construct takes it as a positive quantity', () => {
    const quantity = fc.oneof(
      fc
        .tuple(
          pick('', '+', '-'),
          fc.oneof(fc.stringMatching(/^[0-9]{0,4}(\.[0-9]{0,3})?$/), pick('0', '0.0', '.0', '.5', '00')),
          fc.oneof(
            pick('', 'm', 'Mi', 'Gi', 'k', 'Ki', 'n', 'u', 'E', 'Ei', 'mi', 'KB', ' '),
            fc.integer({ min: -20, max: 20 }).map((e) => `e${e}`),
          ),
        )
        .map(([s, n, u]) => `${s}${n}${u}`),
      fc.string(),
    );
    const schema = accepts(_quantitySchema());
    fc.assert(
      fc.property(quantity, (q) => {
        expect([q, schema(q)]).toEqual([q, passes(() => _checkQuantity(at, 'q', q, '1'))]);
      }),
      { numRuns: 3000 },
    );
    // Numbers: the same quantity as YAML types it (Kubernetes takes `cpu: 2`); the schema takes positive ones.
    expect([2, 0.5, 0, -1].map(schema)).toEqual([true, true, false, false]);
  });

  test('replicas: an integer of at least the floor, at most 2^31-1', () => {
    const schema = accepts(_replicasSchema(2));
    fc.assert(
      fc.property(
        fc.oneof(fc.integer({ min: -5, max: 10 }), fc.double(), pick(2147483647, 2147483648)),
        (n) => {
          expect([n, schema(n)]).toEqual([n, passes(() => _checkInt(at, 'replicas', n, 2))]);
        },
      ),
    );
  });

  test('hosts: accepted iff a Gateway rule accepts the host', () => {
    const label = fc.oneof(
      pick('shop', 'example', 'com', 'a-b', '-a', 'a-', 'A', '1', '0'),
      fc.stringMatching(/^[a-z0-9-]{1,8}$/),
    );
    const host = fc.oneof(
      fc
        .tuple(pick('', '*.'), fc.array(label, { minLength: 1, maxLength: 4 }))
        .map(([w, ls]) => `${w}${ls.join('.')}`),
      pick(
        '1.2.3.4',
        '*.com',
        '*.example.com',
        'shop.example.com:80',
        'http://x.io',
        'x..y',
        'a'.repeat(250) + '.com',
      ),
      fc.string({ maxLength: 12 }),
    );
    const schema = accepts(_hostSchema());
    fc.assert(
      fc.property(host, (h) => {
        const construct = passes(() => {
          const system = new System(Testing.app(), 's', { namespace: 's' });
          const web = new Microservice(system, 'web', {
            image: 'example/web:1.0.0',
            ports: [{ name: 'http', port: 80 }],
          });
          new Gateway(system, 'g', { rules: [{ host: h, routes: [{ backend: web }] }] });
        });
        expect([h, schema(h)]).toEqual([h, construct]);
      }),
      { numRuns: 400 },
    );
  });

  test('every schema is valid draft-07 and closed (no unknown keys)', () => {
    for (const s of [_imageSchema(), _resourcesSchema(), _tlsSchema('clusterIssuer')]) {
      expect(ajv.validateSchema(s)).toBe(true);
      expect(
        accepts(s)({ ...(s['required'] as string[]).reduce((o, k) => ({ ...o, [k]: 'x' }), {}), extra: 1 }),
      ).toBe(false);
    }
  });
});
