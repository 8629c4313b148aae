// What each synthetic service is, shared by both builds of case 2. No imports: the raw baseline
// must not load (and transpile) shipshape's constructs just to read these.

/** Namespace, Ingress host, class and controller, and container port shared by both builds. */
export const BENCH = {
  namespace: 'bench',
  host: 'bench.example.com',
  ingressClass: 'nginx',
  /** The ingress controller both builds admit (an Ingress names its controller explicitly). */
  ingressController: { namespace: 'ingress-nginx', podLabels: { 'app.kubernetes.io/name': 'ingress-nginx' } },
  port: 8080,
} as const;

/** `svc-00042`: zero-padded so file order equals creation order. */
export function serviceName(i: number): string {
  return `svc-${String(i).padStart(5, '0')}`;
}

/** Pinned image of service `i` (shipshape refuses `latest`). */
export function imageOf(i: number): string {
  return `registry.example.com/bench/${serviceName(i)}:1.0.${i}`;
}

/** ConfigMap data of service `i`, exposed as env vars. */
export function configOf(i: number): Record<string, string> {
  return { LOG_LEVEL: 'info', SERVICE_INDEX: String(i) };
}
