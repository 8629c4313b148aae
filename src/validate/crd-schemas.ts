/**
 * Hand-written strict schemas of the two CRD kinds shipshape emits, in the encoding of schema-table.ts.
 * Field lists follow @kubernetes-models/prometheus-operator@6.0.0 and @kubernetes-models/external-secrets@2.0.0
 * (their validators do not reject unknown fields, so they are not used at run time); enum lists follow the
 * upstream CRDs.
 */
import type { TypeDef } from './schema-table';

const META = '#io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta';
const SELECTOR = '#io.k8s.apimachinery.pkg.apis.meta.v1.LabelSelector';
const SECRET_KEY = '#io.k8s.api.core.v1.SecretKeySelector';
const CONFIGMAP_KEY = '#io.k8s.api.core.v1.ConfigMapKeySelector';

const PO = 'com.coreos.monitoring.v1.';
const ESO = 'io.external-secrets.v1beta1.';

function def(fields: Record<string, string>, required: string[] = []): TypeDef {
  return { fields, required };
}

const TLS_VERSION = 'enum:TLS10|TLS11|TLS12|TLS13';
const PROXY = {
  noProxy: 'string',
  proxyConnectHeader: `{}[]${SECRET_KEY}`,
  proxyFromEnvironment: 'boolean',
  proxyUrl: 'string',
};
const SAFE_TLS = {
  ca: `#${PO}SecretOrConfigMap`,
  cert: `#${PO}SecretOrConfigMap`,
  insecureSkipVerify: 'boolean',
  keySecret: SECRET_KEY,
  maxVersion: TLS_VERSION,
  minVersion: TLS_VERSION,
  serverName: 'string',
};
const SCRAPE_PROTOCOL =
  'enum:PrometheusProto|OpenMetricsText0.0.1|OpenMetricsText1.0.0|PrometheusText0.0.4|PrometheusText1.0.0';
const RELABEL_ACTION =
  'enum:replace|Replace|keep|Keep|drop|Drop|hashmod|HashMod|labelmap|LabelMap|labeldrop|LabelDrop|labelkeep|LabelKeep|' +
  'lowercase|Lowercase|uppercase|Uppercase|keepequal|KeepEqual|dropequal|DropEqual';

const PROMETHEUS_OPERATOR: Record<string, TypeDef> = {
  [`${PO}ServiceMonitor`]: def(
    { apiVersion: 'string', kind: 'string', metadata: META, spec: `#${PO}ServiceMonitorSpec`, status: 'any' },
    ['apiVersion', 'kind', 'spec'],
  ),
  [`${PO}ServiceMonitorSpec`]: def(
    {
      attachMetadata: `#${PO}AttachMetadata`,
      bodySizeLimit: 'string',
      convertClassicHistogramsToNHCB: 'boolean',
      endpoints: `[]#${PO}Endpoint`,
      fallbackScrapeProtocol: SCRAPE_PROTOCOL,
      jobLabel: 'string',
      keepDroppedTargets: 'int64',
      labelLimit: 'int64',
      labelNameLengthLimit: 'int64',
      labelValueLengthLimit: 'int64',
      namespaceSelector: `#${PO}NamespaceSelector`,
      nativeHistogramBucketLimit: 'int64',
      nativeHistogramMinBucketFactor: 'quantity',
      podTargetLabels: '[]string',
      sampleLimit: 'int64',
      scrapeClass: 'string',
      scrapeClassicHistograms: 'boolean',
      scrapeNativeHistograms: 'boolean',
      scrapeProtocols: `[]${SCRAPE_PROTOCOL}`,
      selector: SELECTOR,
      selectorMechanism: 'enum:RelabelConfig|RoleSelector',
      serviceDiscoveryRole: 'enum:Endpoints|EndpointSlice',
      targetLabels: '[]string',
      targetLimit: 'int64',
    },
    ['endpoints', 'selector'],
  ),
  [`${PO}Endpoint`]: def({
    authorization: `#${PO}SafeAuthorization`,
    basicAuth: `#${PO}BasicAuth`,
    bearerTokenFile: 'string',
    bearerTokenSecret: SECRET_KEY,
    enableHttp2: 'boolean',
    filterRunning: 'boolean',
    followRedirects: 'boolean',
    honorLabels: 'boolean',
    honorTimestamps: 'boolean',
    interval: 'string',
    metricRelabelings: `[]#${PO}RelabelConfig`,
    oauth2: `#${PO}OAuth2`,
    params: '{}[]string',
    path: 'string',
    port: 'string',
    relabelings: `[]#${PO}RelabelConfig`,
    scheme: 'enum:http|https|HTTP|HTTPS',
    scrapeTimeout: 'string',
    targetPort: 'int-or-string',
    tlsConfig: `#${PO}TLSConfig`,
    trackTimestampsStaleness: 'boolean',
    ...PROXY,
  }),
  [`${PO}NamespaceSelector`]: def({ any: 'boolean', matchNames: '[]string' }),
  [`${PO}AttachMetadata`]: def({ node: 'boolean' }),
  [`${PO}RelabelConfig`]: def({
    action: RELABEL_ACTION,
    modulus: 'int64',
    regex: 'string',
    replacement: 'string',
    separator: 'string',
    sourceLabels: '[]string',
    targetLabel: 'string',
  }),
  [`${PO}SafeAuthorization`]: def({ credentials: SECRET_KEY, type: 'string' }),
  [`${PO}BasicAuth`]: def({ password: SECRET_KEY, username: SECRET_KEY }),
  [`${PO}OAuth2`]: def(
    {
      clientId: `#${PO}SecretOrConfigMap`,
      clientSecret: SECRET_KEY,
      endpointParams: '{}string',
      scopes: '[]string',
      tlsConfig: `#${PO}SafeTLSConfig`,
      tokenUrl: 'string',
      ...PROXY,
    },
    ['clientId', 'clientSecret', 'tokenUrl'],
  ),
  [`${PO}SafeTLSConfig`]: def({ ...SAFE_TLS }),
  [`${PO}TLSConfig`]: def({ ...SAFE_TLS, caFile: 'string', certFile: 'string', keyFile: 'string' }),
  [`${PO}SecretOrConfigMap`]: def({ configMap: CONFIGMAP_KEY, secret: SECRET_KEY }),
};

