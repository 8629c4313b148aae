/** A realistic synthetic set: per app a Deployment, Service, ServiceAccount, ConfigMap, PDB, NetworkPolicy (6 objects). */
import type { ManifestDocument } from '../../../src/validate';

export function generateObjects(apps: number, namespaces = 10): ManifestDocument[] {
  const docs: ManifestDocument[] = [];
  for (let i = 0; i < apps; i++) {
    const ns = `ns-${i % namespaces}`;
    const name = `app-${i}`;
    const labels = { 'app.kubernetes.io/name': name, 'app.kubernetes.io/part-of': 'bench' };
    const metadata = { name, namespace: ns, labels };
    docs.push(
      { object: { apiVersion: 'v1', kind: 'ServiceAccount', metadata, automountServiceAccountToken: false } },
      {
        object: { apiVersion: 'v1', kind: 'ConfigMap', metadata, data: { LOG_LEVEL: 'info', PORT: '8080' } },
      },
      {
        object: {
          apiVersion: 'apps/v1',
          kind: 'Deployment',
          metadata,
          spec: {
            replicas: 2,
            selector: { matchLabels: labels },
            template: {
              metadata: { labels },
              spec: {
                serviceAccountName: name,
                securityContext: {
                  runAsNonRoot: true,
                  runAsUser: 10001,
                  seccompProfile: { type: 'RuntimeDefault' },
                },
                containers: [
                  {
                    name: 'app',
                    image: `registry.example.com/${name}:1.2.${i}`,
                    ports: [{ name: 'http', containerPort: 8080 }],
                    env: [{ name: 'LOG_LEVEL', valueFrom: { configMapKeyRef: { name, key: 'LOG_LEVEL' } } }],
                    resources: {
                      requests: { cpu: '100m', memory: '128Mi' },
                      limits: { cpu: '500m', memory: '256Mi' },
                    },
                    livenessProbe: { httpGet: { path: '/healthz', port: 'http' } },
                    readinessProbe: { httpGet: { path: '/ready', port: 'http' } },
                    securityContext: {
                      allowPrivilegeEscalation: false,
                      readOnlyRootFilesystem: true,
                      capabilities: { drop: ['ALL'] },
                    },
                  },
                ],
              },
            },
          },
        },
      },
      {
        object: {
          apiVersion: 'v1',
          kind: 'Service',
          metadata,
          spec: { selector: labels, ports: [{ name: 'http', port: 80, targetPort: 'http' }] },
        },
      },
      {
        object: {
          apiVersion: 'policy/v1',
          kind: 'PodDisruptionBudget',
          metadata,
          spec: { minAvailable: 1, selector: { matchLabels: labels } },
        },
      },
      {
        object: {
          apiVersion: 'networking.k8s.io/v1',
          kind: 'NetworkPolicy',
          metadata,
          spec: {
            podSelector: { matchLabels: labels },
            policyTypes: ['Ingress'],
            ingress: [{ from: [{ podSelector: {} }] }],
          },
        },
      },
    );
  }
  return docs;
}
