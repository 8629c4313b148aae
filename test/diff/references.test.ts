import { containersOf, externalSecretTarget, readsOf } from '../../src/diff/references';
import type { KubeObject } from '../../src/synth/files';

// What a pod template reads, and how.

describe('readsOf', () => {
  test('env, envFrom, volumes, projected volumes, subPath mounts and image pull secrets', () => {
    // GIVEN a template reading config and secrets every way
    const template = {
      spec: {
        imagePullSecrets: [{ name: 'registry' }],
        initContainers: [{ name: 'init', envFrom: [{ secretRef: { name: 'init-secret' } }] }],
        containers: [
          {
            name: 'web',
            env: [
              { name: 'A', valueFrom: { configMapKeyRef: { name: 'settings', key: 'A' } } },
              { name: 'B', valueFrom: { secretKeyRef: { name: 'creds', key: 'B' } } },
              { name: 'C', value: 'plain' },
            ],
            volumeMounts: [{ name: 'conf', mountPath: '/etc/app.conf', subPath: 'app.conf' }],
          },
        ],
        volumes: [
          { name: 'conf', configMap: { name: 'files' } },
          { name: 'tls', secret: { secretName: 'tls' } },
          {
            name: 'all',
            projected: { sources: [{ configMap: { name: 'p-config' } }, { secret: { name: 'p-secret' } }] },
          },
        ],
      },
    };
    // WHEN read / THEN each once, sorted, with how
    expect(readsOf(template).map((r) => `${r.kind}/${r.name}/${r.via}`)).toEqual([
      'ConfigMap/files/subPath',
      'ConfigMap/p-config/volume',
      'ConfigMap/settings/env',
      'Secret/creds/env',
      'Secret/init-secret/env',
      'Secret/p-secret/volume',
      'Secret/registry/pull',
      'Secret/tls/volume',
    ]);
    expect(containersOf(template.spec).map((c) => c['name'])).toEqual(['web', 'init']);
    expect(readsOf(undefined)).toEqual([]);
  });

  test('an ExternalSecret writes its target, else its own name', () => {
    // GIVEN / WHEN / THEN
    const es = (spec: object) =>
      ({
        apiVersion: 'external-secrets.io/v1',
        kind: 'ExternalSecret',
        metadata: { name: 'a' },
        spec,
      }) as KubeObject;
    expect([externalSecretTarget(es({ target: { name: 'b' } })), externalSecretTarget(es({}))]).toEqual([
      'b',
      'a',
    ]);
    expect(
      externalSecretTarget({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 'a' } }),
    ).toBeUndefined();
  });
});
