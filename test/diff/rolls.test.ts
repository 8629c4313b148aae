import { reasonOf } from '../../src/diff/rolls';
import type { KubeObject } from '../../src/synth/files';
import { deployment, diffObjectsOf } from './_apps';

// Which workloads roll and why, what changes without a roll, and who reads changed config without rolling.

const configMap = (name: string, data: Record<string, string>): KubeObject => ({
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name, namespace: 'shop' },
  data,
});
const readsConfig = (name: string, via: 'env' | 'volume' | 'subPath', hash?: string) =>
  deployment(
    name,
    via === 'env' ? {} : { volumes: [{ name: 'c', configMap: { name: 'settings' } }] },
    hash === undefined ? {} : { annotations: { 'shipshape.io/config-hash': hash } },
  );
function withContainer(d: KubeObject, patch: Record<string, unknown>): KubeObject {
  const spec = d['spec'] as any;
  const c = spec.template.spec.containers[0];
  return {
    ...d,
    spec: {
      ...spec,
      template: { ...spec.template, spec: { ...spec.template.spec, containers: [{ ...c, ...patch }] } },
    },
  };
}

describe('reasonOf', () => {
  test.each([
    ['spec.containers[web].image', 'image'],
    ['metadata.annotations[shipshape.io/config-hash]', 'config'],
    ['metadata.annotations[checksum/secret]', 'secret'],
    ['metadata.annotations[kubectl.kubernetes.io/restartedAt]', 'template'],
    ['spec.containers[web].env[A].value', 'env'],
    ['spec.initContainers[init].envFrom[0]', 'env'],
    ['spec.containers[web].resources.limits.cpu', 'resources'],
    ['spec.containers[web].readinessProbe.periodSeconds', 'probes'],
    ['metadata.labels[app.kubernetes.io/version]', 'labels'],
    ['spec.serviceAccountName', 'service-account'],
    ['spec.securityContext.runAsUser', 'security-context'],
    ['spec.containers[web].securityContext.privileged', 'security-context'],
    ['spec.volumes[data]', 'volumes'],
    ['spec.nodeSelector', 'template'],
  ])('%s rolls for %s', (path, reason) => {
    // GIVEN a changed template field / WHEN classified / THEN its reason
    expect(reasonOf(path)).toBe(reason);
  });
});

