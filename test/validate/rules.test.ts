import * as fs from 'fs';
import * as path from 'path';
import { isRuleId, RULE_IDS, RULES } from '../../src/validate';

const DOC = fs.readFileSync(path.resolve(__dirname, '../../docs/validation.md'), 'utf8');

describe('rule catalogue', () => {
  it('uses kebab-case ids that fit in an annotation key name part', () => {
    // GIVEN every rule id WHEN checked THEN it can follow ignore.shipshape.io/ (qualified name, <= 63 chars)
    expect(RULE_IDS.filter((id) => !/^[a-z0-9]+(-[a-z0-9]+)*$/.test(id) || id.length > 63)).toEqual([]);
  });

  it('is counted right wherever the docs give the number of rules', () => {
    // GIVEN the README and docs/validation.md WHEN their "<n> rules" are read
    const readme = fs.readFileSync(path.resolve(__dirname, '../../README.md'), 'utf8');
    const counts = [...`${readme}\n${DOC}`.matchAll(/\b(\d+) rules\b/g)].map((m) => Number(m[1]));
    // THEN each is the catalogue's size
    expect(counts.length).toBeGreaterThanOrEqual(2);
    expect(counts).toEqual(counts.map(() => RULE_IDS.length));
  });

  it('tells rule ids from other strings', () => {
    // GIVEN a rule id and a non-id WHEN tested THEN only the id is one
    expect([isRuleId('pss-seccomp'), isRuleId('toString'), isRuleId('nope')]).toEqual([true, false, false]);
  });

  it('is documented in docs/validation.md with the same severities, in the same order', () => {
    // GIVEN the rules tables of the docs WHEN their rows are read
    const rows = [...DOC.matchAll(/^\| `([a-z0-9-]+)` +\| (error|warning) +\|/gm)].map(
      (m) => `${m[1]} ${m[2]}`,
    );
    // THEN they list exactly the catalogue
    expect(rows).toEqual(RULE_IDS.map((id) => `${id} ${RULES[id].severity}`));
  });

  it('makes pod security and schema violations errors', () => {
    // GIVEN the catalogue WHEN severities are grouped THEN those categories hold errors only (unknown-kind aside)
    const lenient = RULE_IDS.filter(
      (id) => ['schema', 'pod-security'].includes(RULES[id].category) && RULES[id].severity !== 'error',
    );
    expect(lenient).toEqual(['unknown-kind']);
  });
});
