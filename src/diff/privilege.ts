/**
 * Identity and privilege: ServiceAccounts and their tokens, which identity each workload runs as, RBAC grants
 * per subject, Pod Security levels of namespaces, pod and container security settings (the Pod Security
 * controls of the validator, plus a read-only root filesystem), Secrets each workload reads and the keys each
 * ExternalSecret fetches. Names only, never values.
 */
import type { KubeObject } from '../synth/files';
import { checkPodSecurity } from '../validate/pod-security';
import { compareRefs, groupOf, refOf, type Matched } from './objects';
import { bindingsOf, describeGrants, grantsBySubject, widened, type Grant } from './rbac';
import { containersOf, readsOf } from './references';
import type { ObjectRef, PrivilegeChange } from './report';
import { isWorkload, templateOf } from './workloads';

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const obj = (v: unknown): Json => (isObject(v) ? v : {});
const list = (v: unknown): Json[] => (Array.isArray(v) ? v.filter(isObject) : []);

const LEVELS = ['privileged', 'baseline', 'restricted'];
const PSA = 'pod-security.kubernetes.io/';
const BASELINE_RULES = new Set([
  'pss-host-process',
  'pss-host-namespaces',
  'pss-privileged',
  'pss-host-path-volumes',
  'pss-host-ports',
  'pss-apparmor',
  'pss-selinux',
  'pss-proc-mount',
  'pss-sysctls',
]);

/** The Pod Security violations of a template, as `message (Pod Security level)` lines. */
export function securityViolations(template: Json | undefined): Set<string> {
  const out = new Set<string>();
  if (template === undefined) return out;
  const pod = {
    spec: obj(template['spec']),
    specPath: 'spec',
    metadata: obj(template['metadata']),
    metadataPath: 'metadata',
    longRunning: true,
  };
  checkPodSecurity(pod, (rule, _path, message) => {
    const baseline =
      BASELINE_RULES.has(rule) ||
      (rule === 'pss-capabilities' && message.includes('outside the baseline set')) ||
      (rule === 'pss-seccomp' && message.includes('Unconfined'));
    out.add(`${message} (Pod Security ${baseline ? 'baseline' : 'restricted'})`);
  });
  for (const c of containersOf(obj(template['spec']))) {
    if (obj(c['securityContext'])['readOnlyRootFilesystem'] !== true) {
      out.add(`container "${String(c['name'])}" has a writable root filesystem`);
    }
  }
  return out;
}

const saName = (t: Json | undefined) => {
  const spec = obj(t?.['spec']);
  return typeof spec['serviceAccountName'] === 'string' ? spec['serviceAccountName'] : 'default';
};

/** Whether a template's pods get an API token: the pod's setting, else its ServiceAccount's, else yes. */
function mountsToken(t: Json | undefined, ns: string | undefined, side: readonly KubeObject[]): boolean {
  const own = obj(t?.['spec'])['automountServiceAccountToken'];
  if (typeof own === 'boolean') return own;
  const sa = side.find(
    (o) => o.kind === 'ServiceAccount' && o.metadata.name === saName(t) && o.metadata.namespace === ns,
  );
  return sa?.['automountServiceAccountToken'] !== false;
}

function psaLevels(ns: KubeObject | undefined): Map<string, string> {
  const labels = obj(ns?.metadata['labels']);
  return new Map(
    ['enforce', 'audit', 'warn'].map((mode) => [mode, String(labels[`${PSA}${mode}`] ?? 'privileged')]),
  );
}

