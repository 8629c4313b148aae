import { optOutAnnotation } from '../../src/validate';
import { app, findings, type Obj } from './helpers/builders';

/** The app with a writable root filesystem (a warning) and the given annotations on the Deployment. */
function annotated(annotations: Obj): Obj[] {
  const set = app();
  delete set[1]!.spec.template.spec.containers[0].securityContext.readOnlyRootFilesystem;
  set[1]!.metadata.annotations = annotations;
  return set;
}

describe('opt-out annotations', () => {
  it('builds the annotation key from the rule id', () => {
    // GIVEN a rule id WHEN the key is built THEN it is ignore.shipshape.io/<rule>
    expect(optOutAnnotation('no-read-only-root-fs')).toBe('ignore.shipshape.io/no-read-only-root-fs');
  });

  it('suppresses the named rule on that object when a reason is given', () => {
    // GIVEN an opt-out with a reason WHEN validated THEN the warning is gone and nothing else appears
    expect(
      findings(annotated({ [optOutAnnotation('no-read-only-root-fs')]: 'nginx writes /var/cache' })),
    ).toEqual([]);
  });

  it('does not suppress with a blank reason, and reports the opt-out as an error', () => {
    // GIVEN an opt-out whose reason is whitespace WHEN validated
    const found = findings(annotated({ 'ignore.shipshape.io/no-read-only-root-fs': '  ' }));
    // THEN the original warning stays and the opt-out is an error
    expect(found.map((f) => [f.ruleId, f.severity, f.path, f.message])).toEqual([
      [
        'no-read-only-root-fs',
        'warning',
        'spec.template.spec.containers[0].securityContext.readOnlyRootFilesystem',
        'container "web" does not set readOnlyRootFilesystem: true',
      ],
      [
        'opt-out-without-reason',
        'error',
        'metadata.annotations["ignore.shipshape.io/no-read-only-root-fs"]',
        'opt-out of no-read-only-root-fs gives no reason, so it does not apply',
      ],
    ]);
  });

  it('warns about an annotation that names no rule', () => {
    // GIVEN a misspelt rule id WHEN validated THEN it is a warning and the original warning stays
    const found = findings(annotated({ 'ignore.shipshape.io/read-only-root-fs': 'typo' }));
    expect(found.map((f) => [f.ruleId, f.message])).toEqual([
      ['no-read-only-root-fs', 'container "web" does not set readOnlyRootFilesystem: true'],
      [
        'opt-out-unknown-rule',
        'opt-out annotation ignore.shipshape.io/read-only-root-fs names no shipshape rule',
      ],
    ]);
  });

  it('refuses to opt out of the opt-out rules themselves', () => {
    // GIVEN an opt-out of opt-out-without-reason next to a blank opt-out
    const found = findings(
      annotated({
        'ignore.shipshape.io/opt-out-without-reason': 'hide it',
        'ignore.shipshape.io/no-read-only-root-fs': '',
      }),
    );
    // WHEN validated THEN both the refusal and the blank-reason error are reported
    expect(found.map((f) => f.ruleId).sort()).toEqual([
      'no-read-only-root-fs',
      'opt-out-unknown-rule',
      'opt-out-without-reason',
    ]);
  });

  it('only applies to the annotated object', () => {
    // GIVEN two Deployments with the same warning, one opted out WHEN validated THEN the other still warns
    const set = annotated({ 'ignore.shipshape.io/no-read-only-root-fs': 'by design' });
    const other = JSON.parse(JSON.stringify(set[1])) as Obj;
    other.metadata = { name: 'web2', namespace: 'shop', labels: { app: 'web' } };
    expect(findings([...set, other]).map((f) => `${f.ruleId} ${f.object.name}`)).toEqual([
      'no-read-only-root-fs web2',
    ]);
  });
});
