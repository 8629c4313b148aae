// JSON Schema (draft-07) fragments of the built-in chart values, built from the grammars the constructs check
// with (_patterns.ts), so Helm refuses at `helm install --set` exactly what the constructs refuse at synthesis
// (test/constructs/_chart-schemas.test.ts samples both). Rules between two values (HPA min <= max) are template
// guards instead: JSON Schema cannot compare fields.
import {
  _DNS1123_SUBDOMAIN,
  _IMAGE_DIGEST,
  _IMAGE_REPOSITORY,
  _IMAGE_TAG,
  _PINNED_TAG,
  _QUANTITY,
  _ZERO_QUANTITY,
} from './_patterns';
import type { JsonSchema } from './chart-value';

const MAX_INT32 = 2147483647;

const object = (properties: Record<string, JsonSchema>, extra: JsonSchema = {}): JsonSchema => ({
  type: 'object',
  additionalProperties: false,
  required: Object.keys(properties),
  properties,
  ...extra,
});

/** A DNS-1123 subdomain (object names: Secrets, Issuers, StorageClasses). */
export function _subdomainSchema(): JsonSchema {
  return { type: 'string', maxLength: 253, pattern: _DNS1123_SUBDOMAIN.source };
}

/**
 * A quantity greater than zero, as `_checkQuantity` accepts it; also a positive number, the same quantity as
 * YAML and `--set` type it (`cpu: 2`), which Kubernetes accepts too.
 */
export function _quantitySchema(): JsonSchema {
  return {
    anyOf: [
      {
        type: 'string',
        pattern: _QUANTITY.source,
        not: { anyOf: [{ pattern: '^-' }, { pattern: _ZERO_QUANTITY.source }] },
      },
      { type: 'number', exclusiveMinimum: 0 },
    ],
  };
}

/** Requests and limits of a container, in the shape of Kubernetes' `resources`. */
export function _resourcesSchema(ephemeralStorage = false): JsonSchema {
  const pair = () =>
    object({
      cpu: _quantitySchema(),
      memory: _quantitySchema(),
      ...(ephemeralStorage && { 'ephemeral-storage': _quantitySchema() }),
    });
  return object({ requests: pair(), limits: pair() });
}

/** A replica count of at least `min`. */
export function _replicasSchema(min: number): JsonSchema {
  return { type: 'integer', minimum: min, maximum: MAX_INT32 };
}

/** An image as `{ repository, tag, digest }`: `_checkImage` of `repository[:tag][@digest]`, parsed back to the same parts. */
export function _imageSchema(moves = false): JsonSchema {
  const orEmpty = (re: RegExp): JsonSchema => ({ type: 'string', pattern: `^$|${re.source}` });
  const parts = {
    repository: { type: 'string', pattern: _IMAGE_REPOSITORY.source },
    tag: orEmpty(_IMAGE_TAG),
    digest: orEmpty(_IMAGE_DIGEST),
  };
  // An Image.mutableTag accepts a moving tag on purpose: its own default must pass (a tag or a digest still).
  if (moves)
    return object(parts, {
      anyOf: [{ properties: { digest: { minLength: 1 } } }, { properties: { tag: { minLength: 1 } } }],
    });
  return object(parts, {
    // A digest pins the image; without one the tag must be set and carry a version number.
    anyOf: [
      { properties: { digest: { minLength: 1 } } },
      { properties: { tag: { pattern: _PINNED_TAG.source } } },
    ],
  });
}

/** A host of a Gateway rule, as its `checkHost` accepts it. */
export function _hostSchema(): JsonSchema {
  const bare = _DNS1123_SUBDOMAIN.source.slice(1, -1);
  return {
    type: 'string',
    pattern: `^(\\*\\.)?${bare}$`,
    allOf: [
      { not: { pattern: '^(\\*\\.)?[0-9.]+$' } }, // no IP addresses
      { not: { pattern: '^\\*\\.[^.]*$' } }, // a wildcard covers a subdomain of a domain
      {
        anyOf: [
          { pattern: '^\\*\\.', maxLength: 255 },
          { not: { pattern: '^\\*\\.' }, maxLength: 253 },
        ],
      },
    ],
  };
}

/** The hosts of a Gateway's rules, one each, in rule order. */
export function _hostsSchema(count: number): JsonSchema {
  return { type: 'array', items: _hostSchema(), minItems: count, maxItems: count, uniqueItems: true };
}

/** TLS of a Gateway: on or off, the certificate's Secret, and the cert-manager issuer when it has one. */
export function _tlsSchema(issuerKey: string | undefined): JsonSchema {
  const properties: Record<string, JsonSchema> = {
    enabled: { type: 'boolean' },
    secretName: _subdomainSchema(),
  };
  if (issuerKey) properties[issuerKey] = _subdomainSchema();
  return object(properties);
}

/**
 * TLS of a Gateway: the certificate Secret, or the cert-manager issuer. TLS itself is chosen at synth time
 * (it decides the listeners and the HTTP→HTTPS redirect), so there is no `enabled` switch.
 */
export function _gatewayTlsSchema(issuerKey: string | undefined): JsonSchema {
  return object(issuerKey ? { [issuerKey]: _subdomainSchema() } : { secretName: _subdomainSchema() });
}

/** The data of a ConfigMap: exactly its keys, each a string. */
export function _configSchema(keys: readonly string[]): JsonSchema {
  return object(Object.fromEntries(keys.map((k) => [k, { type: 'string' }])));
}
