// What a System knows of the cluster and the platform it runs on: the platform's pods its NetworkPolicies admit
// (DNS, the ingress controller, Prometheus), the Prometheus Operator integration, and the cluster's address ranges.
import { _checkDnsLabel, _checkLabels } from './_checks';
import { _fail, type _Where } from './_errors';
import { _keys, _props } from './_keys';
import { _boolean, _string } from './_types';

/** Pods outside the system, selected by namespace and labels (for NetworkPolicy peers). */
export interface PodPeer {
  /** Namespace of the pods (matched by its `kubernetes.io/metadata.name` label). */
  readonly namespace: string;
  /** Labels of the pods. */
  readonly podLabels: Readonly<Record<string, string>>;
}

const POD_PEER_KEYS = _keys('PodPeer', ['namespace', 'podLabels']);

/** @internal Checks a PodPeer the caller gave (or a custom implementation returned) and copies it. */
export function _checkPodPeer(at: _Where, prop: string, v: unknown): PodPeer {
  const r = _props<PodPeer>(at, prop, v, POD_PEER_KEYS);
  _checkDnsLabel(at, `${prop}.namespace`, r.namespace);
  if (typeof r.podLabels !== 'object' || r.podLabels === null)
    _fail(at, `${prop}.podLabels`, 'must be an object of labels', r.podLabels);
  _checkLabels(at, `${prop}.podLabels`, r.podLabels);
  if (Object.keys(r.podLabels).length === 0)
    _fail(
      at,
      `${prop}.podLabels`,
      'must hold at least one label: an empty selector admits every pod of the namespace',
      r.podLabels,
    );
  return { namespace: r.namespace, podLabels: { ...r.podLabels } };
}

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
   * The ServiceAccount Prometheus scrapes as (`{ name, namespace }`): the principal the mesh admits to metrics ports.
   * @default { namespace: <prometheus.namespace>, name: 'kube-prometheus-stack-prometheus' } (the chart's, release `kube-prometheus-stack`)
   */
  readonly prometheusServiceAccount?: { readonly name: string; readonly namespace: string };
  /**
   * HTTP address of Prometheus' API, which the rollout analyses of the services query.
   * @default 'http://prometheus-operated.<prometheus.namespace>.svc:9090' (the Service the Prometheus Operator makes)
   */
  readonly prometheusUrl?: string;
}

export const _MONITORING_KEYS = _keys('MonitoringOptions', [
  'serviceMonitors',
  'serviceMonitorLabels',
  'prometheus',
  'prometheusServiceAccount',
  'prometheusUrl',
]);
/** An http(s) URL without credentials, query or fragment. */
const HTTP_URL = /^https?:\/\/[A-Za-z0-9.-]+(:[0-9]{1,5})?(\/[A-Za-z0-9._~%!$&'()*+,;=:@/-]*)?$/;

/** @internal The monitoring options, checked, with their defaults (`monitoring`: the options as given). */
export function _resolveMonitoring(at: _Where, v: unknown) {
  const monitoring = v === undefined ? {} : _props<MonitoringOptions>(at, 'monitoring', v, _MONITORING_KEYS);
  const prometheus =
    monitoring.prometheus === undefined
      ? { namespace: 'monitoring', podLabels: { 'app.kubernetes.io/name': 'prometheus' } }
      : _checkPodPeer(at, 'monitoring.prometheus', monitoring.prometheus);
  const serviceMonitors =
    monitoring.serviceMonitors === undefined
      ? false
      : _boolean(at, 'monitoring.serviceMonitors', monitoring.serviceMonitors);
  const serviceMonitorLabels = monitoring.serviceMonitorLabels ?? {};
  _checkLabels(at, 'monitoring.serviceMonitorLabels', serviceMonitorLabels);
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
  return { monitoring, prometheus, serviceMonitors, serviceMonitorLabels, prometheusUrl };
}

/**
 * The address ranges of the cluster the System runs in. Every ipBlock the System derives for traffic from or to
 * outside the cluster (a LoadBalancer's sources, `externalEgress`) excepts them, and a declared range inside one is
 * refused, so the policies admit no pod, on network plugins that apply ipBlocks to pods (Calico) and on those
 * that do not (Cilium) alike.
 */
export interface ClusterNetwork {
  /**
   * Ranges pods get addresses from (e.g. `['10.244.0.0/16']` on minikube, `['100.64.0.0/10']` with EKS custom
   * networking, the VPC's pod subnets with the EKS VPC CNI).
   * @default ['10.0.0.0/8', '100.64.0.0/10', '172.16.0.0/12', '192.168.0.0/16', 'fc00::/7'] (every private range)
   */
  readonly podCidrs?: readonly string[];
  /**
   * Ranges Services get ClusterIPs from (e.g. `['10.96.0.0/12']` on kubeadm and minikube, `['172.20.0.0/16']` on EKS).
   * @default ['10.0.0.0/8', '100.64.0.0/10', '172.16.0.0/12', '192.168.0.0/16', 'fc00::/7'] (every private range)
   */
  readonly serviceCidrs?: readonly string[];
}
