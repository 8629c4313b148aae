import { Duration } from 'cdk8s';
import {
  CanaryStep,
  Delivery,
  Microservice,
  type MicroserviceProps,
  type SystemProps,
} from '../../constructs';
import {
  canary,
  errorOf,
  find,
  monitored,
  newSystem,
  ofKind,
  synth,
  web,
  type Obj,
  webFailure as failure,
  without,
} from './_helpers';

// A service delivered by Argo Rollouts: the Rollout references the Deployment shipshape emits, which keeps the
// pod template and runs no pods; the analysis reads the service's Prometheus metrics.

function objectsOf(props: MicroserviceProps, system: Partial<SystemProps> = monitored): Obj[] {
  const { system: s } = newSystem(system);
  new Microservice(s, 'web', props);
  return synth(s);
}

describe('a canary delivery', () => {
  test('runs the pods from a Rollout that references the Deployment, which keeps the template and 0 replicas', () => {
    // GIVEN a canary with every kind of step
    const delivery = canary(
      CanaryStep.setWeight(25),
      CanaryStep.analysis(),
      CanaryStep.pause(Duration.minutes(2)),
      CanaryStep.setWeight(50),
      CanaryStep.awaitPromotion(),
    );
    // WHEN
    const objects = objectsOf({ ...web, delivery });
    // THEN
    const deployment = find(objects, 'Deployment', 'web');
    expect(deployment.spec.replicas).toBe(0);
    expect(deployment.spec.template.spec.containers[0].image).toBe('example/web:1.0.0');
    const rollout = find(objects, 'Rollout', 'web');
    expect(rollout.apiVersion).toBe('argoproj.io/v1alpha1');
    expect(rollout.spec).toEqual({
      replicas: 4,
      revisionHistoryLimit: 5,
      selector: {
        matchLabels: { 'app.kubernetes.io/name': 'web', 'app.kubernetes.io/instance': 'delinkcious' },
      },
      workloadRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web', scaleDown: 'onsuccess' },
      progressDeadlineSeconds: 600,
      progressDeadlineAbort: true,
      strategy: {
        canary: {
          maxSurge: 1,
          maxUnavailable: 0,
          steps: [
            { setWeight: 25 },
            {
              analysis: {
                templates: [{ templateName: 'web' }],
                args: [{ name: 'pod-template-hash', valueFrom: { podTemplateHashValue: 'Latest' } }],
              },
            },
            { pause: { duration: '2m' } },
            { setWeight: 50 },
            { pause: {} },
          ],
        },
      },
    });
    expect(rollout.metadata.labels).toEqual(deployment.metadata.labels);
    expect(objects.map((o) => `${o.kind}/${o.metadata.name}`)).toEqual(
      expect.arrayContaining(['AnalysisTemplate/web', 'ServiceMonitor/web']),
    );
  });

  test('queries the success rate and latency of the new pods only, from the System Prometheus', () => {
    // GIVEN a canary analyzed with custom metric names and thresholds
    const delivery = Delivery.canary({
      steps: [CanaryStep.setWeight(25), CanaryStep.analysis()],
      analysis: {
        requestsMetric: 'grpc_server_handled_total',
        statusLabel: 'grpc_code',
        errorStatus: 'Internal|Unavailable',
        minSuccessRate: 0.995,
        latencyMetric: 'grpc_server_handling_seconds',
        latencyQuantile: 0.9,
        maxLatency: Duration.millis(250),
        interval: Duration.seconds(30),
        count: 4,
        failureLimit: 2,
      },
    });
    // WHEN
    const objects = objectsOf(
      { ...web, delivery, metrics: { interval: '15s' } },
      { monitoring: { serviceMonitors: true, prometheusUrl: 'http://prom.obs.svc:9090' } },
    );
    // THEN
    const template = find(objects, 'AnalysisTemplate', 'web');
    const sel =
      'namespace="delinkcious",service="web",rollouts_pod_template_hash="{{args.pod-template-hash}}"';
    const common = {
      initialDelay: '1m',
      interval: '30s',
      count: 4,
      failureLimit: 2,
    };
    const data = 'len(result) > 0 && !isNaN(result[0])';
    expect(template.spec).toEqual({
      args: [{ name: 'pod-template-hash' }],
      metrics: [
        {
          name: 'success-rate',
          ...common,
          successCondition: `${data} && result[0] >= 0.995`,
          failureCondition: `${data} && result[0] < 0.995`,
          provider: {
            prometheus: {
              address: 'http://prom.obs.svc:9090',
              query:
                `1 - (sum(rate(grpc_server_handled_total{${sel},grpc_code=~"Internal|Unavailable"}[1m])) or vector(0)) / ` +
                `sum(rate(grpc_server_handled_total{${sel}}[1m]))`,
            },
          },
        },
        {
          name: 'latency-p90',
          ...common,
          successCondition: `${data} && result[0] <= 0.25`,
          failureCondition: `${data} && result[0] > 0.25`,
          provider: {
            prometheus: {
              address: 'http://prom.obs.svc:9090',
              query: `histogram_quantile(0.9, sum by (le) (rate(grpc_server_handling_seconds_bucket{${sel}}[1m])))`,
            },
          },
        },
      ],
    });
    // the series carry the revision's pod template hash through the ServiceMonitor
    expect(find(objects, 'ServiceMonitor', 'web').spec.podTargetLabels).toEqual([
      'rollouts-pod-template-hash',
    ]);
  });

  test('defaults the Prometheus address to the Operator Service of the monitoring namespace; no latency when asked', () => {
    // GIVEN a canary analyzed without a latency metric
    const delivery = Delivery.canary({
      steps: [CanaryStep.setWeight(50), CanaryStep.analysis()],
      analysis: { latencyMetric: '', errorStatus: '5\\d"x' },
    });
    // WHEN
    const template = find(objectsOf({ ...web, delivery }), 'AnalysisTemplate', 'web');
    // THEN one metric, its regular expression escaped for PromQL, the default address and 2m window
    expect(template.spec.metrics.map((m: { name: string }) => m.name)).toEqual(['success-rate']);
    expect(template.spec.metrics[0].provider.prometheus.address).toBe(
      'http://prometheus-operated.monitoring.svc:9090',
    );
    expect(template.spec.metrics[0].provider.prometheus.query).toContain('code=~"5\\\\d\\"x"}[2m]');
    expect(template.spec.metrics[0].initialDelay).toBe('2m');
  });

  test('runs a background analysis from the first step when asked', () => {
    // GIVEN / WHEN
    const delivery = Delivery.canary({
      steps: [CanaryStep.setWeight(50), CanaryStep.pause(Duration.seconds(90))],
      backgroundAnalysis: true,
      progressDeadline: Duration.minutes(3),
    });
    const rollout = find(objectsOf({ ...web, delivery }), 'Rollout', 'web');
    // THEN
    expect(rollout.spec.strategy.canary.analysis).toEqual({
      templates: [{ templateName: 'web' }],
      args: [{ name: 'pod-template-hash', valueFrom: { podTemplateHashValue: 'Latest' } }],
    });
    expect(rollout.spec.strategy.canary.steps).toEqual([{ setWeight: 50 }, { pause: { duration: '90s' } }]);
    expect(rollout.spec.progressDeadlineSeconds).toBe(180);
  });

  test('without an analysis, emits no AnalysisTemplate and leaves the ServiceMonitor as it is', () => {
    // GIVEN / WHEN
    const objects = objectsOf({ ...web, delivery: canary(CanaryStep.setWeight(50)) });
    // THEN
    expect(ofKind(objects, 'AnalysisTemplate')).toEqual([]);
    expect(find(objects, 'ServiceMonitor', 'web').spec.podTargetLabels).toBeUndefined();
  });

  test('lets the HPA scale the Rollout, and paces the canary with rollingUpdate', () => {
    // GIVEN an autoscaled service
    const rest = without(web, 'replicas');
    const objects = objectsOf({
      ...rest,
      autoscaling: { minReplicas: 4, maxReplicas: 8 },
      rollingUpdate: { maxSurge: '25%', maxUnavailable: 1 },
      delivery: canary(CanaryStep.setWeight(25)),
    });
    // THEN the HPA targets the Rollout, which leaves its replicas to it
    expect(find(objects, 'HorizontalPodAutoscaler', 'web').spec.scaleTargetRef).toEqual({
      apiVersion: 'argoproj.io/v1alpha1',
      kind: 'Rollout',
      name: 'web',
    });
    const rollout = find(objects, 'Rollout', 'web');
    expect(rollout.spec.replicas).toBeUndefined();
    expect(rollout.spec.strategy.canary).toMatchObject({ maxSurge: '25%', maxUnavailable: 1 });
    expect(find(objects, 'Deployment', 'web').spec.replicas).toBe(0);
  });
});

