import { argoCdValues } from '../../../src/pulumi/platform/argo-cd';

describe('argoCdValues', () => {
  it('runs the given Argo CD patch and keeps the CRDs when the release goes', () => {
    // GIVEN / WHEN / THEN: the chart's defaults, plus the image tag and the CRD policy
    expect(argoCdValues('v3.4.14')).toEqual({
      global: { image: { tag: 'v3.4.14' } },
      crds: { install: true, keep: true },
    });
  });
});
