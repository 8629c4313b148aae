import { k8s } from 'cdk8s-plus-27';
import { _checkDnsLabel } from './_checks';
import { _fail, type _Where } from './_errors';
import { _defined } from './_defined';
import { _checkImage } from './_image';
import { _checkRequestLimit } from './_quantity';
import { _containerSecurityContext } from './_security';
import { _props } from './_keys';
import { _entries, _instance, _string, _strings } from './_types';
import { EnvValue } from './env-value';
import type { ContainerProps } from './pod';
import type { ServicePort } from './port';
import { _resolvePorts } from './_port-plan';
import {
  _NO_PROBES,
  _resolveProbes,
  type _ProbeOff,
  type _ProbePlan,
  type _RenderedProbes,
} from './_probe-plan';
import type { ResourceRange, Resources } from './resources';
import type { _Volume } from './_volumes';
import { _RESOURCES_KEYS, _RESOURCE_RANGE_KEYS } from './resources';
import { _CONTAINER_PROPS_KEYS } from './pod';
import { _resolveEnvFrom, type _EnvFromPlan } from './_env-from-plan';
import type { System } from './system';

/** A variable of a container: name, value and, when not `<envProp>.<name>`, the caller's prop. */
export type _EnvEntry = readonly [name: string, value: EnvValue, prop?: string];

/** One container, every prop checked and defaulted. */
export interface _ContainerPlan {
  readonly name: string;
  /** The image reference, and why its tag may move when it is an `Image.mutableTag` (with the caller's prop). */
  readonly image: string;
  readonly mutableImage?: readonly [prop: string, reason: string] | undefined;
  readonly command?: readonly string[] | undefined;
  readonly args?: readonly string[] | undefined;
  /** The caller's prop of its env, e.g. `env` or `sidecars[1].env`. */
  readonly envProp: string;
  /** Its own variables in order (the main container's config keys first). */
  readonly env: readonly _EnvEntry[];
  /** Its `envFrom` sources. */
  readonly envFrom: _EnvFromPlan;
  readonly resources: k8s.ResourceRequirements;
  readonly ports: readonly Required<ServicePort>[];
  readonly probes: _RenderedProbes;
  /** Probes turned off on purpose (validator opt-outs). */
  readonly probesOff: readonly _ProbeOff[];
  /** The caller's prop of its writable paths and the paths (defaults applied). */
  readonly writablePaths: readonly (readonly [prop: string, path: string])[];
}

export const _DEFAULT_RESOURCES: Required<Omit<Resources, 'ephemeralStorage'>> = {
  cpu: { request: '100m', limit: '500m' },
  memory: { request: '128Mi', limit: '256Mi' },
};
export const _SIDECAR_RESOURCES: Required<Omit<Resources, 'ephemeralStorage'>> = {
  cpu: { request: '50m', limit: '200m' },
  memory: { request: '64Mi', limit: '128Mi' },
};

/** Requests and limits: quantities parse and each request is at most its limit. */
export function _resolveResources(
  at: _Where,
  prop: string,
  r: unknown,
  defaults: Required<Omit<Resources, 'ephemeralStorage'>>,
): k8s.ResourceRequirements {
  const given = r === undefined ? {} : _props<Resources>(at, prop, r, _RESOURCES_KEYS);
  const range = (name: 'cpu' | 'memory' | 'ephemeralStorage', example: string) => {
    const v =
      given[name] === undefined
        ? (defaults as Resources)[name]!
        : _props<ResourceRange>(at, `${prop}.${name}`, given[name], _RESOURCE_RANGE_KEYS);
    const request = _string(at, `${prop}.${name}.request`, v.request);
    const limit = _string(at, `${prop}.${name}.limit`, v.limit);
    _checkRequestLimit(at, `${prop}.${name}`, request, limit, example);
    return { request: k8s.Quantity.fromString(request), limit: k8s.Quantity.fromString(limit) };
  };
  const cpu = range('cpu', '250m');
  const memory = range('memory', '256Mi');
  const disk = given.ephemeralStorage === undefined ? undefined : range('ephemeralStorage', '1Gi');
  return {
    requests: {
      cpu: cpu.request,
      memory: memory.request,
      ...(disk && { 'ephemeral-storage': disk.request }),
    },
    limits: { cpu: cpu.limit, memory: memory.limit, ...(disk && { 'ephemeral-storage': disk.limit }) },
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

/** A sidecar or init container, as `kind[i]`. */
export function _resolveExtraContainer(
  at: _Where,
  prop: string,
  raw: unknown,
  init: boolean,
  system: System,
): _ContainerPlan {
  const c = _props<ContainerProps>(at, prop, raw, _CONTAINER_PROPS_KEYS);
  _checkDnsLabel(at, `${prop}.name`, c.name);
  const image = _checkImage(at, `${prop}.image`, c.image);
  const ports = c.ports === undefined ? [] : _resolvePorts(at, `${prop}.ports`, c.ports);
  if (init && c.probes !== undefined)
    _fail(at, `${prop}.probes`, 'must not be set: init containers cannot have probes', c.probes);
  return {
    name: c.name,
    image: image.reference ?? (c.image as string),
    mutableImage: image.mutableReason === undefined ? undefined : [`${prop}.image`, image.mutableReason],
    command: c.command === undefined ? undefined : _strings(at, `${prop}.command`, c.command),
    args: c.args === undefined ? undefined : _strings(at, `${prop}.args`, c.args),
    envProp: `${prop}.env`,
    env: _resolveEnv(at, `${prop}.env`, c.env),
    envFrom: _resolveEnvFrom(at, `${prop}.envFrom`, c.envFrom, system),
    resources: _resolveResources(at, `${prop}.resources`, c.resources, _SIDECAR_RESOURCES),
    ports,
    ..._probeFields(
      c.probes === undefined ? _NO_PROBES : _resolveProbes(at, `${prop}.probes`, c.probes, ports),
    ),
    writablePaths: _paths(at, `${prop}.writablePaths`, c.writablePaths, ['/tmp']),
  };
}

/** A container plan's probe fields. */
export function _probeFields(p: _ProbePlan): Pick<_ContainerPlan, 'probes' | 'probesOff'> {
  return { probes: p.rendered, probesOff: p.off };
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
      .map((m) =>
        _defined({ name: v.name, mountPath: m.mountPath, readOnly: m.readOnly, subPath: m.subPath }),
      ),
  );
  return _defined({
    name: c.name,
    image: c.image,
    imagePullPolicy,
    command: c.command ? [...c.command] : undefined,
    args: c.args ? [...c.args] : undefined,
    envFrom: c.envFrom.rendered.length > 0 ? [...c.envFrom.rendered] : undefined,
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
