/**
 * Kubernetes naming rules (k8s.io/apimachinery/pkg/util/validation) and where they apply: object names per kind,
 * container/volume/port names, env var names, data keys, labels, selectors and annotation keys. The schema walk
 * calls FIELD_CHECKS for the struct fields below after the field's type is known to be right.
 */
import { isObject, show, type JsonObject } from './json';
import { child } from './path';
import type { Emit } from './subject';
import {
  isConfigKey,
  isDns1035Label,
  isDns1123Label,
  isDns1123Subdomain,
  isEnvVarName,
  isIanaSvcName,
  isLabelValue,
  isQualifiedName,
} from '../../constructs/names';

// The grammar is the construct library's (one implementation for synthesis and validation); the
// functions below turn it into the validator's messages.

/** Each returns a problem description, or undefined when the value is valid. */
export function dns1123Label(s: string): string | undefined {
  if (s.length > 63) return 'must be at most 63 characters';
  return isDns1123Label(s)
    ? undefined
    : 'must be a DNS-1123 label (lower-case alphanumerics and "-", starting and ending alphanumeric)';
}

export function dns1123Subdomain(s: string): string | undefined {
  if (s.length > 253) return 'must be at most 253 characters';
  return isDns1123Subdomain(s)
    ? undefined
    : 'must be a DNS-1123 subdomain (lower-case alphanumerics, "-" and ".", starting and ending alphanumeric)';
}

export function dns1035Label(s: string): string | undefined {
  if (s.length > 63) return 'must be at most 63 characters';
  return isDns1035Label(s)
    ? undefined
    : 'must be a DNS-1035 label (lower-case alphanumerics and "-", starting with a letter)';
}

export function pathSegmentName(s: string): string | undefined {
  if (s === '.' || s === '..') return 'may not be "." or ".."';
  return /[/%]/.test(s) ? 'may not contain "/" or "%"' : undefined;
}

export function ianaSvcName(s: string): string | undefined {
  if (isIanaSvcName(s)) return undefined;
  if (s.length > 15) return 'must be at most 15 characters (IANA_SVC_NAME)';
  if (s.includes('--')) return 'must not contain consecutive hyphens (IANA_SVC_NAME)';
  if (isDns1123Label(s)) return 'must contain at least one letter (IANA_SVC_NAME)';
  return 'must contain only lower-case alphanumerics and "-", starting and ending alphanumeric (IANA_SVC_NAME)';
}

export function envVarName(s: string): string | undefined {
  return isEnvVarName(s)
    ? undefined
    : 'must consist of alphanumerics, "-", "_" or "." and not start with a digit';
}

export function configKey(s: string): string | undefined {
  if (isConfigKey(s)) return undefined;
  if (s.length > 253) return 'must be at most 253 characters';
  if (s === '.' || s === '..') return 'may not be "." or ".."';
  return 'must consist of alphanumerics, "-", "_" or "."';
}

/** A label/annotation key: optional DNS-subdomain prefix and "/", then a name of at most 63 characters. */
export function qualifiedName(s: string): string | undefined {
  if (isQualifiedName(s)) return undefined;
  const slash = s.indexOf('/');
  const name = slash < 0 ? s : s.slice(slash + 1);
  if (slash >= 0) {
    const prefix = s.slice(0, slash);
    if (prefix === '') return 'has an empty prefix before "/"';
    const p = dns1123Subdomain(prefix);
    if (p) return `prefix ${p}`;
  }
  if (name === '') return 'has an empty name part';
  if (name.length > 63) return 'name part must be at most 63 characters';
  return 'name part must be alphanumerics, "-", "_" or ".", starting and ending alphanumeric';
}

export function labelValue(s: string): string | undefined {
  if (isLabelValue(s)) return undefined;
  if (s.length > 63) return 'must be at most 63 characters';
  return 'must be empty or alphanumerics, "-", "_" or ".", starting and ending alphanumeric';
}

/** The naming rule of metadata.name for a kind (as the 1.27 API server validates it). */
export function objectNameRule(group: string, kind: string): (s: string) => string | undefined {
  if (group === '' && kind === 'Namespace') return dns1123Label;
  if (group === '' && kind === 'Service') return dns1035Label;
  if (group === 'rbac.authorization.k8s.io') return pathSegmentName;
  return dns1123Subdomain;
}

type FieldCheck = (value: unknown, path: string, emit: Emit) => void;

function stringRule(rule: (s: string) => string | undefined, what: string): FieldCheck {
  return (value, path, emit) => {
    if (typeof value !== 'string') return;
    const problem = rule(value);
    if (problem) emit('invalid-name', path, `${what} ${show(value)} ${problem}`);
  };
}

