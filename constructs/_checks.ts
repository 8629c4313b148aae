import { _fail, type _Where } from './_errors';
import { _entries } from './_types';
import { cidrNetwork, formatCidr, isIpv4Mapped, parseCidr, type Cidr } from './cidr';
import {
  isDns1035Label,
  isDns1123Label,
  isDns1123Subdomain,
  isEnvVarName,
  isIanaSvcName,
  isLabelValue,
  isQualifiedName,
} from './names';

// Input checks shared by every construct. Each throws the library's one error format.

const GO_DURATION = /^([0-9]+(\.[0-9]+)?(ns|us|µs|ms|s|m|h))+$/;

/** A DNS-1123 label (`[a-z0-9]([-a-z0-9]*[a-z0-9])?`), at most `maxLength` characters. */
export function _checkDnsLabel(scope: _Where, prop: string, value: string, maxLength = 63): void {
  if (typeof value !== 'string') _fail(scope, prop, 'must be a string', value);
  if (value.length > maxLength) _fail(scope, prop, `must be at most ${maxLength} characters`, value);
  if (!isDns1123Label(value)) {
    _fail(
      scope,
      prop,
      'must be a DNS-1123 label: lowercase letters, digits and -, starting and ending with a letter or digit',
      value,
    );
  }
}

/** A DNS-1035 label (Service names): like a DNS-1123 label but starting with a letter. */
export function _checkServiceName(scope: _Where, prop: string, value: string, maxLength = 63): void {
  if (typeof value !== 'string') _fail(scope, prop, 'must be a string', value);
  if (value.length > maxLength) _fail(scope, prop, `must be at most ${maxLength} characters`, value);
  if (!isDns1035Label(value)) {
    _fail(
      scope,
      prop,
      'must be a DNS-1035 label: lowercase letters, digits and -, starting with a letter and ending with a letter or digit',
      value,
    );
  }
}

/** A DNS-1123 subdomain: dot-separated DNS labels, at most 253 characters. */
export function _isDnsSubdomain(value: string): boolean {
  return typeof value === 'string' && isDns1123Subdomain(value);
}

/**
 * Fails when a string is longer than `max` characters, before its grammar is checked: a value whose
 * characters are all legal is told it is too long, not that it is malformed.
 */
export function _checkLength(scope: _Where, prop: string, value: unknown, max: number, what = ''): void {
  if (typeof value === 'string' && value.length > max)
    _fail(scope, prop, `must ${what ? `use ${what} of ` : 'be '}at most ${max} characters`, value);
}

/** A DNS-1123 subdomain (object names), `rule` the message when its grammar is wrong. */
export function _checkDnsSubdomain(
  scope: _Where,
  prop: string,
  value: unknown,
  rule = 'must be a DNS-1123 subdomain',
): void {
  if (typeof value !== 'string') _fail(scope, prop, 'must be a string', value);
  _checkLength(scope, prop, value, 253);
  if (!isDns1123Subdomain(value)) _fail(scope, prop, rule, value);
}

/** An integer in `[min, max]`. */
export function _checkInt(scope: _Where, prop: string, value: number, min: number, max = 2147483647): void {
  if (typeof value !== 'number' || !Number.isInteger(value)) _fail(scope, prop, 'must be an integer', value);
  if (value < min) _fail(scope, prop, `must be >= ${min}`, value);
  if (value > max) _fail(scope, prop, `must be <= ${max}`, value);
}

/** A TCP/UDP port number. */
export function _checkPortNumber(scope: _Where, prop: string, value: number): void {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > 65535)
    _fail(scope, prop, 'must be an integer between 1 and 65535', value);
}

/** An IANA service name, as Kubernetes requires for named ports. */
export function _checkPortName(scope: _Where, prop: string, value: string): void {
  _checkLength(scope, prop, value, 15);
  if (typeof value !== 'string' || !isIanaSvcName(value)) {
    _fail(
      scope,
      prop,
      'must be an IANA service name: at most 15 lowercase letters, digits and single dashes, with at least one letter',
      value,
    );
  }
}

/** An environment variable name as the API server accepts it. */
export function _checkEnvName(scope: _Where, prop: string, value: string): void {
  if (typeof value !== 'string' || !isEnvVarName(value)) {
    _fail(
      scope,
      prop,
      "must be a valid environment variable name: letters, digits, '_', '-' or '.', not starting with a digit",
      value,
    );
  }
}

