import { app, deployment, findings, report, service, serviceAccount, type Obj } from './helpers/builders';

const ingress = (backend: Obj): Obj => ({
  apiVersion: 'networking.k8s.io/v1',
  kind: 'Ingress',
  metadata: { name: 'web', namespace: 'shop' },
  spec: { rules: [{ http: { paths: [{ path: '/', pathType: 'Prefix', backend }] } }] },
});
const configMap = (name: string, data: Obj): Obj => ({
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name, namespace: 'shop' },
  data,
});

describe('references: selectors', () => {
  it('reports a Service whose selector matches no pod template in its namespace', () => {
    // GIVEN the app in "shop" and a Service selecting it from namespace "other"
    const set = [...app(), service('web', 'other')];
    // WHEN validated THEN only the other-namespace Service is dangling
    expect(
      findings(set)
        .filter((f) => f.ruleId === 'dangling-service-selector')
        .map((f) => [f.object.namespace, f.message]),
    ).toEqual([['other', 'Service selector app=web matches no pod template in namespace other']]);
  });

  it('ignores Services without selector and ExternalName Services', () => {
    // GIVEN a selector-less Service and an ExternalName Service WHEN validated THEN neither is dangling
    const manual = {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'm', namespace: 'shop' },
      spec: { ports: [{ port: 80 }] },
    };
    const external = {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'e', namespace: 'shop' },
      spec: { type: 'ExternalName', externalName: 'db.example.com', selector: { app: 'db' } },
    };
    expect(report([...app(), manual, external], 'dangling-service-selector')).toEqual([]);
  });

  it('matches PDB selectors with matchExpressions', () => {
    // GIVEN PDBs selecting app In (web) and app NotIn (web)
    const pdb = (name: string, operator: string): Obj => ({
      apiVersion: 'policy/v1',
      kind: 'PodDisruptionBudget',
      metadata: { name, namespace: 'shop' },
      spec: { minAvailable: 1, selector: { matchExpressions: [{ key: 'app', operator, values: ['web'] }] } },
    });
    // WHEN validated THEN only NotIn, which selects nothing here, is dangling
    expect(report([...app(), pdb('in', 'In'), pdb('notin', 'NotIn')], 'dangling-pdb-selector')).toEqual([
      'spec.selector: PodDisruptionBudget selector app NotIn (web) matches no pod template in namespace shop',
    ]);
  });

  it('accepts an empty NetworkPolicy podSelector (it selects every pod)', () => {
    // GIVEN a default-deny policy WHEN validated THEN nothing is dangling
    const deny = {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: { name: 'deny', namespace: 'shop' },
      spec: { podSelector: {} },
    };
    expect(report([...app(), deny], 'dangling-network-policy-selector')).toEqual([]);
  });
});

describe('references: Ingress, HPA and StatefulSet', () => {
  it('reports an Ingress backend port that the Service does not have', () => {
    // GIVEN backends by port name and number, one of each wrong
    const set = [...app(), ingress({ service: { name: 'web', port: { name: 'https' } } })];
    const byNumber = {
      ...ingress({ service: { name: 'web', port: { number: 8443 } } }),
      metadata: { name: 'web2', namespace: 'shop' },
    };
    // WHEN validated THEN both ports are reported
    expect(report([...set, byNumber], 'dangling-ingress-backend')).toEqual([
      'spec.rules[0].http.paths[0].backend.service.port: Ingress backend port "https" is not a port of Service "web"',
      'spec.rules[0].http.paths[0].backend.service.port: Ingress backend port 8443 is not a port of Service "web"',
    ]);
  });

  it('follows the removed extensions/v1beta1 backend shape too', () => {
    // GIVEN an old-style backend to a missing Service
    const old = {
      apiVersion: 'extensions/v1beta1',
      kind: 'Ingress',
      metadata: { name: 'old', namespace: 'shop' },
      spec: { backend: { serviceName: 'api', servicePort: 80 } },
    };
    // WHEN validated THEN the missing Service is reported
    expect(report([...app(), old], 'dangling-ingress-backend')).toEqual([
      'spec.backend.serviceName: Ingress backend Service "api" is not in namespace shop',
    ]);
  });

  it('reports Gateway API route backends the set lacks, and leaves other namespaces and kinds alone', () => {
    // GIVEN an HTTPRoute to web's real port, a wrong port and a missing Service; a GRPCRoute to another namespace
    const route = (kind: string, backendRefs: object[]) => ({
      apiVersion: 'gateway.networking.k8s.io/v1',
      kind,
      metadata: { name: kind.toLowerCase(), namespace: 'shop' },
      spec: { parentRefs: [{ name: 'public' }], rules: [{ backendRefs }] },
    });
    const web = 80; // the Service port of app()'s web
    const set = [
      ...app(),
      route('HTTPRoute', [
        { name: 'web', port: web },
        { name: 'web', port: 1 },
        { name: 'api', port: 80 },
      ]),
      route('GRPCRoute', [
        { name: 'api', namespace: 'other', port: 80 },
        { kind: 'Backend', group: 'x.io', name: 'b' },
      ]),
    ];
    // WHEN validated THEN the wrong port and the missing Service are reported
    expect(report(set, 'dangling-route-backend')).toEqual([
      'spec.rules[0].backendRefs[1].port: HTTPRoute backend port 1 is not a port of Service "web"',
      'spec.rules[0].backendRefs[2].name: HTTPRoute backend Service "api" is not in namespace shop',
    ]);
  });

  it('reports an HPA whose target is missing', () => {
    // GIVEN an HPA on StatefulSet "web" (the set has a Deployment "web") WHEN validated THEN it is dangling
    const hpa = {
      apiVersion: 'autoscaling/v2',
      kind: 'HorizontalPodAutoscaler',
      metadata: { name: 'web', namespace: 'shop' },
      spec: { scaleTargetRef: { apiVersion: 'apps/v1', kind: 'StatefulSet', name: 'web' }, maxReplicas: 3 },
    };
    expect(report([...app(), hpa], 'dangling-hpa-target')).toEqual([
      'spec.scaleTargetRef: scaleTargetRef StatefulSet "web" is not in namespace shop',
    ]);
  });

  it('requires a StatefulSet serviceName to name a headless Service', () => {
    // GIVEN StatefulSets naming a missing Service and a ClusterIP Service
    const sts = (name: string, serviceName: string): Obj => {
      const d = deployment(name);
      return { ...d, kind: 'StatefulSet', spec: { ...d.spec, serviceName, replicas: 1 } };
    };
    const set = [
      serviceAccount(),
      service('db'),
      sts('db', 'db'),
      sts('cache', 'cache-headless'),
      service('cache'),
    ];
    // WHEN validated THEN both are reported
    expect(report(set, 'statefulset-headless-service')).toEqual([
      'spec.serviceName: Service "db" is not headless (clusterIP: None)',
      'spec.serviceName: serviceName "cache-headless" names no Service in namespace shop',
    ]);
  });
});

