import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { loadManifests, ManifestLoadError } from '../../src/validate';
import { manifestFiles, parseManifestText } from '../../src/validate/load';

function tempTree(files: Record<string, string>): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'shipshape-load-'));
  for (const [rel, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
    fs.writeFileSync(path.join(root, rel), text);
  }
  return root;
}

describe('parseManifestText', () => {
  it('splits documents, drops empty ones, and records the line of each document and path', () => {
    // GIVEN two documents separated by an empty one
    const text =
      '# header\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\ndata:\n  k: v\n---\n---\napiVersion: v1\nkind: List\nitems:\n  - x: 1\n  - z: 2\n';
    // WHEN parsed
    const { documents, syntaxErrors } = parseManifestText(text, 'f.yaml');
    // THEN there are two documents with their lines
    expect(syntaxErrors).toEqual([]);
    expect(documents.map((d) => [d.file, d.line])).toEqual([
      ['f.yaml', 2],
      ['f.yaml', 10],
    ]);
    expect(documents[0]?.lines?.get('data.k')).toBe(7);
    expect(documents[1]?.lines?.get('items[1]')).toBe(14);
    expect(documents[1]?.lines?.get('items[1].z')).toBe(14);
  });

  it('reads YAML as Kubernetes does: 1.1 booleans and octals, but timestamps and base-60 stay strings', () => {
    // GIVEN YAML 1.1 scalars WHEN parsed
    const { documents } = parseManifestText(
      'a: yes\nb: off\nc: 0755\nd: 2024-01-01\ne: 1:30\nf: "yes"\n',
      'f.yaml',
    );
    // THEN they take the values kubectl would send
    expect(documents[0]?.object).toEqual({ a: true, b: false, c: 493, d: '2024-01-01', e: '1:30', f: 'yes' });
  });

  it('brackets keys that are not identifiers in paths', () => {
    // GIVEN an annotation key with dots and a slash WHEN parsed THEN its path is bracketed
    const { documents } = parseManifestText('metadata:\n  annotations:\n    example.com/x: "1"\n', 'f.yaml');
    expect(documents[0]?.lines?.get('metadata.annotations["example.com/x"]')).toBe(3);
  });

  it('returns syntax errors with their line, and duplicate keys are errors', () => {
    // GIVEN a duplicate key WHEN parsed THEN it is a syntax error at that line
    const { documents, syntaxErrors } = parseManifestText('kind: A\nmetadata: {}\nkind: B\n', 'f.yaml');
    expect(documents).toEqual([]);
    expect(syntaxErrors).toEqual([{ file: 'f.yaml', line: 3, message: 'Map keys must be unique' }]);
  });
});

describe('manifestFiles and loadManifests', () => {
  it('walks directories in sorted order, skipping Helm charts, values files, hidden dirs and other extensions', () => {
    // GIVEN a tree with manifests, a chart, a hidden directory and a README
    const root = tempTree({
      'b.yaml': 'kind: B\n',
      'a/z.yml': 'kind: Z\n',
      'a/y.json': '{"kind": "Y"}',
      'chart/Chart.yaml': 'name: c\n',
      'chart/templates/d.yaml': 'kind: {{ .Values.kind }}\n',
      'values.yaml': 'x: 1\n',
      '.git/c.yaml': 'kind: C\n',
      'README.md': '# no\n',
    });
    // WHEN listed THEN only the manifests are, in order
    expect(manifestFiles([root]).map((f) => path.relative(root, f))).toEqual([
      'a/y.json',
      'a/z.yml',
      'b.yaml',
    ]);
  });

  it('reads a file given explicitly whatever its extension', () => {
    // GIVEN a .txt file named on the command line WHEN loaded THEN it is read
    const root = tempTree({ 'm.txt': 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: shop\n' });
    expect(loadManifests([path.join(root, 'm.txt')]).map((d) => d.object)).toEqual([
      { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'shop' } },
    ]);
  });

  it('throws ManifestLoadError naming the file and line of a syntax error', () => {
    // GIVEN a file with a bad indentation WHEN loaded THEN the error carries file and line
    const root = tempTree({ 'bad.yaml': 'a:\n  - b: 1\n   - c: 2\n' });
    const file = path.join(root, 'bad.yaml');
    expect(() => loadManifests([file])).toThrow(ManifestLoadError);
    expect(() => loadManifests([file])).toThrow(
      `${file}:3: All sequence items must start at the same column`,
    );
  });

  it('throws ManifestLoadError for a path that does not exist', () => {
    // GIVEN a missing path WHEN loaded THEN the error names it and the reason
    expect(() => loadManifests(['/no/such/dir'])).toThrow('cannot read /no/such/dir: ENOENT');
  });
});
