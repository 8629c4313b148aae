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
