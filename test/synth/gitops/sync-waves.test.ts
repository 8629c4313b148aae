import * as fc from 'fast-check';
import { TIERS, tierOf } from '../../../src/pulumi/app/kube-classes';
import { ApiObject, App, Chart } from 'cdk8s';
import {
  addSyncWaves,
  SYNC_WAVE_ANNOTATION,
  SYNC_WAVES,
  syncWaveOf,
} from '../../../src/synth/gitops/sync-waves';
import type { KubeObject } from '../../../src/synth/files';
import { synthesizeEnvironment } from '../../../src/delinkcious/app';
import { environmentNames } from '../../../src/delinkcious/environments';

const object = (apiVersion: string, kind: string, annotations?: Record<string, string>): KubeObject => ({
  apiVersion,
  kind,
  metadata: { name: 'x', namespace: 'shop', ...(annotations && { annotations }) },
});

describe('syncWaveOf', () => {
  test.each<[string, string, number]>([
    ['v1', 'Namespace', -2],
    ['v1', 'ServiceAccount', -1],
    ['rbac.authorization.k8s.io/v1', 'RoleBinding', -1],
    ['v1', 'ConfigMap', -1],
    ['v1', 'Secret', -1],
    ['external-secrets.io/v1', 'ExternalSecret', -1],
    ['cert-manager.io/v1', 'Certificate', -1],
    ['networking.k8s.io/v1', 'NetworkPolicy', -1],
    ['apps/v1', 'Deployment', 0],
    ['apps/v1', 'StatefulSet', 0],
    ['v1', 'Service', 0],
    ['autoscaling/v2', 'HorizontalPodAutoscaler', 0],
    ['policy/v1', 'PodDisruptionBudget', 0],
    ['batch/v1', 'CronJob', 0],
    ['v1', 'PersistentVolumeClaim', 0],
    ['networking.k8s.io/v1', 'Ingress', 1],
    ['gateway.networking.k8s.io/v1', 'Gateway', 1],
    ['gateway.networking.k8s.io/v1', 'HTTPRoute', 1],
    ['gateway.networking.k8s.io/v1', 'GRPCRoute', 1],
    ['gateway.networking.k8s.io/v1beta1', 'ReferenceGrant', 1],
    ['monitoring.coreos.com/v1', 'ServiceMonitor', 1],
    ['argoproj.io/v1alpha1', 'AnalysisTemplate', -1],
    ['argoproj.io/v1alpha1', 'Rollout', 0],
  ])('puts %s %s in wave %d', (apiVersion, kind, wave) => {
    // GIVEN / WHEN / THEN
    expect(syncWaveOf({ apiVersion, kind })).toBe(wave);
  });

  test('never starts an object before what the Pulumi program applies in an earlier tier', () => {
    // GIVEN every kind the Pulumi tiers name WHEN waves are compared along the tier order
    const kinds: [string, string][] = [
      ['v1', 'Namespace'],
      ['storage.k8s.io/v1', 'StorageClass'],
      ['v1', 'ServiceAccount'],
      ['rbac.authorization.k8s.io/v1', 'Role'],
      ['v1', 'ConfigMap'],
      ['v1', 'Secret'],
      ['v1', 'ResourceQuota'],
      ['external-secrets.io/v1', 'ExternalSecret'],
      ['networking.k8s.io/v1', 'NetworkPolicy'],
      ['v1', 'Service'],
      ['apps/v1', 'Deployment'],
      ['batch/v1', 'Job'],
      ['policy/v1', 'PodDisruptionBudget'],
      ['argoproj.io/v1alpha1', 'AnalysisTemplate'],
      ['argoproj.io/v1alpha1', 'Rollout'],
      ['networking.k8s.io/v1', 'Ingress'],
      ['gateway.networking.k8s.io/v1', 'Gateway'],
      ['gateway.networking.k8s.io/v1', 'HTTPRoute'],
      ['monitoring.coreos.com/v1', 'ServiceMonitor'],
    ];
    const rank = (o: KubeObject) => TIERS.indexOf(tierOf(o));
    // THEN an object of a later tier is never in an earlier wave (claims, in Pulumi's config tier, are the one
    // documented exception: Argo CD would wait forever on a claim that waits for its first pod)
    for (const [a, ka] of kinds) {
      for (const [b, kb] of kinds) {
        const x = object(a, ka);
        const y = object(b, kb);
        if (rank(x) < rank(y)) expect([ka, kb, syncWaveOf(x) <= syncWaveOf(y)]).toEqual([ka, kb, true]);
      }
    }
    expect(tierOf(object('v1', 'PersistentVolumeClaim'))).toBe('config');
    expect(syncWaveOf({ apiVersion: 'v1', kind: 'PersistentVolumeClaim' })).toBe(SYNC_WAVES.workloads);
  });
});

