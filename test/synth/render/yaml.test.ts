import * as fc from 'fast-check';
import * as yaml from 'js-yaml';
import { _fastYaml, dumpYaml } from '../../../src/synth/render/yaml';

// The fast YAML writer is a drop-in for js-yaml's dump with the options synthesis uses: the same
// bytes for every input, whichever path writes it.

const OPTIONS = { noRefs: true, lineWidth: -1 };
const same = (v: unknown) => expect(dumpYaml(v)).toBe(yaml.dump(v, OPTIONS));

// Strings biased towards what YAML treats specially: indicators, quotes, spaces, digits, type names.
const tricky = fc.oneof(
  fc.string({
    unit: fc.constantFrom(...'-?:,[]{}#&*!|=>\'"%@` ~._+<0123456789eExXoObnNtTfFyY\\/aZ'.split('')),
    maxLength: 8,
  }),
  fc.constantFrom(
    '',
    'yes',
    'No',
    'on',
    'OFF',
    'y',
    'true',
    'False',
    'null',
    'Null',
    '~',
    '<<',
    '0',
    '-0',
    '+1',
    '0x1F',
    '0o17',
    '0b101',
    '1_000',
    '_1',
    '1:20',
    '-1:20:30.5',
    '.5',
    '1e3',
    '1.5e-3',
    '.inf',
    '-.Inf',
    '.nan',
    '2001-12-14',
    '2001-12-14t21:59:43.10-05:00',
    "it's",
    'a: b',
    'a:b',
    'a #b',
    'a#b',
    'a ',
    ' a',
    'a:',
    '- a',
    'a\nb',
    'a\tb',
    'a\n',
    '\n',
    'é',
    '😀',
    '\u0085',
    'x'.repeat(1100),
  ),
  fc.string(),
);
const values: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    tricky,
    fc.integer(),
    fc.double(),
    fc.boolean(),
    fc.constant(null),
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(tricky, tie('value'), { maxKeys: 4 }),
  ),
})).value;

describe('dumpYaml', () => {
  test('writes what js-yaml writes, for any JSON-like value', () => {
    fc.assert(
      fc.property(values, (v) => {
        // GIVEN any value / WHEN written by the fast path (when it takes it) and overall / THEN js-yaml's bytes
        const fast = _fastYaml(v);
        if (fast !== undefined) expect(fast).toBe(yaml.dump(v, OPTIONS));
        same(v);
      }),
      { numRuns: Number(process.env.SHIPSHAPE_FC_RUNS ?? 400) * 5 },
    );
  });

  test('takes the fast path for what Kubernetes JSON holds', () => {
    // GIVEN values of single-line printable ASCII strings, integers, booleans and null, nested
    const ascii = fc.string({
      unit: fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)),
    });
    const json: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
      value: fc.oneof(
        { depthSize: 'small' },
        ascii,
        tricky.filter((s) => /^[\x20-\x7e]{0,1024}$/.test(s)),
        fc.integer(),
        fc.boolean(),
        fc.constant(null),
        fc.array(tie('value'), { maxLength: 4 }),
        fc.dictionary(ascii, tie('value'), { maxKeys: 4 }),
      ),
    })).value;
    fc.assert(
      fc.property(json, (v) => {
        // WHEN written / THEN by the fast path, with js-yaml's bytes
        expect(_fastYaml(v)).toBe(yaml.dump(v, OPTIONS));
      }),
      { numRuns: Number(process.env.SHIPSHAPE_FC_RUNS ?? 400) * 5 },
    );
  });

  test.each([
    [
      'a Kubernetes object',
      {
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: { name: 'c', labels: { a: 'b' } },
        data: { PORT: '8080', ok: 'yes' },
      },
    ],
    ['nested sequences', { a: [[1, [2, []]], [{}], [{ b: [] }]] }],
    ['empty containers', { a: {}, b: [], c: [{}], d: [[]] }],
    ['a top-level sequence', [1, 'a', { b: null }]],
    ['a top-level scalar', 'yes'],
    ['a multi-line value (js-yaml path)', { script: 'set -e\nrun\n' }],
    ['a float (js-yaml path)', { ratio: 0.5, zero: -0 }],
    ['undefined values (js-yaml path)', { a: undefined, b: 1, c: [undefined] }],
    ['non-ASCII text (js-yaml path)', { ключ: 'значение' }],
    [
      'a class instance and a Date (js-yaml path)',
      {
        d: new Date(0),
        m: new (class X {
          y = 1;
        })(),
      },
    ],
    ['a null-prototype object', Object.assign(Object.create(null) as object, { a: 1 })],
    ['a key over 1024 characters (js-yaml path)', { ['k'.repeat(1100)]: 1 }],
  ])('%s', (_, v) => {
    // GIVEN / WHEN / THEN
    same(v);
  });

  test('a document too large for the first buffer', () => {
    // GIVEN 100,000 entries (several MB of YAML) / WHEN written / THEN the same bytes
    same({ items: Array.from({ length: 100_000 }, (_, i) => ({ name: `item-${i}`, value: String(i) })) });
  });
});
