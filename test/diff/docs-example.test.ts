import * as fs from 'fs';
import * as path from 'path';
import { formatMarkdown } from '../../src/diff/format';
import { exampleReport } from './_example';

// docs/diff.md shows the pull-request comment of test/diff/_example.ts as `shipshape diff --format markdown`
// prints it. This test generates it and fails when the page holds anything else (SHIPSHAPE_UPDATE_DOCS=1
// writes it).

const PAGE = path.join(__dirname, '..', '..', 'docs', 'diff.md');
const START = '<!-- shipshape diff example: start -->';
const END = '<!-- shipshape diff example: end -->';

test('docs/diff.md shows the comment the example generates', () => {
  // GIVEN the page and the example's report
  const page = fs.readFileSync(PAGE, 'utf8');
  const [before, rest] = page.split(START);
  const after = rest?.split(END)[1];
  if (before === undefined || after === undefined)
    throw new Error(`${PAGE} lacks the markers ${START} … ${END}`);
  // WHEN the comment is generated
  const expected = `${before}${START}\n\n${formatMarkdown(exampleReport())}\n${END}${after}`;
  if (process.env['SHIPSHAPE_UPDATE_DOCS'] === '1' && expected !== page) fs.writeFileSync(PAGE, expected);
  // THEN the page holds it
  expect(fs.readFileSync(PAGE, 'utf8')).toBe(expected);
});

test('the example shows every section a review reads', () => {
  // GIVEN / WHEN the example's report / THEN it widens, breaks and rolls, with a comment under 65,536 characters
  const report = exampleReport();
  const md = formatMarkdown(report);
  for (const title of [
    'Risky',
    'Workloads that roll',
    'Changes without a roll',
    'Network edges',
    'Exposure',
    'Identity and privilege',
    'Helm chart',
    'Objects',
  ]) {
    expect(md).toContain(`**${title}`);
  }
  expect(report.summary.widen).toBeGreaterThan(0);
  expect(report.summary.breaking).toBeGreaterThan(0);
  expect(md.length).toBeLessThan(65_536);
});
