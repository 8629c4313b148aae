/**
 * `shipshape secrets`: the kubectl path's counterpart of Pulumi's AppSecrets. It creates in the cluster the
 * Secrets an environment's manifests reference and nothing materializes (no ExternalSecret): values from a
 * file, keys the System marks as generated get a random password. Values only ever travel over kubectl's
 * stdin: nothing is written to disk or to `dist/`, nothing is printed. Existing values are kept (a
 * re-run never rotates a database password the database was initialized with).
 */
import { randomBytes } from 'node:crypto';
import type { DeclaredSecret } from '../synth/files';

/** Values by Secret name and key, as in the values file `{ <secret>: { <KEY>: <value> } }`. */
export type SecretValueFile = ReadonlyMap<string, ReadonlyMap<string, string>>;

/** What happens to one Secret. */
export interface SecretPlan {
  readonly name: string;
  readonly namespace: string;
  /** `create`: absent; `update`: keys added or values changed; `unchanged`: nothing to do. */
  readonly action: 'create' | 'update' | 'unchanged';
  /** The full data to apply (values in clear: never print or log this). */
  readonly data: Readonly<Record<string, string>>;
  /** Keys given a random password in this run. */
  readonly generated: readonly string[];
  /** Keys taken from the values file in this run. */
  readonly fromFile: readonly string[];
}

/** Letters and digits only: the values end up in connection strings and env files. */
export function randomPassword(length = 32): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  let out = '';
  while (out.length < length) {
    for (const b of randomBytes(length)) {
      if (b < 248 && out.length < length) out += alphabet[b % alphabet.length]; // 248 = 4 * 62: no modulo bias
    }
  }
  return out;
}

/** Parses the values file (YAML or JSON already loaded); every problem is reported with its path. */
export function parseValueFile(doc: unknown, file: string): { values: SecretValueFile; problems: string[] } {
  const problems: string[] = [];
  const values = new Map<string, Map<string, string>>();
  if (doc === undefined || doc === null) return { values, problems };
  if (typeof doc !== 'object' || Array.isArray(doc)) {
    return { values, problems: [`${file}: must map Secret names to { KEY: value } (got ${describe(doc)})`] };
  }
  for (const [name, keys] of Object.entries(doc)) {
    if (keys === null || typeof keys !== 'object' || Array.isArray(keys)) {
      problems.push(`${file}: ${name} must map keys to string values (got ${describe(keys)})`);
      continue;
    }
    const m = new Map<string, string>();
    for (const [key, value] of Object.entries(keys)) {
      if (typeof value !== 'string')
        problems.push(`${file}: ${name}.${key} must be a string (got ${describe(value)})`);
      else m.set(key, value);
    }
    values.set(name, m);
  }
  return { values, problems };
}

/**
 * Decides what to apply. `existing` holds the decoded data of the Secrets already in the cluster.
 * Returns every problem at once (unknown names or keys in the file, keys with no value and no generator).
 */
export function planSecrets(
  declared: readonly DeclaredSecret[],
  values: SecretValueFile,
  existing: ReadonlyMap<string, Readonly<Record<string, string>>>,
  generate: (key: string) => string = () => randomPassword(),
): { plans: SecretPlan[]; problems: string[] } {
  const problems: string[] = [];
  for (const [name, keys] of values) {
    const d = declared.find((s) => s.name === name);
    if (d === undefined) {
      const known = declared.map((s) => s.name).join(', ') || 'none';
      problems.push(`${name} is not a Secret the manifests read (declared: ${known})`);
    } else if (d.external) {
      problems.push(
        `${name} comes from an ExternalSecret in this environment: put its values in the secret store`,
      );
    } else {
      for (const key of keys.keys()) {
        if (!d.keys.some((k) => k.key === key))
          problems.push(
            `${name}.${key} is not a key of Secret ${name} (keys: ${d.keys.map((k) => k.key).join(', ')})`,
          );
      }
    }
  }
  const plans: SecretPlan[] = [];
  for (const secret of declared.filter((s) => !s.external)) {
    const current = existing.get(secret.name);
    const data: Record<string, string> = { ...(current ?? {}) };
    const generated: string[] = [];
    const fromFile: string[] = [];
    for (const { key, generate: mayGenerate } of secret.keys) {
      const given = values.get(secret.name)?.get(key);
      if (given !== undefined) {
        if (data[key] !== given) fromFile.push(key);
        data[key] = given;
      } else if (data[key] === undefined) {
        if (mayGenerate) {
          data[key] = generate(key);
          generated.push(key);
        } else {
          problems.push(
            `${secret.name}.${key} has no value: add it to the values file (${secret.name}: { ${key}: ... })`,
          );
        }
      }
    }
    const action =
      current === undefined ? 'create' : generated.length + fromFile.length > 0 ? 'update' : 'unchanged';
    plans.push({ name: secret.name, namespace: secret.namespace, action, data, generated, fromFile });
  }
  return { plans, problems };
}

/** The Secret object to apply for a plan (to kubectl's stdin only: it holds the values). */
export function secretObject(plan: SecretPlan): Record<string, unknown> {
  return {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: {
      name: plan.name,
      namespace: plan.namespace,
      labels: { 'app.kubernetes.io/managed-by': 'shipshape-secrets' },
    },
    type: 'Opaque',
    // `data`, not `stringData`: server-side apply then owns the persisted field itself.
    data: Object.fromEntries(
      Object.keys(plan.data)
        .sort()
        .map((k) => [k, Buffer.from(plan.data[k] ?? '', 'utf8').toString('base64')]),
    ),
  };
}

function describe(value: unknown): string {
  if (Array.isArray(value)) return 'a list';
  return value === null ? 'null' : typeof value;
}