describe('a blue-green delivery', () => {
  test('switches the main Service after the preview, scraping preview pods through the preview Service only', () => {
    // GIVEN a blue-green delivery with an analysis before the switch
    const objects = objectsOf({
      ...web,
      extraServices: [
        { suffix: 'public', ports: ['http'], type: 'LoadBalancer' as never, sources: { anywhere: true } },
      ],
      delivery: Delivery.blueGreen({
        analysis: { count: 2 },
        autoPromotionDelay: Duration.minutes(1),
        previewReplicas: 1,
      }),
    });
    // THEN
    const rollout = find(objects, 'Rollout', 'web');
    expect(rollout.spec.strategy).toEqual({
      blueGreen: {
        activeService: 'web',
        previewService: 'web-preview',
        autoPromotionEnabled: true,
        autoPromotionSeconds: 60,
        scaleDownDelaySeconds: 30,
        previewReplicaCount: 1,
        activeMetadata: { labels: { 'shipshape.io/rollout-role': 'active' } },
        previewMetadata: { labels: { 'shipshape.io/rollout-role': 'preview' } },
        prePromotionAnalysis: {
          templates: [{ templateName: 'web' }],
          args: [{ name: 'pod-template-hash', valueFrom: { podTemplateHashValue: 'Latest' } }],
        },
      },
    });
    const preview = find(objects, 'Service', 'web-preview');
    expect(preview.spec).toEqual({
      type: 'ClusterIP',
      selector: find(objects, 'Service', 'web').spec.selector,
      ports: find(objects, 'Service', 'web').spec.ports,
    });
    expect(preview.metadata.labels?.['shipshape.io/extra-service']).toBe('preview');
    const monitor = find(objects, 'ServiceMonitor', 'web');
    expect(monitor.spec.selector.matchExpressions).toEqual([
      { key: 'shipshape.io/extra-service', operator: 'NotIn', values: ['public'] },
    ]);
    expect(monitor.spec.endpoints[0].relabelings).toEqual([
      {
        action: 'drop',
        sourceLabels: [
          '__meta_kubernetes_service_label_shipshape_io_extra_service',
          '__meta_kubernetes_pod_label_shipshape_io_rollout_role',
        ],
        regex: 'preview;(active)?',
      },
    ]);
    expect(find(objects, 'AnalysisTemplate', 'web').spec.metrics[0].provider.prometheus.query).toContain(
      'service="web-preview"',
    );
  });

  test('waits for a promotion when asked, and refuses what cannot work', () => {
    // GIVEN / WHEN
    const rollout = find(
      objectsOf({ ...web, delivery: Delivery.blueGreen({ autoPromotion: false }) }),
      'Rollout',
      'web',
    );
    // THEN
    expect(rollout.spec.strategy.blueGreen.autoPromotionEnabled).toBe(false);
    expect(rollout.spec.strategy.blueGreen.prePromotionAnalysis).toBeUndefined();
    expect(
      failure({
        delivery: Delivery.blueGreen({ autoPromotion: false, autoPromotionDelay: Duration.seconds(30) }),
      }),
    ).toBe(
      "Delinkcious/web: 'delivery.autoPromotionDelay' must not be set with 'autoPromotion: false': nothing promotes by itself (got '30 seconds')",
    );
    expect(failure({ rollingUpdate: { maxSurge: 2 }, delivery: Delivery.blueGreen() })).toBe(
      'Delinkcious/web: \'rollingUpdate\' must not be set with a blue-green delivery: it starts all the new pods at once (got {"maxSurge":2})',
    );
    expect(failure({ delivery: Delivery.blueGreen({ previewReplicas: 0 }) })).toBe(
      "Delinkcious/web: 'delivery.previewReplicas' must be >= 1 (got 0)",
    );
  });

  test('claims the preview Service name', () => {
    // GIVEN a service already named like the preview
    const { system } = newSystem(monitored);
    new Microservice(system, 'web-preview', web);
    // WHEN / THEN
    expect(errorOf(() => new Microservice(system, 'web', { ...web, delivery: Delivery.blueGreen() }))).toBe(
      "Delinkcious/web: 'delivery' must be unique among the Service objects of the system, but Delinkcious/web-preview already uses it (got 'web-preview')",
    );
  });
});
