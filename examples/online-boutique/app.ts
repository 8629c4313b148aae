/**
 * Google's Online Boutique (microservices-demo v0.10.6), migrated from its upstream release manifests
 * (shared/external/online-boutique-kubernetes-manifests.yaml) and written only against shipshape's public entry
 * points. Every service keeps its upstream name, ports, `app: <name>` selector (a live Deployment's selector is
 * immutable: the migration is in place), probes, resources and addresses; what shipshape adds is derived (the
 * NetworkPolicies, Pod Security "restricted", the chart). Shared configuration and identity: one ConfigMap of the
 * settings every backend reads through envFrom, one ServiceAccount the backends share (GKE workload identity).
 * Two additions that upstream lacks, for the shapes real apps have: the payment service reads a signing key
 * from a Secret key mounted under another file name, and redis-cart keeps its data in a volume below the root
 * (`subPath`) instead of an emptyDir. Environments: `dev` (one replica) and `prod` (two of the frontend).
 *
 *   npx shipshape synth examples/online-boutique/app.ts --out /tmp/boutique
 */
import { Duration } from 'cdk8s';
import {
  ConfigMap,
  EnvFrom,
  EnvValue,
  Image,
  Microservice,
  Probe,
  Protocol,
  Secret,
  ServiceAccount,
  ServiceType,
  StatefulService,
  System,
  Worker,
  type MicroserviceProps,
  type Resources,
} from 'shipshape';
import { defineApp } from 'shipshape/synth';

const REGISTRY = 'us-central1-docker.pkg.dev/online-boutique-ci/microservices-demo';
const VERSION = 'v0.10.6';

/** What differs between the environments. */
interface BoutiqueEnvironment {
  readonly frontendReplicas: number;
  /** The Google service account the backends run as (GKE workload identity). */
  readonly googleServiceAccount: string;
}

const ENVIRONMENTS: Readonly<Record<string, BoutiqueEnvironment>> = {
  dev: { frontendReplicas: 1, googleServiceAccount: 'boutique-dev@boutique.iam.gserviceaccount.com' },
  prod: { frontendReplicas: 2, googleServiceAccount: 'boutique@boutique.iam.gserviceaccount.com' },
};

/** Upstream's requests and limits. */
const resources = (cpu: [string, string], memory: [string, string]): Resources => ({
  cpu: { request: cpu[0], limit: cpu[1] },
  memory: { request: memory[0], limit: memory[1] },
});

/** A gRPC port of upstream's, named as its Service names it. */
const grpc = (port: number, servicePort = port) => [
  { name: 'grpc', port, servicePort, protocol: Protocol.GRPC },
];

