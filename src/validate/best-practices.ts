/**
 * Best practices in the spirit of kube-linter: pinned images, resource requests/limits, probes and their ports,
 * read-only root filesystems, ServiceAccount use, emptyDir size limits, selectors vs template labels, env vars,
 * and Secrets in manifests. Severity per rule is in rules.ts: heuristics warn, definite breakage errs.
 */
import { _PINNED_TAG } from '../../constructs/_patterns';
import { asArray, asObject, asString, isObject, show } from './json';
import type { ObjectIndex } from './object-index';
import { child, index } from './path';
import { containersOf, templateLabels, type ContainerRef, type PodTemplate } from './pod-spec';
import { describeSelector, isEmptySelector, labelSelector, mapSelector, matches } from './selectors';
import type { Emit, Subject } from './subject';

export function checkPodBestPractices(
  subject: Subject,
  pod: PodTemplate,
  objects: ObjectIndex,
  emit: Emit,
): void {
  const runnable = containersOf(pod, ['containers', 'initContainers']);
  for (const c of containersOf(pod)) {
    imagePinned(c, emit);
    duplicateEnv(c, emit);
    credentialEnv(c, emit);
  }
  for (const c of runnable) {
    resources(c, emit);
    if (
      c.container.securityContext === undefined ||
      asObject(c.container.securityContext)?.readOnlyRootFilesystem !== true
    ) {
      emit(
        'no-read-only-root-fs',
        child(child(c.path, 'securityContext'), 'readOnlyRootFilesystem'),
        `${c.label} does not set readOnlyRootFilesystem: true`,
      );
    }
  }
  const services = pod.longRunning ? objects.servicesSelecting(subject.ns, templateLabels(pod)) : [];
  for (const c of containersOf(pod, ['containers'])) {
    if (pod.longRunning) probesPresent(c, emit);
    if (services.length > 0) livenessWithoutReadiness(c, services, emit);
    probePorts(c, emit);
  }
  serviceAccount(subject, pod, objects, emit);
  emptyDirLimits(pod, emit);
}

function emptyDirLimits(pod: PodTemplate, emit: Emit): void {
  asArray(pod.spec.volumes).forEach((v, i) => {
    const volume = asObject(v);
    const emptyDir = asObject(volume?.emptyDir);
    if (!emptyDir || (emptyDir.sizeLimit !== undefined && emptyDir.sizeLimit !== null)) return;
    const name = asString(volume?.name) ?? `#${i}`;
    emit(
      'unset-emptydir-size-limit',
      child(child(index(child(pod.specPath, 'volumes'), i), 'emptyDir'), 'sizeLimit'),
      `emptyDir volume "${name}" has no sizeLimit`,
    );
  });
}

function imagePinned(c: ContainerRef, emit: Emit): void {
  const image = asString(c.container.image);
  const p = child(c.path, 'image');
  if (image === undefined || image === '') {
    emit('image-not-pinned', p, `${c.label} has no image`);
    return;
  }
  if (image.includes('@')) return; // digest-pinned
  const lastSlash = image.lastIndexOf('/');
  const colon = image.indexOf(':', lastSlash + 1);
  if (colon < 0)
    emit('image-not-pinned', p, `${c.label} image ${show(image)} has no tag (implicitly :latest)`);
  else if (image.slice(colon + 1) === 'latest')
    emit('image-not-pinned', p, `${c.label} image ${show(image)} uses the latest tag`);
  // The constructs' rule: a tag without a version number (alpine, stable, bookworm) moves.
  else if (!_PINNED_TAG.test(image.slice(colon + 1)))
    emit(
      'image-not-pinned',
      p,
      `${c.label} image ${show(image)} uses the moving tag ${show(image.slice(colon + 1))} (no version number)`,
    );
}

function resources(c: ContainerRef, emit: Emit): void {
  const res = asObject(c.container.resources);
  const base = child(c.path, 'resources');
  for (const [resource, ruleId, label] of [
    ['cpu', 'unset-cpu-requirements', 'CPU'],
    ['memory', 'unset-memory-requirements', 'memory'],
  ] as const) {
    for (const section of ['requests', 'limits'] as const) {
      const v = asObject(res?.[section])?.[resource];
      if (v === undefined || v === null || v === '' || v === 0 || v === '0') {
        emit(
          ruleId,
          child(child(base, section), resource),
          `${c.label} has no ${label} ${section === 'requests' ? 'request' : 'limit'}`,
        );
      }
    }
  }
}

