import { CRD_KINDS, CRD_TYPES } from '../../src/validate/crd-schemas';
import { findings, type Obj } from './helpers/builders';

const serviceMonitor = (spec: Obj): Obj => ({
  apiVersion: 'monitoring.coreos.com/v1',
  kind: 'ServiceMonitor',
  metadata: { name: 'web', namespace: 'shop' },
  spec,
});
const externalSecret = (spec: Obj): Obj => ({
  apiVersion: 'external-secrets.io/v1beta1',
  kind: 'ExternalSecret',
  metadata: { name: 'db', namespace: 'shop' },
  spec,
});

describe('CRD schemas', () => {
  it('declare exactly the CRD kinds shipshape emits, ExternalSecret in both served versions', () => {
    // GIVEN the hand-written CRD table WHEN listed THEN it has ServiceMonitor and ExternalSecret, each with a type
    expect(CRD_KINDS).toEqual({
      'monitoring.coreos.com/v1': { ServiceMonitor: 'com.coreos.monitoring.v1.ServiceMonitor' },
      'external-secrets.io/v1beta1': { ExternalSecret: 'io.external-secrets.v1beta1.ExternalSecret' },
      'external-secrets.io/v1': { ExternalSecret: 'io.external-secrets.v1beta1.ExternalSecret' },
    });
    expect(
      Object.values(CRD_KINDS)
        .flatMap((k) => Object.values(k))
        .every((d) => CRD_TYPES[d] !== undefined),
    ).toBe(true);
  });

  it('accept a full ServiceMonitor and ExternalSecret as emitted', () => {
    // GIVEN objects using TLS, relabelings, templates and dataFrom WHEN validated THEN nothing is reported
    const sm = serviceMonitor({
      selector: { matchLabels: { app: 'web' } },
      namespaceSelector: { matchNames: ['shop'] },
      endpoints: [
        {
          port: 'http',
          path: '/metrics',
          interval: '30s',
          scheme: 'https',
          tlsConfig: {
            ca: { secret: { name: 'ca', key: 'ca.crt' } },
            serverName: 'web.shop.svc',
            minVersion: 'TLS12',
          },
          relabelings: [
            { sourceLabels: ['__meta_kubernetes_pod_name'], targetLabel: 'pod', action: 'replace' },
          ],
        },
      ],
    });
    const es = externalSecret({
      refreshInterval: '1h',
      secretStoreRef: { name: 'vault', kind: 'ClusterSecretStore' },
      target: {
        name: 'db',
        creationPolicy: 'Owner',
        template: { type: 'Opaque', engineVersion: 'v2', data: { url: 'postgres://{{ .user }}@db' } },
      },
      data: [
        { secretKey: 'user', remoteRef: { key: 'shop/db', property: 'user', decodingStrategy: 'None' } },
      ],
      dataFrom: [{ extract: { key: 'shop/db-extra' } }],
    });
    expect(findings([sm, es])).toEqual([]);
  });

  it('require the fields the CRDs require', () => {
    // GIVEN a ServiceMonitor without endpoints and an ExternalSecret data item without remoteRef WHEN validated
    const found = findings([
      serviceMonitor({ selector: {} }),
      externalSecret({ data: [{ secretKey: 'k' }] }),
    ]);
    // THEN both are reported as required
    expect(found.map((f) => `${f.object.kind} ${f.path}: ${f.message}`)).toEqual([
      'ServiceMonitor spec.endpoints: missing required field "endpoints" in ServiceMonitorSpec',
      'ExternalSecret spec.data[0].remoteRef: missing required field "remoteRef" in ExternalSecretData',
    ]);
  });
});
