/** Compliant objects for unit tests (zero findings as they are), to be mutated by each test. */
import { validateObjects, type Finding, type RuleId } from '../../../src/validate';

// Loosely typed on purpose: tests reach into any field to break it.
export type Obj = Record<string, any>;

export function container(name = 'web'): Obj {
  return {
    name,
    image: `registry.example.com/${name}:1.4.2`,
    ports: [{ name: 'http', containerPort: 8080 }],
    resources: { requests: { cpu: '100m', memory: '128Mi' }, limits: { cpu: '500m', memory: '256Mi' } },
    livenessProbe: { httpGet: { path: '/healthz', port: 'http' } },
    readinessProbe: { httpGet: { path: '/ready', port: 'http' } },
    securityContext: {
      allowPrivilegeEscalation: false,
      readOnlyRootFilesystem: true,
      capabilities: { drop: ['ALL'] },
    },
  };
}

export function podSpec(): Obj {
  return {
    serviceAccountName: 'web',
    securityContext: { runAsNonRoot: true, runAsUser: 10001, seccompProfile: { type: 'RuntimeDefault' } },
    containers: [container()],
  };
}

export function serviceAccount(name = 'web', namespace = 'shop'): Obj {
  return {
    apiVersion: 'v1',
    kind: 'ServiceAccount',
    metadata: { name, namespace },
    automountServiceAccountToken: false,
  };
}

export function deployment(name = 'web', namespace = 'shop'): Obj {
  const labels = { app: name };
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace, labels },
    spec: {
      replicas: 2,
      selector: { matchLabels: labels },
      template: { metadata: { labels }, spec: podSpec() },
    },
  };
}

export function service(name = 'web', namespace = 'shop', selector: Obj = { app: name }): Obj {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name, namespace },
    spec: { selector, ports: [{ name: 'http', port: 80, targetPort: 'http' }] },
  };
}

/** A Deployment with its ServiceAccount and Service: a clean set. */
export function app(name = 'web', namespace = 'shop'): Obj[] {
  return [serviceAccount(name, namespace), deployment(name, namespace), service(name, namespace)];
}

export function findings(objects: readonly unknown[]): Finding[] {
  return validateObjects(objects.map((object) => ({ object })));
}

/** Findings of one rule as `path: message` strings (for exact assertions). */
export function report(objects: readonly unknown[], rule: RuleId): string[] {
  return findings(objects)
    .filter((f) => f.ruleId === rule)
    .map((f) => `${f.path}: ${f.message}`);
}

export function ruleIds(objects: readonly unknown[]): RuleId[] {
  return [...new Set(findings(objects).map((f) => f.ruleId))].sort();
}
