import * as fs from 'fs';
import * as path from 'path';
import * as ts from 'typescript';

const DIR = path.join(__dirname, '..', '..', 'constructs');
const files = fs.readdirSync(DIR).filter((f) => f.endsWith('.ts') && !f.startsWith('_') && f !== 'index.ts');

/** Every property of every exported interface of the public construct files. */
function publicProps(): { where: string; readonly: boolean; optional: boolean; doc: string }[] {
  const out: { where: string; readonly: boolean; optional: boolean; doc: string }[] = [];
  for (const file of files) {
    const text = fs.readFileSync(path.join(DIR, file), 'utf8');
    const sf = ts.createSourceFile(file, text, ts.ScriptTarget.ES2022, true);
    sf.forEachChild((node) => {
      if (
        !ts.isInterfaceDeclaration(node) ||
        !node.modifiers?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword)
      )
        return;
      for (const m of node.members) {
        if (!ts.isPropertySignature(m)) continue;
        const jsDoc = (m as unknown as { jsDoc?: ts.JSDoc[] }).jsDoc ?? [];
        out.push({
          where: `${file} ${node.name.text}.${m.name.getText(sf)}`,
          readonly: !!m.modifiers?.some((x) => x.kind === ts.SyntaxKind.ReadonlyKeyword),
          optional: !!m.questionToken,
          doc: jsDoc.map((d) => d.getFullText(sf)).join('\n'),
        });
      }
    });
  }
  return out;
}

describe('public construct API', () => {
  const props = publicProps();

  test('covers the construct files', () => {
    // GIVEN / WHEN / THEN
    expect(files).toEqual(
      expect.arrayContaining([
        'microservice.ts',
        'stateful-service.ts',
        'gateway.ts',
        'task.ts',
        'system.ts',
        'secret.ts',
        'workload.ts',
      ]),
    );
    expect(props.length).toBeGreaterThan(80);
  });

  test('every prop is readonly and documented', () => {
    // GIVEN / WHEN
    const bad = props
      .filter((p) => !p.readonly || !/\/\*\*\s*\n?\s*\*?\s*\S/.test(p.doc))
      .map((p) => p.where);
    // THEN
    expect(bad).toEqual([]);
  });

  test('every optional prop states its @default', () => {
    // GIVEN / WHEN
    const bad = props.filter((p) => p.optional && !p.doc.includes('@default')).map((p) => p.where);
    // THEN
    expect(bad).toEqual([]);
  });
});