describe('references: ConfigMap and Secret keys', () => {
  function appWith(change: (spec: Obj) => void, ...extra: Obj[]): Obj[] {
    const set = app();
    change(set[1]!.spec.template.spec);
    return [...set, ...extra];
  }

  it('reports env, volume and projected references to missing keys, listing the keys that exist', () => {
    // GIVEN references to a missing key through env, a configMap volume and a projected secret
    const secret = {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 'tls', namespace: 'shop' },
      type: 'kubernetes.io/tls',
    };
    const set = appWith(
      (spec) => {
        spec.containers[0].env = [
          { name: 'LEVEL', valueFrom: { configMapKeyRef: { name: 'cfg', key: 'level' } } },
        ];
        spec.volumes = [
          { name: 'cfg', configMap: { name: 'cfg', items: [{ key: 'extra', path: 'extra' }] } },
          {
            name: 'tls',
            projected: { sources: [{ secret: { name: 'tls', items: [{ key: 'tls.crt', path: 'crt' }] } }] },
          },
        ];
      },
      configMap('cfg', { LEVEL: 'info', FORMAT: 'json' }),
      secret,
    );
    // WHEN validated THEN each missing key is reported where it is referenced
    expect(report(set, 'missing-config-key')).toEqual([
      'spec.template.spec.containers[0].env[0].valueFrom.configMapKeyRef.key: ConfigMap "cfg" has no key "level" (it has FORMAT, LEVEL)',
      'spec.template.spec.volumes[0].configMap.items[0].key: ConfigMap "cfg" has no key "extra" (it has FORMAT, LEVEL)',
      'spec.template.spec.volumes[1].projected.sources[0].secret.items[0].key: Secret "tls" has no key "tls.crt"',
    ]);
  });

  it('knows the keys of a Secret that an ExternalSecret materializes', () => {
    // GIVEN an ExternalSecret targeting Secret "db-creds" with key "password", and a ref to key "user"
    const es = {
      apiVersion: 'external-secrets.io/v1beta1',
      kind: 'ExternalSecret',
      metadata: { name: 'db', namespace: 'shop' },
      spec: { target: { name: 'db-creds' }, data: [{ secretKey: 'password', remoteRef: { key: 'db' } }] },
    };
    const set = appWith(
      (spec) =>
        (spec.containers[0].env = [
          { name: 'USER', valueFrom: { secretKeyRef: { name: 'db-creds', key: 'user' } } },
        ]),
      es,
    );
    // WHEN validated THEN the missing key is reported
    expect(report(set, 'missing-config-key')).toEqual([
      'spec.template.spec.containers[0].env[0].valueFrom.secretKeyRef.key: Secret "db-creds" has no key "user" (it has password)',
    ]);
  });

  it('does not guess keys it cannot know: absent objects, optional refs, dataFrom, service-account tokens', () => {
    // GIVEN refs to an absent ConfigMap, an optional key, an ExternalSecret with dataFrom and a token Secret
    const es = {
      apiVersion: 'external-secrets.io/v1beta1',
      kind: 'ExternalSecret',
      metadata: { name: 'all', namespace: 'shop' },
      spec: { dataFrom: [{ extract: { key: 'shop' } }] },
    };
    const token = {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 'tok', namespace: 'shop' },
      type: 'kubernetes.io/service-account-token',
    };
    const set = appWith(
      (spec) =>
        (spec.containers[0].env = [
          { name: 'A', valueFrom: { configMapKeyRef: { name: 'elsewhere', key: 'a' } } },
          { name: 'B', valueFrom: { configMapKeyRef: { name: 'cfg', key: 'b', optional: true } } },
          { name: 'C', valueFrom: { secretKeyRef: { name: 'all', key: 'c' } } },
          { name: 'D', valueFrom: { secretKeyRef: { name: 'tok', key: 'token' } } },
        ]),
      configMap('cfg', { a: '1' }),
      es,
      token,
    );
    // WHEN validated THEN nothing is reported
    expect(report(set, 'missing-config-key')).toEqual([]);
  });
});