describe('rolls', () => {
  test('an image, env, resources and probes: one roll with each cause, names and short values only', () => {
    // GIVEN a Deployment whose container changes in four ways, and one that does not change
    const before = withContainer(deployment('web'), {
      env: [
        { name: 'A', value: '1' },
        { name: 'GONE', value: 'x' },
      ],
      resources: { requests: { cpu: '100m' } },
      readinessProbe: { periodSeconds: 10 },
    });
    const after = withContainer(deployment('web'), {
      image: 'example/web:1.1.0',
      env: [
        { name: 'A', value: '2' },
        { name: 'NEW', value: 'y' },
      ],
      resources: { requests: { cpu: '200m' } },
      readinessProbe: { periodSeconds: 5 },
    });
    // WHEN compared
    const d = diffObjectsOf([before, deployment('api')], [after, deployment('api')]);
    // THEN web rolls (rolling), api does not
    expect(d.rolls.map((r) => [r.workload.name, r.mode, r.causes])).toEqual([
      [
        'web',
        'rolling',
        [
          { reason: 'image', detail: 'web: example/web:1.0.0 → example/web:1.1.0' },
          { reason: 'env', detail: 'web: ~A, +NEW, -GONE' },
          { reason: 'resources', detail: 'web: resources.requests.cpu 100m → 200m' },
          { reason: 'probes', detail: 'web: readinessProbe.periodSeconds 10 → 5' },
        ],
      ],
    ]);
    expect(JSON.stringify(d.rolls)).not.toMatch(/"value"/);
  });

  test('a config hash names the ConfigMap and the keys that changed; its other readers roll too, nobody else', () => {
    // GIVEN two readers of `settings` (the hash on their templates) and a third workload
    const base = [
      configMap('settings', { A: '1', B: '1' }),
      readsConfig('web', 'volume', 'h1'),
      readsConfig('api', 'volume', 'h1'),
      deployment('other'),
    ];
    const head = [
      configMap('settings', { A: '2', B: '1' }),
      readsConfig('web', 'volume', 'h2'),
      readsConfig('api', 'volume', 'h2'),
      deployment('other'),
    ];
    // WHEN compared
    const d = diffObjectsOf(base, head);
    // THEN the two readers roll for config, naming the ConfigMap and the key
    expect(d.rolls.map((r) => [r.workload.name, r.causes])).toEqual([
      ['api', [{ reason: 'config', detail: 'ConfigMap settings: A' }]],
      ['web', [{ reason: 'config', detail: 'ConfigMap settings: A' }]],
    ]);
    expect(d.stale).toEqual([]);
  });

  test('readers of changed config without a hash do not roll: env and subPath readers keep old values, volumes update', () => {
    // GIVEN a ConfigMap read by env, by volume and by subPath, no hash annotation
    const byEnv = withContainer(deployment('env-reader'), {
      envFrom: [{ configMapRef: { name: 'settings' } }],
    });
    const bySubPath = withContainer(readsConfig('subpath-reader', 'subPath'), {
      volumeMounts: [{ name: 'c', mountPath: '/etc/app.conf', subPath: 'app.conf' }],
    });
    const objects = (v: string) => [
      configMap('settings', { A: v }),
      byEnv,
      readsConfig('volume-reader', 'volume'),
      bySubPath,
    ];
    // WHEN the data changes
    const d = diffObjectsOf(objects('1'), objects('2'));
    // THEN nothing rolls and each reader is listed with how it reads
    expect(d.rolls).toEqual([]);
    expect(d.stale.map((s) => [s.workload.name, s.source.name, s.via])).toEqual([
      ['env-reader', 'settings', 'env'],
      ['subpath-reader', 'settings', 'subPath'],
      ['volume-reader', 'settings', 'volume'],
    ]);
  });

  test('how each kind rolls: Recreate, OnDelete, a CronJob next run, a Job replaced, a Rollout through its workloadRef', () => {
    // GIVEN kinds whose templates change
    const image = (tag: string) => ({ spec: { containers: [{ name: 'c', image: `c:${tag}` }] } });
    const kinds = (tag: string): KubeObject[] => [
      deployment('recreate', {}, { strategy: { type: 'Recreate' } }),
      {
        apiVersion: 'apps/v1',
        kind: 'StatefulSet',
        metadata: { name: 'ondelete', namespace: 'shop' },
        spec: { updateStrategy: { type: 'OnDelete' }, template: image(tag) },
      },
      {
        apiVersion: 'batch/v1',
        kind: 'CronJob',
        metadata: { name: 'cron', namespace: 'shop' },
        spec: { jobTemplate: { spec: { template: image(tag) } } },
      },
      {
        apiVersion: 'batch/v1',
        kind: 'Job',
        metadata: { name: 'job', namespace: 'shop' },
        spec: { template: image(tag) },
      },
      {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: { name: 'canary', namespace: 'shop' },
        spec: { replicas: 0, template: image(tag) },
      },
      {
        apiVersion: 'argoproj.io/v1alpha1',
        kind: 'Rollout',
        metadata: { name: 'canary', namespace: 'shop' },
        spec: { workloadRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'canary' } },
      },
    ];
    const recreate = (tag: string) => withContainer(kinds(tag)[0]!, { image: `r:${tag}` });
    // WHEN compared
    const d = diffObjectsOf([recreate('1'), ...kinds('1').slice(1)], [recreate('2'), ...kinds('2').slice(1)]);
    // THEN each with its mode; Recreate and the replaced Job are risks
    expect(d.rolls.map((r) => `${r.workload.kind}/${r.workload.name}: ${r.mode}`)).toEqual([
      'CronJob/cron: next-run',
      'Deployment/canary: rolling',
      'Deployment/recreate: recreate',
      'Job/job: replace',
      'Rollout/canary: progressive',
      'StatefulSet/ondelete: on-delete',
    ]);
    expect(d.risks.filter((r) => r.section === 'rolls').map((r) => r.text)).toEqual([
      'Deployment shop/recreate rolls with the Recreate strategy: every pod stops before new ones start',
      'Job shop/job is replaced: its template cannot change in place',
    ]);
  });
});

describe('changes without a roll', () => {
  test('replicas, HPA bounds and a PodDisruptionBudget, each with the workload it governs', () => {
    // GIVEN replicas 2 → 3, HPA max 5 → 10, a PDB added
    const hpa = (max: number): KubeObject => ({
      apiVersion: 'autoscaling/v2',
      kind: 'HorizontalPodAutoscaler',
      metadata: { name: 'web', namespace: 'shop' },
      spec: {
        scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' },
        minReplicas: 2,
        maxReplicas: max,
      },
    });
    const pdb: KubeObject = {
      apiVersion: 'policy/v1',
      kind: 'PodDisruptionBudget',
      metadata: { name: 'web', namespace: 'shop' },
      spec: { maxUnavailable: 1, selector: { matchLabels: { app: 'web' } } },
    };
    // WHEN compared
    const d = diffObjectsOf(
      [deployment('web', {}, { replicas: 2 }), hpa(5)],
      [deployment('web', {}, { replicas: 3 }), hpa(10), pdb],
    );
    // THEN nothing rolls; three steady changes
    expect(d.rolls).toEqual([]);
    expect(
      d.steady.map((s) => [`${s.object.kind}/${s.object.name}`, s.change, s.target?.name, s.fields]),
    ).toEqual([
      [
        'Deployment/web',
        'changed',
        undefined,
        [{ path: 'spec.replicas', change: 'changed', from: 2, to: 3 }],
      ],
      [
        'HorizontalPodAutoscaler/web',
        'changed',
        'web',
        [{ path: 'spec.maxReplicas', change: 'changed', from: 5, to: 10 }],
      ],
      [
        'PodDisruptionBudget/web',
        'added',
        'web',
        [
          { path: 'spec.maxUnavailable', change: 'added', to: 1 },
          { path: 'spec.selector', change: 'added' },
        ],
      ],
    ]);
  });
});
