import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { validatePaths } from '../../src/validate';

describe('validatePaths', () => {
  it('reports a YAML syntax error as a finding and still validates the other files', () => {
    // GIVEN one broken file and one file with a bad ConfigMap key
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'shipshape-paths-'));
    fs.writeFileSync(path.join(root, 'a.yaml'), 'a:\n  - b: 1\n   - c: 2\n');
    fs.writeFileSync(
      path.join(root, 'b.yaml'),
      'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cfg\ndata:\n  "bad key": x\n',
    );
    // WHEN validated
    const result = validatePaths([root]);
    // THEN both are reported with file and line, and counts are returned
    expect(result.findings.map((f) => [f.ruleId, path.basename(f.file ?? ''), f.line, f.message])).toEqual([
      ['yaml-syntax', 'a.yaml', 3, 'All sequence items must start at the same column'],
      ['invalid-name', 'b.yaml', 6, 'ConfigMap key "bad key" must consist of alphanumerics, "-", "_" or "."'],
    ]);
    expect([result.objects, result.files.length]).toEqual([1, 2]);
  });
});
