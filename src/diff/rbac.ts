/**
 * RBAC as grants: each (scope, API group, resource, verb, resource name) a subject may use, through the
 * RoleBindings and ClusterRoleBindings of a side and the Roles and ClusterRoles it defines. A role the side
 * does not define (`cluster-admin`, `view`) is a grant of its own, by name. Wildcards cover what they match.
 */
import type { KubeObject } from '../synth/files';
import { groupOf } from './objects';

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const list = (v: unknown): Json[] => (Array.isArray(v) ? v.filter(isObject) : []);
const strings = (v: unknown): string[] =>
  Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];

const RBAC = 'rbac.authorization.k8s.io';

/** One permission: `*` in a field matches anything; `name` `''` means every object. */
export interface Grant {
  /** A namespace, or `*` for the whole cluster. */
  readonly scope: string;
  readonly group: string;
  readonly resource: string;
  readonly verb: string;
  readonly name: string;
  /** Set for a role the output does not define: the grant is the role itself. */
  readonly role?: string;
}

/** Whether `a` allows everything `b` does. */
export function covers(a: Grant, b: Grant): boolean {
  if (a.role !== undefined || b.role !== undefined)
    return a.role === b.role && (a.scope === '*' || a.scope === b.scope);
  const match = (x: string, y: string) => x === '*' || x === y;
  return (
    match(a.scope, b.scope) &&
    match(a.group, b.group) &&
    (match(a.resource, b.resource) ||
      (a.resource.endsWith('/*') && b.resource.startsWith(a.resource.slice(0, -1)))) &&
    match(a.verb, b.verb) &&
    (a.name === '' || a.name === b.name)
  );
}

/** The grants of a role's rules within `scope`. */
export function grantsOfRules(rules: unknown, scope: string): Grant[] {
  return list(rules).flatMap((r) => {
    const urls = strings(r['nonResourceURLs']);
    const verbs = strings(r['verbs']);
    if (urls.length > 0)
      return urls.flatMap((u) =>
        verbs.map((verb) => ({ scope, group: '(url)', resource: u, verb, name: '' })),
      );
    const names = strings(r['resourceNames']);
    return strings(r['apiGroups']).flatMap((group) =>
      strings(r['resources']).flatMap((resource) =>
        verbs.flatMap((verb) =>
          (names.length ? names : ['']).map((name) => ({ scope, group, resource, verb, name })),
        ),
      ),
    );
  });
}

/** `ServiceAccount ns/name`, `User alice`, `Group devs`. */
export function subjectOf(s: Json, bindingNamespace: string | undefined): string {
  const kind = typeof s['kind'] === 'string' ? s['kind'] : 'ServiceAccount';
  const name = String(s['name']);
  if (kind === 'ServiceAccount')
    return `ServiceAccount ${String(s['namespace'] ?? bindingNamespace ?? 'default')}/${name}`;
  return `${kind} ${name}`;
}

/** The roles a side defines, by `Role/ns/name` and `ClusterRole//name`. */
function rolesOf(objects: readonly KubeObject[]): Map<string, KubeObject> {
  const out = new Map<string, KubeObject>();
  for (const o of objects) {
    if (groupOf(o.apiVersion) !== RBAC || (o.kind !== 'Role' && o.kind !== 'ClusterRole')) continue;
    out.set(`${o.kind}/${o.kind === 'Role' ? (o.metadata.namespace ?? '') : ''}/${o.metadata.name}`, o);
  }
  return out;
}

/** What one binding grants: to whom, and which grants. */
export interface Binding {
  readonly binding: KubeObject;
  readonly subjects: readonly string[];
  readonly grants: readonly Grant[];
}

/** Every binding of a side with the grants it gives. */
export function bindingsOf(objects: readonly KubeObject[]): Binding[] {
  const roles = rolesOf(objects);
  const out: Binding[] = [];
  for (const o of objects) {
    if (groupOf(o.apiVersion) !== RBAC || (o.kind !== 'RoleBinding' && o.kind !== 'ClusterRoleBinding'))
      continue;
    const ref = isObject(o['roleRef']) ? o['roleRef'] : {};
    const roleKind = String(ref['kind'] ?? 'ClusterRole');
    const ns = o.metadata.namespace;
    const scope = o.kind === 'ClusterRoleBinding' ? '*' : (ns ?? 'default');
    const role = roles.get(`${roleKind}/${roleKind === 'Role' ? (ns ?? '') : ''}/${String(ref['name'])}`);
    const grants = role
      ? grantsOfRules(role['rules'], scope)
      : [{ scope, group: '', resource: '', verb: '', name: '', role: `${roleKind} ${String(ref['name'])}` }];
    out.push({ binding: o, subjects: list(o['subjects']).map((s) => subjectOf(s, ns)), grants });
  }
  return out;
}

/** Subject -> every grant the side gives it. */
export function grantsBySubject(objects: readonly KubeObject[]): Map<string, Grant[]> {
  const out = new Map<string, Grant[]>();
  for (const b of bindingsOf(objects))
    for (const s of b.subjects) out.set(s, [...(out.get(s) ?? []), ...b.grants]);
  return out;
}

/** The grants of `head` no grant of `base` covers. */
export function widened(base: readonly Grant[], head: readonly Grant[]): Grant[] {
  return head.filter((g) => !base.some((b) => covers(b, g)));
}

/** `get, list on secrets in namespace shop; bound to ClusterRole view in the cluster`. */
export function describeGrants(grants: readonly Grant[]): string {
  const groups = new Map<string, Set<string>>();
  for (const g of grants) {
    const where = g.scope === '*' ? 'the cluster' : `namespace ${g.scope}`;
    const what =
      g.role !== undefined
        ? `bound to ${g.role} (not in the output) in ${where}`
        : `on ${g.resource}${g.group && g.group !== '(url)' ? `.${g.group}` : ''}${g.name ? `/${g.name}` : ''} in ${where}`;
    groups.set(what, (groups.get(what) ?? new Set()).add(g.verb));
  }
  return [...groups]
    .map(([what, verbs]) => (what.startsWith('bound') ? what : `${[...verbs].sort().join(', ')} ${what}`))
    .join('; ');
}