function probesPresent(c: ContainerRef, emit: Emit): void {
  if (!isObject(c.container.livenessProbe)) {
    emit('no-liveness-probe', child(c.path, 'livenessProbe'), `${c.label} has no liveness probe`);
  }
  if (!isObject(c.container.readinessProbe)) {
    emit('no-readiness-probe', child(c.path, 'readinessProbe'), `${c.label} has no readiness probe`);
  }
}

function livenessWithoutReadiness(c: ContainerRef, services: readonly string[], emit: Emit): void {
  if (!isObject(c.container.livenessProbe) || isObject(c.container.readinessProbe)) return;
  emit(
    'liveness-without-readiness',
    child(c.path, 'readinessProbe'),
    `${c.label} has a liveness probe but no readiness probe, and Service ${services.join(', ')} sends it traffic: requests keep reaching it while it fails liveness, and the restarted container at once`,
  );
}

function probePorts(c: ContainerRef, emit: Emit): void {
  const names = new Set<string>();
  const numbers = new Set<number>();
  for (const port of asArray(c.container.ports)) {
    const o = asObject(port);
    const name = asString(o?.name);
    if (name !== undefined) names.add(name);
    if (typeof o?.containerPort === 'number') numbers.add(o.containerPort);
  }
  for (const probe of ['livenessProbe', 'readinessProbe', 'startupProbe']) {
    const pr = asObject(c.container[probe]);
    if (!pr) continue;
    for (const handler of ['httpGet', 'tcpSocket', 'grpc']) {
      const port = asObject(pr[handler])?.port;
      const p = child(child(child(c.path, probe), handler), 'port');
      if (typeof port === 'string' && !/^\d+$/.test(port)) {
        if (!names.has(port)) {
          emit(
            'probe-port-missing',
            p,
            `${c.label} ${probe} uses port ${show(port)}, which is not a port name of the container` +
              (names.size ? ` (${[...names].join(', ')})` : ' (it names no ports)'),
          );
        }
      } else if (port !== undefined && numbers.size > 0) {
        const n = typeof port === 'number' ? port : Number(port);
        if (!numbers.has(n)) {
          emit(
            'probe-port-undeclared',
            p,
            `${c.label} ${probe} probes port ${n}, which is not one of its container ports (${[...numbers].join(', ')})`,
          );
        }
      }
    }
  }
}

function duplicateEnv(c: ContainerRef, emit: Emit): void {
  const seen = new Map<string, number>();
  asArray(c.container.env).forEach((e, i) => {
    const name = asString(asObject(e)?.name);
    if (name === undefined) return;
    const first = seen.get(name);
    if (first !== undefined) {
      emit(
        'duplicate-env-var',
        index(child(c.path, 'env'), i),
        `${c.label} defines env var ${name} twice (env[${first}] and env[${i}])`,
      );
    } else seen.set(name, i);
  });
}

const SECRET_NAME =
  /(PASSWORD|PASSWD|PASSPHRASE|SECRET|TOKEN|API_?KEY|PRIVATE_?KEY|ACCESS_?KEY|CREDENTIALS?|AUTH_?KEY)/i;
/** Names that mention a secret but hold a reference to one (a path, a name, a flag). */
const SECRET_NAME_NOT_VALUE =
  /(_FILE|_PATH|_DIR|_NAME|_REF|_ID|_ENABLED|_TTL|_TIMEOUT|_EXPIRY|_EXPIRATION|_LENGTH|_URL|_HEADER|_TYPE|_SECRETS|_KEYS)$/i;
const SECRET_VALUE: readonly [RegExp, string][] = [
  [/-----BEGIN [A-Z ]*PRIVATE KEY-----/, 'a private key'],
  [/\bAKIA[0-9A-Z]{16}\b/, 'an AWS access key id'],
  [/\bgh[pousr]_[A-Za-z0-9]{36,}\b/, 'a GitHub token'],
  [/\bxox[abprs]-[A-Za-z0-9-]{10,}/, 'a Slack token'],
  [/\beyJ[A-Za-z0-9_-]{10,}\.eyJ[A-Za-z0-9_-]{10,}\./, 'a JWT'],
];
const URL_PASSWORD = /^[a-z][a-z0-9+.-]*:\/\/[^/\s:@]+:([^/\s@]+)@/i;
const REFERENCES_ONLY = /^(\$\([-._a-zA-Z][-._a-zA-Z0-9]*\))+$/;

/**
 * Whether a URL embeds a literal password: its password part is not made only of `$(NAME)` references, or one
 * refers to a literal variable defined before it. A reference to a variable read from a Secret (`valueFrom`, or
 * `envFrom`, which the env list does not show) is no embedded password.
 */
function embedsPassword(value: string, literal: ReadonlySet<string>): boolean {
  const password = URL_PASSWORD.exec(value)?.[1];
  if (password === undefined) return false;
  if (!REFERENCES_ONLY.test(password)) return true;
  return [...password.matchAll(/\$\(([^)]+)\)/g)].some((m) => literal.has(m[1]!));
}

