import { app, deployment, findings, report, type Obj } from './helpers/builders';

function configMap(extra: Obj = {}): Obj {
  return {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: 'cfg', namespace: 'shop' },
    data: { a: '1' },
    ...extra,
  };
}

describe('schema: apiVersion and kind', () => {
  it('rejects a removed API and names the apiVersion that replaces it', () => {
    // GIVEN an extensions/v1beta1 Ingress (removed in Kubernetes 1.22)
    const ingress = {
      apiVersion: 'extensions/v1beta1',
      kind: 'Ingress',
      metadata: { name: 'web', namespace: 'shop' },
      spec: {},
    };
    // WHEN it is validated
    const [f] = findings([ingress]).filter((x) => x.ruleId === 'api-not-served');
    // THEN it is an error whose hint names networking.k8s.io/v1
    expect(f).toMatchObject({
      severity: 'error',
      path: 'apiVersion',
      message: 'apiVersion extensions/v1beta1 kind Ingress is not served by Kubernetes 1.27',
      hint: 'use apiVersion networking.k8s.io/v1',
    });
  });

  it('points PodSecurityPolicy users to Pod Security Admission', () => {
    // GIVEN a policy/v1beta1 PodSecurityPolicy WHEN validated
    const [f] = findings([
      { apiVersion: 'policy/v1beta1', kind: 'PodSecurityPolicy', metadata: { name: 'psp' }, spec: {} },
    ]);
    // THEN the hint explains the replacement
    expect(f?.hint).toBe(
      'PodSecurityPolicy was removed in Kubernetes 1.25: use Pod Security Admission (namespace label pod-security.kubernetes.io/enforce)',
    );
  });

  it('rejects a kind that a served built-in group does not have', () => {
    // GIVEN apps/v1 with a made-up kind WHEN validated THEN it is not served
    expect(
      report([{ apiVersion: 'apps/v1', kind: 'Deploymnet', metadata: { name: 'x' } }], 'api-not-served'),
    ).toEqual(['apiVersion: apiVersion apps/v1 kind Deploymnet is not served by Kubernetes 1.27']);
  });

  it('warns, without error, that a custom resource of an unknown group is not schema-checked', () => {
    // GIVEN a Jaeger custom resource WHEN validated
    const all = findings([
      { apiVersion: 'jaegertracing.io/v1', kind: 'Jaeger', metadata: { name: 'tracing' }, spec: { x: 1 } },
    ]);
    // THEN one warning and nothing else
    expect(all.map((f) => [f.ruleId, f.severity, f.message])).toEqual([
      ['unknown-kind', 'warning', 'no schema for jaegertracing.io/v1 Jaeger: schema validation skipped'],
    ]);
  });

  it('names the known version when a known CRD kind comes in another version', () => {
    // GIVEN an ExternalSecret of v1alpha1 (shipshape knows v1beta1) WHEN validated
    const msgs = report(
      [{ apiVersion: 'external-secrets.io/v1alpha1', kind: 'ExternalSecret', metadata: { name: 's' } }],
      'unknown-kind',
    );
    // THEN the warning names the version it knows
    expect(msgs).toEqual([
      'kind: no schema for external-secrets.io/v1alpha1 ExternalSecret (known: external-secrets.io/v1beta1, external-secrets.io/v1): schema validation skipped',
    ]);
  });

  it('still checks the metadata of kinds it has no schema for', () => {
    // GIVEN a custom resource with an invalid label value WHEN validated THEN the label is reported
    const cr = {
      apiVersion: 'example.com/v1',
      kind: 'Widget',
      metadata: { name: 'w', labels: { tier: 'front end' } },
    };
    expect(report([cr], 'invalid-label')).toEqual([
      'metadata.labels.tier: label value "front end" of "tier" must be empty or alphanumerics, "-", "_" or ".", starting and ending alphanumeric',
    ]);
  });
});