/** A label or annotation key: optional DNS subdomain prefix and a name of at most 63 characters. */
export function _checkLabelKey(scope: _Where, prop: string, key: string): void {
  if (typeof key === 'string' && key.length - key.indexOf('/') - 1 > 63)
    _fail(scope, prop, 'must have a name part (after any prefix/) of at most 63 characters', key);
  if (typeof key === 'string' && key.indexOf('/') > 253)
    _fail(scope, prop, 'must have a prefix of at most 253 characters', key);
  if (typeof key !== 'string' || !isQualifiedName(key)) {
    _fail(
      scope,
      prop,
      'must be a qualified name: an optional DNS subdomain prefix and /, then at most 63 alphanumerics, -, _ or .',
      key,
    );
  }
}

/** A label value: empty, or at most 63 alphanumerics, -, _ or . starting and ending alphanumeric. */
export function _checkLabelValue(scope: _Where, prop: string, value: string): void {
  if (typeof value !== 'string') _fail(scope, prop, 'must be a string', value);
  if (value.length > 63) _fail(scope, prop, 'must be at most 63 characters', value);
  if (!isLabelValue(value)) {
    _fail(
      scope,
      prop,
      'must be a label value: at most 63 alphanumerics, -, _ or ., starting and ending with an alphanumeric',
      value,
    );
  }
}

/** Labels: every key and value. */
export function _checkLabels(scope: _Where, prop: string, labels: Readonly<Record<string, string>>): void {
  for (const [k, v] of _entries<string>(scope, prop, labels)) {
    _checkLabelKey(scope, `${prop}`, k);
    _checkLabelValue(scope, `${prop}.${k}`, v);
  }
}

/** A Go duration (`30s`, `1h30m`), as operators such as external-secrets read it. */
export function _checkGoDuration(scope: _Where, prop: string, value: string): void {
  if (typeof value !== 'string' || !GO_DURATION.test(value))
    _fail(scope, prop, "must be a Go duration such as '30s', '5m' or '1h'", value);
}

/** A filesystem path inside a container: absolute, no `..`, no `:`. */
export function _checkMountPath(scope: _Where, prop: string, value: string): void {
  if (
    typeof value !== 'string' ||
    !value.startsWith('/') ||
    value.split('/').includes('..') ||
    value.includes(':')
  ) {
    _fail(scope, prop, "must be an absolute path without '..' or ':'", value);
  }
}

/** Fails on the first value that appears twice. */
export function _checkUnique<T>(scope: _Where, prop: string, values: readonly T[], what: string): void {
  const seen = new Set<T>();
  for (const v of values) {
    if (seen.has(v)) _fail(scope, prop, `must not repeat a ${what}`, v);
    seen.add(v);
  }
}

/** A CIDR the API server parses (`10.0.0.0/8`, `2001:db8::/32`); returns it parsed. */
export function _checkCidr(scope: _Where, prop: string, value: unknown): Cidr {
  const c = parseCidr(value);
  if (!c)
    _fail(
      scope,
      prop,
      "must be a CIDR such as '0.0.0.0/0' or '10.0.0.0/8' (IPv4 prefix <= 32, IPv6 <= 128)",
      value,
    );
  return c;
}

/**
 * A CIDR in the API server's own form: no bits after the prefix (`10.0.0.1/8` is ambiguous), not
 * IPv4-mapped IPv6 (API servers since 1.33 refuse both), and IPv6 as RFC 5952 writes it.
 */
export function _checkCanonicalCidr(scope: _Where, prop: string, value: unknown): Cidr {
  const c = _checkCidr(scope, prop, value);
  if (isIpv4Mapped(c)) {
    const v4 = { family: 4, address: c.address & 0xffffffffn, prefix: c.prefix - 96 } as const;
    _fail(
      scope,
      prop,
      'must not be an IPv4-mapped IPv6 range: newer API servers refuse it',
      value,
      c.prefix >= 96 ? `Use '${formatCidr(v4)}'` : 'Write the IPv4 range',
    );
  }
  const network = cidrNetwork(c);
  if (network.address !== c.address) {
    _fail(
      scope,
      prop,
      'must not set address bits after the prefix length',
      value,
      `Use '${formatCidr(network)}' for the range or '${formatCidr({ ...c, prefix: c.family === 4 ? 32 : 128 })}' for the one address`,
    );
  }
  const canonical = formatCidr(c);
  if (canonical !== value)
    _fail(scope, prop, 'must be written in canonical form', value, `Use '${canonical}'`);
  return c;
}
