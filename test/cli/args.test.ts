import { parseArgs } from '../../src/cli/args';
import { AppLoadError } from '../../src/synth/run';

describe('parseArgs', () => {
  test('takes one entry, repeated and inline values, and switches', () => {
    // GIVEN / WHEN
    const parsed = parseArgs(['app.ts', '--env', 'dev', '--env=prod', '--check'], ['--env'], ['--check']);
    // THEN
    expect(parsed.entry).toBe('app.ts');
    expect(parsed.values.get('--env')).toEqual(['dev', 'prod']);
    expect([...parsed.switches]).toEqual(['--check']);
  });

  test.each([
    [['--out'], '--out needs a value'],
    [['--bogus'], 'unknown flag --bogus'],
    [['a.ts', 'b.ts'], 'one app file at most (got a.ts, b.ts)'],
  ])('refuses %j', (args, message) => {
    // GIVEN / WHEN / THEN
    expect(() => parseArgs(args, ['--out'], [])).toThrow(new AppLoadError(message));
  });
});
