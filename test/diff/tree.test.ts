import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { environmentsOf, isSelected, OutputReadError, readOutputDir } from '../../src/diff/tree';

// An output as the diff reads it: environments are its folders of YAML, each with its Application and chart.

const ns = (name: string) => `apiVersion: v1\nkind: Namespace\nmetadata:\n  name: ${name}\n`;

describe('environmentsOf', () => {
  test('folders of YAML are environments, with their Argo CD Application and their chart', () => {
    // GIVEN an output with two environments, one of two Systems, charts and Applications
    const tree = new Map([
      ['dev/00-namespace.yaml', ns('shop')],
      [
        'dev/web.yaml',
        `${ns('a')}---\napiVersion: v1\nkind: List\nitems:\n  - ${ns('b').split('\n').join('\n    ')}`,
      ],
      ['prod/shop/a.yaml', ns('shop')],
      ['prod/blog/a.yaml', ns('blog')],
      [
        'argocd/dev.yaml',
        'apiVersion: argoproj.io/v1alpha1\nkind: Application\nmetadata:\n  name: shop-dev\n',
      ],
      ['helm/dev/Chart.yaml', 'apiVersion: v2\nname: shop\nversion: 1.0.0\n'],
      ['helm/dev/values.schema.json', '{"type":"object"}'],
      ['helm/dev/values.yaml', 'web:\n  replicas: 1\n'],
    ]);
    // WHEN read
    const envs = environmentsOf(tree);
    // THEN three environments, the manifests in file order, then the Application; the chart parsed
    expect([...envs.keys()]).toEqual(['dev', 'prod/blog', 'prod/shop']);
    const dev = envs.get('dev')!;
    expect(dev.objects.map((o) => `${o.kind}/${o.metadata.name}`)).toEqual([
      'Namespace/shop',
      'Namespace/a',
      'Namespace/b',
      'Application/shop-dev',
    ]);
    expect(dev.chart).toEqual({
      dir: 'helm/dev',
      chart: { apiVersion: 'v2', name: 'shop', version: '1.0.0' },
      schema: { type: 'object' },
      values: { web: { replicas: 1 } },
    });
    expect(envs.get('prod/shop')?.chart).toBeUndefined();
  });

  test('a file that is not YAML is refused with its name', () => {
    // GIVEN a broken file / WHEN read / THEN the file and the reason
    expect(() => environmentsOf(new Map([['dev/x.yaml', 'a: [']]))).toThrow(OutputReadError);
    expect(() => environmentsOf(new Map([['dev/x.yaml', 'a: [']]))).toThrow(/^dev\/x\.yaml: not YAML/);
  });
});

describe('readOutputDir', () => {
  test('reads manifests, Applications and the chart files, not the chart templates', () => {
    // GIVEN an output directory
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'shipshape-tree-'));
    try {
      for (const [rel, text] of [
        ['dev/a.yaml', ns('a')],
        ['helm/dev/Chart.yaml', 'name: x\n'],
        ['helm/dev/templates/a.yaml', '{{ .Values.x }}'],
        ['helm/dev/README.md', '# x'],
        ['notes.txt', 'x'],
      ]) {
        fs.mkdirSync(path.dirname(path.join(dir, rel!)), { recursive: true });
        fs.writeFileSync(path.join(dir, rel!), text!);
      }
      // WHEN read / THEN the files a diff uses
      expect([...readOutputDir(dir).keys()]).toEqual(['dev/a.yaml', 'helm/dev/Chart.yaml']);
      expect(() => readOutputDir(path.join(dir, 'missing'))).toThrow(
        `${path.join(dir, 'missing')} is not a directory`,
      );
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

test('an environment selects itself and its Systems', () => {
  // GIVEN / WHEN / THEN
  expect(['prod', 'prod/shop', 'production', 'dev'].filter((n) => isSelected(n, ['prod']))).toEqual([
    'prod',
    'prod/shop',
  ]);
  expect(isSelected('dev', undefined)).toBe(true);
});
