import { _contentHash } from '../../constructs/_hash';

describe('_contentHash', () => {
  test('ignores key order and undefined values, and changes with content', () => {
    // GIVEN / WHEN / THEN
    expect(_contentHash({ a: '1', b: '2' })).toEqual(_contentHash({ b: '2', a: '1', c: undefined }));
    expect(_contentHash({ a: '1' })).not.toEqual(_contentHash({ a: '2' }));
    expect(_contentHash(['x'])).toMatch(/^[0-9a-f]{16}$/);
  });
});
