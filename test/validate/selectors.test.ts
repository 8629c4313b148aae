import {
  describeSelector,
  isEmptySelector,
  labelSelector,
  mapSelector,
  matches,
} from '../../src/validate/selectors';

describe('label selectors', () => {
  const labels = { app: 'web', tier: 'front' };

  it.each([
    [{ matchLabels: { app: 'web' } }, true],
    [{ matchLabels: { app: 'api' } }, false],
    [{ matchExpressions: [{ key: 'tier', operator: 'In', values: ['front', 'back'] }] }, true],
    [{ matchExpressions: [{ key: 'tier', operator: 'NotIn', values: ['front'] }] }, false],
    [{ matchExpressions: [{ key: 'canary', operator: 'NotIn', values: ['true'] }] }, true],
    [{ matchExpressions: [{ key: 'app', operator: 'Exists' }] }, true],
    [{ matchExpressions: [{ key: 'app', operator: 'DoesNotExist' }] }, false],
    [{ matchExpressions: [{ key: 'app', operator: 'Gt', values: ['1'] }] }, false],
    [{}, true],
  ])('matches %j against app=web,tier=front: %s', (selector, expected) => {
    // GIVEN a LabelSelector WHEN matched against the labels THEN the Kubernetes semantics apply
    expect(matches(labelSelector(selector)!, labels)).toBe(expected);
  });

  it('reads map selectors, tells empty selectors and describes them', () => {
    // GIVEN a Service-style map selector and an empty one WHEN read THEN they behave as selectors
    expect(matches(mapSelector({ app: 'web' }), labels)).toBe(true);
    expect([isEmptySelector(mapSelector({})), isEmptySelector(mapSelector({ a: 'b' }))]).toEqual([
      true,
      false,
    ]);
    expect(
      describeSelector(
        labelSelector({
          matchLabels: { app: 'web' },
          matchExpressions: [{ key: 't', operator: 'In', values: ['a', 'b'] }],
        })!,
      ),
    ).toBe('app=web, t In (a,b)');
    expect(labelSelector('nope')).toBeUndefined();
  });
});
