import * as fs from 'fs';
import * as path from 'path';
import * as yaml from 'js-yaml';
import {
  ARGO_ROLLOUTS,
  ARGOCD,
  GATEWAY_API,
  ISTIO,
  generateCrdTable,
  readCrdFiles,
  type CrdTable,
  type CrdTableSource,
} from '../../src/validate/crd-schema-gen';
import { validatePaths } from '../../src/validate';

const read = (source: CrdTableSource) => JSON.parse(fs.readFileSync(source.table, 'utf8')) as CrdTable;
const committed = read(ARGOCD);
const gatewayApi = read(GATEWAY_API);
const istio = read(ISTIO);

/** A CRD of group example.com, kind Widget, with the given served versions' schemas. */
function crd(versions: { name: string; served: boolean; schema: object }[]): string {
  return yaml.dump({
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: { name: 'widgets.example.com' },
    spec: {
      group: 'example.com',
      names: { kind: 'Widget', plural: 'widgets' },
      scope: 'Namespaced',
      versions: versions.map((v) => ({ ...v, storage: v.served, schema: { openAPIV3Schema: v.schema } })),
    },
  });
}

const port = {
  type: 'object',
  required: ['port'],
  properties: { port: { type: 'integer', format: 'int32' }, name: { type: 'string' } },
};

