import * as fs from 'fs';
import * as path from 'path';
import { RULE_IDS, validatePaths } from '../../src/validate';

const FIXTURES = path.join(__dirname, 'fixtures');

/** `bad/<rule>.yaml` (or `.yaml.txt` for the invalid-YAML one, which prettier must not parse). */
function fixture(kind: 'bad' | 'good', rule: string): string {
  const yaml = path.join(FIXTURES, kind, `${rule}.yaml`);
  return fs.existsSync(yaml) ? yaml : `${yaml}.txt`;
}

/** Rules a bad fixture may trigger besides its own, declared in its `# also:` header line. */
function declaredAlso(file: string): string[] {
  const m = /^# also: (.*)$/m.exec(fs.readFileSync(file, 'utf8'));
  return m?.[1] ? m[1].split(', ') : [];
}

describe('rule fixtures', () => {
  describe.each(RULE_IDS.map((r) => [r]))('%s', (rule) => {
    it('fires on its bad fixture, and no other rule does unless declared', () => {
      // GIVEN the rule's bad fixture
      const file = fixture('bad', rule);
      // WHEN it is validated
      const ids = new Set(validatePaths([file]).findings.map((f) => f.ruleId));
      // THEN the rule fires, alongside only the rules the fixture declares
      expect(ids.has(rule)).toBe(true);
      expect([...ids].sort()).toEqual([rule, ...declaredAlso(file)].sort());
    });

    it('stays silent on its good fixture, which has no finding at all', () => {
      // GIVEN the rule's good fixture (the correct form of the same construct)
      // WHEN it is validated
      const result = validatePaths([fixture('good', rule)]);
      // THEN there is nothing to report
      expect(result.findings).toEqual([]);
      expect(result.objects).toBeGreaterThan(0);
    });
  });

  it('has no fixture for a rule that does not exist', () => {
    // GIVEN the fixture files WHEN their names are read THEN each names a rule of the catalogue
    for (const kind of ['bad', 'good']) {
      const names = fs.readdirSync(path.join(FIXTURES, kind)).map((f) => f.replace(/\.yaml(\.txt)?$/, ''));
      expect(names.filter((n) => !(RULE_IDS as readonly string[]).includes(n))).toEqual([]);
      expect(names).toHaveLength(RULE_IDS.length);
    }
  });
});
