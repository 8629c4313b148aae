import {
  bindingsOf,
  covers,
  describeGrants,
  grantsBySubject,
  grantsOfRules,
  widened,
} from '../../src/diff/rbac';
import type { KubeObject } from '../../src/synth/files';

// RBAC as grants: (scope, group, resource, verb, name), through the bindings and the roles of a side.

const RBAC = 'rbac.authorization.k8s.io/v1';
const role = (name: string, rules: unknown[]): KubeObject => ({
  apiVersion: RBAC,
  kind: 'Role',
  metadata: { name, namespace: 'shop' },
  rules,
});
const binding = (name: string, roleRef: Record<string, string>, sa = 'web'): KubeObject => ({
  apiVersion: RBAC,
  kind: 'RoleBinding',
  metadata: { name, namespace: 'shop' },
  roleRef: { apiGroup: 'rbac.authorization.k8s.io', ...roleRef },
  subjects: [{ kind: 'ServiceAccount', name: sa }],
});

describe('grants', () => {
  test('rules expand to grants; wildcards and cluster scope cover what they match', () => {
    // GIVEN a rule on pods and secrets
    const grants = grantsOfRules(
      [{ apiGroups: [''], resources: ['pods', 'secrets'], verbs: ['get', 'list'] }],
      'shop',
    );
    // WHEN expanded / THEN four grants
    expect(grants.map((g) => `${g.resource}:${g.verb}`)).toEqual([
      'pods:get',
      'pods:list',
      'secrets:get',
      'secrets:list',
    ]);
    const all = { scope: '*', group: '*', resource: '*', verb: '*', name: '' };
    expect(grants.every((g) => covers(all, g))).toBe(true);
    expect(covers(grants[0]!, all)).toBe(false);
    expect(covers({ ...grants[0]!, resource: 'pods/*' }, { ...grants[0]!, resource: 'pods/log' })).toBe(true);
    expect(covers({ ...grants[0]!, name: 'a' }, grants[0]!)).toBe(false);
  });

  test('a binding grants its role in its namespace; a role the output lacks is a grant of its own', () => {
    // GIVEN a Role bound to web, and a binding to the cluster's `view`
    const objects = [
      role('read', [{ apiGroups: [''], resources: ['configmaps'], verbs: ['get'] }]),
      binding('read', { kind: 'Role', name: 'read' }),
      binding('view', { kind: 'ClusterRole', name: 'view' }),
    ];
    // WHEN web's grants are read
    const grants = grantsBySubject(objects).get('ServiceAccount shop/web')!;
    // THEN both, described by what they allow
    expect(describeGrants(grants)).toBe(
      'get on configmaps in namespace shop; bound to ClusterRole view (not in the output) in namespace shop',
    );
    expect(bindingsOf(objects).map((b) => b.subjects)).toEqual([
      ['ServiceAccount shop/web'],
      ['ServiceAccount shop/web'],
    ]);
  });

  test('widened: the head grants no base grant covers', () => {
    // GIVEN get on configmaps, then get on configmaps and secrets, then * on configmaps
    const g = (resources: string[], verbs: string[]) =>
      grantsOfRules([{ apiGroups: [''], resources, verbs }], 'shop');
    // WHEN / THEN
    expect(describeGrants(widened(g(['configmaps'], ['get']), g(['configmaps', 'secrets'], ['get'])))).toBe(
      'get on secrets in namespace shop',
    );
    expect(widened(g(['configmaps'], ['*']), g(['configmaps'], ['get', 'list']))).toEqual([]);
  });
});
