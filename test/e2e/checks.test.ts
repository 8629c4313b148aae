import * as path from 'node:path';
import * as yaml from 'js-yaml';
import * as fs from 'node:fs';
import {
  missingReferences,
  podReferences,
  podsFromTemplates,
  objectVersions,
  secretsOfExternalSecrets,
  storedDifferences,
  syncWaves,
} from '../../e2e/checks';

const pod = (spec: object) => ({ kind: 'Pod', metadata: { name: 'p', namespace: 'ns' }, spec });
const secret = (name: string, data: object) => ({
  kind: 'Secret',
  metadata: { name, namespace: 'ns' },
  data,
});

describe('missingReferences', () => {
  test('names each missing object and key of env, envFrom and volumes; optional ones are not required', () => {
    // GIVEN a pod reading two keys, a whole ConfigMap, a Secret volume item and an optional Secret
    const spec = {
      initContainers: [
        { name: 'init', env: [{ name: 'A', valueFrom: { secretKeyRef: { name: 's', key: 'A' } } }] },
      ],
      containers: [
        {
          name: 'main',
          env: [
            { name: 'B', valueFrom: { secretKeyRef: { name: 's', key: 'B' } } },
            { name: 'O', valueFrom: { secretKeyRef: { name: 'gone', key: 'X', optional: true } } },
          ],
          envFrom: [{ configMapRef: { name: 'cm' } }],
        },
      ],
      volumes: [{ name: 'tls', secret: { secretName: 'tls', items: [{ key: 'tls.crt', path: 'c' }] } }],
    };
    // WHEN only Secret s with key A exists
    const problems = missingReferences({ items: [pod(spec), secret('s', { A: 'eA==' })] });
    // THEN
    expect(problems).toEqual([
      'pod ns/p container main env B: Secret s has no key B',
      'pod ns/p container main envFrom: ConfigMap cm does not exist',
      'pod ns/p volume tls: Secret tls does not exist',
    ]);
  });

  test('is silent when everything exists', () => {
    // GIVEN / WHEN / THEN
    const spec = {
      containers: [{ name: 'c', env: [{ name: 'A', valueFrom: { secretKeyRef: { name: 's', key: 'A' } } }] }],
    };
    expect(missingReferences({ items: [pod(spec), secret('s', { A: 'eA==' })] })).toEqual([]);
    expect(podReferences(spec, 'x')).toEqual([
      { kind: 'Secret', name: 's', key: 'A', from: 'x container c env A' },
    ]);
  });
});

describe('podsFromTemplates', () => {
  test('makes one Pod per pod template of the committed manifests, CronJobs included', () => {
    // GIVEN the local environment's manifests
    const dir = path.join(__dirname, '..', '..', 'dist', 'local');
    const objects = fs
      .readdirSync(dir)
      .flatMap((f) => yaml.loadAll(fs.readFileSync(path.join(dir, f), 'utf8')) as object[]);
    // WHEN
    const pods = podsFromTemplates(objects as Record<string, unknown>[]);
    // THEN
    const workloads = (objects as { kind: string }[]).filter((o) =>
      ['Deployment', 'StatefulSet', 'CronJob'].includes(o.kind),
    );
    expect(pods).toHaveLength(workloads.length);
    expect(pods.map((p) => (p['metadata'] as { name: string }).name)).toContain('e2e-cronjob-link-checker');
    for (const p of pods)
      expect((p['spec'] as { containers: unknown[] }).containers.length).toBeGreaterThan(0);
    // AND a StatefulSet's pod mounts its claim as the controller would add it
    const db = pods.find((p) => (p['metadata'] as { name: string }).name === 'e2e-statefulset-link-db')!;
    expect((db['spec'] as { volumes: object[] }).volumes).toContainEqual({
      name: 'data',
      persistentVolumeClaim: { claimName: 'data-link-db-0' },
    });
  });
});

