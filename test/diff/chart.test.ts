import { diffChart, diffValuesSchema, schemaPaths } from '../../src/diff/chart';

// The values schema as a contract: removed or narrowed values break an install's --set.

const schema = (props: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({
  type: 'object',
  additionalProperties: false,
  properties: props,
  ...extra,
});
const web = (props: Record<string, unknown>, extra: Record<string, unknown> = {}) =>
  schema({ web: schema(props, extra) });

describe('schemaPaths', () => {
  test('values by path, list items as [], free keys as *', () => {
    // GIVEN a schema with an object, a list and a map / WHEN walked / THEN its value paths
    const paths = schemaPaths(
      schema({
        web: schema({
          hosts: { type: 'array', items: { type: 'string' } },
          env: { type: 'object', additionalProperties: { type: 'string' } },
        }),
      }),
    );
    expect([...paths.keys()]).toEqual(['web', 'web.hosts', 'web.hosts[]', 'web.env', 'web.env.*']);
  });
});

describe('diffValuesSchema', () => {
  test('a removed value breaks a --set of it; an added one does not', () => {
    // GIVEN web.replicas removed and web.tag added / WHEN compared / THEN
    expect(
      diffValuesSchema(web({ replicas: { type: 'integer' } }), web({ tag: { type: 'string' } })),
    ).toEqual([
      {
        path: 'web.replicas',
        change: 'removed',
        breaking: true,
        detail: 'no longer in the schema: a --set of it is refused',
      },
      { path: 'web.tag', change: 'added', breaking: false, detail: 'new' },
    ]);
  });

  test.each([
    [
      'a type dropped',
      { type: ['integer', 'string'] },
      { type: 'integer' },
      'narrowed',
      'type integer|string → integer',
    ],
    ['an enum value dropped', { enum: ['a', 'b'] }, { enum: ['a'] }, 'narrowed', 'no longer accepts "b"'],
    [
      'a minimum raised',
      { type: 'integer', minimum: 0 },
      { type: 'integer', minimum: 1 },
      'narrowed',
      'minimum 0 → 1',
    ],
    ['a maximum set', { type: 'integer' }, { type: 'integer', maximum: 10 }, 'narrowed', 'maximum set to 10'],
    [
      'a pattern changed',
      { pattern: '^a' },
      { pattern: '^b' },
      'changed',
      'pattern changed (may refuse values the base accepted)',
    ],
    ['a maximum raised', { maximum: 1 }, { maximum: 5 }, 'widened', 'maximum 1 → 5'],
  ])('%s', (_what, before, after, change, detail) => {
    // GIVEN one constraint changed / WHEN compared / THEN how, and whether it breaks
    expect(diffValuesSchema(web({ v: before }), web({ v: after }))).toEqual([
      { path: 'web.v', change, breaking: change !== 'widened', detail },
    ]);
  });

  test('a value made required and extra keys refused narrow it', () => {
    // GIVEN web open and v optional, then web closed and v required
    const open = schema({ web: { type: 'object', properties: { v: { type: 'string' } } } });
    const closed = schema({
      web: {
        type: 'object',
        additionalProperties: false,
        required: ['v'],
        properties: { v: { type: 'string' } },
      },
    });
    // WHEN compared / THEN
    expect(diffValuesSchema(open, closed)).toEqual([
      {
        path: 'web.v',
        change: 'narrowed',
        breaking: true,
        detail: 'now required; extra keys beside it are refused',
      },
    ]);
  });
});

describe('diffChart', () => {
  test('an unchanged chart is no change; a new version with a changed default is', () => {
    // GIVEN the same chart, then a new version and default
    const chart = (version: string, replicas: number) => ({
      dir: 'helm/dev',
      chart: { name: 'shop', version },
      schema: web({ replicas: { type: 'integer' } }),
      values: { web: { replicas } },
    });
    // WHEN compared / THEN
    expect(diffChart(chart('1.0.0', 1), chart('1.0.0', 1))).toBeUndefined();
    expect(diffChart(chart('1.0.0', 1), chart('1.1.0', 2))).toEqual({
      dir: 'helm/dev',
      status: 'changed',
      metadata: [{ path: 'version', change: 'changed', from: '1.0.0', to: '1.1.0' }],
      values: [],
      defaults: [{ path: 'web.replicas', change: 'changed', from: 1, to: 2 }],
    });
    expect(diffChart(undefined, chart('1.0.0', 1))?.status).toBe('added');
    expect(diffChart(undefined, undefined)).toBeUndefined();
  });
});