/** Everything this analysis reports of one pair of object sets. */
export function diffPrivilege(
  matched: readonly Matched[],
  base: readonly KubeObject[],
  head: readonly KubeObject[],
): PrivilegeChange[] {
  const out: PrivilegeChange[] = [];
  const push = (
    kind: PrivilegeChange['kind'],
    change: PrivilegeChange['change'],
    widen: boolean,
    object: ObjectRef,
    text: string,
  ) => out.push({ kind, change, widen, object, text });
  const [grantsA, grantsB] = [grantsBySubject(base), grantsBySubject(head)];
  const grantsOf = (m: Map<string, Grant[]>, subject: string) => m.get(subject) ?? [];
  for (const m of matched) {
    const o = (m.head ?? m.base)!;
    const group = groupOf(o.apiVersion);
    if (o.kind === 'ServiceAccount' && group === '') {
      if (m.base === undefined) push('service-account', 'added', false, refOf(o), 'added');
      else if (m.head === undefined) push('service-account', 'removed', false, refOf(o), 'removed');
      else if (
        m.base['automountServiceAccountToken'] === false &&
        m.head['automountServiceAccountToken'] !== false
      )
        push('token', 'changed', true, refOf(o), 'now mounts its API token into pods that do not opt out');
    }
    if (o.kind === 'Namespace' && group === '' && m.base && m.head) {
      const [la, lb] = [psaLevels(m.base), psaLevels(m.head)];
      for (const [mode, level] of lb) {
        const before = la.get(mode)!;
        if (LEVELS.indexOf(level) < LEVELS.indexOf(before))
          push('pod-security', 'changed', true, refOf(o), `Pod Security ${mode} ${before} → ${level}`);
        else if (LEVELS.indexOf(level) > LEVELS.indexOf(before))
          push('pod-security', 'changed', false, refOf(o), `Pod Security ${mode} ${before} → ${level}`);
      }
    }
    if (!isWorkload(o)) continue;
    const [tA, tB] = [m.base && templateOf(m.base, base), m.head && templateOf(m.head, head)];
    const ns = o.metadata.namespace;
    const ref = refOf(o);
    if (m.base && m.head) {
      const [sa, sb] = [saName(tA), saName(tB)];
      if (sa !== sb) {
        const gained = widened(
          grantsOf(grantsA, `ServiceAccount ${ns}/${sa}`),
          grantsOf(grantsB, `ServiceAccount ${ns}/${sb}`),
        );
        const more = gained.length > 0 ? `, which gains ${describeGrants(gained)}` : '';
        push(
          'identity',
          'changed',
          gained.length > 0,
          ref,
          `runs as ServiceAccount ${sb} (was ${sa})${more}`,
        );
      }
      const [ta, tb] = [mountsToken(tA, ns, base), mountsToken(tB, ns, head)];
      if (ta !== tb)
        push(
          'token',
          'changed',
          tb,
          ref,
          tb ? 'pods now get an API token' : 'pods no longer get an API token',
        );
      const [va, vb] = [securityViolations(tA), securityViolations(tB)];
      for (const v of vb) if (!va.has(v)) push('security-context', 'added', true, ref, v);
      for (const v of va) if (!vb.has(v)) push('security-context', 'removed', false, ref, `no longer: ${v}`);
    }
    const secrets = (t: Json | undefined) =>
      new Set(
        readsOf(t)
          .filter((r) => r.kind === 'Secret')
          .map((r) => `${r.name}${r.via === 'pull' ? ' (image pull)' : ''}`),
      );
    const [xa, xb] = [secrets(tA), secrets(tB)];
    for (const s of xb) if (!xa.has(s)) push('secret', 'added', true, ref, `reads Secret ${s}`);
    for (const s of xa) if (!xb.has(s)) push('secret', 'removed', false, ref, `no longer reads Secret ${s}`);
  }
  out.push(...rbacChanges(base, head), ...externalSecretChanges(matched));
  return out.sort(
    (a, b) =>
      Number(b.widen) - Number(a.widen) || compareRefs(a.object, b.object) || (a.text < b.text ? -1 : 1),
  );
}

/** Grants gained and lost per subject, and the bindings' objects they come through. */
function rbacChanges(base: readonly KubeObject[], head: readonly KubeObject[]): PrivilegeChange[] {
  const out: PrivilegeChange[] = [];
  const [ga, gb] = [grantsBySubject(base), grantsBySubject(head)];
  const via = (side: readonly KubeObject[], subject: string) =>
    bindingsOf(side).find((b) => b.subjects.includes(subject))?.binding;
  for (const subject of [...new Set([...ga.keys(), ...gb.keys()])].sort()) {
    const gained = widened(ga.get(subject) ?? [], gb.get(subject) ?? []);
    const lost = widened(gb.get(subject) ?? [], ga.get(subject) ?? []);
    const bindingHead = via(head, subject);
    const bindingBase = via(base, subject);
    if (gained.length > 0 && bindingHead)
      out.push({
        kind: 'rbac',
        change: 'added',
        widen: true,
        object: refOf(bindingHead),
        text: `${subject} gains ${describeGrants(gained)}`,
      });
    if (lost.length > 0 && (bindingBase ?? bindingHead))
      out.push({
        kind: 'rbac',
        change: 'removed',
        widen: false,
        object: refOf((bindingHead ?? bindingBase)!),
        text: `${subject} loses ${describeGrants(lost)}`,
      });
  }
  return out;
}

/** The remote keys an ExternalSecret fetches (key and property; never values). */
function remoteKeys(o: KubeObject | undefined): Set<string> {
  const spec = obj(o?.['spec']);
  const keys = new Set<string>();
  for (const d of list(spec['data'])) {
    const r = obj(d['remoteRef']);
    keys.add(
      `${String(r['key'])}${r['property'] === undefined ? '' : ` (property ${String(r['property'])})`}`,
    );
  }
  for (const d of list(spec['dataFrom'])) {
    const extract = obj(d['extract']);
    if (extract['key'] !== undefined) keys.add(`${String(extract['key'])} (every property)`);
    if (isObject(d['find'])) keys.add(`every key matching ${JSON.stringify(d['find'])}`);
  }
  return keys;
}

function externalSecretChanges(matched: readonly Matched[]): PrivilegeChange[] {
  const out: PrivilegeChange[] = [];
  for (const m of matched) {
    const o = (m.head ?? m.base)!;
    if (o.kind !== 'ExternalSecret' || groupOf(o.apiVersion) !== 'external-secrets.io') continue;
    const [a, b] = [remoteKeys(m.base), remoteKeys(m.head)];
    for (const k of b)
      if (!a.has(k))
        out.push({ kind: 'secret', change: 'added', widen: true, object: refOf(o), text: `fetches ${k}` });
    for (const k of a)
      if (!b.has(k))
        out.push({
          kind: 'secret',
          change: 'removed',
          widen: false,
          object: refOf(o),
          text: `no longer fetches ${k}`,
        });
  }
  return out;
}