/** One ApiObject in a fresh chart, with optional annotations. */
const apiObject = (apiVersion: string, kind: string, annotations?: Record<string, string>): ApiObject =>
  new ApiObject(new Chart(new App(), 'c'), 'x', {
    apiVersion,
    kind,
    metadata: { name: 'x', namespace: 'shop', ...(annotations && { annotations }) },
  });

describe('addSyncWaves', () => {
  test('adds the annotation beside existing ones, keys sorted', () => {
    // GIVEN an Ingress with an annotation
    const ingress = apiObject('networking.k8s.io/v1', 'Ingress', { 'cert-manager.io/cluster-issuer': 'le' });
    // WHEN annotated
    addSyncWaves(ingress);
    // THEN both annotations, in key order, metadata keys sorted too
    const metadata = ingress.toJson().metadata;
    expect(metadata).toEqual({
      annotations: { [SYNC_WAVE_ANNOTATION]: '1', 'cert-manager.io/cluster-issuer': 'le' },
      name: 'x',
      namespace: 'shop',
    });
    expect(Object.keys(metadata)).toEqual(['annotations', 'name', 'namespace']);
    expect(Object.keys(metadata.annotations)).toEqual([
      SYNC_WAVE_ANNOTATION,
      'cert-manager.io/cluster-issuer',
    ]);
  });

  test('keeps a wave the object already carries', () => {
    // GIVEN a Job its author put in wave 5 WHEN annotated THEN it stays in wave 5
    const job = apiObject('batch/v1', 'Job', { [SYNC_WAVE_ANNOTATION]: '5' });
    addSyncWaves(job);
    expect(job.toJson().metadata.annotations).toEqual({ [SYNC_WAVE_ANNOTATION]: '5' });
  });

  test('gives any object exactly one wave of the table, whatever its kind', () => {
    // GIVEN arbitrary apiVersions and kinds WHEN annotated THEN the wave is one of the named waves
    const waves = Object.values(SYNC_WAVES).map(String);
    fc.assert(
      fc.property(
        fc.constantFrom('v1', 'apps/v1', 'example.com/v1', 'x.k8s.io/v1'),
        fc.string(),
        (v, kind) => {
          const o = apiObject(v, kind);
          addSyncWaves(o);
          expect(waves).toContain(o.toJson().metadata.annotations[SYNC_WAVE_ANNOTATION]);
        },
      ),
    );
  });
});

describe('Delinkcious, synthesized with GitOps', () => {
  test.each(environmentNames)(
    '%s: the Namespace comes first, Secrets and policies before workloads, the Gateway and its routes last',
    (env) => {
      // GIVEN the environment's objects WHEN their waves are read
      const { objects } = synthesizeEnvironment(env);
      const wave = (o: KubeObject) =>
        Number((o.metadata['annotations'] as Record<string, string>)[SYNC_WAVE_ANNOTATION]);
      const of = (kind: string) => new Set(objects.filter((o) => o.kind === kind).map(wave));
      // THEN every object has one, and the order is the documented one
      expect(objects.every((o) => Number.isInteger(wave(o)))).toBe(true);
      expect(of('Namespace')).toEqual(new Set([-2]));
      expect(of('NetworkPolicy')).toEqual(new Set([-1]));
      expect(of('Deployment')).toEqual(new Set([0]));
      expect(of('StatefulSet')).toEqual(new Set([0]));
      expect(of('Gateway')).toEqual(new Set([1]));
      expect(of('HTTPRoute')).toEqual(new Set([1]));
      expect(of('Ingress')).toEqual(new Set());
      if (env !== 'local') {
        expect(of('ExternalSecret')).toEqual(new Set([-1]));
        expect(of('ServiceMonitor')).toEqual(new Set([1]));
      }
    },
  );
});
