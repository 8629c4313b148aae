import {
  compareRefs,
  describeRef,
  diffObjects,
  groupOf,
  immutableChange,
  keyOf,
  matchObjects,
  objectFields,
} from '../../src/diff/objects';
import type { KubeObject } from '../../src/synth/files';
import { deployment } from './_apps';

// Objects by identity (group, kind, namespace, name), the changes among them, and what cannot change in place.

const o = (
  apiVersion: string,
  kind: string,
  name: string,
  rest: Record<string, unknown> = {},
  namespace = 'shop',
) => ({ apiVersion, kind, metadata: { name, namespace }, ...rest }) as KubeObject;

describe('identity and matching', () => {
  test('a new apiVersion of the same kind is the same object; another group is another object', () => {
    // GIVEN an HPA moving from v2beta2 to v2, and an Ingress of two groups
    const a = [
      o('autoscaling/v2beta2', 'HorizontalPodAutoscaler', 'web'),
      o('extensions/v1beta1', 'Ingress', 'i'),
    ];
    const b = [
      o('autoscaling/v2', 'HorizontalPodAutoscaler', 'web'),
      o('networking.k8s.io/v1', 'Ingress', 'i'),
    ];
    // WHEN matched
    const diff = diffObjects(matchObjects(a, b));
    // THEN the HPA changed (its apiVersion), the Ingress was removed and added
    expect(diff.changed.map((c) => [describeRef(c.object), c.fields])).toEqual([
      [
        'HorizontalPodAutoscaler shop/web',
        [{ path: 'apiVersion', change: 'changed', from: 'autoscaling/v2beta2', to: 'autoscaling/v2' }],
      ],
    ]);
    expect(diff.added.map(describeRef)).toEqual(['Ingress shop/i']);
    expect(diff.removed.map((r) => r.apiVersion)).toEqual(['extensions/v1beta1']);
    expect(groupOf('v1')).toBe('');
    expect(keyOf(a[0]!)).toBe('autoscaling/HorizontalPodAutoscaler/shop/web');
  });

  test('report order is kind, namespace, name', () => {
    // GIVEN objects out of order / WHEN matched / THEN sorted
    const names = matchObjects(
      [o('v1', 'Service', 'b'), o('v1', 'Service', 'a', {}, 'z'), o('v1', 'ConfigMap', 'c')],
      [],
    ).map((m) => describeRef({ ...m.base!.metadata, kind: m.base!.kind, apiVersion: m.base!.apiVersion }));
    expect(names).toEqual(['ConfigMap shop/c', 'Service shop/b', 'Service z/a']);
    expect(
      compareRefs({ apiVersion: 'v1', kind: 'A', name: 'x' }, { apiVersion: 'v1', kind: 'A', name: 'x' }),
    ).toBe(0);
  });

  test('a Secret never shows a value: not its data, not an annotation that copies it', () => {
    // GIVEN a Secret whose value changed, with the value also in a short annotation
    const secret = (v: string) =>
      o('v1', 'Secret', 's', {
        metadata: { name: 's', namespace: 'shop', annotations: { copy: `{"data":{"K":"${v}"}}` } },
        data: { K: v },
      });
    // WHEN its fields are listed / THEN paths only; another kind's short values are shown
    const fields = objectFields(secret('b2xk'), secret('bmV3'));
    expect(fields).toEqual([
      { path: 'data.K', change: 'changed' },
      { path: 'metadata.annotations.copy', change: 'changed' },
    ]);
    expect(JSON.stringify(fields)).not.toContain('bmV3');
    expect(
      objectFields(
        o('v1', 'ConfigMap', 'c', { data: { K: '1' } }),
        o('v1', 'ConfigMap', 'c', { data: { K: '2' } }),
      ),
    ).toEqual([{ path: 'data.K', change: 'changed', from: '1', to: '2' }]);
  });
});

