import type { System } from './system';

/** The labels a Service, ServiceMonitor, PDB and NetworkPolicy select a workload's pods by: stable for its lifetime. */
export function _selectorLabels(name: string, system: System): Record<string, string> {
  return { 'app.kubernetes.io/name': name, 'app.kubernetes.io/instance': system.partOf };
}

/** Recommended labels (`app.kubernetes.io/*`) on every object of a workload (the System adds its own labels). */
export function _commonLabels(
  system: System,
  name: string,
  extra: { component?: string | undefined; version?: string | undefined } = {},
): Record<string, string> {
  const labels: Record<string, string> = { ..._selectorLabels(name, system) };
  if (extra.component) labels['app.kubernetes.io/component'] = extra.component;
  labels['app.kubernetes.io/part-of'] = system.partOf;
  if (extra.version) labels['app.kubernetes.io/version'] = extra.version;
  labels['app.kubernetes.io/managed-by'] = 'shipshape';
  return labels;
}

/** `link-db` -> `LINK_DB`: the prefix of a service's endpoint variables. */
export function _envPrefix(name: string): string {
  return name.toUpperCase().replace(/[^A-Z0-9]/g, '_');
}
