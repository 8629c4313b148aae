import {
  changedBy,
  moved,
  refusedBy,
  reportedApplied,
  reportedReplace,
  reportedRolls,
  revisions,
} from '../../e2e/diff-checks';
import type { EnvironmentDiff } from '../../src/diff/report';

// The parsers of e2e/diff.sh's checks, on the shapes kubectl prints (each check fails with both lists when the
// report and the control plane disagree).

test('revisions: a Deployment by its revision annotation, a StatefulSet by its update revision; moved ones', () => {
  // GIVEN a list before and after / WHEN read / THEN
  const list = (d: string, s: string) => ({
    items: [
      {
        kind: 'Deployment',
        metadata: { name: 'api', annotations: { 'deployment.kubernetes.io/revision': d } },
      },
      { kind: 'StatefulSet', metadata: { name: 'db' }, status: { updateRevision: s } },
      {
        kind: 'Deployment',
        metadata: { name: 'web', annotations: { 'deployment.kubernetes.io/revision': '1' } },
      },
    ],
  });
  expect(revisions(list('1', 'db-1'))).toEqual({
    'Deployment/api': '1',
    'StatefulSet/db': 'db-1',
    'Deployment/web': '1',
  });
  expect(moved(revisions(list('1', 'db-1')), revisions(list('2', 'db-1')))).toEqual(['Deployment/api']);
});

test("refusals and kubectl diff's objects, as kubectl prints them", () => {
  // GIVEN kubectl's output / WHEN parsed / THEN the objects
  expect(
    refusedBy(
      'Error from server (Invalid): StatefulSet.apps "db" is invalid: spec: Forbidden: updates to statefulset spec for fields other than ...\n',
    ),
  ).toEqual(['StatefulSet/db']);
  const diff = [
    'diff -u -N /tmp/LIVE-123/apps.v1.Deployment.shop.api /tmp/MERGED-123/apps.v1.Deployment.shop.api',
    '--- /tmp/LIVE-123/apps.v1.Deployment.shop.api',
    'diff -u -N /tmp/LIVE-123/v1.ConfigMap.shop.web-config /tmp/MERGED-123/v1.ConfigMap.shop.web-config',
    'diff -u -N /tmp/LIVE-123/networking.k8s.io.v1.NetworkPolicy.shop.a.b /tmp/MERGED-123/networking.k8s.io.v1.NetworkPolicy.shop.a.b',
  ].join('\n');
  expect(changedBy(diff)).toEqual(['ConfigMap/web-config', 'Deployment/api', 'NetworkPolicy/a.b']);
});

test("the report's claims: rolls, replaces, what is applied", () => {
  // GIVEN a report's environment / WHEN read / THEN
  const ref = (kind: string, name: string) => ({ apiVersion: 'v1', kind, name, namespace: 'shop' });
  const e = {
    rolls: [
      { workload: ref('Deployment', 'api'), mode: 'rolling', causes: [], fields: [] },
      { workload: ref('CronJob', 'c'), mode: 'next-run', causes: [], fields: [] },
    ],
    objects: {
      added: [ref('Role', 'r')],
      removed: [],
      changed: [
        { object: ref('StatefulSet', 'db'), fields: [], replace: 'x' },
        { object: ref('Deployment', 'api'), fields: [] },
      ],
    },
  } as unknown as EnvironmentDiff;
  expect([reportedRolls(e), reportedReplace(e), reportedApplied(e)]).toEqual([
    ['Deployment/api'],
    ['StatefulSet/db'],
    ['Deployment/api', 'Role/r'],
  ]);
});
