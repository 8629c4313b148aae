import { k8s } from 'cdk8s-plus-27';
import { _checkDnsSubdomain, _checkEnvName, _checkLength } from './_checks';
import { _fail, _show, type _Where } from './_errors';
import { _keys, _checkKeys } from './_keys';
import { _record } from './_types';
import { isConfigKey } from './names';
import { _SERVICE_WORKLOAD } from './_endpoint-plan';
import { _isConfigMap } from './_config-brand';
import type { ConfigMap } from './config-map';
import { _envPrefix } from './_labels';
import { Secret } from './secret';
import type { ServiceWorkload } from './service-workload';

type Source =
  | { readonly kind: 'value'; readonly value: string }
  | {
      readonly kind: 'endpoint';
      readonly target: unknown;
      readonly port: unknown;
      readonly part: unknown;
    }
  | { readonly kind: 'configMap'; readonly name: unknown; readonly key: string; readonly options: unknown }
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

/** Which part of a dependency's address an {@link EnvValue.fromEndpoint} value holds. */
export enum EndpointPart {
  /** The Service's DNS name, `$(<TARGET>_SERVICE_HOST)`. */
  HOST = 'host',
  /** The Service port, `$(<TARGET>_SERVICE_PORT)` for the main port, `$(<TARGET>_SERVICE_PORT_<NAME>)` for another. */
  PORT = 'port',
  /** `host:port`, what most clients take (`PRODUCT_CATALOG_SERVICE_ADDR=productcatalogservice:3550`). */
  ADDRESS = 'address',
}

/** Options of {@link EnvValue.fromEndpoint}. */
export interface EndpointOptions {
  /**
   * Port name of the target; the dependency must use it.
   * @default - the target's main port
   */
  readonly port?: string;
  /**
   * Which part of the address.
   * @default EndpointPart.ADDRESS
   */
  readonly part?: EndpointPart;
}

const ENDPOINT_OPTIONS_KEYS = _keys('EndpointOptions', ['port', 'part']);

/** The dependencies a workload declares, by target, with the port names each uses. */
export type _DeclaredDependencies = ReadonlyMap<ServiceWorkload, ReadonlySet<string>>;

/**
 * The names of the endpoint variables a dependency on `target` injects for `port`: `<TARGET>_SERVICE_HOST` and
 * `<TARGET>_SERVICE_PORT` (its main port) or `<TARGET>_SERVICE_PORT_<PORT>`, where `<TARGET>` and `<PORT>` are
 * the names upper-cased with every other character than a letter or digit turned into `_`.
 */
export function _endpointVariables(
  target: ServiceWorkload,
  port: string,
): { readonly host: string; readonly port: string } {
  const prefix = _envPrefix(target.name);
  return {
    host: `${prefix}_SERVICE_HOST`,
    port:
      port === target.mainPort.name ? `${prefix}_SERVICE_PORT` : `${prefix}_SERVICE_PORT_${_envPrefix(port)}`,
  };
}

/** The value of an environment variable. */
export class EnvValue {
  /**
   * A literal. `$(NAME)` expands to a variable defined earlier in the same container, as Kubernetes
   * does it; `$$(NAME)` escapes it.
   */
  public static value(value: string): EnvValue {
    return new EnvValue({ kind: 'value', value });
  }

  /**
   * A key of a ConfigMap: a {@link ConfigMap} of the System (its readers roll when it changes; `optional` does
   * not apply), or the name of one the System does not own.
   */
  public static fromConfigMap(
    name: string | ConfigMap,
    key: string,
    options: ConfigMapEnvOptions = {},
  ): EnvValue {
    // Checked when rendered, where the caller's prop is known.
    return new EnvValue({ kind: 'configMap', name, key, options });
  }

  /** A key of a declared {@link Secret}. */
  public static fromSecret(secret: Secret, key: string): EnvValue {
    return new EnvValue({ kind: 'secret', secret, key });
  }

