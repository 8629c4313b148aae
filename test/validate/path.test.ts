import { child, index, parent } from '../../src/validate/path';

describe('paths', () => {
  it('joins identifiers with dots and brackets other keys', () => {
    // GIVEN plain and non-plain keys WHEN joined THEN the path is readable and unambiguous
    expect(child(index(child('spec', 'containers'), 0), 'image')).toBe('spec.containers[0].image');
    expect(child(child('metadata', 'annotations'), 'example.com/x')).toBe(
      'metadata.annotations["example.com/x"]',
    );
    expect(child('', 'x-kubernetes-list')).toBe('x-kubernetes-list');
  });

  it('walks up one segment at a time to the root', () => {
    // GIVEN a deep path WHEN its parents are taken THEN each segment goes, brackets included
    const chain: string[] = [];
    for (let p: string | undefined = 'a.b[2]["c.d"].e'; p !== undefined; p = parent(p)) chain.push(p);
    expect(chain).toEqual(['a.b[2]["c.d"].e', 'a.b[2]["c.d"]', 'a.b[2]', 'a.b', 'a', '']);
  });
});
