import { k8s } from 'cdk8s-plus-27';
import { _checkDnsLabel, _checkPortName, _checkPortNumber, _checkUnique } from './_checks';
import { _fail, type _Where } from './_errors';
import { _defined } from './_defined';
import { _checkImage } from './_image';
import { _checkRequestLimit } from './_quantity';
import { _containerSecurityContext } from './_security';
import { _props } from './_keys';
import { _array, _entries, _instance, _string, _strings, _enumOr } from './_types';
import { EnvValue } from './env-value';
import type { ContainerProps, Probes } from './pod';
import { Probe } from './probe';
import { Protocol, Transport, type ServicePort } from './port';
import type { ResourceRange, Resources } from './resources';
import type { _Volume } from './_volumes';
import { _RESOURCES_KEYS, _RESOURCE_RANGE_KEYS } from './resources';
import { _SERVICE_PORT_KEYS } from './port';
import { _CONTAINER_PROPS_KEYS, _PROBES_KEYS } from './pod';

/** Probes of a container, rendered. */
export type _RenderedProbes = Pick<k8s.Container, 'readinessProbe' | 'livenessProbe' | 'startupProbe'>;

/** A variable of a container: name, value and, when not `<envProp>.<name>`, the caller's prop. */
export type _EnvEntry = readonly [name: string, value: EnvValue, prop?: string];

/** One container, every prop checked and defaulted. */
export interface _ContainerPlan {
  readonly name: string;
  readonly image: string;
  readonly command?: readonly string[] | undefined;
  readonly args?: readonly string[] | undefined;
  /** The caller's prop of its env, e.g. `env` or `sidecars[1].env`. */
  readonly envProp: string;
  /** Its own variables in order (the main container's config keys first). */
  readonly env: readonly _EnvEntry[];
  readonly resources: k8s.ResourceRequirements;
  readonly ports: readonly Required<ServicePort>[];
  readonly probes: _RenderedProbes;
  /** The caller's prop of its writable paths and the paths (defaults applied). */
  readonly writablePaths: readonly (readonly [prop: string, path: string])[];
}

export const _DEFAULT_RESOURCES: Required<Resources> = {
  cpu: { request: '100m', limit: '500m' },
  memory: { request: '128Mi', limit: '256Mi' },
};
export const _SIDECAR_RESOURCES: Required<Resources> = {
  cpu: { request: '50m', limit: '200m' },
  memory: { request: '64Mi', limit: '128Mi' },
};

/** Requests and limits: quantities parse and each request is at most its limit. */
export function _resolveResources(
  at: _Where,
  prop: string,
  r: unknown,
  defaults: Required<Resources>,
): k8s.ResourceRequirements {
  const given = r === undefined ? {} : _props<Resources>(at, prop, r, _RESOURCES_KEYS);
  const range = (name: 'cpu' | 'memory', example: string) => {
    const v =
      given[name] === undefined
        ? defaults[name]
        : _props<ResourceRange>(at, `${prop}.${name}`, given[name], _RESOURCE_RANGE_KEYS);
    const request = _string(at, `${prop}.${name}.request`, v.request);
    const limit = _string(at, `${prop}.${name}.limit`, v.limit);
    _checkRequestLimit(at, `${prop}.${name}`, request, limit, example);
    return { request: k8s.Quantity.fromString(request), limit: k8s.Quantity.fromString(limit) };
  };
  const cpu = range('cpu', '250m');
  const memory = range('memory', '256Mi');
  return {
    requests: { cpu: cpu.request, memory: memory.request },
    limits: { cpu: cpu.limit, memory: memory.limit },
  };
}

/** Env entries of a container, in order; every value an {@link EnvValue}. */
export function _resolveEnv(at: _Where, prop: string, env: unknown): _EnvEntry[] {
  if (env === undefined) return [];
  return _entries(at, prop, env).map(([k, v]) => [
    k,
    _instance(at, `${prop}.${k}`, v, EnvValue, 'an EnvValue', "Use e.g. EnvValue.value('...')"),
  ]);
}