  /**
   * The address of a service this workload depends on, as the endpoint variables the dependency injects:
   * `$(<TARGET>_SERVICE_HOST):$(<TARGET>_SERVICE_PORT)` by default. The target must be a declared dependency on
   * that port when the workload is synthesized (it may be added with `addDependency` until then).
   * `target.endpoint()` gives the same values.
   */
  public static fromEndpoint(target: ServiceWorkload, options: EndpointOptions = {}): EnvValue {
    const o = (options ?? {}) as { port?: unknown; part?: unknown };
    // Checked when rendered, where the caller's prop is known.
    return new EnvValue({ kind: 'endpoint', target, port: o.port, part: o.part, options } as Source);
  }

  /** A field of the pod (downward API), e.g. `metadata.name` or `status.podIP`. */
  public static fromField(fieldPath: string): EnvValue {
    return new EnvValue({ kind: 'field', fieldPath });
  }

  private constructor(private readonly source: Source) {}

  /** @internal The shipshape ConfigMap this value reads, if any, and the key. */
  public get _configMap(): { readonly configMap: ConfigMap; readonly key: string } | undefined {
    const s = this.source;
    return s.kind === 'configMap' && _isConfigMap(s.name) ? { configMap: s.name, key: s.key } : undefined;
  }

  /** @internal Whether this value is a dependency's endpoint (its references are checked by dependency). */
  public get _endpoint(): boolean {
    return this.source.kind === 'endpoint';
  }

  /** @internal The secret this value reads, if any. */
  public get _secret(): Secret | undefined {
    return this.source.kind === 'secret' ? this.source.secret : undefined;
  }

