import { diffOutputs } from '../../src/diff/compare';
import { DIFF_SCHEMA_VERSION } from '../../src/diff/report';
import { deployment, envOf } from './_apps';
import { exampleReport } from './_example';

// The JSON report's field names are a contract (docs/diff.md): renaming or removing one changes this list and
// needs DIFF_SCHEMA_VERSION bumped. The docs' example and the manifests below fill every field.

/** Every key path of a JSON value, list items as `[]`. */
function keyPaths(v: unknown, prefix = ''): Set<string> {
  const out = new Set<string>();
  if (Array.isArray(v)) for (const item of v) for (const p of keyPaths(item, `${prefix}[]`)) out.add(p);
  else if (v !== null && typeof v === 'object') {
    for (const [k, child] of Object.entries(v)) {
      const p = prefix === '' ? k : `${prefix}.${k}`;
      out.add(p);
      for (const q of keyPaths(child, p)) out.add(q);
    }
  }
  return out;
}

/** What the example does not have: a stale reader, a closed edge, a removal, a replace, an HPA's target. */
function otherReport() {
  const meta = (kind: string, name: string, apiVersion = 'v1') => ({
    apiVersion,
    kind,
    metadata: { name, namespace: 'shop' },
  });
  const reader = deployment('reader', {
    containers: [{ name: 'r', image: 'r:1', envFrom: [{ configMapRef: { name: 'settings' } }] }],
  });
  const side = (v: string, storage: string, max: number, policy: object) => [
    { ...meta('ConfigMap', 'settings'), data: { A: v } },
    reader,
    {
      ...meta('NetworkPolicy', 'p', 'networking.k8s.io/v1'),
      spec: { podSelector: {}, policyTypes: ['Ingress'], ...policy },
    },
    {
      ...meta('StatefulSet', 'db', 'apps/v1'),
      spec: { volumeClaimTemplates: [{ spec: { resources: { requests: { storage } } } }] },
    },
    {
      ...meta('HorizontalPodAutoscaler', 'reader', 'autoscaling/v2'),
      spec: { scaleTargetRef: { kind: 'Deployment', name: 'reader' }, maxReplicas: max },
    },
  ];
  return diffOutputs(
    envOf([...side('1', '1Gi', 2, { ingress: [{}] }), meta('ServiceAccount', 'gone')]),
    envOf(side('2', '2Gi', 3, {})),
    { base: { label: 'main', commit: 'c'.repeat(40) }, head: { label: 'working tree' } },
  );
}

test('the report has exactly the documented fields (schema version 1)', () => {
  // GIVEN the example's report and another / WHEN their key paths are listed
  const paths = [
    ...new Set([exampleReport(), otherReport()].flatMap((r) => [...keyPaths(JSON.parse(JSON.stringify(r)))])),
  ].sort();
  // THEN
  expect(DIFF_SCHEMA_VERSION).toBe(1);
  expect(paths).toEqual(REPORT_FIELDS);
});

