import { lineOf, makeFinding, makeSubject } from '../../src/validate/subject';

describe('subject', () => {
  it('derives the object reference, group and namespace', () => {
    // GIVEN a namespaced apps/v1 object WHEN a subject is made THEN its identity is read
    const s = makeSubject(
      { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web', namespace: 'shop' } },
      { object: null },
      3,
    );
    expect([s.ref, s.group, s.ns, s.order]).toEqual([
      { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web', namespace: 'shop' },
      'apps',
      'shop',
      3,
    ]);
  });

  it('takes the line of the nearest recorded enclosing path', () => {
    // GIVEN lines for spec and spec.template WHEN a deeper, unrecorded path is looked up THEN spec.template's line is used
    const doc = {
      object: {},
      file: 'f.yaml',
      line: 1,
      lines: new Map([
        ['spec', 5],
        ['spec.template', 9],
      ]),
    };
    expect([
      lineOf(doc, 'spec.template.spec.containers[0]'),
      lineOf(doc, 'metadata'),
      lineOf({ object: {} }, 'x'),
    ]).toEqual([9, 1, undefined]);
  });

  it('makes findings with the rule severity and default hint', () => {
    // GIVEN a rule without a specific hint WHEN a finding is made THEN severity and hint come from the catalogue
    const f = makeFinding(
      'no-liveness-probe',
      { apiVersion: 'v1', kind: 'Pod' },
      { object: {} },
      'spec',
      'm',
    );
    expect(f).toEqual({
      ruleId: 'no-liveness-probe',
      severity: 'warning',
      object: { apiVersion: 'v1', kind: 'Pod' },
      path: 'spec',
      message: 'm',
      hint: 'add a livenessProbe',
    });
  });
});
