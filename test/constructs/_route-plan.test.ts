import { _hostWithin } from '../../constructs/_route-plan';

describe('_hostWithin', () => {
  test.each([
    ['a.example.com', undefined, true],
    ['a.example.com', 'a.example.com', true],
    ['a.example.com', '*.example.com', true],
    ['a.b.example.com', '*.example.com', true],
    ['*.a.example.com', '*.example.com', true],
    ['*.example.com', '*.example.com', true],
    ['example.com', '*.example.com', false],
    ['a.example.org', '*.example.com', false],
    ['aexample.com', '*.example.com', false],
    ['b.example.com', 'a.example.com', false],
    ['*.example.com', 'a.example.com', false],
  ])('%s within listener %s: %s (as Gateway API intersects hostnames)', (host, listener, within) => {
    expect(_hostWithin(host, listener)).toBe(within);
  });
});
