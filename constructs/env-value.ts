import { k8s } from 'cdk8s-plus-27';
import { _checkDnsSubdomain, _checkEnvName, _checkLength } from './_checks';
import { _fail, _show, type _Where } from './_errors';
import { _keys, _checkKeys } from './_keys';
import { _record } from './_types';
import { isConfigKey } from './names';
import { Secret } from './secret';

type Source =
  | { readonly kind: 'value'; readonly value: string }
  | { readonly kind: 'configMap'; readonly name: string; readonly key: string; readonly options: unknown }
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

/** Options of {@link EnvValue.fromConfigMap}. */
export interface ConfigMapEnvOptions {
  /**
   * Start the container even when the ConfigMap or the key does not exist.
   * @default false
   */
  readonly optional?: boolean;
}

const CONFIG_MAP_ENV_OPTIONS_KEYS = _keys('ConfigMapEnvOptions', ['optional']);

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
  public static fromConfigMap(name: string, key: string, options: ConfigMapEnvOptions = {}): EnvValue {
    // Checked when rendered, where the caller's prop is known.
    return new EnvValue({ kind: 'configMap', name, key, options });
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

  /** @internal Renders the variable `name`; `prop` names it as the caller wrote it. */
  public _render(scope: _Where, prop: string, name: string): k8s.EnvVar {
    const s = this.source;
    switch (s.kind) {
      case 'value':
        if (typeof s.value !== 'string') _fail(scope, prop, 'must be a string', s.value);
        return { name, value: s.value };
      case 'configMap': {
        // Option keys are named beside the value's other props (`env.X.optional`).
        const o = _record<ConfigMapEnvOptions>(scope, `${prop}.options`, s.options);
        _checkKeys(scope, prop, o, CONFIG_MAP_ENV_OPTIONS_KEYS);
        const optional = o.optional ?? false;
        _checkDnsSubdomain(scope, `${prop}.name`, s.name, 'must name a ConfigMap with a DNS-1123 subdomain');
        _checkLength(scope, `${prop}.key`, s.key, 253);
        if (typeof s.key !== 'string' || !isConfigKey(s.key))
          _fail(scope, `${prop}.key`, "must be a ConfigMap key: letters, digits, '-', '_' or '.'", s.key);
        if (typeof optional !== 'boolean') _fail(scope, `${prop}.optional`, 'must be a boolean', optional);
        return {
          name,
          valueFrom: { configMapKeyRef: { name: s.name, key: s.key, ...(optional && { optional }) } },
        };
      }
      case 'secret':
        if (!(s.secret instanceof Secret))
          _fail(scope, `${prop}.secret`, 'must be a Secret', s.secret, 'Pass the Secret construct');
        s.secret._checkKey(scope, prop, s.key);
        return { name, valueFrom: { secretKeyRef: { name: s.secret.name, key: s.key } } };
      case 'field':
        if (typeof s.fieldPath !== 'string' || !FIELD_PATHS.has(s.fieldPath))
          _fail(scope, prop, `must be a supported pod field (${[...FIELD_PATHS].join(', ')})`, s.fieldPath);
        return { name, valueFrom: { fieldRef: { fieldPath: s.fieldPath } } };
    }
  }
}

const REFERENCE = /\$(\$|\(([^)]*)\))/g;

/**
 * Renders an ordered env list and checks it as the kubelet expands it: names are valid, unique, and
 * every `$(NAME)` in a literal refers to a variable defined earlier (otherwise Kubernetes would
 * leave the text verbatim, a silent misconfiguration). `injected` (dependency endpoints) come first.
 */
export function _renderEnv(
  scope: _Where,
  prop: string,
  injected: readonly (readonly [string, string])[],
  entries: readonly (readonly [name: string, value: EnvValue, prop?: string])[],
): k8s.EnvVar[] {
  // Where each variable was defined: a prop of the caller, or undefined when injected (shown on a clash only).
  const defined = new Map<string, string | undefined>(injected.map(([k]) => [k, undefined]));
  const later = new Set(entries.map(([k]) => k));
  const rendered: k8s.EnvVar[] = injected.map(([name, value]) => ({ name, value }));
  for (const [name, value, own] of entries) {
    const p = own ?? `${prop}.${name}`;
    _checkEnvName(scope, p, name);
    if (defined.has(name)) {
      const first = defined.get(name);
      const where = first === undefined ? 'injected for a dependency' : `at ${_show(first)}`;
      _fail(scope, p, `must not define a variable twice (first ${where})`, name);
    }
    const env = value._render(scope, p, name);
    if (env.value !== undefined) {
      for (const m of env.value.matchAll(REFERENCE)) {
        const ref = m[2];
        if (m[1] !== '$' && ref !== undefined && !defined.has(ref)) {
          const hint = later.has(ref)
            ? `Move ${ref} before ${name}`
            : /_SERVICE_(HOST|PORT)/.test(ref)
              ? `Declare the service in 'dependencies' (endpoint variables exist only for declared dependencies) or escape it as $$(${ref})`
              : `Define ${ref} before ${name} or escape it as $$(${ref})`;
          _fail(scope, p, `refers to $(${ref}), which is not defined before it`, env.value, hint);
        }
      }
    }
    defined.set(name, p);
    rendered.push(env);
  }
  return rendered;
}
