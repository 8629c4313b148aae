// The Role and RoleBinding of a ServiceAccount's RBAC rules (a workload's own, or a shared ServiceAccount's).
import { k8s } from 'cdk8s-plus-27';
import type { Construct } from 'constructs';

/** A Role `name` with `rules` and its binding to ServiceAccount `name` of `namespace`, as children of `scope`. */
export function _roleObjects(
  scope: Construct,
  name: string,
  namespace: string,
  labels: Readonly<Record<string, string>>,
  rules: readonly k8s.PolicyRule[],
): { readonly role: k8s.KubeRole; readonly roleBinding: k8s.KubeRoleBinding } {
  const role = new k8s.KubeRole(scope, 'role', {
    metadata: { name, labels: { ...labels } },
    rules: [...rules],
  });
  const roleBinding = new k8s.KubeRoleBinding(scope, 'role-binding', {
    metadata: { name, labels: { ...labels } },
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name },
    subjects: [{ kind: 'ServiceAccount', name, namespace }],
  });
  return { role, roleBinding };
}
