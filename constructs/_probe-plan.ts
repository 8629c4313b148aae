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

/** A probe the caller turned off (`false`): the validator rule it opts out of and why, in the caller's props. */
export type _ProbeOff = readonly [rule: 'no-readiness-probe' | 'no-liveness-probe', reason: string];

/** The probes of a container: rendered, and the ones turned off on purpose. */
export interface _ProbePlan {
  readonly rendered: _RenderedProbes;
  readonly off: readonly _ProbeOff[];
}

/** No probes (init containers, tasks). */
export const _NO_PROBES: _ProbePlan = { rendered: {}, off: [] };

/**
 * The probes of a container. `readiness` is a Probe, `false` (none), or unset: then the default probe of the
 * main port (`unset` with a port; `healthPath` for HTTP), or refused (`unset` with `required`). `liveness` is a
 * Probe, `false`, or unset: then the same check as readiness (none without one). Refused as dangerous: a liveness
 * probe without a readiness probe on a workload `behindService` (traffic keeps flowing to a failing container,
 * and to the restarted one at once). Turned off on purpose, a probe becomes an acknowledged validator opt-out.
 */
export function _resolveProbes(
  at: _Where,
  prop: string,
  probes: unknown,
  ports: readonly Required<ServicePort>[],
  unset?: _ReadinessDefault,
  behindService = false,
): _ProbePlan {
  const p = probes === undefined ? {} : _props<Probes>(at, prop, probes, _PROBES_KEYS);
  const probe = (k: keyof Probes): Probe | false | undefined => {
    const v = p[k];
    if (v === undefined) return undefined;
    if (v === false && k !== 'startup') return false;
    const what = k === 'startup' ? 'a Probe' : 'a Probe or false';
    return _instance(at, `${prop}.${k}`, v, Probe, what, "Use e.g. Probe.http('/healthz')");
  };
  const given = probe('readiness');
  const readiness = given === undefined && unset ? defaultReadiness(at, prop, unset) : given;
  const ownLiveness = probe('liveness');
  if (behindService && readiness === false && ownLiveness instanceof Probe) {
    _fail(
      at,
      `${prop}.liveness`,
      `must not be set while '${prop}.readiness' is false on a workload behind a Service: the Service would keep sending requests to a container that fails it until it is restarted, and to the restarted one at once`,
      ownLiveness,
      "Set a readiness probe too, or 'liveness: false'",
    );
  }
  const liveness = ownLiveness === undefined ? readiness : ownLiveness;
  const startup = probe('startup') || undefined;
  const off: _ProbeOff[] = [];
  if (readiness === false) off.push(['no-readiness-probe', `${prop}.readiness is false`]);
  if (ownLiveness === false) off.push(['no-liveness-probe', `${prop}.liveness is false`]);
  else if (liveness === false)
    off.push(['no-liveness-probe', `${prop}.readiness is false and ${prop}.liveness copies it`]);
  return {
    rendered: _defined({
      readinessProbe: readiness ? readiness._render(at, `${prop}.readiness`, ports) : undefined,
      livenessProbe: liveness
        ? liveness._render(at, ownLiveness ? `${prop}.liveness` : `${prop}.readiness`, ports)
        : undefined,
      startupProbe: startup?._render(at, `${prop}.startup`, ports),
    }),
    off,
  };
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