const REPORT_FIELDS: string[] = [
  'base',
  'base.commit',
  'base.label',
  'environments',
  'environments[].chart',
  'environments[].chart.defaults',
  'environments[].chart.defaults[].change',
  'environments[].chart.defaults[].from',
  'environments[].chart.defaults[].path',
  'environments[].chart.defaults[].to',
  'environments[].chart.dir',
  'environments[].chart.metadata',
  'environments[].chart.metadata[].change',
  'environments[].chart.metadata[].from',
  'environments[].chart.metadata[].path',
  'environments[].chart.metadata[].to',
  'environments[].chart.status',
  'environments[].chart.values',
  'environments[].chart.values[].breaking',
  'environments[].chart.values[].change',
  'environments[].chart.values[].detail',
  'environments[].chart.values[].path',
  'environments[].edges',
  'environments[].edges.closed',
  'environments[].edges.closed[].from',
  'environments[].edges.closed[].ports',
  'environments[].edges.closed[].readings',
  'environments[].edges.closed[].source',
  'environments[].edges.closed[].to',
  'environments[].edges.opened',
  'environments[].edges.opened[].from',
  'environments[].edges.opened[].ports',
  'environments[].edges.opened[].readings',
  'environments[].edges.opened[].source',
  'environments[].edges.opened[].to',
  'environments[].edges.sources',
  'environments[].exposure',
  'environments[].exposure[].change',
  'environments[].exposure[].kind',
  'environments[].exposure[].object',
  'environments[].exposure[].object.apiVersion',
  'environments[].exposure[].object.kind',
  'environments[].exposure[].object.name',
  'environments[].exposure[].object.namespace',
  'environments[].exposure[].text',
  'environments[].exposure[].widen',
  'environments[].name',
  'environments[].objects',
  'environments[].objects.added',
  'environments[].objects.added[].apiVersion',
  'environments[].objects.added[].kind',
  'environments[].objects.added[].name',
  'environments[].objects.added[].namespace',
  'environments[].objects.changed',
  'environments[].objects.changed[].fields',
  'environments[].objects.changed[].fields[].change',
  'environments[].objects.changed[].fields[].from',
  'environments[].objects.changed[].fields[].path',
  'environments[].objects.changed[].fields[].to',
  'environments[].objects.changed[].object',
  'environments[].objects.changed[].object.apiVersion',
  'environments[].objects.changed[].object.kind',
  'environments[].objects.changed[].object.name',
  'environments[].objects.changed[].object.namespace',
  'environments[].objects.changed[].replace',
  'environments[].objects.removed',
  'environments[].objects.removed[].apiVersion',
  'environments[].objects.removed[].kind',
  'environments[].objects.removed[].name',
  'environments[].objects.removed[].namespace',
  'environments[].privilege',
  'environments[].privilege[].change',
  'environments[].privilege[].kind',
  'environments[].privilege[].object',
  'environments[].privilege[].object.apiVersion',
  'environments[].privilege[].object.kind',
  'environments[].privilege[].object.name',
  'environments[].privilege[].object.namespace',
  'environments[].privilege[].text',
  'environments[].privilege[].widen',
  'environments[].risks',
  'environments[].risks[].level',
  'environments[].risks[].section',
  'environments[].risks[].text',
  'environments[].rolls',
  'environments[].rolls[].causes',
  'environments[].rolls[].causes[].detail',
  'environments[].rolls[].causes[].reason',
  'environments[].rolls[].fields',
  'environments[].rolls[].fields[].change',
  'environments[].rolls[].fields[].from',
  'environments[].rolls[].fields[].path',
  'environments[].rolls[].fields[].to',
  'environments[].rolls[].mode',
  'environments[].rolls[].workload',
  'environments[].rolls[].workload.apiVersion',
  'environments[].rolls[].workload.kind',
  'environments[].rolls[].workload.name',
  'environments[].rolls[].workload.namespace',
  'environments[].stale',
  'environments[].stale[].source',
  'environments[].stale[].source.apiVersion',
  'environments[].stale[].source.kind',
  'environments[].stale[].source.name',
  'environments[].stale[].source.namespace',
  'environments[].stale[].via',
  'environments[].stale[].workload',
  'environments[].stale[].workload.apiVersion',
  'environments[].stale[].workload.kind',
  'environments[].stale[].workload.name',
  'environments[].stale[].workload.namespace',
  'environments[].status',
  'environments[].steady',
  'environments[].steady[].change',
  'environments[].steady[].fields',
  'environments[].steady[].fields[].change',
  'environments[].steady[].fields[].from',
  'environments[].steady[].fields[].path',
  'environments[].steady[].fields[].to',
  'environments[].steady[].object',
  'environments[].steady[].object.apiVersion',
  'environments[].steady[].object.kind',
  'environments[].steady[].object.name',
  'environments[].steady[].object.namespace',
  'environments[].steady[].target',
  'environments[].steady[].target.apiVersion',
  'environments[].steady[].target.kind',
  'environments[].steady[].target.name',
  'environments[].steady[].target.namespace',
  'head',
  'head.label',
  'schemaVersion',
  'summary',
  'summary.breaking',
  'summary.changed',
  'summary.environments',
  'summary.rolls',
  'summary.widen',
];