const CONVERSION = 'enum:Default|Unicode';
const DECODING = 'enum:Auto|Base64|Base64URL|None';
const STORE_KIND = 'enum:SecretStore|ClusterSecretStore';

const EXTERNAL_SECRETS: Record<string, TypeDef> = {
  [`${ESO}ExternalSecret`]: def(
    {
      apiVersion: 'string',
      kind: 'string',
      metadata: META,
      spec: `#${ESO}ExternalSecretSpec`,
      status: 'any',
    },
    ['apiVersion', 'kind'],
  ),
  [`${ESO}ExternalSecretSpec`]: def({
    data: `[]#${ESO}ExternalSecretData`,
    dataFrom: `[]#${ESO}ExternalSecretDataFromRemoteRef`,
    refreshInterval: 'string',
    secretStoreRef: `#${ESO}SecretStoreRef`,
    target: `#${ESO}ExternalSecretTarget`,
  }),
  [`${ESO}ExternalSecretData`]: def(
    {
      remoteRef: `#${ESO}ExternalSecretDataRemoteRef`,
      secretKey: 'string',
      sourceRef: `#${ESO}StoreSourceRef`,
    },
    ['remoteRef', 'secretKey'],
  ),
  [`${ESO}ExternalSecretDataRemoteRef`]: def(
    {
      conversionStrategy: CONVERSION,
      decodingStrategy: DECODING,
      key: 'string',
      metadataPolicy: 'enum:None|Fetch',
      property: 'string',
      version: 'string',
    },
    ['key'],
  ),
  [`${ESO}ExternalSecretDataFromRemoteRef`]: def({
    extract: `#${ESO}ExternalSecretDataRemoteRef`,
    find: `#${ESO}ExternalSecretFind`,
    rewrite: `[]#${ESO}ExternalSecretRewrite`,
    sourceRef: `#${ESO}StoreGeneratorSourceRef`,
  }),
  [`${ESO}ExternalSecretFind`]: def({
    conversionStrategy: CONVERSION,
    decodingStrategy: DECODING,
    name: `#${ESO}FindName`,
    path: 'string',
    tags: '{}string',
  }),
  [`${ESO}FindName`]: def({ regexp: 'string' }),
  [`${ESO}ExternalSecretRewrite`]: def({ regexp: `#${ESO}ExternalSecretRewriteRegexp` }),
  [`${ESO}ExternalSecretRewriteRegexp`]: def({ source: 'string', target: 'string' }, ['source', 'target']),
  [`${ESO}StoreSourceRef`]: def({ generatorRef: `#${ESO}GeneratorRef`, storeRef: `#${ESO}SecretStoreRef` }),
  [`${ESO}StoreGeneratorSourceRef`]: def({
    generatorRef: `#${ESO}GeneratorRef`,
    storeRef: `#${ESO}SecretStoreRef`,
  }),
  [`${ESO}GeneratorRef`]: def({ apiVersion: 'string', kind: 'string', name: 'string' }, ['kind', 'name']),
  [`${ESO}SecretStoreRef`]: def({ kind: STORE_KIND, name: 'string' }, ['name']),
  [`${ESO}ExternalSecretTarget`]: def({
    creationPolicy: 'enum:Owner|Orphan|Merge|None',
    deletionPolicy: 'enum:Delete|Merge|Retain',
    immutable: 'boolean',
    name: 'string',
    template: `#${ESO}ExternalSecretTemplate`,
  }),
  [`${ESO}ExternalSecretTemplate`]: def({
    data: '{}string',
    engineVersion: 'enum:v1|v2',
    mergePolicy: 'enum:Replace|Merge',
    metadata: `#${ESO}ExternalSecretTemplateMetadata`,
    templateFrom: `[]#${ESO}TemplateFrom`,
    type: 'string',
  }),
  [`${ESO}ExternalSecretTemplateMetadata`]: def({ annotations: '{}string', labels: '{}string' }),
  [`${ESO}TemplateFrom`]: def({
    configMap: `#${ESO}TemplateRef`,
    literal: 'string',
    secret: `#${ESO}TemplateRef`,
    target: 'string',
  }),
  [`${ESO}TemplateRef`]: def({ items: `[]#${ESO}TemplateRefItem`, name: 'string' }, ['items', 'name']),
  [`${ESO}TemplateRefItem`]: def({ key: 'string', templateAs: 'string' }, ['key']),
};

export const CRD_TYPES: Readonly<Record<string, TypeDef>> = { ...PROMETHEUS_OPERATOR, ...EXTERNAL_SECRETS };

export const CRD_KINDS: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  'monitoring.coreos.com/v1': { ServiceMonitor: `${PO}ServiceMonitor` },
  'external-secrets.io/v1beta1': { ExternalSecret: `${ESO}ExternalSecret` },
  // external-secrets 0.17 promoted ExternalSecret to v1 with the same fields; newer charts serve only v1.
  'external-secrets.io/v1': { ExternalSecret: `${ESO}ExternalSecret` },
};
