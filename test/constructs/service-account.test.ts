import { Node } from 'constructs';
import { Microservice, ServiceAccount, System, Task, type MicroserviceProps } from '../../constructs';
import { validateObjects } from '../../src/validate';
import { errorOf, find, newSystem, ofKind, synth } from './_helpers';

// Issue 18, "shared identity": one ServiceAccount several workloads run as, with cloud workload identity.

const web: MicroserviceProps = { image: 'nginx:1.25.3', ports: [{ name: 'http', port: 8080 }] };

describe('ServiceAccount shared by several workloads', () => {
  test('one ServiceAccount with its annotations; the workloads run as it, token unmounted', () => {
    // GIVEN one GKE workload identity for two backends
    const { system } = newSystem();
    const backend = new ServiceAccount(system, 'backend', {
      annotations: { 'iam.gke.io/gcp-service-account': 'boutique@shop.iam.gserviceaccount.com' },
    });
    new Microservice(system, 'a', { ...web, serviceAccount: backend });
    new Task(system, 'b', { image: 'busybox:1.36.1', serviceAccount: backend });
    new Microservice(system, 'c', web);
    // WHEN
    const objects = synth(system);
    // THEN one ServiceAccount for a and b, c keeps its own
    expect(ofKind(objects, 'ServiceAccount').map((o) => o.metadata.name)).toEqual(['backend', 'c']);
    const sa = find(objects, 'ServiceAccount', 'backend');
    expect(sa.metadata.annotations).toEqual({
      'iam.gke.io/gcp-service-account': 'boutique@shop.iam.gserviceaccount.com',
    });
    expect(sa.automountServiceAccountToken).toBe(false);
    const pa = find(objects, 'Deployment', 'a').spec.template.spec;
    const pb = find(objects, 'Job', 'b').spec.template.spec;
    expect([pa.serviceAccountName, pa.automountServiceAccountToken]).toEqual(['backend', false]);
    expect([pb.serviceAccountName, pb.automountServiceAccountToken]).toEqual(['backend', false]);
    expect(Node.of(backend).defaultChild).toBe(backend.serviceAccount);
    expect(validateObjects(objects.map((object) => ({ object })))).toEqual([]);
  });

  test('its RBAC rules: one Role and RoleBinding, the token mounted in its workloads, said on each', () => {
    // GIVEN
    const { system } = newSystem();
    const reader = new ServiceAccount(system, 'reader', {
      rbacRules: [{ apiGroups: [''], resources: ['configmaps'], verbs: ['get'] }],
      podLabels: { 'azure.workload.identity/use': 'true' },
    });
    new Microservice(system, 'a', { ...web, serviceAccount: reader });
    new Microservice(system, 'b', { ...web, serviceAccount: reader });
    // WHEN
    const objects = synth(system);
    // THEN
    expect(ofKind(objects, 'Role').map((o) => o.metadata.name)).toEqual(['reader']);
    expect(find(objects, 'RoleBinding', 'reader').subjects).toEqual([
      { kind: 'ServiceAccount', name: 'reader', namespace: 'delinkcious' },
    ]);
    for (const name of ['a', 'b']) {
      const d = find(objects, 'Deployment', name);
      expect(d.spec.template.spec.automountServiceAccountToken).toBe(true);
      expect(d.spec.template.metadata.labels['azure.workload.identity/use']).toBe('true');
      expect(d.metadata.annotations).toEqual({
        'ignore.shipshape.io/automount-service-account-token':
          'RBAC rules of ServiceAccount reader need the API token',
      });
    }
    expect(validateObjects(objects.map((object) => ({ object })))).toEqual([]);
  });

  test('automountToken asks for the token without rules', () => {
    // GIVEN / WHEN
    const { system } = newSystem();
    const sa = new ServiceAccount(system, 'api', { automountToken: true });
    new Microservice(system, 'a', { ...web, serviceAccount: sa });
    const objects = synth(system);
    // THEN
    expect(find(objects, 'ServiceAccount', 'api').automountServiceAccountToken).toBe(true);
    expect(find(objects, 'Deployment', 'a').metadata.annotations).toEqual({
      'ignore.shipshape.io/automount-service-account-token':
        'ServiceAccount api asks for the API token (automountToken)',
    });
  });

  test.each<[string, (s: System) => unknown, string]>([
    [
      'RBAC rules on a workload that shares a ServiceAccount',
      (s) =>
        new Microservice(s, 'a', {
          ...web,
          serviceAccount: new ServiceAccount(s, 'shared'),
          rbacRules: [{ apiGroups: [''], resources: ['pods'], verbs: ['list'] }],
        }),
      'Delinkcious/a: \'rbacRules\' must not be set with \'serviceAccount\': every workload that runs as \'shared\' would get them (got [{"apiGroups":[""],"resources":["pods"],"verbs":["list"]}]). Give the rules to ServiceAccount \'shared\' (its rbacRules), or let this workload have its own',
    ],
    [
      'a ServiceAccount by name',
      (s) => new Microservice(s, 'a', { ...web, serviceAccount: 'shared' as never }),
      "Delinkcious/a: 'serviceAccount' must be a ServiceAccount (got 'shared'). Pass the construct itself, not its name",
    ],
    [
      'a ServiceAccount named like a workload’s own',
      (s) => {
        new Microservice(s, 'a', web);
        return new ServiceAccount(s, 'sa', { name: 'a' });
      },
      "Delinkcious/sa: 'name' must be unique among the ServiceAccount objects of the system, but Delinkcious/a already uses it (got 'a')",
    ],
    [
      'a wildcard rule',
      (s) =>
        new ServiceAccount(s, 'sa', {
          rbacRules: [{ apiGroups: ['*'], resources: ['pods'], verbs: ['get'] }],
        }),
      "Delinkcious/sa: 'rbacRules[0].apiGroups' must not use the wildcard '*' (least privilege) (got [\"*\"]). List the exact values",
    ],
  ])('refuses %s', (_, make, message) => {
    // GIVEN / WHEN / THEN
    const { system } = newSystem();
    expect(errorOf(() => make(system))).toBe(message);
  });

  test('refuses a ServiceAccount of another System', () => {
    // GIVEN
    const { app, system } = newSystem();
    const other = new System(app, 'Other', { namespace: 'other' });
    const sa = new ServiceAccount(other, 'sa');
    // WHEN / THEN
    expect(errorOf(() => new Microservice(system, 'a', { ...web, serviceAccount: sa }))).toBe(
      "Delinkcious/a: 'serviceAccount' must be a ServiceAccount of system 'Delinkcious' (namespace 'delinkcious'): pods run as ServiceAccounts of their own namespace only (got 'Other/sa')",
    );
  });
});
