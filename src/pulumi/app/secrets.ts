import * as k8s from '@pulumi/kubernetes';
import * as pulumi from '@pulumi/pulumi';
import type { DeclaredSecret } from '../../synth/files';
import type { SecretValues } from '../config';
import { pulumiRandom } from '../optional-peers';

export interface AppSecretsArgs {
  /** The Secrets the synthesized objects reference; `external` ones are left to external-secrets. */
  readonly secrets: readonly DeclaredSecret[];
  /** Values from `shipshape:secrets` (set with `pulumi config set --secret --path`). */
  readonly values: SecretValues;
  /** Provider of the target cluster. */
  readonly provider: k8s.Provider;
}

/** `--path` of one value: dotted where Pulumi's path syntax allows, `["..."]` for keys such as `tls.crt`. */
export function secretPath(secretName: string, key: string): string {
  return ['secrets', secretName, key]
    .map((segment, i) => (/^[\w-]+$/.test(segment) ? `${i === 0 ? '' : '.'}${segment}` : `["${segment}"]`))
    .join('');
}

/** The command that sets one secret value (a file's contents can be piped in on stdin instead). */
export function setSecretCommand(secretName: string, key: string): string {
  return `pulumi config set --secret --path '${secretPath(secretName, key)}' <value>`;
}

/** Every configured value must belong to a declared, non-external Secret key: a typo would go unnoticed. */
function checkValues(secrets: readonly DeclaredSecret[], values: SecretValues): string[] {
  const problems: string[] = [];
  for (const [name, keys] of values) {
    const declared = secrets.find((secret) => secret.name === name);
    if (declared === undefined) {
      const known = secrets.map((secret) => secret.name).join(', ') || 'none';
      problems.push(`shipshape:secrets.${name} is not a Secret the system reads (declared: ${known})`);
      continue;
    }
    if (declared.external) {
      problems.push(
        `shipshape:secrets.${name} comes from external-secrets in this environment: put it in Vault`,
      );
      continue;
    }
    for (const key of keys.keys()) {
      if (!declared.keys.some((k) => k.key === key)) {
        const known = declared.keys.map((k) => k.key).join(', ');
        problems.push(`shipshape:secrets.${name}.${key} is not a key of Secret ${name} (keys: ${known})`);
      }
    }
  }
  return problems;
}

/**
 * The Kubernetes Secrets the system references, created by Pulumi (values live encrypted in the state, never
 * in `dist/`). Each key takes its configured value, else a random password when the key allows one.
 */
export class AppSecrets extends pulumi.ComponentResource {
  /** The Secrets, by `<namespace>/<name>`. */
  readonly secrets: ReadonlyMap<string, k8s.core.v1.Secret>;

  constructor(name: string, args: AppSecretsArgs, opts?: pulumi.ComponentResourceOptions) {
    super('shipshape:app:Secrets', name, {}, opts);
    const owned = args.secrets.filter((secret) => !secret.external);
    const problems = checkValues(args.secrets, args.values);
    for (const secret of owned) {
      for (const { key, generate } of secret.keys) {
        if (!generate && args.values.get(secret.name)?.get(key) === undefined) {
          problems.push(
            `Secret ${secret.namespace}/${secret.name} key ${key} has no value: ${setSecretCommand(secret.name, key)}`,
          );
        }
      }
    }
    if (problems.length > 0) {
      throw new Error(`shipshape:secrets is incomplete:\n  ${problems.join('\n  ')}`);
    }

    const created = new Map<string, k8s.core.v1.Secret>();
    for (const secret of owned) {
      const stringData: Record<string, pulumi.Output<string>> = {};
      for (const { key } of secret.keys) {
        const configured = args.values.get(secret.name)?.get(key);
        stringData[key] =
          configured !== undefined
            ? pulumi.secret(configured.reveal())
            : pulumi.secret(
                new (pulumiRandom().RandomPassword)(
                  `${secret.namespace}-${secret.name}-${key}`,
                  // Letters and digits only: the values end up in connection strings and env files.
                  { length: 32, special: false },
                  { parent: this },
                ).result,
              );
      }
      created.set(
        `${secret.namespace}/${secret.name}`,
        new k8s.core.v1.Secret(
          `secret-${secret.namespace}-${secret.name}`,
          {
            metadata: {
              name: secret.name,
              namespace: secret.namespace,
              labels: { 'app.kubernetes.io/managed-by': 'pulumi' },
            },
            type: 'Opaque',
            stringData,
          },
          { parent: this, provider: args.provider },
        ),
      );
    }
    this.secrets = created;
    this.registerOutputs({});
  }
}
