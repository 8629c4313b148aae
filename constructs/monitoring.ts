import { _checkLabels } from './_checks';
import { _fail, type _Where } from './_errors';
import { _keys, _props } from './_keys';
import { _boolean, _string } from './_types';
import type { PodPeer } from './system';

/** Prometheus Operator integration. */
export interface MonitoringOptions {
  /**
   * Emit a `monitoring.coreos.com/v1` ServiceMonitor for every workload that declares metrics.
   * @default false
   */
  readonly serviceMonitors?: boolean;
  /**
   * Extra labels on ServiceMonitors, e.g. `{ release: 'kube-prometheus-stack' }` so Prometheus selects them.
   * @default - none
   */
  readonly serviceMonitorLabels?: Readonly<Record<string, string>>;
  /**
   * The Prometheus pods NetworkPolicies let scrape metrics ports.
   * @default { namespace: 'monitoring', podLabels: { 'app.kubernetes.io/name': 'prometheus' } }
   */
  readonly prometheus?: PodPeer;
  /**
   * HTTP address of Prometheus' API, which the rollout analyses of the services query.
   * @default 'http://prometheus-operated.<prometheus.namespace>.svc:9090' (the Service the Prometheus Operator makes)
   */
  readonly prometheusUrl?: string;
}

const MONITORING_KEYS = _keys('MonitoringOptions', [
  'serviceMonitors',
  'serviceMonitorLabels',
  'prometheus',
  'prometheusUrl',
]);
/** An http(s) URL without credentials, query or fragment. */
const HTTP_URL = /^https?:\/\/[A-Za-z0-9.-]+(:[0-9]{1,5})?(\/[A-Za-z0-9._~%!$&'()*+,;=:@/-]*)?$/;

/**
 * @internal Checks a System's `monitoring` prop and fills in its defaults; `checkPeer` checks a PodPeer (the
 * System's own check, passed in so that this file needs no value of system.ts).
 */
export function _resolveMonitoring(
  at: _Where,
  v: unknown,
  checkPeer: (prop: string, v: unknown) => PodPeer,
): {
  readonly prometheus: PodPeer;
  readonly serviceMonitors: boolean;
  readonly serviceMonitorLabels: Readonly<Record<string, string>>;
  readonly prometheusUrl: string;
} {
  const monitoring = v === undefined ? {} : _props<MonitoringOptions>(at, 'monitoring', v, MONITORING_KEYS);
  const prometheus =
    monitoring.prometheus === undefined
      ? { namespace: 'monitoring', podLabels: { 'app.kubernetes.io/name': 'prometheus' } }
      : checkPeer('monitoring.prometheus', monitoring.prometheus);
  const serviceMonitors =
    monitoring.serviceMonitors === undefined
      ? false
      : _boolean(at, 'monitoring.serviceMonitors', monitoring.serviceMonitors);
  const serviceMonitorLabels = monitoring.serviceMonitorLabels ?? {};
  const prometheusUrl =
    monitoring.prometheusUrl === undefined
      ? `http://prometheus-operated.${prometheus.namespace}.svc:9090`
      : _string(at, 'monitoring.prometheusUrl', monitoring.prometheusUrl);
  if (!HTTP_URL.test(prometheusUrl))
    _fail(
      at,
      'monitoring.prometheusUrl',
      'must be an http or https URL such as http://prometheus.monitoring.svc:9090',
      prometheusUrl,
    );
  _checkLabels(at, 'monitoring.serviceMonitorLabels', serviceMonitorLabels);
  return { prometheus, serviceMonitors, serviceMonitorLabels, prometheusUrl };
}
