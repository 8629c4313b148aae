// Kubernetes naming rules (k8s.io/apimachinery/pkg/util/validation), as predicates. No cdk8s: the
// construct library checks its props with them, the validator checks any manifest with the same
// grammar and the chart schemas embed the same patterns, so synthesis, validation and `helm --set` agree.
import {
  _DNS1035_LABEL as DNS1035_LABEL,
  _DNS1123_LABEL as DNS1123_LABEL,
  _DNS1123_SUBDOMAIN as DNS1123_SUBDOMAIN,
  _QUALIFIED_NAME_PART as QUALIFIED_NAME_PART,
} from './_patterns';

const IANA_SVC_NAME = /^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/;
const ENV_VAR_NAME = /^[-._a-zA-Z][-._a-zA-Z0-9]*$/;
const CONFIG_KEY = /^[-._a-zA-Z0-9]+$/;

/** DNS-1123 label grammar (the 63-character limit is checked by callers, which may impose less). */
export function isDns1123Label(s: string): boolean {
  return DNS1123_LABEL.test(s);
}

/** DNS-1123 subdomain: at most 253 characters of dot-separated labels. */
export function isDns1123Subdomain(s: string): boolean {
  return s.length <= 253 && DNS1123_SUBDOMAIN.test(s);
}

/** DNS-1035 label grammar (Service names: starts with a letter). */
export function isDns1035Label(s: string): boolean {
  return DNS1035_LABEL.test(s);
}

/** Name part of a qualified name (label and annotation keys): at most 63 alphanumerics, `-`, `_`, `.`. */
export function isQualifiedNamePart(s: string): boolean {
  return s.length <= 63 && QUALIFIED_NAME_PART.test(s);
}

/** Label/annotation key: optional DNS-subdomain prefix and `/`, then a qualified name part. */
export function isQualifiedName(s: string): boolean {
  const slash = s.indexOf('/');
  if (slash < 0) return isQualifiedNamePart(s);
  const prefix = s.slice(0, slash);
  return prefix !== '' && isDns1123Subdomain(prefix) && isQualifiedNamePart(s.slice(slash + 1));
}

/** Label value: empty, or a qualified name part. */
export function isLabelValue(s: string): boolean {
  return s === '' || isQualifiedNamePart(s);
}

/** IANA service name (named ports): at most 15 characters, no `--`, at least one letter. */
export function isIanaSvcName(s: string): boolean {
  return s.length <= 15 && IANA_SVC_NAME.test(s) && !s.includes('--') && /[a-z]/.test(s);
}

/** Environment variable name as the API server accepts it. */
export function isEnvVarName(s: string): boolean {
  return ENV_VAR_NAME.test(s);
}

/** ConfigMap/Secret data key. */
export function isConfigKey(s: string): boolean {
  return s.length <= 253 && s !== '.' && s !== '..' && CONFIG_KEY.test(s);
}

// Every tz database name: segments starting with an uppercase letter (`America/Port-au-Prince`, `Etc/GMT+5`).
const TIME_ZONE = /^[A-Z][A-Za-z0-9_+-]*(\/[A-Z][A-Za-z0-9_+-]*)*$/;

/**
 * An IANA time zone the CronJob controller loads (`Europe/Berlin`, `UTC`): Go's time.LoadLocation
 * with the tz database; `Local` is refused by the API server. Checked against the runtime's tz data.
 */
export function isIanaTimeZone(s: string): boolean {
  if (typeof s !== 'string' || !TIME_ZONE.test(s) || s.toLowerCase() === 'local') return false;
  try {
    const resolved = new Intl.DateTimeFormat('en-US', { timeZone: s }).resolvedOptions().timeZone;
    // ICU matches case-insensitively; the tz database on the controller's filesystem does not.
    return resolved === s || resolved.toLowerCase() !== s.toLowerCase();
  } catch {
    return false;
  }
}
