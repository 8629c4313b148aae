// The baseline of case 2: the same objects as synthetic.ts, written with raw cdk8s-plus-27 L2
// constructs the way a cdk8s user would, synthesized by cdk8s's own app.synth().
import { ApiObject, Chart, type App } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { BENCH, configOf, imageOf, serviceName } from './spec';

/**
 * Per service: kplus.ServiceAccount, kplus.ConfigMap (env from its keys), kplus.Deployment (one
 * container, HTTP port, endpoint env vars of the previous service), kplus.Service
 * (`exposeViaService`), kplus.NetworkPolicy (egress to the previous service, ingress from the
 * next one, the ingress controller and Prometheus) and one rule on a shared kplus.Ingress. Plus
 * kplus.Namespace and two kplus.NetworkPolicies (default deny, DNS): 5N + 4 objects, like
 * shipshape's.
 */
export function buildRaw(app: App, n: number): Chart {
  const chart = new Chart(app, 'bench', { namespace: BENCH.namespace });
  new kplus.Namespace(chart, 'namespace', { metadata: { name: BENCH.namespace } });
  const everyPod = kplus.Pods.all(chart, 'every-pod');
  new kplus.NetworkPolicy(chart, 'default-deny', {
    metadata: { name: 'default-deny' },
    selector: everyPod,
    ingress: { default: kplus.NetworkPolicyTrafficDefault.DENY },
    egress: { default: kplus.NetworkPolicyTrafficDefault.DENY },
  });
  const peer = (id: string, namespace: string, labels: Record<string, string>) =>
    kplus.Pods.select(chart, id, {
      labels,
      namespaces: kplus.Namespaces.select(chart, `${id}-ns`, { names: [namespace] }),
    });
  const dns = peer('dns', 'kube-system', { 'k8s-app': 'kube-dns' });
  new kplus.NetworkPolicy(chart, 'allow-dns', {
    metadata: { name: 'allow-dns' },
    selector: everyPod,
    egress: {
      rules: [{ peer: dns, ports: [kplus.NetworkPolicyPort.udp(53), kplus.NetworkPolicyPort.tcp(53)] }],
    },
  });
  const ingressController = peer('ingress-controller', 'ingress-nginx', {
    'app.kubernetes.io/name': 'ingress-nginx',
  });
  const prometheus = peer('prometheus', 'monitoring', { 'app.kubernetes.io/name': 'prometheus' });
  const ingress = new kplus.Ingress(chart, 'public-gateway', {
    metadata: { name: 'public-gateway' },
    className: BENCH.ingressClass,
  });
  const http = kplus.NetworkPolicyPort.tcp(BENCH.port);

  let previous: { deployment: kplus.Deployment; policy: kplus.NetworkPolicy; name: string } | undefined;
  for (let i = 0; i < n; i++) {
    const name = serviceName(i);
    const serviceAccount = new kplus.ServiceAccount(chart, `${name}-sa`, {
      metadata: { name },
      automountToken: false,
    });
    const config = new kplus.ConfigMap(chart, `${name}-config`, {
      metadata: { name: `${name}-config` },
      data: configOf(i),
    });
    const env: Record<string, kplus.EnvValue> = {};
    if (previous) {
      const prefix = previous.name.toUpperCase().replace(/-/g, '_');
      env[`${prefix}_SERVICE_HOST`] = kplus.EnvValue.fromValue(`${previous.name}.${BENCH.namespace}.svc`);
      env[`${prefix}_SERVICE_PORT`] = kplus.EnvValue.fromValue(String(BENCH.port));
    }
    for (const key of Object.keys(configOf(i))) env[key] = kplus.EnvValue.fromConfigMap(config, key);
    const deployment = new kplus.Deployment(chart, name, {
      metadata: { name },
      replicas: 1,
      serviceAccount,
      automountServiceAccountToken: false,
      containers: [
        {
          name,
          image: imageOf(i),
          ports: [{ name: 'http', number: BENCH.port }],
          envVariables: env,
          resources: {
            cpu: { request: kplus.Cpu.millis(100), limit: kplus.Cpu.millis(500) },
          },
          readiness: kplus.Probe.fromTcpSocket({ port: BENCH.port }),
          liveness: kplus.Probe.fromTcpSocket({ port: BENCH.port }),
        },
      ],
    });
    const service = deployment.exposeViaService({
      name,
      ports: [{ name: 'http', port: BENCH.port, targetPort: BENCH.port }],
    });
    const policy = new kplus.NetworkPolicy(chart, `${name}-np`, {
      metadata: { name },
      selector: deployment,
      ingress: {
        rules: [
          { peer: ingressController, ports: [http] },
          { peer: prometheus, ports: [http] },
        ],
      },
      egress: { rules: previous ? [{ peer: previous.deployment, ports: [http] }] : [] },
    });
    previous?.policy.addIngressRule(deployment, [http]);
    ingress.addHostRule(BENCH.host, `/${name}`, kplus.IngressBackend.fromService(service));
    previous = { deployment, policy, name };
  }
  return chart;
}

/** Every API object of the chart, for counting. */
export function apiObjectsOf(chart: Chart): ApiObject[] {
  return chart.node.findAll().filter((c): c is ApiObject => ApiObject.isApiObject(c));
}
