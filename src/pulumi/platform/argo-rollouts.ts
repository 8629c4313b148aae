/** The values of the pinned argo-rollouts chart (pins.ts), and the traffic router plugins a system's Rollouts use. */
import type { KubeObject } from '../../synth/files';
import type { TrafficRouterPluginPin } from './pins';

/** The names of the traffic router plugins that the Rollouts among `objects` name, sorted. */
export function trafficRouterPluginsOf(objects: readonly KubeObject[]): string[] {
  const names = new Set<string>();
  for (const o of objects) {
    if (o.kind !== 'Rollout' || !o.apiVersion.startsWith('argoproj.io/')) continue;
    const spec = (o as { spec?: { strategy?: { canary?: { trafficRouting?: { plugins?: object } } } } }).spec;
    for (const name of Object.keys(spec?.strategy?.canary?.trafficRouting?.plugins ?? {})) names.add(name);
  }
  return [...names].sort();
}

/**
 * Chart defaults, except: the controller image of `version` (the pin set's `argoRolloutsVersion`), no dashboard,
 * and the `plugins` (names of `pins`) in the chart's argo-rollouts-config ConfigMap, each by its release URL and,
 * where pinned, its sha256 (the controller refuses a binary that does not match). A plugin the pins lack fails
 * here, before anything is applied.
 */
export function argoRolloutsValues(
  version: string,
  plugins: readonly string[],
  pins: Readonly<Record<string, TrafficRouterPluginPin>>,
): Record<string, unknown> {
  const routers = plugins.map((name) => {
    const pin = pins[name];
    if (pin === undefined)
      throw new Error(
        `Rollouts use the traffic router plugin '${name}', which shipshape pins no release of (pinned: ${Object.keys(pins).join(', ')})`,
      );
    return { name, location: pin.location, ...(pin.sha256 !== undefined && { sha256: pin.sha256 }) };
  });
  return {
    installCRDs: true,
    dashboard: { enabled: false },
    controller: { image: { tag: version }, ...(routers.length > 0 && { trafficRouterPlugins: routers }) },
  };
}
