import { diffPrivilege, securityViolations } from '../../src/diff/privilege';
import { matchObjects } from '../../src/diff/objects';
import type { KubeObject } from '../../src/synth/files';
import { Microservice } from '../../constructs';
import { deployment, diffBuilds } from './_apps';

// Identity and privilege: tokens, identities, RBAC, Pod Security, security settings, Secrets and their keys.

const texts = (base: KubeObject[], head: KubeObject[]) =>
  diffPrivilege(matchObjects(base, head), base, head).map(
    (p) => `${p.widen ? '+' : '-'} ${p.kind} ${p.object.kind}/${p.object.name}: ${p.text}`,
  );
const restricted = {
  automountServiceAccountToken: false,
  securityContext: { runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } },
};
const safe = (name: string, sc: Record<string, unknown> = {}, spec: Record<string, unknown> = {}) =>
  deployment(name, {
    ...restricted,
    containers: [
      {
        name,
        image: `${name}:1`,
        securityContext: {
          allowPrivilegeEscalation: false,
          capabilities: { drop: ['ALL'] },
          readOnlyRootFilesystem: true,
          ...sc,
        },
      },
    ],
    ...spec,
  });
const ns = (labels: Record<string, string>): KubeObject => ({
  apiVersion: 'v1',
  kind: 'Namespace',
  metadata: { name: 'shop', labels },
});
const sa = (name: string, automount?: boolean): KubeObject => ({
  apiVersion: 'v1',
  kind: 'ServiceAccount',
  metadata: { name, namespace: 'shop' },
  ...(automount !== undefined && { automountServiceAccountToken: automount }),
});

describe('diffPrivilege', () => {
  test('security settings loosened are widenings, with the Pod Security level they break; tightened are not', () => {
    // GIVEN a restricted pod that starts allowing privilege escalation and a writable root filesystem, and a hostPath
    const loose = safe(
      'web',
      { allowPrivilegeEscalation: true, readOnlyRootFilesystem: false },
      { volumes: [{ name: 'h', hostPath: { path: '/' } }] },
    );
    // WHEN compared both ways / THEN
    expect(texts([safe('web')], [loose])).toEqual([
      '+ security-context Deployment/web: container "web" does not set allowPrivilegeEscalation: false (Pod Security restricted)',
      '+ security-context Deployment/web: container "web" has a writable root filesystem',
      '+ security-context Deployment/web: volume "h" is a hostPath volume (Pod Security baseline)',
    ]);
    expect(texts([loose], [safe('web')])[0]).toBe(
      '- security-context Deployment/web: no longer: container "web" does not set allowPrivilegeEscalation: false (Pod Security restricted)',
    );
    expect(securityViolations(undefined).size).toBe(0);
  });

  test('a token mounted, a Pod Security level lowered, a ServiceAccount added', () => {
    // GIVEN web's ServiceAccount turning automount on and the pod not opting out; the namespace going baseline
    const pod = (automount?: boolean) =>
      deployment('web', {
        serviceAccountName: 'web',
        ...(automount !== undefined && { automountServiceAccountToken: automount }),
      });
    const base = [ns({ 'pod-security.kubernetes.io/enforce': 'restricted' }), sa('web', false), pod()];
    const head = [
      ns({ 'pod-security.kubernetes.io/enforce': 'baseline' }),
      sa('web'),
      sa('worker', false),
      pod(),
    ];
    // WHEN compared / THEN
    expect(texts(base, head)).toEqual([
      '+ token Deployment/web: pods now get an API token',
      '+ pod-security Namespace/shop: Pod Security enforce restricted → baseline',
      '+ token ServiceAccount/web: now mounts its API token into pods that do not opt out',
      '- service-account ServiceAccount/worker: added',
    ]);
  });

  test('a Secret newly read and a remote key newly fetched are named, never their values', () => {
    // GIVEN web gains an env var from a Secret and an ExternalSecret fetches one more key
    const es = (keys: string[]): KubeObject => ({
      apiVersion: 'external-secrets.io/v1',
      kind: 'ExternalSecret',
      metadata: { name: 'creds', namespace: 'shop' },
      spec: { data: keys.map((k) => ({ secretKey: k, remoteRef: { key: 'shop/creds', property: k } })) },
    });
    const withSecret = deployment('web', {
      containers: [
        {
          name: 'web',
          image: 'w:1',
          env: [{ name: 'PW', valueFrom: { secretKeyRef: { name: 'creds', key: 'PW' } } }],
        },
      ],
    });
    // WHEN compared / THEN
    expect(texts([deployment('web'), es(['USER'])], [withSecret, es(['USER', 'PW'])])).toEqual([
      '+ secret Deployment/web: reads Secret creds',
      '+ secret ExternalSecret/creds: fetches shop/creds (property PW)',
    ]);
  });

  test('RBAC granted through a workload: the ServiceAccount gains exactly the new verbs', () => {
    // GIVEN a Microservice whose rbacRules gain `list` on secrets
    const build = (verbs: string[]) => (system: ConstructorParameters<typeof Microservice>[0]) =>
      new Microservice(system, 'web', {
        image: 'example/web:1.0.0',
        ports: [{ name: 'http', port: 8080 }],
        rbacRules: [{ apiGroups: [''], resources: ['secrets'], verbs }],
      });
    // WHEN the two builds are compared
    const env = diffBuilds(build(['get']), build(['get', 'list'])).environments[0]!;
    // THEN one widening privilege, and it is a risk
    const rbac = env.privilege.filter((p) => p.kind === 'rbac');
    expect(rbac.map((p) => [p.widen, p.object.kind, p.text])).toEqual([
      [true, 'RoleBinding', 'ServiceAccount shop/web gains list on secrets in namespace shop'],
    ]);
    expect(env.risks.map((r) => r.text)).toContain(
      'RoleBinding shop/web: ServiceAccount shop/web gains list on secrets in namespace shop',
    );
  });
});
