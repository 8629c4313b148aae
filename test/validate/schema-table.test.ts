import { crdApiGroups, schemaTable } from '../../src/validate/schema-table';

describe('schemaTable', () => {
  it('loads once and merges the CRD kinds into the Kubernetes ones', () => {
    // GIVEN two calls WHEN the table is read THEN it is the same object, with core and CRD kinds
    const table = schemaTable();
    expect(schemaTable()).toBe(table);
    expect(table.kubernetesVersion).toBe('1.27.0');
    expect(table.kinds.v1?.Service).toBe('io.k8s.api.core.v1.Service');
    expect(table.kinds['monitoring.coreos.com/v1']?.ServiceMonitor).toBe(
      'com.coreos.monitoring.v1.ServiceMonitor',
    );
    expect(table.kinds['external-secrets.io/v1beta1']?.ExternalSecret).toBe(
      'io.external-secrets.v1beta1.ExternalSecret',
    );
    expect(table.kinds['argoproj.io/v1alpha1']?.Application).toBe('io.argoproj.v1alpha1.Application');
  });

  it('knows which API groups are CRDs: the hand-written and the generated ones, no built-in group', () => {
    // GIVEN the merged table WHEN its CRD groups are listed THEN they are exactly the CRD kinds' groups (Gateway API's
    // is under k8s.io but served by CRDs)
    expect([...crdApiGroups()].sort()).toEqual([
      'argoproj.io',
      'external-secrets.io',
      'gateway.networking.k8s.io',
      'monitoring.coreos.com',
      'security.istio.io',
    ]);
  });

  it('resolves every struct reference of every type', () => {
    // GIVEN the merged table WHEN every #ref is looked up THEN none is missing
    const table = schemaTable();
    const missing = Object.entries(table.types).flatMap(([name, def]) =>
      Object.entries(def.fields)
        .map(([field, type]) => [field, type.replace(/^(\[\]|\{\})*/, '')] as const)
        .filter(([, type]) => type.startsWith('#') && !table.types[type.slice(1)])
        .map(([field, type]) => `${name}.${field} -> ${type}`),
    );
    expect(missing).toEqual([]);
  });
});
