/**
 * Values the Kubernetes API server refuses although the OpenAPI schema allows them: CronJob time
 * zones, CIDRs of NetworkPolicy ipBlocks and Service source ranges, ConfigMap/Secret references,
 * a volume mounted at `/`, and objects over the request size limit. The grammar is the construct
 * library's (constructs/names.ts, constructs/cidr.ts), so synthesis and validation agree.
 */
import { cidrContains, cidrNetwork, isIpv4Mapped, parseCidr } from '../../constructs/cidr';
import { isIanaTimeZone } from '../../constructs/names';
import { isObject, show, type JsonObject } from './json';
import { child } from './path';
import type { Emit } from './subject';
import { configKey, dns1123Subdomain } from './names';

type FieldCheck = (value: unknown, path: string, emit: Emit) => void;

/** The API server refuses requests over 1.5 MiB (etcd's default request limit). */
export const MAX_OBJECT_BYTES = 1.5 * 1024 * 1024;

function cidr(value: unknown, path: string, emit: Emit, what: string): void {
  if (typeof value !== 'string') return;
  const c = parseCidr(value);
  if (!c)
    emit('invalid-value', path, `${what} ${show(value)} is not a CIDR (IPv4 prefix <= 32, IPv6 <= 128)`);
  // Accepted by 1.27, refused by API servers since 1.33.
  else if (cidrNetwork(c).address !== c.address)
    emit('invalid-value', path, `${what} ${show(value)} has address bits set after its prefix length`);
  else if (isIpv4Mapped(c))
    emit('invalid-value', path, `${what} ${show(value)} is an IPv4-mapped IPv6 range`);
}

function reference(kind: string, field = 'name'): FieldCheck {
  return (value, path, emit) => {
    if (!isObject(value)) return;
    const name = value[field];
    if (typeof name === 'string') {
      const problem = dns1123Subdomain(name);
      if (problem) emit('invalid-value', child(path, field), `${kind} name ${show(name)} ${problem}`);
    }
    const key = value.key;
    if (typeof key === 'string') {
      const problem = configKey(key);
      if (problem) emit('invalid-value', child(path, 'key'), `${kind} key ${show(key)} ${problem}`);
    }
  };
}

const CORE = 'io.k8s.api.core.v1.';

/** Checks of `definition#field`, merged into the schema walk's field checks. */
export const VALUE_CHECKS: Readonly<Record<string, FieldCheck>> = {
  'io.k8s.api.batch.v1.CronJobSpec#timeZone': (v, path, emit) => {
    if (typeof v === 'string' && !isIanaTimeZone(v)) {
      emit('invalid-value', path, `time zone ${show(v)} is not an IANA time zone the controller can load`);
    }
  },
  'io.k8s.api.networking.v1.NetworkPolicyPeer#ipBlock': (v, path, emit) => {
    if (!isObject(v)) return;
    cidr(v.cidr, child(path, 'cidr'), emit, 'ipBlock cidr');
    const outer = parseCidr(v.cidr);
    if (!Array.isArray(v.except)) return;
    v.except.forEach((x, i) => {
      const p = `${child(path, 'except')}[${i}]`;
      cidr(x, p, emit, 'ipBlock except');
      const inner = parseCidr(x);
      if (outer && inner && !cidrContains(outer, inner)) {
        emit('invalid-value', p, `ipBlock except ${show(x)} is not inside cidr ${show(v.cidr)}`);
      } else if (outer && inner && inner.prefix === outer.prefix) {
        emit(
          'invalid-value',
          p,
          `ipBlock except ${show(x)} equals cidr ${show(v.cidr)} (the API server wants a strict subset)`,
        );
      }
    });
  },
  [`${CORE}ServiceSpec#loadBalancerSourceRanges`]: (v, path, emit) => {
    if (Array.isArray(v)) v.forEach((x, i) => cidr(x, `${path}[${i}]`, emit, 'loadBalancerSourceRange'));
  },
  [`${CORE}EnvVarSource#configMapKeyRef`]: reference('ConfigMap'),
  [`${CORE}EnvVarSource#secretKeyRef`]: reference('Secret'),
  [`${CORE}EnvFromSource#configMapRef`]: reference('ConfigMap'),
  [`${CORE}EnvFromSource#secretRef`]: reference('Secret'),
  [`${CORE}Volume#configMap`]: reference('ConfigMap'),
  [`${CORE}Volume#secret`]: reference('Secret', 'secretName'),
  [`${CORE}VolumeMount#mountPath`]: (v, path, emit) => {
    if (typeof v === 'string' && /^\/+$/.test(v)) {
      emit(
        'invalid-value',
        path,
        `mountPath ${show(v)} would mount a volume over the container's root filesystem`,
      );
    }
  },
};

/** An object whose JSON exceeds the API server's request limit can never be applied. */
export function checkObjectSize(object: JsonObject, emit: Emit): void {
  const bytes = Buffer.byteLength(JSON.stringify(object));
  if (bytes > MAX_OBJECT_BYTES) {
    emit(
      'invalid-value',
      '',
      `the object is ${bytes} bytes, more than the API server's ${MAX_OBJECT_BYTES}-byte request limit`,
    );
  }
}
