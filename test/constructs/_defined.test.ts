import { _defined } from '../../constructs/_defined';

describe('_defined', () => {
  test('drops undefined fields only, keeping falsy values and the order of the others', () => {
    // GIVEN a plan with unset and falsy fields
    const plan = { a: 1, b: undefined, c: 0, d: false, e: '', f: null, g: [] as string[] };
    // WHEN
    const struct = _defined(plan);
    // THEN
    expect(Object.keys(struct)).toEqual(['a', 'c', 'd', 'e', 'f', 'g']);
    expect(struct).toEqual({ a: 1, c: 0, d: false, e: '', f: null, g: [] });
    expect('b' in struct).toBe(false);
  });

  test('returns a new object and leaves the input as it was', () => {
    // GIVEN
    const plan = { x: undefined, y: 'y' };
    // WHEN
    const struct = _defined(plan);
    // THEN
    expect(struct).not.toBe(plan);
    expect(Object.keys(plan)).toEqual(['x', 'y']);
  });
});
