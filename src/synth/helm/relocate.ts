import type { KubeObject } from '../files';

/** Stands for the release namespace in a value that is the namespace itself (rendered quoted). */
const WHOLE = 'shipshape-release-namespace-7c1d';
/** Stands for the release namespace inside a longer value such as `db.<namespace>.svc`. */
const INSIDE = 'shipshape-in-release-namespace-7c1d';

/** The placeholders `relocate` writes, for templates that are not dumped YAML (JSON in a named template). */
export const RELEASE_NAMESPACE_PLACEHOLDERS = { whole: WHOLE, inside: INSIDE } as const;

/**
 * Makes objects synthesized for `namespace` installable into any namespace by a Helm release: every place
 * that names the System's own namespace becomes `.Release.Namespace` (object namespaces, RoleBinding
 * subjects, ServiceMonitor and NetworkPolicy namespace selectors, selector labels that name a namespace such
 * as Envoy Gateway's owning-gateway-namespace, in-cluster DNS names `<svc>.<ns>.svc`, the `namespace="<ns>"`
 * matchers of AnalysisTemplate queries).
 * Names of other namespaces (the ingress controller's, Prometheus', another System's) are kept.
 * Returns objects with placeholders; `templateNamespace` turns the dumped YAML into template text.
 */
export function relocate(objects: readonly KubeObject[], namespace: string): KubeObject[] {
  const promNamespace = `namespace="${namespace}"`;
  const dns = new RegExp(`(?<=\\.)${namespace.replace(/[.]/g, '\\.')}(?=\\.svc(?:\\.|:|/|$|,))`, 'g');
  const walk = (value: unknown, key: string, parentKey: string): unknown => {
    if (typeof value === 'string') {
      if (value === namespace && isNamespaceSlot(key, parentKey)) return WHOLE;
      // A PromQL query of an Argo Rollouts AnalysisTemplate selects the series of its own namespace.
      const v = key === 'query' ? value.replaceAll(promNamespace, `namespace="${INSIDE}"`) : value;
      return v.includes(`.${namespace}.svc`) ? v.replace(dns, INSIDE) : v;
    }
    if (Array.isArray(value)) return value.map((v) => walk(v, key, parentKey));
    if (value !== null && typeof value === 'object') {
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(value)) out[k] = walk(v, k, key);
      return out;
    }
    return value;
  };
  return objects.map((o) => walk(o, '', '') as KubeObject);
}

/** Turns the placeholders of `relocate` in dumped YAML into Helm template actions. */
export function templateNamespace(text: string): string {
  return text
    .replaceAll(WHOLE, '{{ .Release.Namespace | quote }}')
    .replaceAll(INSIDE, '{{ .Release.Namespace }}');
}

/** Fields whose whole value is a namespace name. */
function isNamespaceSlot(key: string, parentKey: string): boolean {
  return (
    key === 'namespace' || // metadata.namespace, subjects[].namespace, references to objects
    key === 'matchNames' || // ServiceMonitor namespaceSelector.matchNames[]
    (key === 'kubernetes.io/metadata.name' && parentKey === 'matchLabels') || // namespace selectors of peers
    // pod labels that name the namespace of their owner, e.g. Envoy Gateway's
    // `gateway.envoyproxy.io/owning-gateway-namespace` on the proxies of a Gateway of the System
    (parentKey === 'matchLabels' && /(^|[/.-])namespace$/.test(key))
  );
}
