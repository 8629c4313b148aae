import { createHash } from 'crypto';

/**
 * A short, stable content hash of JSON-able data, for rollout annotations: the first 16 hex digits of the
 * SHA-256 of {@link _goJson}. A Helm chart computes the same with `toJson | sha256sum | trunc 16`.
 */
export function _contentHash(data: unknown): string {
  return createHash('sha256').update(_goJson(data)).digest('hex').slice(0, 16);
}

/**
 * JSON as Go's encoding/json writes a map of strings (what Helm's `toJson` prints): keys sorted, no spaces,
 * `<`, `>`, `&`, U+2028 and U+2029 escaped; also the characters a YAML stream may not hold raw (DEL, C1
 * controls, U+FEFF, U+FFFE, U+FFFF), which the charts' `toJson` helper escapes too. Undefined members are left out.
 */
export function _goJson(v: unknown): string {
  if (typeof v === 'string')
    return JSON.stringify(v).replace(/[<>&\u2028\u2029\u007f-\u009f\ufeff\ufffe\uffff]/g, goEscape);
  if (Array.isArray(v)) return `[${v.map(_goJson).join(',')}]`;
  if (v && typeof v === 'object') {
    const o = v as Record<string, unknown>;
    return `{${Object.keys(o)
      .sort()
      .filter((k) => o[k] !== undefined)
      .map((k) => `${_goJson(k)}:${_goJson(o[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(v);
}

function goEscape(c: string): string {
  return `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;
}
