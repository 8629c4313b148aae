import { Testing } from 'cdk8s';
import { CanaryStep, Delivery, Microservice, System } from '../../constructs';
import { validateObjects } from '../../src/validate';
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
    expect(table.kinds['argoproj.io/v1alpha1']?.Rollout).toBe('io.argoproj.v1alpha1.Rollout');
    expect(table.kinds['argoproj.io/v1alpha1']?.AnalysisTemplate).toBe(
      'io.argoproj.v1alpha1.AnalysisTemplate',
    );
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

describe('the Argo Rollouts kinds', () => {
  const objectsOf = (delivery: Delivery): Record<string, unknown>[] => {
    const app = Testing.app();
    const system = new System(app, 'S', { namespace: 'shop', monitoring: { serviceMonitors: true } });
    new Microservice(system, 'web', {
      image: 'example/web:1.0.0',
      ports: [{ name: 'http', port: 8080 }],
      replicas: 4,
      metrics: {},
      delivery,
    });
    return Testing.synth(system) as Record<string, unknown>[];
  };

  it('accept what a delivery synthesizes, and refuse an unknown field of a step', () => {
    // GIVEN a canary and a blue-green service's objects
    const canary = objectsOf(
      Delivery.canary({
        steps: [CanaryStep.setWeight(25), CanaryStep.analysis(), CanaryStep.awaitPromotion()],
      }),
    );
    const blueGreen = objectsOf(Delivery.blueGreen({ analysis: {} }));
    // WHEN validated THEN nothing is found
    expect(validateObjects(canary.map((object) => ({ object }))).map((f) => f.ruleId)).toEqual([]);
    expect(validateObjects(blueGreen.map((object) => ({ object }))).map((f) => f.ruleId)).toEqual([]);
    // and a misspelt step field is a schema error, not silence
    const rollout = canary.find((o) => o.kind === 'Rollout') as {
      spec: { strategy: { canary: { steps: object[] } } };
    };
    rollout.spec.strategy.canary.steps[0] = { setWieght: 25 };
    expect(validateObjects(canary.map((object) => ({ object }))).map((f) => `${f.ruleId} ${f.path}`)).toEqual(
      ['schema-unknown-field spec.strategy.canary.steps[0].setWieght'],
    );
  });
});