function credentialEnv(c: ContainerRef, emit: Emit): void {
  const literal = new Set<string>();
  asArray(c.container.env).forEach((e, i) => {
    const env = asObject(e);
    const name = asString(env?.name);
    const value = asString(env?.value);
    if (name === undefined || value === undefined || value === '') return;
    literal.add(name);
    const p = child(index(child(c.path, 'env'), i), 'value');
    if (embedsPassword(value, literal)) {
      emit(
        'env-literal-credential',
        p,
        `${c.label} env var ${name} holds what looks like a URL with an embedded password`,
      );
      return;
    }
    const byValue = SECRET_VALUE.find(([re]) => re.test(value));
    if (byValue) {
      emit('env-literal-credential', p, `${c.label} env var ${name} holds what looks like ${byValue[1]}`);
      return;
    }
    const plainSetting = /^(true|false|yes|no|on|off|\d+[a-z]*)$/i.test(value) || value.startsWith('/');
    if (SECRET_NAME.test(name) && !SECRET_NAME_NOT_VALUE.test(name) && !plainSetting) {
      emit(
        'env-literal-credential',
        p,
        `${c.label} env var ${name} looks like a credential but has a literal value`,
      );
    }
  });
}

function serviceAccount(subject: Subject, pod: PodTemplate, objects: ObjectIndex, emit: Emit): void {
  const spec = pod.spec;
  const explicit = asString(spec.serviceAccountName) ?? asString(spec.serviceAccount);
  const name = explicit && explicit !== '' ? explicit : 'default';
  if (name === 'default') {
    emit(
      'default-service-account',
      child(pod.specPath, 'serviceAccountName'),
      'the pod runs under the "default" ServiceAccount',
    );
  }
  if (spec.automountServiceAccountToken === false) return;
  const sa = objects.get('', 'ServiceAccount', subject.ns, name);
  if (spec.automountServiceAccountToken === undefined && sa?.obj.automountServiceAccountToken === false)
    return;
  emit(
    'automount-service-account-token',
    child(pod.specPath, 'automountServiceAccountToken'),
    spec.automountServiceAccountToken === true
      ? 'the pod mounts its ServiceAccount token'
      : `the pod mounts the token of ServiceAccount "${name}" (automountServiceAccountToken is not false on the pod${sa ? ' nor on the ServiceAccount' : ''})`,
  );
}

const SELECTOR_KINDS: ReadonlySet<string> = new Set(['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet']);

/** Controllers whose selector must match their template (the API server rejects a mismatch). */
export function checkSelectorMatchesTemplate(subject: Subject, pod: PodTemplate, emit: Emit): void {
  const { kind } = subject.ref;
  const spec = asObject(subject.obj.spec);
  if (!spec) return;
  const labels = asObject(pod.metadata?.labels) ?? {};
  const stringLabels: Record<string, string> = {};
  for (const [k, v] of Object.entries(labels)) if (typeof v === 'string') stringLabels[k] = v;
  let selector;
  if (SELECTOR_KINDS.has(kind)) selector = labelSelector(spec.selector);
  else if (kind === 'ReplicationController' && isObject(spec.selector)) selector = mapSelector(spec.selector);
  else if (kind === 'Job' && spec.manualSelector === true) selector = labelSelector(spec.selector);
  else return;
  if (!selector) return; // missing selector: reported by the schema as required
  if (isEmptySelector(selector)) {
    emit(
      'selector-template-mismatch',
      'spec.selector',
      `${kind} selector is empty; it must select the pod template labels`,
    );
  } else if (!matches(selector, stringLabels)) {
    emit(
      'selector-template-mismatch',
      'spec.selector',
      `${kind} selector ${describeSelector(selector)} does not match the pod template labels ${describeLabels(stringLabels)}`,
    );
  }
}

function describeLabels(labels: Readonly<Record<string, string>>): string {
  const parts = Object.entries(labels).map(([k, v]) => `${k}=${v}`);
  return parts.length ? parts.join(', ') : '(none)';
}

/** A Secret object carrying values in the manifest. */
export function checkSecretData(subject: Subject, emit: Emit): void {
  if (subject.ref.kind !== 'Secret' || subject.group !== '') return;
  for (const field of ['data', 'stringData']) {
    const data = subject.obj[field];
    if (isObject(data) && Object.keys(data).length > 0) {
      emit(
        'secret-data-in-manifest',
        field,
        `Secret carries ${Object.keys(data).length} value(s) in ${field} (${Object.keys(data).join(', ')})`,
      );
    }
  }
}
