import {
  asArray,
  asObject,
  asString,
  asStringMap,
  describeType,
  isObject,
  show,
} from '../../src/validate/json';

describe('json helpers', () => {
  it('narrow unknown values', () => {
    // GIVEN assorted values WHEN narrowed THEN only the right shapes pass
    expect([isObject({}), isObject([]), isObject(null)]).toEqual([true, false, false]);
    expect([asObject('x'), asArray('x'), asString(1), asStringMap({ a: 'b', c: 1 })]).toEqual([
      undefined,
      [],
      undefined,
      { a: 'b' },
    ]);
  });

  it('describe types and shorten long values for messages', () => {
    // GIVEN values WHEN described THEN integers and numbers differ, and long values are cut
    expect([describeType(1), describeType(1.5), describeType(null), describeType([])]).toEqual([
      'integer',
      'number',
      'null',
      'array',
    ]);
    expect(show('x'.repeat(100))).toBe(`"${'x'.repeat(56)}...`);
  });
});

describe('show (issue 18)', () => {
  test('prints invisible and lookalike characters escaped, as the constructs do', () => {
    // GIVEN a name with a zero-width space and one with a Cyrillic e / WHEN shown / THEN escaped
    expect(show('web\u200b')).toBe('"web\\u200b"');
    expect(show('w\u0435b')).toBe('"w\\u0435b"');
  });
});