describe('immutableChange', () => {
  test.each([
    [
      'a selector',
      deployment('web'),
      {
        ...deployment('web'),
        spec: { ...(deployment('web')['spec'] as object), selector: { matchLabels: { app: 'x' } } },
      },
      'spec.selector is immutable',
    ],
    [
      'a StatefulSet claim template',
      o('apps/v1', 'StatefulSet', 'db', {
        spec: { volumeClaimTemplates: [{ spec: { resources: { requests: { storage: '1Gi' } } } }] },
      }),
      o('apps/v1', 'StatefulSet', 'db', {
        spec: { volumeClaimTemplates: [{ spec: { resources: { requests: { storage: '2Gi' } } } }] },
      }),
      'StatefulSet spec.volumeClaimTemplates cannot change in place',
    ],
    [
      'a Job template',
      o('batch/v1', 'Job', 'j', {
        spec: { template: { spec: { containers: [{ name: 'a', image: 'a:1' }] } } },
      }),
      o('batch/v1', 'Job', 'j', {
        spec: { template: { spec: { containers: [{ name: 'a', image: 'a:2' }] } } },
      }),
      'Job spec.template is immutable',
    ],
    [
      'a claim beyond its size',
      o('v1', 'PersistentVolumeClaim', 'c', {
        spec: { storageClassName: 'a', resources: { requests: { storage: '1Gi' } } },
      }),
      o('v1', 'PersistentVolumeClaim', 'c', {
        spec: { storageClassName: 'b', resources: { requests: { storage: '1Gi' } } },
      }),
      'a PersistentVolumeClaim spec is immutable but for resources',
    ],
    [
      'a roleRef',
      o('rbac.authorization.k8s.io/v1', 'RoleBinding', 'b', { roleRef: { kind: 'Role', name: 'a' } }),
      o('rbac.authorization.k8s.io/v1', 'RoleBinding', 'b', { roleRef: { kind: 'Role', name: 'b' } }),
      'roleRef is immutable',
    ],
    [
      'an immutable ConfigMap',
      o('v1', 'ConfigMap', 'c', { immutable: true, data: { a: '1' } }),
      o('v1', 'ConfigMap', 'c', { immutable: true, data: { a: '2' } }),
      'the ConfigMap is immutable',
    ],
    [
      'a Service clusterIP',
      o('v1', 'Service', 's', { spec: { clusterIP: '10.0.0.1' } }),
      o('v1', 'Service', 's', { spec: { clusterIP: '10.0.0.2' } }),
      'Service spec.clusterIP is immutable',
    ],
  ])('%s cannot change in place', (_what, base, head, why) => {
    // GIVEN a change the API server refuses / WHEN checked / THEN the reason
    expect(immutableChange(base as KubeObject, head as KubeObject)).toBe(why);
  });

  test('what may change, and claim template fields the API server defaults, change nothing', () => {
    // GIVEN replicas, a claim size and a claim template written out with the server's defaults
    const claim = { metadata: { name: 'data' }, spec: { accessModes: ['ReadWriteOnce'] } };
    const defaulted = {
      apiVersion: 'v1',
      kind: 'PersistentVolumeClaim',
      metadata: { name: 'data', creationTimestamp: null },
      spec: { accessModes: ['ReadWriteOnce'], volumeMode: 'Filesystem' },
      status: { phase: 'Pending' },
    };
    const sts = (replicas: number, c: unknown) =>
      o('apps/v1', 'StatefulSet', 'db', { spec: { replicas, volumeClaimTemplates: [c] } });
    // WHEN checked / THEN none is refused
    expect(immutableChange(sts(1, claim), sts(3, defaulted))).toBeUndefined();
    expect(
      immutableChange(
        o('v1', 'PersistentVolumeClaim', 'c', { spec: { resources: { requests: { storage: '1Gi' } } } }),
        o('v1', 'PersistentVolumeClaim', 'c', { spec: { resources: { requests: { storage: '2Gi' } } } }),
      ),
    ).toBeUndefined();
    // AND a changed object records it
    expect(
      diffObjects(matchObjects([sts(1, claim)], [sts(1, { ...claim, spec: {} })])).changed[0]?.replace,
    ).toBe('StatefulSet spec.volumeClaimTemplates cannot change in place');
  });
});
