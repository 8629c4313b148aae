/**
 * The endpoints step of a workload plan: its dependencies checked (a service of the same System, on ports
 * it exposes) and the endpoint variables they inject (`<TARGET>_SERVICE_HOST`, `_PORT`, `_PORT_<NAME>`),
 * which no container may redefine. Workload renders the same variables again at synthesis for the
 * dependencies `addDependency` adds later.
 */
import { _fail, type _Where } from './_errors';
import { _props } from './_keys';
import { _envPrefix } from './_labels';
import { _array, _strings } from './_types';
import type { _ContainerPlan } from './_containers';
import { _DEPENDENCY_KEYS, type Dependency } from './pod';
import type { ServiceWorkload } from './service-workload';
import type { System } from './system';

/** Brand of ServiceWorkload instances (a runtime check without an import cycle). */
export const _SERVICE_WORKLOAD = Symbol.for('shipshape.ServiceWorkload');

/** A dependency with its ports checked. */
export interface _DependencyPlan {
  readonly target: ServiceWorkload;
  readonly ports: readonly string[];
}

/** Checks one dependency: a service of the same System, other than `self`, on ports it exposes. */
export function _resolveDependency(
  at: _Where,
  system: System,
  selfName: string,
  raw: unknown,
  prop: string,
): _DependencyPlan {
  const dep = _props<Dependency>(at, prop, raw, _DEPENDENCY_KEYS);
  const target = dep.target as unknown;
  if (typeof target !== 'object' || target === null || !(_SERVICE_WORKLOAD in target)) {
    _fail(
      at,
      `${prop}.target`,
      'must be a Microservice or StatefulService',
      target,
      'Pass the construct itself, not its name',
    );
  }
  const t = target as unknown as ServiceWorkload;
  if (t.system !== system) {
    _fail(
      at,
      `${prop}.target`,
      `must be a service of system '${system.node.path}'`,
      t.node.path,
      'Declare the target in the same System',
    );
  }
  if (t.name === selfName && t.node.path === at.node.path)
    _fail(at, `${prop}.target`, 'must not name the workload itself', t.name);
  const exposed = `(${t.ports.map((tp) => tp.name).join(', ')})`;
  const ports = dep.ports === undefined ? [t.mainPort.name] : _strings(at, `${prop}.ports`, dep.ports);
  // An empty list would render `ports: []`, which Kubernetes reads as every port.
  if (ports.length === 0) {
    _fail(
      at,
      `${prop}.ports`,
      `must list at least one port name of '${t.name}' ${exposed}`,
      ports,
      "Omit 'ports' to use the main port",
    );
  }
  ports.forEach((p, i) => {
    if (!t.ports.some((tp) => tp.name === p)) {
      _fail(
        at,
        dep.ports === undefined ? `${prop}.ports` : `${prop}.ports[${i}]`,
        `must name ports exposed by '${t.name}' ${exposed}`,
        p,
      );
    }
  });
  return { target: t, ports };
}

/** The `dependencies` prop, each entry checked. */
export function _resolveDependencies(
  at: _Where,
  system: System,
  selfName: string,
  raw: unknown,
): _DependencyPlan[] {
  return raw === undefined
    ? []
    : _array(at, 'dependencies', raw).map((d, i) =>
        _resolveDependency(at, system, selfName, d, `dependencies[${i}]`),
      );
}

/** The dependencies with each target once, its ports the union of every declaration's (in first-seen order). */
export function _mergeDependencies(deps: readonly _DependencyPlan[]): _DependencyPlan[] {
  const merged = new Map<ServiceWorkload, Set<string>>();
  for (const d of deps) {
    const ports = merged.get(d.target) ?? new Set<string>();
    d.ports.forEach((p) => ports.add(p));
    merged.set(d.target, ports);
  }
  return [...merged].map(([target, ports]) => ({ target, ports: [...ports] }));
}

/** Endpoint variables of the dependencies, injected before every container's own env. */
export function _endpointEnv(
  system: System,
  deps: Iterable<readonly [ServiceWorkload, Iterable<string>]>,
): [string, string][] {
  const env: [string, string][] = [];
  for (const [target, names] of deps) {
    const prefix = _envPrefix(target.name);
    const used = new Set(names);
    env.push([`${prefix}_SERVICE_HOST`, `${target.name}.${system.namespace}.svc`]);
    env.push([`${prefix}_SERVICE_PORT`, String(target.mainPort.servicePort)]);
    for (const port of target.ports.filter((tp) => used.has(tp.name))) {
      env.push([`${prefix}_SERVICE_PORT_${_envPrefix(port.name)}`, String(port.servicePort)]);
    }
  }
  return env;
}

/** Fails when container `c` defines one of the endpoint variables its dependencies inject. */
export function _checkEndpointClash(
  at: _Where,
  c: _ContainerPlan,
  endpoints: readonly (readonly [string, string])[],
  dependencies: readonly _DependencyPlan[],
): void {
  const injected = new Map(endpoints);
  const fromEnvFrom = c.envFrom.names.find(([k]) => injected.has(k));
  if (fromEnvFrom) {
    const target = dependencies.find((d) =>
      fromEnvFrom[0].startsWith(`${_envPrefix(d.target.name)}_SERVICE_`),
    )?.target.name;
    _fail(
      at,
      fromEnvFrom[1],
      `must not define the endpoint variable injected for dependency '${target}'`,
      fromEnvFrom[0],
    );
  }
  const clash = c.env.find(([k]) => injected.has(k));
  if (clash) {
    const target = dependencies.find((d) => clash[0].startsWith(`${_envPrefix(d.target.name)}_SERVICE_`))
      ?.target.name;
    _fail(
      at,
      `${c.envProp}.${clash[0]}`,
      `must not redefine the endpoint variable injected for dependency '${target}'`,
      clash[0],
    );
  }
}