describe('schema: strict fields and types', () => {
  it('rejects an unknown field and suggests the nearest known one', () => {
    // GIVEN a container with a misspelt field
    const d = deployment();
    d.spec.template.spec.containers[0].imagePullPolcy = 'Always';
    // WHEN validated
    const [f] = findings([d]).filter((x) => x.ruleId === 'schema-unknown-field');
    // THEN the field, its struct and the suggestion are named
    expect(f).toMatchObject({
      path: 'spec.template.spec.containers[0].imagePullPolcy',
      message: 'unknown field "imagePullPolcy" in Container',
      hint: 'did you mean "imagePullPolicy"?',
    });
  });

  it('rejects unknown top-level fields and unknown metadata fields', () => {
    // GIVEN a ConfigMap with a stray top-level field and metadata field WHEN validated
    const cm = configMap({ spec: {} });
    cm.metadata.label = { a: 'b' };
    // THEN both are unknown fields
    expect(report([cm], 'schema-unknown-field')).toEqual([
      'metadata.label: unknown field "label" in ObjectMeta',
      'spec: unknown field "spec" in ConfigMap',
    ]);
  });

  it('reports a number where a string is expected, with a hint to quote it', () => {
    // GIVEN an env value written as a YAML number
    const d = deployment();
    d.spec.template.spec.containers[0].env = [{ name: 'PORT', value: 8080 }];
    // WHEN validated
    const [f] = findings([d]).filter((x) => x.ruleId === 'schema-type');
    // THEN the type error says what was found and how to fix it
    expect(f).toMatchObject({ message: 'expected string, got integer 8080', hint: 'quote it: "8080"' });
  });

  it('reports a missing required field of a nested struct', () => {
    // GIVEN a Deployment without spec.selector WHEN validated
    const d = deployment();
    delete d.spec.selector;
    // THEN the required field is reported where it belongs
    expect(report([d], 'schema-required')).toEqual([
      'spec.selector: missing required field "selector" in DeploymentSpec',
    ]);
  });

  it('rejects a value outside an enum but accepts the empty string the API server defaults', () => {
    // GIVEN one bad and one empty protocol
    const d = deployment();
    d.spec.template.spec.containers[0].ports = [
      { name: 'http', containerPort: 8080, protocol: 'HTTP' },
      { name: 'alt', containerPort: 8081, protocol: '' },
    ];
    // WHEN validated THEN only the bad one is reported, with the allowed values
    expect(report([d], 'schema-enum')).toEqual([
      'spec.template.spec.containers[0].ports[0].protocol: "HTTP" is not one of SCTP, TCP, UDP',
    ]);
  });

  it('checks integer formats, date-times and base64 data', () => {
    // GIVEN an int32 overflow, a bad timestamp and non-base64 Secret data
    const d = deployment();
    d.spec.replicas = 2 ** 31;
    d.metadata.creationTimestamp = 'yesterday';
    const secret = {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 's', namespace: 'shop' },
      data: { k: 'not base64!' },
    };
    // WHEN validated THEN each is a format error
    expect([...report([d], 'schema-format'), ...report([secret], 'schema-format')]).toEqual([
      'metadata.creationTimestamp: "yesterday" is not an RFC 3339 date-time',
      'spec.replicas: 2147483648 does not fit in int32',
      'data.k: value is not valid base64',
    ]);
  });

  it('accepts integer or string where the schema says int-or-string, but not a fraction', () => {
    // GIVEN a Service with a fractional targetPort
    const svc = {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 's', namespace: 'shop' },
      spec: { ports: [{ port: 80, targetPort: 1.5 }] },
    };
    // WHEN validated THEN it is a type error
    expect(report([svc], 'schema-type')).toEqual([
      'spec.ports[0].targetPort: expected integer or string, got number 1.5',
    ]);
  });

  it('treats null as unset, as the API server does', () => {
    // GIVEN kubectl-style nulls WHEN validated THEN nothing is reported
    const [sa, d, svc] = app();
    d.metadata.creationTimestamp = null;
    d.spec.strategy = null;
    expect(findings([sa, d, svc])).toEqual([]);
  });

  it('allows status on kinds that have one, not on kinds that do not', () => {
    // GIVEN a Deployment and a ConfigMap, each with status WHEN validated
    const [sa, d, svc] = app();
    d.status = {};
    // THEN only the ConfigMap's status is unknown
    expect(findings([sa, d, svc])).toEqual([]);
    expect(report([configMap({ status: {} })], 'schema-unknown-field')).toEqual([
      'status: unknown field "status" in ConfigMap',
    ]);
  });

  it('validates the known CRDs strictly', () => {
    // GIVEN a ServiceMonitor with a misspelt endpoint field and a bad scheme
    const sm = {
      apiVersion: 'monitoring.coreos.com/v1',
      kind: 'ServiceMonitor',
      metadata: { name: 'web', namespace: 'shop' },
      spec: {
        selector: { matchLabels: { app: 'web' } },
        endpoints: [{ port: 'http', intervall: '30s', scheme: 'ftp' }],
      },
    };
    // WHEN validated THEN both are reported
    expect(findings([sm]).map((f) => `${f.ruleId} ${f.path}`)).toEqual([
      'schema-enum spec.endpoints[0].scheme',
      'schema-unknown-field spec.endpoints[0].intervall',
    ]);
  });
});

describe('schema: metadata.name', () => {
  it('requires a name unless generateName is set', () => {
    // GIVEN two ConfigMaps without name, one with generateName WHEN validated
    const noName = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { namespace: 'shop' } };
    const generated = {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { generateName: 'cfg-', namespace: 'shop' },
    };
    // THEN only the first is reported
    expect(report([noName, generated], 'schema-required')).toEqual([
      'metadata.name: ConfigMap has no metadata.name',
    ]);
  });
});