/** Named ports: names and numbers valid and unique, protocol known. */
export function _resolvePorts(at: _Where, prop: string, ports: unknown): Required<ServicePort>[] {
  const resolved = _array(at, prop, ports).map((raw, i) => {
    const p = _props<ServicePort>(at, `${prop}[${i}]`, raw, _SERVICE_PORT_KEYS);
    _checkPortName(at, `${prop}[${i}].name`, p.name);
    _checkPortNumber(at, `${prop}[${i}].port`, p.port);
    const transport = _enumOr(at, `${prop}[${i}].transport`, p.transport, Transport, Transport.TCP);
    if (transport !== Transport.TCP && p.protocol !== undefined && p.protocol !== Protocol.TCP) {
      _fail(
        at,
        `${prop}[${i}].protocol`,
        `must be unset or Protocol.TCP (opaque) on a ${transport} port`,
        p.protocol,
      );
    }
    // A port named like gRPC without a protocol would get HTTP probes and never become Ready.
    if (
      transport === Transport.TCP &&
      p.protocol === undefined &&
      typeof p.name === 'string' &&
      p.name.includes('grpc')
    ) {
      _fail(
        at,
        `${prop}[${i}].protocol`,
        `must be set for a port named '${p.name}': the default (HTTP) would probe it over HTTP`,
        p.protocol,
        'Use Protocol.GRPC (gRPC health probes) or Protocol.HTTP',
      );
    }
    const servicePort = p.servicePort ?? p.port;
    _checkPortNumber(at, `${prop}[${i}].servicePort`, servicePort);
    const protocol =
      transport !== Transport.TCP
        ? Protocol.TCP
        : _enumOr(at, `${prop}[${i}].protocol`, p.protocol, Protocol, Protocol.HTTP);
    return { name: p.name, port: p.port, protocol, servicePort, transport };
  });
  _checkUnique(
    at,
    prop,
    resolved.map((p) => p.name),
    'port name',
  );
  _checkUnique(
    at,
    prop,
    resolved.map((p) => p.port),
    'port number',
  );
  _checkUnique(
    at,
    prop,
    resolved.map((p) => p.servicePort),
    'service port',
  );
  return resolved;
}

/** Rendered probes; readiness doubles as liveness; `defaults` is the readiness used when none is given. */
export function _resolveProbes(
  at: _Where,
  prop: string,
  probes: unknown,
  ports: readonly Required<ServicePort>[],
  defaults?: Probe,
): _RenderedProbes {
  const p = probes === undefined ? {} : _props<Probes>(at, prop, probes, _PROBES_KEYS);
  const probe = (k: keyof Probes) =>
    p[k] === undefined
      ? undefined
      : _instance(at, `${prop}.${k}`, p[k], Probe, 'a Probe', "Use e.g. Probe.http('/healthz')");
  const readiness = probe('readiness') ?? defaults;
  const liveness = probe('liveness') ?? readiness;
  const startup = probe('startup');
  return _defined({
    readinessProbe: readiness?._render(at, `${prop}.readiness`, ports),
    livenessProbe: liveness?._render(at, p.liveness ? `${prop}.liveness` : `${prop}.readiness`, ports),
    startupProbe: startup?._render(at, `${prop}.startup`, ports),
  });
}

/** A sidecar or init container, as `kind[i]`. */
export function _resolveExtraContainer(
  at: _Where,
  prop: string,
  raw: unknown,
  init: boolean,
): _ContainerPlan {
  const c = _props<ContainerProps>(at, prop, raw, _CONTAINER_PROPS_KEYS);
  _checkDnsLabel(at, `${prop}.name`, c.name);
  const image = _checkImage(at, `${prop}.image`, c.image);
  void image;
  const ports = c.ports === undefined ? [] : _resolvePorts(at, `${prop}.ports`, c.ports);
  if (init && c.probes !== undefined)
    _fail(at, `${prop}.probes`, 'must not be set: init containers cannot have probes', c.probes);
  return {
    name: c.name,
    image: c.image,
    command: c.command === undefined ? undefined : _strings(at, `${prop}.command`, c.command),
    args: c.args === undefined ? undefined : _strings(at, `${prop}.args`, c.args),
    envProp: `${prop}.env`,
    env: _resolveEnv(at, `${prop}.env`, c.env),
    resources: _resolveResources(at, `${prop}.resources`, c.resources, _SIDECAR_RESOURCES),
    ports,
    probes: c.probes === undefined ? {} : _resolveProbes(at, `${prop}.probes`, c.probes, ports),
    writablePaths: _paths(at, `${prop}.writablePaths`, c.writablePaths, ['/tmp']),
  };
}

/** Paths with the caller's prop of each (`undefined`: the defaults, named by the list's prop). */
export function _paths(
  at: _Where,
  prop: string,
  paths: unknown,
  defaults: readonly string[],
): [prop: string, path: string][] {
  if (paths === undefined) return defaults.map((p) => [prop, p]);
  return _strings(at, prop, paths).map((p, i) => [`${prop}[${i}]`, p]);
}

/** A container as Kubernetes reads it, with its rendered env and the volumes it mounts. */
export function _renderContainer(
  c: _ContainerPlan,
  env: k8s.EnvVar[],
  volumes: readonly _Volume[],
  imagePullPolicy: string,
): k8s.Container {
  const mounts = volumes.flatMap((v) =>
    v.mounts
      .filter((m) => m.container === c.name || m.container === '*')
      .map((m) => _defined({ name: v.name, mountPath: m.mountPath, readOnly: m.readOnly })),
  );
  return _defined({
    name: c.name,
    image: c.image,
    imagePullPolicy,
    command: c.command ? [...c.command] : undefined,
    args: c.args ? [...c.args] : undefined,
    env: env.length > 0 ? env : undefined,
    ports:
      c.ports.length > 0
        ? c.ports.map((p) => ({ name: p.name, containerPort: p.port, protocol: p.transport }))
        : undefined,
    resources: c.resources,
    securityContext: _containerSecurityContext(),
    volumeMounts: mounts.length > 0 ? mounts : undefined,
    ...c.probes,
  });
}
