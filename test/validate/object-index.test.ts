import * as fc from 'fast-check';
import { ObjectIndex } from '../../src/validate/object-index';
import { labelSelector } from '../../src/validate/selectors';
import { makeSubject } from '../../src/validate/subject';
import { deployment, service, type Obj } from './helpers/builders';

const index = (objects: Obj[]) => new ObjectIndex(objects.map((o, i) => makeSubject(o, { object: o }, i)));

describe('ObjectIndex', () => {
  it('finds objects by group, kind, namespace and name, and by kind alone', () => {
    // GIVEN a Deployment and a Service WHEN looked up THEN exact keys hit and other namespaces miss
    const idx = index([deployment('web', 'shop'), service('web', 'shop')]);
    expect(idx.get('apps', 'Deployment', 'shop', 'web')?.ref.kind).toBe('Deployment');
    expect(idx.get('', 'Service', 'other', 'web')).toBeUndefined();
    expect(idx.getByKind('Deployment', 'shop', 'web')?.group).toBe('apps');
  });

  it('records the second of two objects with the same identity as a duplicate', () => {
    // GIVEN the same Service twice WHEN indexed THEN the second points to the first
    const idx = index([service(), service()]);
    expect(idx.duplicates.map((d) => [d.subject.order, d.first.order])).toEqual([[1, 0]]);
  });

  it('matches selectors against pod templates of the same namespace only, with or without matchLabels', () => {
    // GIVEN Deployments in two namespaces
    const idx = index([deployment('web', 'shop'), deployment('api', 'other')]);
    // WHEN selectors are matched THEN namespaces are kept apart, and expression-only selectors work too
    expect(idx.anyTemplateMatches('shop', labelSelector({ matchLabels: { app: 'web' } })!)).toBe(true);
    expect(idx.anyTemplateMatches('shop', labelSelector({ matchLabels: { app: 'api' } })!)).toBe(false);
    expect(
      idx.anyTemplateMatches(
        'other',
        labelSelector({ matchExpressions: [{ key: 'app', operator: 'In', values: ['api'] }] })!,
      ),
    ).toBe(true);
  });

  it('maps a Secret name to the ExternalSecret that materializes it', () => {
    // GIVEN ExternalSecrets with and without spec.target.name WHEN looked up THEN both targets resolve
    const es = (name: string, target?: string): Obj => ({
      apiVersion: 'external-secrets.io/v1beta1',
      kind: 'ExternalSecret',
      metadata: { name, namespace: 'shop' },
      spec: target ? { target: { name: target } } : {},
    });
    const idx = index([es('a', 'a-secret'), es('b')]);
    expect([
      idx.externalSecretTarget('shop', 'a-secret')?.ref.name,
      idx.externalSecretTarget('shop', 'b')?.ref.name,
      idx.externalSecretTarget('shop', 'a'),
    ]).toEqual(['a', 'b', undefined]);
  });

  it('names the Services that select a pod, in the order of the set, whatever labels they share', () => {
    // GIVEN Services whose selectors share labels (instance, team) and differ in others, in two namespaces
    const label = fc.constantFrom('a', 'b', 'c');
    const value = fc.constantFrom('1', '2');
    const selector = fc.dictionary(label, value, { minKeys: 1, maxKeys: 3 });
    fc.assert(
      fc.property(
        fc.array(fc.record({ selector, other: fc.boolean() }), { maxLength: 12 }),
        fc.dictionary(label, value, { maxKeys: 3 }),
        (services, labels) => {
          const idx = index(
            services.map((s, i) => service(`s${i}`, s.other ? 'other' : 'shop', { ...s.selector })),
          );
          // WHEN a pod's labels are looked up
          const found = idx.servicesSelecting('shop', labels);
          // THEN exactly the Services of its namespace whose every selector label it carries, in set order
          const expected = services
            .map((s, i) => ({ ...s, name: `s${i}` }))
            .filter((s) => !s.other && Object.entries(s.selector).every(([k, v]) => labels[k] === v))
            .map((s) => s.name);
          expect(found).toEqual(expected);
        },
      ),
      { numRuns: 300 },
    );
  });
});
