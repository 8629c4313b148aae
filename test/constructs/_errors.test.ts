import { Duration } from 'cdk8s';
import { _fail, _show, ShipshapeError } from '../../constructs/_errors';
import { EnvValue, Microservice } from '../../constructs';
import { newSystem } from './_helpers';

// Class 5 of issue 11: values are shown as the caller would recognize them.

describe('_show', () => {
  test.each([
    ['NaN', NaN, 'NaN'],
    ['Infinity', Infinity, 'Infinity'],
    ['-Infinity', -Infinity, '-Infinity'],
    ['-0', -0, '-0'],
    ['NaN inside an array', [1, NaN], '[1,NaN]'],
    ['undefined inside an object', { a: undefined }, '{"a":undefined}'],
    ['a bigint', 10n, '10n'],
    ['a symbol', Symbol('s'), 'Symbol(s)'],
    ['a named function', function f() {}, 'function f'],
    ['a string', 'x', "'x'"],
    ['a control character', 'a\nb', "'a\\nb'"],
    ['a class instance', EnvValue.value('x'), 'an EnvValue'],
    ['a Duration', Duration.seconds(1), 'a Duration'],
  ])('%s', (_, value, shown) => {
    // GIVEN a value / WHEN shown / THEN it reads as JavaScript prints it
    expect(_show(value)).toBe(shown);
  });

  test('a long string is cut and its length said', () => {
    // GIVEN a 50,000-character value
    const value = 'a'.repeat(50_000);
    // WHEN shown
    const shown = _show(value);
    // THEN it is cut to 120 characters and the length is stated
    expect(shown).toBe(`'${'a'.repeat(120)}…' (50000 characters)`);
  });

  test('a long object is cut too, and a circular one does not hang', () => {
    // GIVEN a large and a circular object
    const big = { list: Array.from({ length: 1000 }, (_, i) => i) };
    const loop: Record<string, unknown> = {};
    loop.self = loop;
    // WHEN / THEN
    expect(_show(big)).toMatch(/^\{"list":\[0,1,2,.*… \(\d+ characters\)$/);
    expect(_show(loop)).toBe('{"self":[circular]}');
  });

  test('a construct is shown by class and path', () => {
    // GIVEN
    const { system } = newSystem();
    const svc = new Microservice(system, 'svc', {
      image: 'nginx:1.25.3',
      ports: [{ name: 'http', port: 80 }],
    });
    // WHEN / THEN
    expect(_show(svc)).toBe("Microservice 'Delinkcious/svc'");
  });
});

describe('invisible and lookalike characters (issue 18)', () => {
  test.each([
    ['a zero-width space', 'web\u200b', "'web\\u200b'"],
    ['a Cyrillic e', 'w\u0435b', "'w\\u0435b'"],
    ['a right-to-left override', 'a\u202eb', "'a\\u202eb'"],
    ['a non-breaking space', 'a\u00a0b', "'a\\u00a0b'"],
    ['a byte order mark', '\ufeffweb', "'\\ufeffweb'"],
    ['a C1 control', 'a\u0085b', "'a\\u0085b'"],
    ['an astral character', 'a\u{1d5ba}', "'a\\ud835\\uddba'"],
    ['inside an object', { k: 'web\u200b' }, '{"k":"web\\u200b"}'],
    ['in an object key', { ['k\u200b']: 1 }, '{"k\\u200b":1}'],
  ])('%s is printed escaped', (_, value, shown) => {
    // GIVEN a value that would look legal printed raw / WHEN shown / THEN every non-ASCII character is escaped
    expect(_show(value)).toBe(shown);
  });

  test('a construct path is printed escaped too, and so is an unknown key', () => {
    // GIVEN an id with a zero-width space, and a prop key with one
    const { system } = newSystem();
    const at = { node: { path: `${system.node.path}/web\u200b` } };
    // WHEN / THEN
    expect(() => _fail(at, 'name', 'must be x', 'web\u200b')).toThrow(
      "Delinkcious/web\\u200b: 'name' must be x (got 'web\\u200b')",
    );
    expect(
      () =>
        new Microservice(system, 'svc', {
          image: 'nginx:1.25.3',
          ports: [{ name: 'http', port: 80 }],
          ['replicas\u200b' as 'replicas']: 1,
        }),
    ).toThrow(
      "Delinkcious/svc: 'replicas\\u200b' is not a prop of Microservice (got 1). Did you mean 'replicas'?",
    );
  });
});

describe('_fail', () => {
  test('throws a ShipshapeError in the one format, with an optional hint', () => {
    // GIVEN a place / WHEN failing / THEN
    const at = { node: { path: 'A/b' } };
    expect(() => _fail(at, 'p', 'must be x', NaN, 'Do y')).toThrow(
      new ShipshapeError("A/b: 'p' must be x (got NaN). Do y"),
    );
    expect(() => _fail(at, 'p', 'must be x', 1)).toThrow(ShipshapeError);
  });
});
