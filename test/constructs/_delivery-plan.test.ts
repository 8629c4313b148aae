import { Duration } from 'cdk8s';
import { CanaryStep, Delivery, Microservice, type MicroserviceProps } from '../../constructs';
import { _goDuration, _goSeconds } from '../../constructs/_delivery-plan';
import { canary, errorOf, monitored, newSystem, web, webFailure as failure, without } from './_helpers';

// What a delivery refuses, through the Microservice that resolves it: each message names the prop the caller wrote.

describe('_planDelivery', () => {
  test.each<[string, Partial<MicroserviceProps>, string]>([
    [
      'a delivery that is not one',
      { delivery: { steps: [] } as unknown as Delivery },
      'Delinkcious/web: \'delivery\' must be a Delivery (got {"steps":[]}). Use Delivery.canary({ steps: [...] }) or Delivery.blueGreen()',
    ],
    [
      'no steps',
      { delivery: canary() },
      "Delinkcious/web: 'delivery.steps' must list at least one step: a canary without steps is a rolling update (got []). Use e.g. [CanaryStep.setWeight(20), CanaryStep.pause(Duration.minutes(5))], or remove 'delivery'",
    ],
    [
      'a weight over 100',
      { delivery: canary(CanaryStep.setWeight(120)) },
      "Delinkcious/web: 'delivery.steps[0]' must set a weight that is an integer from 1 to 100 (got 120)",
    ],
    [
      'a weight that is not an integer',
      { delivery: canary(CanaryStep.setWeight(12.5)) },
      "Delinkcious/web: 'delivery.steps[0]' must set a weight that is an integer from 1 to 100 (got 12.5)",
    ],
    [
      'a weight below the previous one',
      {
        delivery: canary(
          CanaryStep.setWeight(50),
          CanaryStep.pause(Duration.seconds(10)),
          CanaryStep.setWeight(25),
        ),
      },
      "Delinkcious/web: 'delivery.steps[2]' must set a weight above the previous one ('delivery.steps[0]' sets 50): a canary only grows (got 25). Drop the step, or abort and start over to shrink the canary",
    ],
    [
      'a pause without a duration',
      { delivery: canary(CanaryStep.setWeight(50), CanaryStep.pause(undefined as unknown as Duration)) },
      "Delinkcious/web: 'delivery.steps[1]' must wait for a duration: a pause without one has no promotion path (got undefined). Use CanaryStep.pause(Duration.minutes(5)), or CanaryStep.awaitPromotion() to wait for a person",
    ],
    [
      'a pause shorter than a second',
      { delivery: canary(CanaryStep.setWeight(50), CanaryStep.pause(Duration.millis(500))) },
      "Delinkcious/web: 'delivery.steps[1]' must be a whole number of seconds (got '500 millis')",
    ],
    [
      'a step that is not one',
      { delivery: Delivery.canary({ steps: [{ setWeight: 20 } as unknown as CanaryStep] }) },
      'Delinkcious/web: \'delivery.steps[0]\' must be a CanaryStep (got {"setWeight":20}). Use CanaryStep.setWeight(20), .pause(d), .awaitPromotion() or .analysis()',
    ],
    [
      'an unknown canary option',
      { delivery: Delivery.canary({ steps: [CanaryStep.setWeight(5)], stepz: [] } as never) },
      "Delinkcious/web: 'delivery.stepz' is not a prop of CanaryOptions (got []). Did you mean 'steps'?",
    ],
    [
      'analysis options no step runs',
      { delivery: Delivery.canary({ steps: [CanaryStep.setWeight(50)], analysis: { count: 3 } }) },
      "Delinkcious/web: 'delivery.analysis' must be run by a step or 'backgroundAnalysis': no step analyzes the canary (got {\"count\":3}). Add CanaryStep.analysis() to 'steps', set 'backgroundAnalysis: true', or remove 'analysis'",
    ],
    [
      'a failure limit that can never be reached',
      {
        delivery: Delivery.canary({
          steps: [CanaryStep.setWeight(50), CanaryStep.analysis()],
          analysis: { count: 2, failureLimit: 2 },
        }),
      },
      "Delinkcious/web: 'delivery.analysis.failureLimit' must be below 'count' (2): the analysis could never fail (got 2)",
    ],
    [
      'a success rate above 1',
      {
        delivery: Delivery.canary({
          steps: [CanaryStep.setWeight(50), CanaryStep.analysis()],
          analysis: { minSuccessRate: 99 },
        }),
      },
      "Delinkcious/web: 'delivery.analysis.minSuccessRate' must be a number above 0 and at most 1 (got 99)",
    ],
    [
      'a metric name PromQL cannot read',
      {
        delivery: Delivery.canary({
          steps: [CanaryStep.setWeight(50), CanaryStep.analysis()],
          analysis: { requestsMetric: 'http-requests' },
        }),
      },
      "Delinkcious/web: 'delivery.analysis.requestsMetric' must be a Prometheus metric name (got 'http-requests')",
    ],
    [
      'an error pattern that is no regular expression',
      {
        delivery: Delivery.canary({
          steps: [CanaryStep.setWeight(50), CanaryStep.analysis()],
          analysis: { errorStatus: '5(' },
        }),
      },
      "Delinkcious/web: 'delivery.analysis.errorStatus' must be a non-empty regular expression (got '5(')",
    ],
  ])('refuses %s', (_what, props, message) => {
    // GIVEN a monitored service / WHEN the delivery is bad / THEN it fails naming the prop
    expect(failure(props)).toBe(message);
  });

  test('refuses an analysis of a service without metrics, or in a System without ServiceMonitors', () => {
    // GIVEN / WHEN / THEN
    const bare = without(web, 'metrics');
    const { system } = newSystem(monitored);
    expect(
      errorOf(
        () =>
          new Microservice(system, 'web', {
            ...bare,
            delivery: canary(CanaryStep.setWeight(50), CanaryStep.analysis()),
          }),
      ),
    ).toBe(
      "Delinkcious/web: 'delivery.steps[1]' must not analyze a service without metrics: the analysis reads the Prometheus metrics it exposes (got 'analysis'). Declare 'metrics' on the service, or remove the analysis",
    );
    expect(failure({ delivery: canary(CanaryStep.setWeight(50), CanaryStep.analysis()) }, {})).toBe(
      "Delinkcious/web: 'delivery.steps[1]' must not analyze a service of a System without ServiceMonitors: the new pods' series are told apart by the pod label its ServiceMonitor copies (got 'analysis'). Set 'monitoring: { serviceMonitors: true }' on the System",
    );
    expect(
      failure(
        { delivery: Delivery.canary({ steps: [CanaryStep.setWeight(50)], backgroundAnalysis: true }) },
        {},
      ),
    ).toMatch(
      /^Delinkcious\/web: 'delivery.backgroundAnalysis' must not analyze a service of a System without/,
    );
  });

  test('refuses weights the replicas cannot express without a traffic router', () => {
    // GIVEN 2 replicas, where 10 and 20 both run 1 canary and 2 stable pods (a surge pod included)
    expect(
      failure({
        replicas: 2,
        delivery: canary(
          CanaryStep.setWeight(10),
          CanaryStep.pause(Duration.seconds(5)),
          CanaryStep.setWeight(20),
        ),
      }),
    ).toBe(
      "Delinkcious/web: 'delivery.steps[2]' must change the split of the 2 replica(s): 'delivery.steps[0]' already runs 1 canary and 2 stable pod(s) (got 20). Without a traffic router weights are shares of the pods: raise 'replicas' or drop the step",
    );
    // one replica without a surge: every weight puts the only pod on the canary
    expect(
      failure({
        replicas: 1,
        rollingUpdate: { maxSurge: 0, maxUnavailable: 1 },
        delivery: canary(CanaryStep.setWeight(50)),
      }),
    ).toBe(
      "Delinkcious/web: 'delivery.steps[0]' must leave stable pods: with 1 replica(s) a weight of 50 runs every pod on the canary (got 50). Without a traffic router weights are shares of the pods: raise 'replicas' or drop the step",
    );
    // the HPA minimum is the floor it is checked against
    const rest = without(web, 'replicas');
    expect(
      failure({
        ...rest,
        replicas: undefined,
        autoscaling: { minReplicas: 2, maxReplicas: 9 },
        delivery: canary(CanaryStep.setWeight(10), CanaryStep.setWeight(20)),
      }),
    ).toMatch(/raise 'autoscaling.minReplicas' or drop the step$/);
  });
});

describe('Go durations', () => {
  test('reads a ServiceMonitor interval and writes whole seconds in the largest unit', () => {
    // GIVEN / WHEN / THEN
    expect(_goSeconds('30s')).toBe(30);
    expect(_goSeconds('1m30s')).toBe(90);
    expect(_goSeconds('1.5h')).toBe(5400);
    expect(_goSeconds('500ms')).toBe(0.5);
    expect([1, 60, 90, 120, 3600, 5400].map(_goDuration)).toEqual(['1s', '1m', '90s', '2m', '1h', '90m']);
  });
});