  /**
   * @internal Renders the variable `name`; `prop` names it as the caller wrote it. With `dependencies` (at
   * synthesis), an endpoint value must read a declared dependency on a port it uses.
   */
  public _render(
    scope: _Where,
    prop: string,
    name: string,
    dependencies?: _DeclaredDependencies,
  ): k8s.EnvVar {
    const s = this.source;
    switch (s.kind) {
      case 'value':
        if (typeof s.value !== 'string') _fail(scope, prop, 'must be a string', s.value);
        return { name, value: s.value };
      case 'endpoint':
        return { name, value: renderEndpoint(scope, prop, s, dependencies) };
      case 'configMap': {
        // Option keys are named beside the value's other props (`env.X.optional`).
        const o = _record<ConfigMapEnvOptions>(scope, `${prop}.options`, s.options);
        _checkKeys(scope, prop, o, CONFIG_MAP_ENV_OPTIONS_KEYS);
        const optional = o.optional ?? false;
        if (_isConfigMap(s.name)) {
          if (!s.name.keys.includes(s.key))
            _fail(
              scope,
              `${prop}.key`,
              `must be a key of ConfigMap '${s.name.name}' (${s.name.keys.join(', ')})`,
              s.key,
            );
          if (o.optional !== undefined)
            _fail(
              scope,
              `${prop}.optional`,
              'must not be set for a ConfigMap of the System: it always exists',
              optional,
            );
          return { name, valueFrom: { configMapKeyRef: { name: s.name.name, key: s.key } } };
        }
        _checkDnsSubdomain(scope, `${prop}.name`, s.name, 'must name a ConfigMap with a DNS-1123 subdomain');
        _checkLength(scope, `${prop}.key`, s.key, 253);
        if (typeof s.key !== 'string' || !isConfigKey(s.key))
          _fail(scope, `${prop}.key`, "must be a ConfigMap key: letters, digits, '-', '_' or '.'", s.key);
        if (typeof optional !== 'boolean') _fail(scope, `${prop}.optional`, 'must be a boolean', optional);
        return {
          name,
          valueFrom: {
            configMapKeyRef: { name: s.name as string, key: s.key, ...(optional && { optional }) },
          },
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

/** An endpoint value as the `$(...)` references it stands for, checked against the declared dependencies. */
/**
 * @internal What an endpoint value names, checked (for a ConfigMap's data, which holds the address itself): the
 * target, the port and the literal text (`<name>.<namespace>.svc`, the Service port, or both).
 */
export function _endpointTarget(
  scope: _Where,
  prop: string,
  value: EnvValue,
): { readonly target: ServiceWorkload; readonly port: string; readonly literal: string } {
  const s = (value as unknown as { source: Source }).source;
  if (s.kind !== 'endpoint') _fail(scope, prop, 'must be a service address', value);
  const { target, port, part } = checkEndpoint(scope, prop, s);
  const host = `${target.name}.${target.system.namespace}.svc`;
  const servicePort = String(target.port(port, `${prop}.port`, scope).servicePort);
  const literal =
    part === EndpointPart.HOST ? host : part === EndpointPart.PORT ? servicePort : `${host}:${servicePort}`;
  return { target, port, literal };
}

function checkEndpoint(
  scope: _Where,
  prop: string,
  s: Extract<Source, { kind: 'endpoint' }>,
): { target: ServiceWorkload; port: string; part: EndpointPart } {
  const t = s.target as unknown;
  if (typeof t !== 'object' || t === null || !(_SERVICE_WORKLOAD in t)) {
    _fail(
      scope,
      `${prop}.target`,
      'must be a Microservice or StatefulService',
      t,
      'Pass the construct itself',
    );
  }
  const target = t as unknown as ServiceWorkload;
  const o = _record<EndpointOptions>(scope, `${prop}.options`, (s as { options?: unknown }).options ?? {});
  _checkKeys(scope, prop, o, ENDPOINT_OPTIONS_KEYS);
  const port = o.port === undefined ? target.mainPort.name : target.port(o.port, `${prop}.port`, scope).name;
  const part = o.part ?? EndpointPart.ADDRESS;
  if (!Object.values(EndpointPart).includes(part))
    _fail(scope, `${prop}.part`, `must be one of ${Object.values(EndpointPart).join(', ')}`, part);
  return { target, port, part };
}

function renderEndpoint(
  scope: _Where,
  prop: string,
  s: Extract<Source, { kind: 'endpoint' }>,
  dependencies: _DeclaredDependencies | undefined,
): string {
  const { target, port, part } = checkEndpoint(scope, prop, s);
  if (dependencies !== undefined) {
    const used = dependencies.get(target);
    if (used === undefined) {
      _fail(
        scope,
        prop,
        `must read the endpoint of a declared dependency, but '${target.name}' is none`,
        target.name,
      );
    }
    if (!used.has(port)) {
      _fail(
        scope,
        prop,
        `must read a port the dependency on '${target.name}' uses (${[...used].join(', ')})`,
        port,
        `Add '${port}' to the dependency's ports`,
      );
    }
  }
  const v = _endpointVariables(target, port);
  if (part === EndpointPart.HOST) return `$(${v.host})`;
  if (part === EndpointPart.PORT) return `$(${v.port})`;
  return `$(${v.host}):$(${v.port})`;
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
  dependencies?: _DeclaredDependencies,
  envFrom?: { readonly names: readonly (readonly [string, string])[]; readonly open: boolean },
): k8s.EnvVar[] {
  // Where each variable was defined: a prop of the caller, or undefined when injected (shown on a clash only).
  const defined = new Map<string, string | undefined>(injected.map(([k]) => [k, undefined]));
  // envFrom variables come before env and may be referred to; `env` may redefine them (it wins).
  const fromEnvFrom = new Set((envFrom?.names ?? []).map(([k]) => k));
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
    const env = value._render(scope, p, name, dependencies);
    if (env.value !== undefined && !value._endpoint) {
      for (const m of env.value.matchAll(REFERENCE)) {
        const ref = m[2];
        // A ConfigMap read by name may define any variable: references to unknown names may resolve then.
        const known = defined.has(ref ?? '') || fromEnvFrom.has(ref ?? '') || envFrom?.open === true;
        if (m[1] !== '$' && ref !== undefined && !known) {
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
