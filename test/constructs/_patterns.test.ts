import * as patterns from '../../constructs/_patterns';

describe('the shared grammars', () => {
  test('use only syntax Go RE2 reads the same way (Helm evaluates the schema patterns with it)', () => {
    for (const [name, re] of Object.entries(patterns)) {
      // no lookaround, backreferences, named groups or flags: RE2 lacks or differs on them
      expect([name, /\(\?[=!<]|\\[1-9]|\(\?</.test(re.source), re.flags]).toEqual([name, false, '']);
    }
  });

  test('read quantities, images and zero quantities as the constructs mean them', () => {
    expect(['100m', '1.5Gi', '2e3', '+1', '.5'].map((q) => patterns._QUANTITY.test(q))).toEqual([
      true,
      true,
      true,
      true,
      true,
    ]);
    expect(['0', '0.0m', '-0Gi', '.0'].every((q) => patterns._ZERO_QUANTITY.test(q))).toBe(true);
    expect(patterns._ZERO_QUANTITY.test('0.5')).toBe(false);
    expect(
      patterns._IMAGE_REFERENCE.exec('localhost:5000/a/b:1.2@sha256:' + 'f'.repeat(64))?.slice(1),
    ).toEqual(['localhost:5000/a/b', '1.2', 'sha256:' + 'f'.repeat(64)]);
  });
});
