import { fieldText, headline, outline, sideText } from '../../src/diff/outline';
import type { DiffReport, EnvironmentDiff } from '../../src/diff/report';
import { deployment, diffObjectsOf } from './_apps';

// The report as a reviewer reads it: headlines, sections, risky environments first, repeated changes as one line.

const annotated = (name: string, wave: string) => ({
  ...deployment(name),
  metadata: { name, namespace: 'shop', annotations: { 'argocd.argoproj.io/sync-wave': wave } },
});
const wrap = (environments: EnvironmentDiff[]): DiffReport => ({
  schemaVersion: 1,
  base: { label: 'a' },
  head: { label: 'b' },
  summary: { environments: environments.length, changed: 1, widen: 1, rolls: 0, breaking: 0 },
  environments,
});

describe('outline', () => {
  test('objects whose changed paths are the same are one line; risky environments come first', () => {
    // GIVEN 4 Deployments gaining a sync-wave annotation (with different values) in `b`, an edge opened in `z`
    const names = ['a', 'b', 'c', 'd'];
    const waves = diffObjectsOf(
      names.map((n) => deployment(n)),
      names.map((n, i) => annotated(n, String(i))),
    );
    const policy = (ingress: unknown[]) => ({
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: { name: 'p', namespace: 'shop' },
      spec: { podSelector: {}, policyTypes: ['Ingress'], ingress },
    });
    const opened = diffObjectsOf(
      [deployment('web'), policy([])],
      [deployment('web'), policy([{ ports: [{ port: 80 }] }])],
    );
    // WHEN outlined
    const o = outline(
      wrap([
        { ...waves, name: 'b' },
        { ...opened, name: 'z' },
      ]),
    );
    // THEN z first, with its risk; b's four objects in one line
    expect(o.environments.map((e) => [e.name, e.risky])).toEqual([
      ['z', true],
      ['b', false],
    ]);
    const objects = o.environments[1]!.sections.find((s) => s.title === 'Objects')!;
    expect(objects.lines).toEqual([
      [
        'changed ',
        '4 objects (',
        'Deployment ',
        { code: 'shop/a' },
        ', ',
        'Deployment ',
        { code: 'shop/b' },
        ', ',
        'Deployment ',
        { code: 'shop/c' },
        ', ',
        'Deployment ',
        { code: 'shop/d' },
        ')',
        ': ',
        { code: 'metadata.annotations[argocd.argoproj.io/sync-wave] added' },
      ],
    ]);
    expect(o.environments[0]!.sections.map((s) => s.title)).toEqual(['Risky', 'Network edges', 'Objects']);
  });

  test('headlines, field texts and side labels', () => {
    // GIVEN / WHEN / THEN
    const same = diffObjectsOf([deployment('a')], [deployment('a')]);
    expect(headline(same)).toBe('no change');
    expect(headline({ ...same, status: 'added' })).toBe('new environment');
    expect(fieldText({ path: 'spec.replicas', change: 'changed', from: 1, to: 2 })).toBe(
      'spec.replicas: 1 → 2',
    );
    expect(fieldText({ path: 'spec.x', change: 'added', to: 'y' })).toBe('spec.x added: y');
    expect(fieldText({ path: 'spec.x', change: 'removed' })).toBe('spec.x removed');
    expect(sideText({ label: 'main', commit: 'abcdef0123' })).toBe('main (abcdef0)');
  });
});