function keysRule(rule: (s: string) => string | undefined, what: string): FieldCheck {
  return (value, path, emit) => {
    if (!isObject(value)) return;
    for (const key of Object.keys(value)) {
      const problem = rule(key);
      if (problem) emit('invalid-name', child(path, key), `${what} ${show(key)} ${problem}`);
    }
  };
}

function checkLabels(value: unknown, path: string, emit: Emit, what: string): void {
  if (!isObject(value)) return;
  for (const [key, v] of Object.entries(value)) {
    const keyProblem = qualifiedName(key);
    if (keyProblem) emit('invalid-label', child(path, key), `${what} key ${show(key)} ${keyProblem}`);
    if (typeof v === 'string') {
      const valueProblem = labelValue(v);
      if (valueProblem)
        emit('invalid-label', child(path, key), `${what} value ${show(v)} of ${show(key)} ${valueProblem}`);
    }
  }
}

const ANNOTATIONS_MAX_BYTES = 256 * 1024;

function checkAnnotations(value: unknown, path: string, emit: Emit): void {
  if (!isObject(value)) return;
  let size = 0;
  for (const [key, v] of Object.entries(value)) {
    const keyProblem = qualifiedName(key.toLowerCase());
    if (keyProblem) emit('invalid-label', child(path, key), `annotation key ${show(key)} ${keyProblem}`);
    size += Buffer.byteLength(key) + (typeof v === 'string' ? Buffer.byteLength(v) : 0);
  }
  if (size > ANNOTATIONS_MAX_BYTES) {
    emit(
      'invalid-label',
      path,
      `annotations total ${size} bytes, more than the 262144 the API server accepts`,
    );
  }
}

const META = 'io.k8s.apimachinery.pkg.apis.meta.v1.';
const CORE = 'io.k8s.api.core.v1.';

/** Checks of `definition#field`, run by the schema walk on fields of the right type. */
export const FIELD_CHECKS: Readonly<Record<string, FieldCheck>> = {
  [`${META}ObjectMeta#namespace`]: stringRule(dns1123Label, 'namespace'),
  [`${META}ObjectMeta#labels`]: (v, p, emit) => checkLabels(v, p, emit, 'label'),
  [`${META}ObjectMeta#annotations`]: checkAnnotations,
  [`${META}LabelSelector#matchLabels`]: (v, p, emit) => checkLabels(v, p, emit, 'selector label'),
  [`${META}LabelSelectorRequirement#key`]: (v, p, emit) => {
    if (typeof v !== 'string') return;
    const problem = qualifiedName(v);
    if (problem) emit('invalid-label', p, `selector key ${show(v)} ${problem}`);
  },
  [`${CORE}ServiceSpec#selector`]: (v, p, emit) => checkLabels(v, p, emit, 'selector label'),
  [`${CORE}ReplicationControllerSpec#selector`]: (v, p, emit) => checkLabels(v, p, emit, 'selector label'),
  [`${CORE}Container#name`]: stringRule(dns1123Label, 'container name'),
  [`${CORE}EphemeralContainer#name`]: stringRule(dns1123Label, 'container name'),
  [`${CORE}ContainerPort#name`]: stringRule(ianaSvcName, 'port name'),
  [`${CORE}ServicePort#name`]: stringRule(dns1123Label, 'port name'),
  [`${CORE}Volume#name`]: stringRule(dns1123Label, 'volume name'),
  [`${CORE}EnvVar#name`]: stringRule(envVarName, 'env var name'),
  [`${CORE}ConfigMap#data`]: keysRule(configKey, 'ConfigMap key'),
  [`${CORE}ConfigMap#binaryData`]: keysRule(configKey, 'ConfigMap key'),
  [`${CORE}Secret#data`]: keysRule(configKey, 'Secret key'),
  [`${CORE}Secret#stringData`]: keysRule(configKey, 'Secret key'),
};

/** metadata.name of a top-level object: present (unless generateName) and valid for its kind. */
export function checkObjectName(obj: JsonObject, group: string, kind: string, emit: Emit): void {
  const meta = obj.metadata;
  if (!isObject(meta)) {
    emit('schema-required', 'metadata', `${kind} has no metadata.name`);
    return;
  }
  const name = meta.name;
  if (name === undefined || name === null || name === '') {
    if (typeof meta.generateName !== 'string' || meta.generateName === '') {
      emit('schema-required', 'metadata.name', `${kind} has no metadata.name`);
    }
    return;
  }
  if (typeof name !== 'string') return; // the schema walk reports the type
  const problem = objectNameRule(group, kind)(name);
  if (problem) emit('invalid-name', 'metadata.name', `${kind} name ${show(name)} ${problem}`);
}
