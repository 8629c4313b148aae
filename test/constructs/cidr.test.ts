import * as fc from 'fast-check';
import { cidrContains, cidrNetwork, formatCidr, parseCidr, type Cidr } from '../../constructs';

// Class 2 of issue 11: CIDRs as the API server parses them.

describe('parseCidr', () => {
  test.each([
    '0.0.0.0/0',
    '10.0.0.0/8',
    '192.168.1.1/32',
    '::/0',
    '2001:db8::/32',
    'fe80::1/128',
    '::ffff:10.0.0.1/128',
  ])('accepts %s', (s) => {
    // GIVEN / WHEN / THEN
    expect(parseCidr(s)).toBeDefined();
  });

  test.each([
    '10.0.0.0/33',
    '256.0.0.0/8',
    '10.0.0/8',
    '10.0.0.01/8',
    '10.0.0.0',
    '10.0.0.0/-1',
    '2001:db8::/129',
    '2001:db8:::/32',
    '1:2:3:4:5:6:7:8:9/64',
    'example.com/8',
    '',
  ])('refuses %s', (s) => {
    // GIVEN / WHEN / THEN
    expect(parseCidr(s)).toBeUndefined();
  });

  test('refuses other types', () => {
    // GIVEN / WHEN / THEN
    expect(parseCidr(42)).toBeUndefined();
  });
});

describe('cidrContains', () => {
  test.each([
    ['0.0.0.0/0', '10.0.0.0/8', true],
    ['10.0.0.0/8', '10.1.0.0/16', true],
    ['10.0.0.0/8', '11.0.0.0/16', false],
    ['10.0.0.0/16', '10.0.0.0/8', false],
    ['10.0.0.0/8', '2001:db8::/32', false],
    ['2001:db8::/32', '2001:db8:1::/48', true],
  ])('%s contains %s: %s', (outer, inner, expected) => {
    // GIVEN / WHEN / THEN
    expect(cidrContains(parseCidr(outer)!, parseCidr(inner)!)).toBe(expected);
  });
});

describe('formatCidr', () => {
  test.each([
    ['10.0.0.0/8', '10.0.0.0/8'],
    ['0.0.0.0/0', '0.0.0.0/0'],
    ['::/0', '::/0'],
    ['2001:DB8:0000:0::/32', '2001:db8::/32'],
    ['2001:db8:0:0:1:0:0:1/128', '2001:db8::1:0:0:1/128'],
    ['2001:0:0:1:0:0:0:1/128', '2001:0:0:1::1/128'],
    ['2001:db8:0:1:1:1:1:1/128', '2001:db8:0:1:1:1:1:1/128'],
    ['fe80::/10', 'fe80::/10'],
    ['1::/16', '1::/16'],
    ['::1/128', '::1/128'],
    ['::ffff:10.0.0.1/128', '::ffff:a00:1/128'],
  ])(
    'writes %s as %s (RFC 5952: the longest zero run, the first on a tie, never a single group)',
    (input, text) => {
      // GIVEN / WHEN / THEN
      expect(formatCidr(parseCidr(input)!)).toBe(text);
    },
  );

  test('parses back to the same range, for any address and prefix', () => {
    const cidr: fc.Arbitrary<Cidr> = fc.oneof(
      fc.record({
        family: fc.constant(4 as const),
        address: fc.bigInt({ min: 0n, max: 2n ** 32n - 1n }),
        prefix: fc.integer({ min: 0, max: 32 }),
      }),
      fc.record({
        family: fc.constant(6 as const),
        // Runs of zero groups are what RFC 5952 compresses: draw groups that are often zero.
        address: fc
          .array(fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 0xffff })), {
            minLength: 8,
            maxLength: 8,
          })
          .map((gs) => gs.reduce((n, g) => (n << 16n) | BigInt(g), 0n)),
        prefix: fc.integer({ min: 0, max: 128 }),
      }),
    );
    fc.assert(
      fc.property(cidr, (c) => {
        // GIVEN any range / WHEN written and parsed back / THEN it is the same range
        expect(parseCidr(formatCidr(c))).toEqual(c);
      }),
    );
  });
});

describe('cidrNetwork', () => {
  test.each([
    ['10.1.2.3/8', '10.0.0.0/8'],
    ['10.1.2.3/32', '10.1.2.3/32'],
    ['10.1.2.3/0', '0.0.0.0/0'],
    ['2001:db8::1/64', '2001:db8::/64'],
    ['2001:db8::1/128', '2001:db8::1/128'],
  ])('clears the bits of %s after its prefix: %s', (input, network) => {
    // GIVEN / WHEN / THEN
    expect(formatCidr(cidrNetwork(parseCidr(input)!))).toBe(network);
  });
});