describe('generateCrdTable', () => {
  it('encodes every schema construct in the compact types of schema-table.ts', () => {
    // GIVEN a CRD using each construct a structural schema has
    const text = crd([
      {
        name: 'v1',
        served: true,
        schema: {
          type: 'object',
          required: ['spec'],
          properties: {
            apiVersion: { type: 'string' },
            kind: { type: 'string' },
            metadata: { type: 'object' },
            spec: {
              type: 'object',
              required: ['size'],
              properties: {
                size: { type: 'integer' },
                ratio: { type: 'number' },
                enabled: { type: 'boolean' },
                mode: { type: 'string', enum: ['fast', 'safe'] },
                since: { type: 'string', format: 'date-time' },
                blob: { type: 'string', format: 'byte' },
                surge: {
                  anyOf: [{ type: 'integer' }, { type: 'string' }],
                  'x-kubernetes-int-or-string': true,
                },
                values: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true },
                anything: { 'x-kubernetes-preserve-unknown-fields': true },
                tags: { type: 'object', additionalProperties: { type: 'string' } },
                names: { type: 'array', items: { type: 'string' } },
                empty: { type: 'object' },
                ports: { type: 'array', items: port },
                primary: port,
              },
            },
            status: { type: 'object', properties: { phase: { type: 'string' } } },
          },
        },
      },
      { name: 'v0', served: false, schema: { type: 'object', properties: { old: { type: 'string' } } } },
    ]);
    // WHEN the table is generated
    const table = generateCrdTable([{ name: 'widget.yaml', text }]);
    // THEN each field has its encoding, the repeated struct is shared under the name of the path outside lists,
    // metadata is ObjectMeta, status is accepted unchecked, and the unserved version is left out
    expect(table.kinds).toEqual({ 'example.com/v1': { Widget: 'com.example.v1.Widget' } });
    expect(table.types).toEqual({
      'com.example.v1.Widget': {
        fields: {
          apiVersion: 'string',
          kind: 'string',
          metadata: '#io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta',
          spec: '#com.example.v1.WidgetSpec',
          status: 'any',
        },
        required: ['spec'],
      },
      'com.example.v1.WidgetSpec': {
        fields: {
          anything: 'any',
          blob: 'byte',
          empty: '#com.example.v1.WidgetSpecEmpty',
          enabled: 'boolean',
          mode: 'enum:fast|safe',
          names: '[]string',
          ports: '[]#com.example.v1.WidgetSpecPrimary',
          primary: '#com.example.v1.WidgetSpecPrimary',
          ratio: 'number',
          since: 'date-time',
          size: 'int64',
          surge: 'int-or-string',
          tags: '{}string',
          values: 'any',
        },
        required: ['size'],
      },
      'com.example.v1.WidgetSpecEmpty': { fields: {}, required: [] },
      'com.example.v1.WidgetSpecPrimary': { fields: { name: 'string', port: 'int32' }, required: ['port'] },
    });
    expect(table.sources).toEqual([expect.stringMatching(/^widget\.yaml \(sha256 [0-9a-f]{64}\)$/)]);
  });

  it('refuses a file that is not a CRD and a schema it cannot encode', () => {
    // GIVEN a ConfigMap, and a CRD whose field has no type WHEN generated THEN each is refused by name
    expect(() =>
      generateCrdTable([{ name: 'cm.yaml', text: 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\n' }]),
    ).toThrow('crd-schema-gen: cm.yaml is not a CustomResourceDefinition');
    const untyped = crd([
      { name: 'v1', served: true, schema: { type: 'object', properties: { spec: { description: 'x' } } } },
    ]);
    expect(() => generateCrdTable([{ name: 'w.yaml', text: untyped }])).toThrow(
      'crd-schema-gen: Widget.spec has no type the encoding knows (undefined)',
    );
  });
});

describe('the committed Argo CD table (argocd-3.4-schema.json)', () => {
  it('has the three Argo CD kinds, from the three CRD files', () => {
    // GIVEN the committed table WHEN read THEN it names Application, ApplicationSet and AppProject of v1alpha1
    expect(committed.kinds).toEqual({
      'argoproj.io/v1alpha1': {
        AppProject: 'io.argoproj.v1alpha1.AppProject',
        Application: 'io.argoproj.v1alpha1.Application',
        ApplicationSet: 'io.argoproj.v1alpha1.ApplicationSet',
      },
    });
    expect(committed.sources.map((s) => s.split(' ')[0])).toEqual([...ARGOCD.files].sort());
    // ApplicationSet templates reuse the Application spec, rather than a copy of it
    expect(committed.types['io.argoproj.v1alpha1.ApplicationSetSpecTemplate']?.fields.spec).toBe(
      '#io.argoproj.v1alpha1.ApplicationSpec',
    );
  });

  it('accepts Argo CD objects as teams write them', () => {
    // GIVEN an Application (Helm source, values, sync policy), an ApplicationSet and an AppProject
    // WHEN validated THEN there is no finding
    const result = validatePaths([path.join(__dirname, 'fixtures/argocd/good.yaml')]);
    expect(result.objects).toBe(3);
    expect(result.findings).toEqual([]);
  });

  it('reports unknown fields, wrong types, bad enums and missing required fields', () => {
    // GIVEN objects that break the schema WHEN validated
    const { findings } = validatePaths([path.join(__dirname, 'fixtures/argocd/bad.yaml')]);
    // THEN each break is an error at its path
    expect(findings.map((f) => `${f.line} ${f.ruleId} ${f.object.kind} ${f.path}: ${f.message}`)).toEqual([
      '13 schema-unknown-field Application spec.source.helm.valueFIles: unknown field "valueFIles" in ApplicationSpecSourceHelm',
      '16 schema-type Application spec.syncPolicy.automated.prune: expected boolean, got string "yes"',
      '17 schema-type Application spec.syncPolicy.retry.limit: expected integer, got number 5.5',
      '24 schema-required Application spec.destination: missing required field "destination" in ApplicationSpec',
      '24 schema-required Application spec.project: missing required field "project" in ApplicationSpec',
      '25 schema-required Application spec.source.repoURL: missing required field "repoURL" in ApplicationSpecSource',
      '40 schema-enum ApplicationSet spec.syncPolicy.applicationsSync: "create-all" is not one of create-only, create-update, create-delete, sync',
      '48 schema-required AppProject spec.clusterResourceWhitelist[0].kind: missing required field "kind" in AppProjectSpecClusterResourceBlacklist',
      '49 schema-type AppProject spec.sourceRepos: expected array, got string "https://github.com/example/shop.git"',
    ]);
    expect(new Set(findings.map((f) => f.severity))).toEqual(new Set(['error']));
  });
});

describe('the committed Gateway API table (gateway-api-1.7-schema.json)', () => {
  it('has the standard-channel kinds shipshape emits or a route references, at v1', () => {
    // GIVEN the committed table WHEN read THEN it names the v1 kinds (v1beta1 ReferenceGrant too)
    expect(Object.keys(gatewayApi.kinds['gateway.networking.k8s.io/v1'] ?? {}).sort()).toEqual([
      'GRPCRoute',
      'Gateway',
      'GatewayClass',
      'HTTPRoute',
      'ReferenceGrant',
    ]);
    expect(gatewayApi.sources.map((s) => s.split(' ')[0])).toEqual([...GATEWAY_API.files].sort());
  });

  it('accepts Gateway API objects as teams write them', () => {
    // GIVEN a Gateway with an HTTPS listener, a GRPCRoute to its Service and a ReferenceGrant WHEN validated
    // THEN no finding
    const result = validatePaths([path.join(__dirname, 'fixtures/gateway-api/good.yaml')]);
    expect(result.objects).toBe(4);
    expect(result.findings).toEqual([]);
  });

  it('reports unknown fields, bad enums, wrong types and missing required fields (the CI canary too)', () => {
    // GIVEN objects that break the schema WHEN validated THEN each break is an error at its path
    const { findings } = validatePaths([path.join(__dirname, 'fixtures/gateway-api/bad.yaml')]);
    expect(findings.map((f) => `${f.line} ${f.ruleId} ${f.object.kind} ${f.path}`)).toEqual([
      '11 schema-unknown-field HTTPRoute spec.parentRefs[0].sectionNme',
      '15 schema-enum HTTPRoute spec.rules[0].matches[0].path.type',
      '18 dangling-route-backend HTTPRoute spec.rules[0].backendRefs[0].name',
      '19 schema-type HTTPRoute spec.rules[0].backendRefs[0].port',
      '26 schema-required Gateway spec.gatewayClassName',
      '28 schema-required Gateway spec.listeners[0].protocol',
    ]);
  });
});

describe('the committed Istio table (istio-1.32-schema.json)', () => {
  it('has the security.istio.io kinds at v1 and v1beta1, from the one CRD file of istio.io/api', () => {
    // GIVEN the committed table WHEN read THEN it names the three security kinds, and nothing of other groups
    for (const version of ['security.istio.io/v1', 'security.istio.io/v1beta1'])
      expect(Object.keys(istio.kinds[version] ?? {}).sort()).toEqual([
        'AuthorizationPolicy',
        'PeerAuthentication',
        'RequestAuthentication',
      ]);
    expect(Object.keys(istio.kinds)).toEqual(['security.istio.io/v1', 'security.istio.io/v1beta1']);
    expect(istio.sources.map((s) => s.split(' ')[0])).toEqual(['customresourcedefinitions.gen.yaml']);
  });

  it('accepts Istio security objects as teams write them', () => {
    // GIVEN a PeerAuthentication with a port-level override, allow-nothing and an L7 ALLOW policy
    // WHEN validated THEN no finding
    const result = validatePaths([path.join(__dirname, 'fixtures/istio/good.yaml')]);
    expect(result.objects).toBe(3);
    expect(result.findings).toEqual([]);
  });

  it('reports bad enums, unknown fields and wrong types', () => {
    // GIVEN objects that break the schema WHEN validated THEN each break is an error at its path
    const { findings } = validatePaths([path.join(__dirname, 'fixtures/istio/bad.yaml')]);
    expect(findings.map((f) => `${f.line} ${f.ruleId} ${f.object.kind} ${f.path}`)).toEqual([
      '9 schema-enum PeerAuthentication spec.mtls.mode',
      '21 schema-unknown-field AuthorizationPolicy spec.rules[0].from[0].source.principal',
      '24 schema-type AuthorizationPolicy spec.rules[0].to[0].operation.ports',
    ]);
  });
});

/** The drift check of one committed table against its CRD files in `dir`, skipped (and saying so) without them. */
function driftCheck(source: CrdTableSource, table: CrdTable, dir: string | undefined, where: string): void {
  const present = dir !== undefined && source.files.every((f) => fs.existsSync(path.join(dir, f)));
  const name = path.basename(source.table);
  (present ? describe : describe.skip)(
    present ? `${name} vs its CRDs` : `${name} vs its CRDs: SKIPPED, ${where} not found`,
    () => {
      it('regenerates exactly the committed table (else: node -r ./scripts/register.js src/validate/crd-schema-gen.ts)', () => {
        // GIVEN the CRD files WHEN the table is derived THEN it equals the committed one, sources and hashes too
        expect(generateCrdTable(readCrdFiles(dir!, source.files), source.groups)).toEqual(table);
      });
    },
  );
}

// Gateway API v1.7.0 from ../shared, when it is beside the repository.
driftCheck(GATEWAY_API, gatewayApi, path.resolve(__dirname, '../..', GATEWAY_API.from), GATEWAY_API.from);
// Istio v1.32.0's CRDs from the Go module istio.io/api, whose kubernetes/ directory `.ci/run` passes as ISTIO_CRDS.
driftCheck(
  ISTIO,
  istio,
  process.env['ISTIO_CRDS'],
  "ISTIO_CRDS (the istio.io/api v1.32.0 module's kubernetes/)",
);
// Argo CD v3.4.14 from its Go module, whose directory `.ci/run` passes as ARGOCD_CRDS (npm test stays Node-only).
driftCheck(
  ARGOCD,
  committed,
  process.env['ARGOCD_CRDS'],
  "ARGOCD_CRDS (the argo-cd v3.4.14 module's manifests/crds)",
);
// Argo Rollouts v1.10.2 from its Go module, whose directory `.ci/run` passes as ARGO_ROLLOUTS_CRDS.
driftCheck(
  ARGO_ROLLOUTS,
  read(ARGO_ROLLOUTS),
  process.env['ARGO_ROLLOUTS_CRDS'],
  "ARGO_ROLLOUTS_CRDS (the argo-rollouts v1.10.2 module's manifests/crds)",
);
