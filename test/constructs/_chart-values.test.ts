import { _valueKey } from '../../constructs/_chart-values';

describe('_valueKey', () => {
  test.each([
    ['link-manager', 'linkManager'],
    ['social-graph-db', 'socialGraphDb'],
    ['MyQueue', 'myQueue'],
    ['s3-proxy', 's3Proxy'],
    ['web', 'web'],
    ['1job', '1job'],
  ])('%s -> %s', (name, key) => {
    expect(_valueKey(name)).toBe(key);
  });
});
