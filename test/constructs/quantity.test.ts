import { parseQuantity as _parseQuantity } from '../../constructs/quantity';

describe('parseQuantity', () => {
  test.each([
    ['100m', 0.1],
    ['1', 1],
    ['0.5', 0.5],
    ['1.5Gi', 1.5 * 2 ** 30],
    ['128Mi', 128 * 2 ** 20],
    ['1G', 1e9],
    ['1e3', 1000],
    ['2E', 2e18],
    ['.5k', 500],
  ])('parses %s', (q, n) => {
    // GIVEN / WHEN / THEN
    expect(_parseQuantity(q)).toBeCloseTo(n);
  });

  test.each(['', '1 Gi', '1gi', 'Mi', '1.2.3', '1KiB', '0x10'])('rejects %j', (q) => {
    // GIVEN / WHEN / THEN
    expect(_parseQuantity(q)).toBeUndefined();
  });
});
