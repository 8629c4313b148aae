import { _fail, type _Where } from './_errors';

// How Argo Rollouts v1.10.2 splits a canary's pods without a traffic router: a port of
// approximateWeightedCanaryStableReplicaCounts and its helpers (utils/replicaset/canary.go), so that weights the
// replica count cannot express are refused before anything is applied. The e2e suite compares these numbers with
// the ReplicaSets the real controller makes (e2e/rollouts.sh).

/** Canary and stable pods for `weight` percent of `replicas` pods, `maxSurge` extra pods allowed. */
export function _canarySplit(
  replicas: number,
  weight: number,
  maxSurge: number,
): { readonly canary: number; readonly stable: number } {
  if (replicas === 0) return { canary: 0, stable: 0 };
  const max = 100;
  const ceil = Math.ceil((replicas * weight) / max);
  const floor = Math.floor((replicas * weight) / max);
  const tied = floorCeilingTied(weight, max, replicas);
  const zeroAllowed = weight === max || weight === 0 || (replicas === 1 && maxSurge === 0);
  const options: { canary: number; total: number }[] = [];
  if (ceil < replicas || zeroAllowed) options.push({ canary: ceil, total: replicas });
  if (!tied && (floor !== 0 || zeroAllowed)) options.push({ canary: floor, total: replicas });
  if (maxSurge > 0) {
    options.push({ canary: ceil, total: replicas + 1 });
    if (!floorCeilingTied(weight, max, replicas + 1) && (floor !== 0 || zeroAllowed))
      options.push({ canary: floor, total: replicas + 1 });
  }
  let best = options[0] ?? { canary: 0, total: replicas };
  for (const o of options.slice(1)) {
    if (delta(weight, max, o.canary, o.total) < delta(weight, max, best.canary, best.total)) best = o;
  }
  return { canary: best.canary, stable: best.total - best.canary };
}

function floorCeilingTied(weight: number, max: number, total: number): boolean {
  const x = total * (weight / max);
  return x - Math.trunc(x) === 0.5;
}

function delta(weight: number, max: number, canary: number, total: number): number {
  return Math.abs((canary * max) / total - weight);
}

/** `maxSurge` (a count or a percentage of `replicas`, rounded up as Kubernetes scales it) as a count. */
export function _surgeCount(maxSurge: number | string, replicas: number): number {
  if (typeof maxSurge === 'number') return maxSurge;
  return Math.ceil((Number(maxSurge.slice(0, -1)) * replicas) / 100);
}

/**
 * Fails when a weight cannot be told apart by pods: one that leaves no stable pod, or one that splits the pods as
 * the previous weight did (the step would change nothing). `replicas` is the fewest the workload runs.
 */
export function _checkReplicaWeights(
  at: _Where,
  steps: readonly { readonly weight: number; readonly prop: string }[],
  replicas: { readonly count: number; readonly prop: string },
  maxSurge: number | string,
): void {
  const surge = _surgeCount(maxSurge, replicas.count);
  let previous: { canary: number; stable: number; prop: string } | undefined;
  for (const { weight, prop } of steps) {
    if (weight === 100) continue;
    const split = _canarySplit(replicas.count, weight, surge);
    const hint = `Without a traffic router weights are shares of the pods: raise '${replicas.prop}' or drop the step`;
    if (split.canary === 0) {
      _fail(
        at,
        prop,
        `must start a canary pod: with ${replicas.count} replica(s) a weight of ${weight} runs none`,
        weight,
        hint,
      );
    }
    if (split.stable === 0) {
      _fail(
        at,
        prop,
        `must leave stable pods: with ${replicas.count} replica(s) a weight of ${weight} runs every pod on the canary`,
        weight,
        hint,
      );
    }
    if (previous && previous.canary === split.canary && previous.stable === split.stable) {
      _fail(
        at,
        prop,
        `must change the split of the ${replicas.count} replica(s): '${previous.prop}' already runs ${split.canary} canary and ${split.stable} stable pod(s)`,
        weight,
        hint,
      );
    }
    previous = { ...split, prop };
  }
}
