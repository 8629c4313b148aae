import { cidrContains, parseCidr } from '../../constructs';

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
