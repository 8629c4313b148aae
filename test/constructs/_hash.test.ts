import { _contentHash, _goJson } from '../../constructs/_hash';

describe('_contentHash', () => {
  test('ignores key order and undefined values, and changes with content', () => {
    // GIVEN / WHEN / THEN
    expect(_contentHash({ a: '1', b: '2' })).toEqual(_contentHash({ b: '2', a: '1', c: undefined }));
    expect(_contentHash({ a: '1' })).not.toEqual(_contentHash({ a: '2' }));
    expect(_contentHash(['x'])).toMatch(/^[0-9a-f]{16}$/);
  });
});

describe('_goJson', () => {
  test("writes JSON as Go's encoding/json does (Helm's toJson): keys sorted, HTML characters and line separators escaped", () => {
    expect(_goJson({ b: 'x', a: '<a href="x">&</a>\u2028\u2029\n\t\u0001é😀' })).toBe(
      '{"a":"\\u003ca href=\\"x\\"\\u003e\\u0026\\u003c/a\\u003e\\u2028\\u2029\\n\\t\\u0001é😀","b":"x"}',
    );
  });

  test("escapes what a YAML stream may not hold raw, as the charts' toJson helper does", () => {
    expect(_goJson('\u007f\u0085\ufeff')).toBe('"\\u007f\\u0085\\ufeff"');
  });
});
