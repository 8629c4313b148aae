import { k8s } from 'cdk8s-plus-27';
import type { Construct } from 'constructs';
import { _checkEnvName } from './_checks';
import { _fail } from './_errors';
import type { Secret } from './secret';

type Source =
  | { readonly kind: 'value'; readonly value: string }
  | { readonly kind: 'configMap'; readonly name: string; readonly key: string; readonly optional: boolean }
  | { readonly kind: 'secret'; readonly secret: Secret; readonly key: string }
  | { readonly kind: 'field'; readonly fieldPath: string };

const FIELD_PATHS = new Set([
  'metadata.name',
  'metadata.namespace',
  'metadata.uid',
  'spec.nodeName',
  'spec.serviceAccountName',
  'status.hostIP',
  'status.podIP',
  'status.podIPs',
]);

/** The value of an environment variable. */
export class EnvValue {
  /**
   * A literal. `$(NAME)` expands to a variable defined earlier in the same container, as Kubernetes
   * does it; `$$(NAME)` escapes it.
   */
  public static value(value: string): EnvValue {
    return new EnvValue({ kind: 'value', value });
  }

  /** A key of a ConfigMap that is not managed by this workload. */
  public static fromConfigMap(
    name: string,
    key: string,
    options: { readonly optional?: boolean } = {},
  ): EnvValue {
    return new EnvValue({ kind: 'configMap', name, key, optional: options.optional ?? false });
  }

  /** A key of a declared {@link Secret}. */
  public static fromSecret(secret: Secret, key: string): EnvValue {
    return new EnvValue({ kind: 'secret', secret, key });
  }

  /** A field of the pod (downward API), e.g. `metadata.name` or `status.podIP`. */
  public static fromField(fieldPath: string): EnvValue {
    return new EnvValue({ kind: 'field', fieldPath });
  }

  private constructor(private readonly source: Source) {}

  /** @internal The secret this value reads, if any. */
  public get _secret(): Secret | undefined {
    return this.source.kind === 'secret' ? this.source.secret : undefined;
  }

  /** @internal */
  public _render(scope: Construct, prop: string, name: string): k8s.EnvVar {
    const s = this.source;
    switch (s.kind) {
      case 'value':
        if (typeof s.value !== 'string') _fail(scope, prop, 'must be a string', s.value);
        return { name, value: s.value };
      case 'configMap':
        return {
          name,
          valueFrom: { configMapKeyRef: { name: s.name, key: s.key, optional: s.optional || undefined } },
        };
      case 'secret':
        s.secret._checkKey(scope, prop, s.key);
        return { name, valueFrom: { secretKeyRef: { name: s.secret.name, key: s.key } } };
      case 'field':
        if (!FIELD_PATHS.has(s.fieldPath))
          _fail(scope, prop, `must be a supported pod field (${[...FIELD_PATHS].join(', ')})`, s.fieldPath);
        return { name, valueFrom: { fieldRef: { fieldPath: s.fieldPath } } };
    }
  }
}

const REFERENCE = /\$(\$|\(([^)]*)\))/g;

/**
 * Renders an ordered env map and checks it as the kubelet expands it: names are valid, unique, and
 * every `$(NAME)` in a literal refers to a variable defined earlier (otherwise Kubernetes would
 * leave the text verbatim, a silent misconfiguration).
 */
export function _renderEnv(
  scope: Construct,
  prop: string,
  entries: readonly (readonly [string, EnvValue])[],
): k8s.EnvVar[] {
  const defined = new Set<string>();
  return entries.map(([name, value]) => {
    const p = `${prop}.${name}`;
    _checkEnvName(scope, p, name);
    if (defined.has(name)) _fail(scope, prop, 'must not define a variable twice', name);
    const rendered = value._render(scope, p, name);
    if (rendered.value !== undefined) {
      for (const m of rendered.value.matchAll(REFERENCE)) {
        const ref = m[2];
        if (m[1] !== '$' && ref !== undefined && !defined.has(ref)) {
          _fail(
            scope,
            p,
            `refers to $(${ref}), which is not defined before it`,
            rendered.value,
            `Define ${ref} earlier or escape it as $$(${ref})`,
          );
        }
      }
    }
    defined.add(name);
    return rendered;
  });
}
