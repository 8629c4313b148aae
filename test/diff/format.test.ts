import { formatJson, formatMarkdown, formatReport, formatText, MARKDOWN_MARKER } from '../../src/diff/format';
import type { DiffReport, EnvironmentDiff } from '../../src/diff/report';
import { deployment, diffObjectsOf } from './_apps';

// The three forms of a report: a pull-request comment, a terminal, JSON.

const withImage = (tag: string) => {
  const d = deployment('web');
  const spec = d['spec'] as any;
  spec.template.spec.containers[0].image = `example/web:${tag}`;
  return d;
};
const env = (name: string, d: EnvironmentDiff): EnvironmentDiff => ({ ...d, name });
const report = (environments: EnvironmentDiff[]): DiffReport => ({
  schemaVersion: 1,
  base: { label: 'main', commit: '0123456789abcdef0123456789abcdef01234567' },
  head: { label: 'working tree' },
  summary: {
    environments: environments.length,
    changed: environments.filter((e) => e.status !== 'unchanged').length,
    widen: environments.reduce((n, e) => n + e.risks.filter((r) => r.level === 'widen').length, 0),
    rolls: environments.reduce((n, e) => n + e.rolls.length, 0),
    breaking: 0,
  },
  environments,
});

describe('formatMarkdown', () => {
  test('a marker, a title, a summary, a line per environment, then one collapsed block per changed environment', () => {
    // GIVEN one environment where web rolls and one unchanged
    const changed = env('prod', diffObjectsOf([withImage('1.0.0')], [withImage('1.1.0')]));
    const same = env('dev', diffObjectsOf([withImage('1.0.0')], [withImage('1.0.0')]));
    // WHEN formatted
    const md = formatMarkdown(report([same, changed]));
    // THEN exactly
    expect(md).toBe(
      [
        MARKDOWN_MARKER,
        '### shipshape diff: main (0123456) → working tree',
        '',
        '**2 environments, 1 changed: nothing widened, 1 workload rolls, nothing breaks**',
        '',
        '- **prod**: 1 workload rolls · objects 1 changed',
        '- **dev**: no change',
        '',
        '<details>',
        '<summary><b>prod</b>: 1 workload rolls · objects 1 changed</summary>',
        '',
        '**Workloads that roll** (1)',
        '',
        '- Deployment `shop/web` (rolling): image `web: example/web:1.0.0 → example/web:1.1.0`',
        '',
        '**Objects** (1)',
        '',
        '- changed Deployment `shop/web`: `spec.template.spec.containers[web].image: example/web:1.0.0 → example/web:1.1.0`',
        '',
        '</details>',
        '',
      ].join('\n'),
    );
  });

  test('prose is escaped, code with backticks keeps them, long sections are cut with a pointer to the JSON', () => {
    // GIVEN 45 added objects, one named with a backtick and markup characters in its namespace
    const objects = Array.from({ length: 45 }, (_, i) => deployment(`w${i}`));
    const odd = { ...deployment('a`b'), metadata: { name: 'a`b', namespace: '<ns>|*' } };
    // WHEN formatted
    const md = formatMarkdown(report([env('x_y', diffObjectsOf([], [odd, ...objects]))]));
    // THEN the environment name is escaped, the code span is fenced longer, and 40 lines then a pointer
    expect(md).toContain('<summary><b>x\\_y</b>:');
    expect(md).toContain('- added Deployment ``<ns>|*/a`b``');
    expect(md).toContain('- … and 6 more (see `--format json`)');
    expect(md.split('\n').filter((l) => l.startsWith('- added ')).length).toBe(40);
  });
});

describe('formatText and formatJson', () => {
  test('the terminal form lists every line; JSON is the report', () => {
    // GIVEN a change / WHEN formatted
    const r = report([env('prod', diffObjectsOf([withImage('1.0.0')], [withImage('1.1.0')]))]);
    // THEN
    expect(formatText(r)).toBe(
      [
        'shipshape diff: main (0123456) → working tree',
        '1 environment, 1 changed: nothing widened, 1 workload rolls, nothing breaks',
        '',
        'prod: 1 workload rolls · objects 1 changed',
        '  Workloads that roll',
        '    Deployment shop/web (rolling): image web: example/web:1.0.0 → example/web:1.1.0',
        '  Objects',
        '    changed Deployment shop/web: spec.template.spec.containers[web].image: example/web:1.0.0 → example/web:1.1.0',
        '',
      ].join('\n'),
    );
    expect(JSON.parse(formatJson(r))).toEqual(r);
    expect(formatReport(r, 'json')).toBe(formatJson(r));
    expect(formatReport(r, 'markdown')).toBe(formatMarkdown(r));
  });
});