/** Online Boutique in one environment. */
export class Boutique extends System {
  constructor(scope: ConstructorParameters<typeof System>[0], id: string, env: BoutiqueEnvironment) {
    super(scope, id, { namespace: 'boutique', partOf: 'online-boutique', labels: { team: 'boutique' } });

    // Shared configuration: the setting every backend reads, and one identity for them all.
    const common = new ConfigMap(this, 'common-env', { data: { DISABLE_PROFILER: '1' } });
    const backend = new ServiceAccount(this, 'boutique-backend', {
      annotations: { 'iam.gke.io/gcp-service-account': env.googleServiceAccount },
    });
    /** What upstream's services have in common: its images, its non-root user, `app: <name>`, the shared identity. */
    const service = (
      name: string,
      props: Omit<MicroserviceProps, 'image'> & { image?: MicroserviceProps['image'] },
    ) =>
      new Microservice(this, name, {
        image: `${REGISTRY}/${name}:${VERSION}`,
        containerName: 'server',
        identity: { runAsUser: 1000 },
        selectorLabels: { app: name },
        writablePaths: [],
        serviceAccount: backend,
        ...props,
      });
    const fromCommon = { envFrom: [EnvFrom.configMap(common)] };
    const grace = { terminationGracePeriod: Duration.seconds(5) };

    const catalog = service('productcatalogservice', {
      ports: grpc(3550),
      env: { PORT: EnvValue.value('3550') },
      resources: resources(['100m', '200m'], ['64Mi', '128Mi']),
      ...fromCommon,
      ...grace,
    });
    const currency = service('currencyservice', {
      ports: grpc(7000),
      env: { PORT: EnvValue.value('7000') },
      resources: resources(['100m', '200m'], ['64Mi', '128Mi']),
      ...fromCommon,
      ...grace,
    });
    const redis = new StatefulService(this, 'redis-cart', {
      image: Image.mutableTag('redis:alpine', { reason: 'Online Boutique v0.10.6 ships redis:alpine' }),
      containerName: 'redis',
      ports: [{ name: 'tcp-redis', port: 6379, protocol: Protocol.TCP }],
      identity: { runAsUser: 1000 },
      selectorLabels: { app: 'redis-cart' },
      writablePaths: [],
      probes: { readiness: Probe.tcp({ period: Duration.seconds(5) }) },
      resources: resources(['70m', '125m'], ['200Mi', '256Mi']),
      // The data directory below the volume root, where a filesystem's lost+found does not reach it.
      storage: { size: '1Gi', mountPath: '/data', subPath: 'redis' },
    });
    const cart = service('cartservice', {
      ports: grpc(7070),
      dependencies: [{ target: redis }],
      env: { REDIS_ADDR: redis.endpoint().address },
      probes: {
        readiness: Probe.grpc({ initialDelay: Duration.seconds(15) }),
        liveness: Probe.grpc({ initialDelay: Duration.seconds(15), period: Duration.seconds(10) }),
      },
      resources: resources(['200m', '300m'], ['64Mi', '128Mi']),
      ...grace,
    });
    const shipping = service('shippingservice', {
      ports: grpc(50051),
      env: { PORT: EnvValue.value('50051') },
      probes: { readiness: Probe.grpc({ period: Duration.seconds(5) }), liveness: Probe.grpc() },
      resources: resources(['100m', '200m'], ['64Mi', '128Mi']),
      ...fromCommon,
    });
    // Beyond upstream: the payment provider's signing key, key `privateKey` of the Secret as file signing.key.
    const signing = new Secret(this, 'payment-signing', { keys: ['privateKey'] });
    const payment = service('paymentservice', {
      ports: grpc(50051),
      env: { PORT: EnvValue.value('50051') },
      secretMounts: [
        { secret: signing, mountPath: '/etc/payment', items: [{ key: 'privateKey', path: 'signing.key' }] },
      ],
      resources: resources(['100m', '200m'], ['64Mi', '128Mi']),
      ...fromCommon,
      ...grace,
    });
    const email = service('emailservice', {
      ports: grpc(8080, 5000),
      env: { PORT: EnvValue.value('8080') },
      probes: { readiness: Probe.grpc({ period: Duration.seconds(5) }) },
      resources: resources(['100m', '200m'], ['64Mi', '128Mi']),
      ...fromCommon,
      ...grace,
    });
    const recommendation = service('recommendationservice', {
      ports: grpc(8080),
      dependencies: [{ target: catalog }],
      env: { PORT: EnvValue.value('8080'), PRODUCT_CATALOG_SERVICE_ADDR: catalog.endpoint().address },
      probes: { readiness: Probe.grpc({ period: Duration.seconds(5) }) },
      resources: resources(['100m', '200m'], ['220Mi', '450Mi']),
      ...fromCommon,
      ...grace,
    });
    const ad = service('adservice', {
      ports: grpc(9555),
      env: { PORT: EnvValue.value('9555') },
      probes: { readiness: Probe.grpc({ initialDelay: Duration.seconds(20), period: Duration.seconds(15) }) },
      resources: resources(['200m', '300m'], ['180Mi', '300Mi']),
      ...grace,
    });
    const checkoutCalls = { catalog, shipping, payment, email, currency, cart };
    const checkout = service('checkoutservice', {
      ports: grpc(5050),
      dependencies: Object.values(checkoutCalls).map((target) => ({ target })),
      env: {
        PORT: EnvValue.value('5050'),
        PRODUCT_CATALOG_SERVICE_ADDR: catalog.endpoint().address,
        SHIPPING_SERVICE_ADDR: shipping.endpoint().address,
        PAYMENT_SERVICE_ADDR: payment.endpoint().address,
        EMAIL_SERVICE_ADDR: email.endpoint().address,
        CURRENCY_SERVICE_ADDR: currency.endpoint().address,
        CART_SERVICE_ADDR: cart.endpoint().address,
      },
      resources: resources(['100m', '200m'], ['64Mi', '128Mi']),
    });

    // The storefront: HTTP on 8080 behind Service port 80, and a LoadBalancer open to the internet.
    const frontendCalls = { catalog, currency, cart, recommendation, shipping, checkout, ad };
    const cookie = (value: string) => ({ headers: { Cookie: `shop_session-id=${value}` } });
    const frontend = service('frontend', {
      serviceAccount: undefined,
      replicas: env.frontendReplicas,
      ports: [{ name: 'http', port: 8080, servicePort: 80 }],
      extraServices: [{ suffix: 'external', type: ServiceType.LOAD_BALANCER, sources: { anywhere: true } }],
      dependencies: Object.values(frontendCalls).map((target) => ({ target })),
      env: {
        PORT: EnvValue.value('8080'),
        PRODUCT_CATALOG_SERVICE_ADDR: catalog.endpoint().address,
        CURRENCY_SERVICE_ADDR: currency.endpoint().address,
        CART_SERVICE_ADDR: cart.endpoint().address,
        RECOMMENDATION_SERVICE_ADDR: recommendation.endpoint().address,
        SHIPPING_SERVICE_ADDR: shipping.endpoint().address,
        CHECKOUT_SERVICE_ADDR: checkout.endpoint().address,
        AD_SERVICE_ADDR: ad.endpoint().address,
        ENABLE_PROFILER: EnvValue.value('0'),
      },
      probes: {
        readiness: Probe.http('/_healthz', {
          initialDelay: Duration.seconds(10),
          ...cookie('x-readiness-probe'),
        }),
        liveness: Probe.http('/_healthz', {
          initialDelay: Duration.seconds(10),
          ...cookie('x-liveness-probe'),
        }),
      },
      podAnnotations: { 'sidecar.istio.io/rewriteAppHTTPProbers': 'true' },
      resources: resources(['100m', '200m'], ['64Mi', '128Mi']),
      ...(env.frontendReplicas > 1 && { availability: { maxUnavailable: 1 } }),
    });

    // The load generator serves nothing: no probe at all; it waits for the frontend first.
    const frontendAddress = frontend.endpoint().address;
    const loadgenerator = new Worker(this, 'loadgenerator', {
      image: `${REGISTRY}/loadgenerator:${VERSION}`,
      containerName: 'main',
      identity: { runAsUser: 1000 },
      selectorLabels: { app: 'loadgenerator' },
      probes: { readiness: false },
      dependencies: [{ target: frontend }],
      env: { FRONTEND_ADDR: frontendAddress, USERS: EnvValue.value('10'), RATE: EnvValue.value('1') },
      initContainers: [
        {
          name: 'frontend-check',
          image: 'busybox:1.38.0@sha256:fd8d9aa63ba2f0982b5304e1ee8d3b90a210bc1ffb5314d980eb6962f1a9715d',
          command: ['/bin/sh', '-exc', FRONTEND_CHECK],
          env: { FRONTEND_ADDR: frontendAddress },
        },
      ],
      podAnnotations: { 'sidecar.istio.io/rewriteAppHTTPProbers': 'true' },
      resources: resources(['300m', '500m'], ['256Mi', '512Mi']),
      ...grace,
    });
    // shipshape validate reads the opt-outs the Worker writes; checkov reads its own (the escape hatch).
    for (const [n, check] of [
      [1, 'CKV_K8S_8'],
      [2, 'CKV_K8S_9'],
    ] as const)
      loadgenerator.deployment.metadata.addAnnotation(
        `checkov.io/skip${n}`,
        `${check}=serves nothing, probes: { readiness: false }`,
      );
  }
}

/** Upstream's init container script: waits until the frontend answers 200. */
const FRONTEND_CHECK = `MAX_RETRIES=12
RETRY_INTERVAL=10
for i in $(seq 1 $MAX_RETRIES); do
  echo "Attempt $i: Pinging frontend: \${FRONTEND_ADDR}..."
  STATUSCODE=$(wget --server-response http://\${FRONTEND_ADDR} 2>&1 | awk '/^  HTTP/{print $2}')
  if [ $STATUSCODE -eq 200 ]; then
      echo "Frontend is reachable."
      exit 0
  fi
  echo "Error: Could not reach frontend - Status code: \${STATUSCODE}"
  sleep $RETRY_INTERVAL
done
echo "Failed to reach frontend after $MAX_RETRIES attempts."
exit 1
`;

export default defineApp({
  environments: Object.keys(ENVIRONMENTS),
  build(scope, env) {
    new Boutique(scope, 'online-boutique', ENVIRONMENTS[env ?? 'dev']!);
  },
  chart: () => ({
    appVersion: VERSION.slice(1),
    description: 'Online Boutique, migrated from its upstream manifests',
  }),
});