describe('secretsOfExternalSecrets / objectVersions', () => {
  test('plays external-secrets: the target Secret with the declared keys', () => {
    // GIVEN / WHEN
    const [s] = secretsOfExternalSecrets({
      items: [
        {
          kind: 'ExternalSecret',
          metadata: { name: 'es', namespace: 'ns' },
          spec: { target: { name: 't' }, data: [{ secretKey: 'K' }] },
        },
      ],
    });
    // THEN
    expect(s).toMatchObject({
      kind: 'Secret',
      metadata: { name: 't', namespace: 'ns' },
      stringData: { K: 'e2e-placeholder-1' },
    });
  });

  test('fingerprints ignore what controllers write (status, resourceVersion, managedFields), not the spec', () => {
    // GIVEN an HPA, then the same HPA after a status update, then after a spec change
    const hpa = (rv: string, status: object, max: number) => ({
      kind: 'HorizontalPodAutoscaler',
      metadata: { name: 'h', namespace: 'n', resourceVersion: rv, managedFields: [{ manager: rv }] },
      spec: { maxReplicas: max },
      status,
    });
    // WHEN
    const [a] = objectVersions({ items: [hpa('1', { currentReplicas: 1 }, 4)] });
    const [b] = objectVersions({ items: [hpa('2', { currentReplicas: 2 }, 4)] });
    const [c] = objectVersions({ items: [hpa('3', { currentReplicas: 2 }, 5)] });
    // THEN
    expect(a).toMatch(/^HorizontalPodAutoscaler\/n\/h [0-9a-f]{16}$/);
    expect(b).toBe(a);
    expect(c).not.toBe(a);
  });
});

describe('syncWaves', () => {
  test('groups objects by their Argo CD wave, lowest first, as Argo CD applies them', () => {
    // GIVEN objects of three waves, one without the annotation, in any order
    const o = (name: string, wave?: string) => ({
      kind: 'ConfigMap',
      metadata: {
        name,
        ...(wave !== undefined && { annotations: { 'argocd.argoproj.io/sync-wave': wave } }),
      },
    });
    // WHEN grouped
    const groups = syncWaves([o('web', '0'), o('ns', '-2'), o('plain'), o('ing', '1'), o('sa', '-1')]);
    // THEN by wave, and the unannotated object in wave 0 as Argo CD counts it
    expect(
      groups.map((g) => [g.wave, g.objects.map((x) => (x as { metadata: { name: string } }).metadata.name)]),
    ).toEqual([
      [-2, ['ns']],
      [-1, ['sa']],
      [0, ['web', 'plain']],
      [1, ['ing']],
    ]);
  });

  test('finds the four waves in the committed dist/local', () => {
    // GIVEN the committed manifests WHEN grouped THEN the Namespace alone first, the Gateway and its route last
    const dir = path.join(__dirname, '../../dist/local');
    const objects = fs
      .readdirSync(dir)
      .flatMap((f) => yaml.loadAll(fs.readFileSync(path.join(dir, f), 'utf8')) as Record<string, any>[]);
    const groups = syncWaves(objects);
    expect(groups.map((g) => g.wave)).toEqual([-2, -1, 0, 1]);
    expect(groups[0]!.objects.map((x) => x.kind)).toEqual(['Namespace']);
    expect(groups[3]!.objects.map((x) => x.kind)).toEqual(['Gateway', 'HTTPRoute']);
  });
});

describe('storedDifferences', () => {
  test('is empty when the API server stored the object as written, whatever the key order and server fields', () => {
    // GIVEN an object as written and as stored (server metadata added, keys reordered)
    const written = {
      kind: 'Application',
      metadata: { name: 'a', labels: { x: '1' } },
      spec: { b: 1, a: [1, 2] },
    };
    const live = {
      kind: 'Application',
      metadata: { name: 'a', uid: 'u', resourceVersion: '7', labels: { x: '1' } },
      spec: { a: [1, 2], b: 1 },
    };
    // WHEN / THEN
    expect(storedDifferences(live, written)).toEqual([]);
  });

  test('names a pruned or changed field', () => {
    // GIVEN a stored spec that lost a field WHEN compared THEN the difference names the part
    const written = { metadata: { name: 'a' }, spec: { source: { path: 'dist/local', extra: true } } };
    const live = { metadata: { name: 'a' }, spec: { source: { path: 'dist/local' } } };
    expect(storedDifferences(live, written)).toEqual([
      'spec: stored {"source":{"path":"dist/local"}}, written {"source":{"path":"dist/local","extra":true}}',
    ]);
  });
});
