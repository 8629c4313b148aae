import { argoCdValues } from '../../../src/pulumi/platform/argo-cd';
import { ARGO_CD_VERSION } from '../../../src/pulumi/platform/charts';

describe('argoCdValues', () => {
  it('runs the pinned Argo CD patch and keeps the CRDs when the release goes', () => {
    // GIVEN / WHEN / THEN: the chart's defaults, plus the image tag and the CRD policy
    expect(argoCdValues()).toEqual({
      global: { image: { tag: ARGO_CD_VERSION } },
      crds: { install: true, keep: true },
    });
  });
});
