import * as api from '../../src/validate';

describe('public API (src/validate/index.ts)', () => {
  it('exports the functions the synth step and the CLI use', () => {
    // GIVEN the module WHEN its exports are listed THEN the documented entry points are functions
    const fns = [
      'validateObjects',
      'loadManifests',
      'validatePaths',
      'formatText',
      'formatJson',
      'formatFinding',
      'formatSummary',
      'summarize',
      'optOutAnnotation',
      'parseQuantity',
      'isRuleId',
    ] as const;
    expect(fns.filter((name) => typeof api[name] !== 'function')).toEqual([]);
    expect(api.ManifestLoadError.prototype).toBeInstanceOf(Error);
    expect(api.OPT_OUT_PREFIX).toBe('ignore.shipshape.io/');
  });
});
