/** The probes step of a workload plan: probes checked, defaulted from the main port, rendered. */
import type { k8s } from 'cdk8s-plus-27';
import { _defined } from './_defined';
import { _fail, type _Where } from './_errors';
import { _props } from './_keys';
import { _instance, _string } from './_types';
import { _PROBES_KEYS, type Probes } from './pod';
import type { ServicePort } from './port';
import { Probe } from './probe';

/** Probes of a container, rendered. */
export type _RenderedProbes = Pick<k8s.Container, 'readinessProbe' | 'livenessProbe' | 'startupProbe'>;

/** What stands in for an unset readiness probe: the main port's default probe, or nothing, and it must be set. */
export type _ReadinessDefault =
  | { readonly port: Required<ServicePort>; readonly healthPath: unknown }
  | { readonly required: string; readonly hint: string };

/**
 * Rendered probes; readiness doubles as liveness. With `unset`, an unset readiness probe is the
 * default probe of the main port (`healthPath` for HTTP), or refused.
 */
export function _resolveProbes(
  at: _Where,
  prop: string,
  probes: unknown,
  ports: readonly Required<ServicePort>[],
  unset?: _ReadinessDefault,
): _RenderedProbes {
  const p = probes === undefined ? {} : _props<Probes>(at, prop, probes, _PROBES_KEYS);
  const defaults = p.readiness === undefined && unset ? defaultReadiness(at, prop, unset) : undefined;
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

function defaultReadiness(at: _Where, prop: string, readiness: _ReadinessDefault): Probe {
  if ('required' in readiness) _fail(at, `${prop}.readiness`, readiness.required, undefined, readiness.hint);
  const main = readiness.port;
  if (main.transport !== 'TCP') {
    _fail(
      at,
      `${prop}.readiness`,
      `must be set: the main port '${main.name}' is ${main.transport}, which the kubelet cannot probe`,
      undefined,
      "Use e.g. Probe.exec(['/bin/check'])",
    );
  }
  const given = readiness.healthPath;
  const healthPath = given === undefined ? '/healthz' : _string(at, 'healthPath', given);
  return Probe._forPort(main, healthPath, given === undefined ? undefined : 'healthPath');
}
