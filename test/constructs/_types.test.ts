import { Duration, Testing } from 'cdk8s';
import { Construct } from 'constructs';
import { ShipshapeError } from '../../constructs';
import {
  _array,
  _at,
  _boolean,
  _construct,
  _entries,
  _enum,
  _enumOr,
  _instance,
  _number,
  _record,
  _seconds,
  _string,
  _strings,
} from '../../constructs/_types';
import { errorOf } from './_helpers';

// Class 3 of issue 11: JavaScript callers get the documented format, never a TypeError.

const at = { node: { path: 'S/x' } };
enum Color {
  RED = 'red',
  BLUE = 'blue',
}

describe('runtime type checks', () => {
  test.each([
    ['_record of an array', () => _record(at, 'p', []), "S/x: 'p' must be an object (got [])"],
    ['_record of null', () => _record(at, 'p', null), "S/x: 'p' must be an object (got null)"],
    ['_array of a string', () => _array(at, 'p', 'a'), "S/x: 'p' must be an array (got 'a')"],
    ['_string of a number', () => _string(at, 'p', 1), "S/x: 'p' must be a string (got 1)"],
    ['_strings with a number', () => _strings(at, 'p', ['a', 2]), "S/x: 'p[1]' must be a string (got 2)"],
    ['_boolean of a string', () => _boolean(at, 'p', 'yes'), "S/x: 'p' must be a boolean (got 'yes')"],
    ['_number of NaN', () => _number(at, 'p', NaN), "S/x: 'p' must be a finite number (got NaN)"],
    [
      '_enum of an unknown value',
      () => _enum(at, 'p', 'green', Color),
      "S/x: 'p' must be one of red, blue (got 'green')",
    ],
    [
      '_enum of a key instead of a value',
      () => _enum(at, 'p', 'RED', Color),
      "S/x: 'p' must be one of red, blue (got 'RED')",
    ],
    [
      '_instance of a plain object',
      () => _instance(at, 'p', { amount: 1 }, Duration, 'a Duration'),
      'S/x: \'p\' must be a Duration (got {"amount":1})',
    ],
    [
      '_construct of a name',
      () => _construct(at, 'p', 'db', Construct, 'a construct'),
      "S/x: 'p' must be a construct (got 'db'). Pass the construct itself, not its name",
    ],
    [
      '_seconds of a number',
      () => _seconds(at, 'p', 30, 0),
      "S/x: 'p' must be a Duration (got 30). Use e.g. Duration.seconds(30)",
    ],
    [
      '_seconds of 1500 millis',
      () => _seconds(at, 'p', Duration.millis(1500), 0),
      "S/x: 'p' must be a whole number of seconds (got '1 second 500 millis')",
    ],
    [
      '_seconds of NaN seconds',
      () => _seconds(at, 'p', Duration.seconds(NaN), 0),
      "S/x: 'p' must be a whole number of seconds (got 'NaN')",
    ],
    [
      '_seconds below the minimum',
      () => _seconds(at, 'p', Duration.seconds(0), 1),
      "S/x: 'p' must be at least 1 second (got '0 seconds')",
    ],
  ])('%s', (_, fn, message) => {
    // GIVEN a wrong runtime type / WHEN checked / THEN the documented format
    expect(errorOf(fn)).toBe(message);
    expect(fn).toThrow(ShipshapeError);
  });

  test('values of the right type pass through', () => {
    // GIVEN / WHEN / THEN
    expect(_entries(at, 'p', { constructor: 1, ['__proto__']: 2 })).toEqual([
      ['constructor', 1],
      ['__proto__', 2],
    ]);
    expect(_entries(at, 'p', JSON.parse('{"__proto__": 2}'))).toEqual([['__proto__', 2]]);
    expect(_enum(at, 'p', 'red', Color)).toBe(Color.RED);
    // an unset prop takes the fallback; a set one is checked like _enum
    expect(_enumOr(at, 'p', undefined, Color, Color.RED)).toBe(Color.RED);
    expect(_enumOr(at, 'p', Color.BLUE, Color, Color.RED)).toBe(Color.BLUE);
    expect(errorOf(() => _enumOr(at, 'p', 'green', Color, Color.RED))).toBe(
      errorOf(() => _enum(at, 'p', 'green', Color)),
    );
    expect(_seconds(at, 'p', Duration.minutes(1), 0)).toBe(60);
  });
});

describe('_at', () => {
  test('names the place of a construct not yet created', () => {
    // GIVEN
    const app = Testing.app();
    const scope = new Construct(app, 'S');
    // WHEN / THEN
    expect(_at(scope, 'a/b').node.path).toBe('S/a--b');
  });

  test.each([
    [
      'a duplicate id',
      'x',
      "S/x: 'id' must be unique among the children of 'S', but S/x already uses it (got 'x')",
    ],
    ['an empty id', '', "S/: 'id' must be a non-empty string (got '')"],
    ['an id of another type', 7, "S/7: 'id' must be a non-empty string (got 7)"],
  ])('refuses %s', (_, id, message) => {
    // GIVEN a scope with a child `x`
    const app = Testing.app();
    const scope = new Construct(app, 'S');
    new Construct(scope, 'x');
    // WHEN / THEN
    expect(errorOf(() => _at(scope, id))).toBe(message);
  });

  test('refuses a scope that is not a construct', () => {
    // GIVEN / WHEN / THEN
    expect(errorOf(() => _at('system', 'x'))).toBe(
      "x: 'scope' must be a construct (a System or a construct inside one) (got 'system')",
    );
  });
});
