import { canonical, childPath, diffFields, same, scalarOf } from '../../src/diff/fields';

// Changed fields, compactly: subtrees whole, named list items by name, other lists by content.

describe('diffFields', () => {
  test('nested scalars by path, with their values', () => {
    // GIVEN two objects differing in one nested scalar and one added key / WHEN compared / THEN one entry each
    expect(diffFields({ spec: { replicas: 2, x: 1 } }, { spec: { replicas: 3, x: 1, y: true } })).toEqual([
      { path: 'spec.replicas', change: 'changed', from: 2, to: 3 },
      { path: 'spec.y', change: 'added', to: true },
    ]);
  });

  test('a subtree added or removed whole is one entry; a small map of scalars is listed key by key', () => {
    // GIVEN an added volume spec and added annotations / WHEN compared
    const fields = diffFields(
      { metadata: { name: 'a' }, spec: {} },
      {
        metadata: { name: 'a', annotations: { 'argocd.argoproj.io/sync-wave': '1' } },
        spec: { big: { a: { b: 1 } } },
      },
    );
    // THEN the annotation by key (bracketed: not a plain key), the subtree once
    expect(fields).toEqual([
      { path: 'metadata.annotations[argocd.argoproj.io/sync-wave]', change: 'added', to: '1' },
      { path: 'spec.big', change: 'added' },
    ]);
  });

  test('list items with a unique name (or secretKey, mountPath, port) are matched by it', () => {
    // GIVEN env lists in another order with one value changed, one added and one removed
    const a = {
      env: [
        { name: 'A', value: '1' },
        { name: 'B', value: '2' },
        { name: 'C', value: '3' },
      ],
    };
    const b = {
      env: [
        { name: 'C', value: '3' },
        { name: 'A', value: '9' },
        { name: 'D', value: '4' },
      ],
    };
    // WHEN compared / THEN by name, in the head's order, removals last
    expect(diffFields(a, b)).toEqual([
      { path: 'env[A].value', change: 'changed', from: '1', to: '9' },
      { path: 'env[D]', change: 'added' },
      { path: 'env[B]', change: 'removed' },
    ]);
    // AND ExternalSecret data by secretKey
    expect(
      diffFields(
        { data: [{ secretKey: 'K', remoteRef: { key: 'a' } }] },
        { data: [{ secretKey: 'K', remoteRef: { key: 'b' } }] },
      ),
    ).toEqual([{ path: 'data[K].remoteRef.key', change: 'changed', from: 'a', to: 'b' }]);
  });

  test('other lists by content: an item inserted in the middle is one change, an item edited in place is walked into', () => {
    // GIVEN rules without names
    const r = (n: number) => ({ to: [{ ipBlock: { cidr: `10.0.0.${n}/32` } }] });
    // WHEN one is inserted / THEN one added entry, not a shifted tail
    expect(diffFields({ rules: [r(1), r(2)] }, { rules: [r(1), r(9), r(2)] })).toEqual([
      { path: 'rules[1]', change: 'added' },
    ]);
    // WHEN one changes in place / THEN its field
    expect(diffFields({ rules: [r(1), r(2)] }, { rules: [r(1), r(3)] })).toEqual([
      { path: 'rules[1].to[0].ipBlock.cidr', change: 'changed', from: '10.0.0.2/32', to: '10.0.0.3/32' },
    ]);
    // WHEN the same items come in another order / THEN the list changed, nothing else
    expect(diffFields({ rules: [r(1), r(2)] }, { rules: [r(2), r(1)] })).toEqual([
      { path: 'rules', change: 'changed' },
    ]);
    // AND ports are matched by number: another port is one removed and one added
    expect(diffFields({ ports: [{ port: 1 }] }, { ports: [{ port: 2 }] })).toEqual([
      { path: 'ports[2]', change: 'added' },
      { path: 'ports[1]', change: 'removed' },
    ]);
    // AND short lists of strings read as one value
    expect(diffFields({ t: ['Ingress'] }, { t: ['Ingress', 'Egress'] })).toEqual([
      { path: 't', change: 'changed', from: '[Ingress]', to: '[Ingress, Egress]' },
    ]);
  });

  test('redacted paths carry no values; long strings are not printed', () => {
    // GIVEN a Secret value and a long string / WHEN compared with a redacting option
    const fields = diffFields(
      { data: { PASSWORD: 'aHVudGVyMg==' }, note: 'x'.repeat(81) },
      { data: { PASSWORD: 'c2VjcmV0' }, note: 'y'.repeat(81) },
      '',
      { redact: (p) => p.startsWith('data') },
    );
    // THEN paths only
    expect(fields).toEqual([
      { path: 'data.PASSWORD', change: 'changed' },
      { path: 'note', change: 'changed' },
    ]);
    expect(JSON.stringify(fields)).not.toContain('c2VjcmV0');
  });
});

describe('helpers', () => {
  test('same ignores key order; canonical is equal for equal values', () => {
    // GIVEN / WHEN / THEN
    expect(same({ a: 1, b: [1, { c: 2 }] }, { b: [1, { c: 2 }], a: 1 })).toBe(true);
    expect(same([1, 2], [2, 1])).toBe(false);
    expect(canonical({ b: 1, a: [null] })).toBe(canonical({ a: [null], b: 1 }));
  });

  test('paths and printable scalars', () => {
    // GIVEN / WHEN / THEN
    expect(childPath('', 'spec')).toBe('spec');
    expect(childPath('metadata.labels', 'app.kubernetes.io/name')).toBe(
      'metadata.labels[app.kubernetes.io/name]',
    );
    expect([scalarOf(1), scalarOf(null), scalarOf('a'), scalarOf({}), scalarOf('z'.repeat(81))]).toEqual([
      1,
      null,
      'a',
      undefined,
      undefined,
    ]);
  });
});
