import { Node } from 'constructs';
import { Cron, Duration } from 'cdk8s';
import {
  ConcurrencyPolicy,
  Microservice,
  Protocol,
  StatefulService,
  Task,
  TaskRestartPolicy,
  type TaskProps,
} from '../../constructs';
import { errorOf, find, newSystem, ofKind, synth } from './_helpers';

const checker: TaskProps = { image: 'g1g1/delinkcious-link-checker:0.1', args: ['--all'] };

describe('Task', () => {
  test('without a schedule it is a Job with backoff, deadline and TTL', () => {
    // GIVEN
    const { system } = newSystem();
    // WHEN
    new Task(system, 'migrate', {
      ...checker,
      backoffLimit: 1,
      activeDeadline: Duration.minutes(5),
      restartPolicy: TaskRestartPolicy.NEVER,
    });
    const objects = synth(system);
    // THEN
    expect(objects).toMatchSnapshot();
    const job = find(objects, 'Job', 'migrate');
    expect(job.spec).toMatchObject({
      backoffLimit: 1,
      activeDeadlineSeconds: 300,
      ttlSecondsAfterFinished: 86400,
      completions: 1,
      parallelism: 1,
    });
    expect(job.spec.template.spec.restartPolicy).toBe('Never');
    expect(job.spec.template.spec.containers[0].readinessProbe).toBeUndefined();
    expect(ofKind(objects, 'CronJob')).toEqual([]);
  });

  test('with a schedule it is a CronJob that forbids overlapping runs by default', () => {
    // GIVEN
    const { system } = newSystem();
    // WHEN
    new Task(system, 'link-checker', {
      ...checker,
      schedule: '*/30 * * * *',
      timeZone: 'Europe/Berlin',
      startingDeadline: Duration.minutes(2),
    });
    new Task(system, 'nightly', {
      ...checker,
      schedule: Cron.daily(),
      concurrencyPolicy: ConcurrencyPolicy.REPLACE,
      successfulJobsHistoryLimit: 1,
    });
    const objects = synth(system);
    // THEN
    const cron = find(objects, 'CronJob', 'link-checker');
    expect(cron.spec).toMatchObject({
      schedule: '*/30 * * * *',
      timeZone: 'Europe/Berlin',
      concurrencyPolicy: 'Forbid',
      startingDeadlineSeconds: 120,
      successfulJobsHistoryLimit: 3,
      failedJobsHistoryLimit: 1,
    });
    expect(cron.spec.jobTemplate.spec.template.spec.restartPolicy).toBe('OnFailure');
    expect(find(objects, 'CronJob', 'nightly').spec).toMatchObject({
      schedule: '0 0 * * *',
      concurrencyPolicy: 'Replace',
      successfulJobsHistoryLimit: 1,
    });
  });

  test('reaches its dependencies: env vars and egress', () => {
    // GIVEN
    const { system } = newSystem();
    const links = new Microservice(system, 'link-manager', {
      image: 'g1g1/delinkcious-link:0.3',
      ports: [{ name: 'http', port: 8080 }],
    });
    const nats = new StatefulService(system, 'nats', {
      image: 'nats:2.10.7-alpine',
      ports: [{ name: 'client', port: 4222, protocol: Protocol.TCP }],
      storage: { size: '1Gi', mountPath: '/data' },
    });
    // WHEN
    new Task(system, 'link-checker', {
      ...checker,
      schedule: '@hourly',
      dependencies: [{ target: links }, { target: nats }],
    });
    const objects = synth(system);
    // THEN
    const pod = find(objects, 'CronJob', 'link-checker').spec.jobTemplate.spec.template.spec;
    expect(pod.containers[0].env.map((e: { name: string }) => e.name)).toEqual([
      'LINK_MANAGER_SERVICE_HOST',
      'LINK_MANAGER_SERVICE_PORT',
      'LINK_MANAGER_SERVICE_PORT_HTTP',
      'NATS_SERVICE_HOST',
      'NATS_SERVICE_PORT',
      'NATS_SERVICE_PORT_CLIENT',
    ]);
    const np = find(objects, 'NetworkPolicy', 'link-checker').spec;
    expect(np.ingress).toBeUndefined();
    expect(np.egress.map((r: { ports: { port: number }[] }) => r.ports[0].port)).toEqual([8080, 4222]);
  });

  describe('refuses bad input', () => {
    const cases: [string, Partial<TaskProps>, string][] = [
      [
        'six fields',
        { schedule: '0 * * * * *' },
        "Delinkcious/task: 'schedule' must have 5 fields: minute hour day-of-month month day-of-week (got '0 * * * * *')",
      ],
      [
        'minute 60',
        { schedule: '60 * * * *' },
        "Delinkcious/task: 'schedule' has an invalid minute field: '60' is outside 0-59 (got '60 * * * *')",
      ],
      [
        'bad step',
        { schedule: '*/0 * * * *' },
        "Delinkcious/task: 'schedule' has an invalid minute field: bad step in '*/0' (got '*/0 * * * *')",
      ],
      [
        'reversed range',
        { schedule: '0 5-2 * * *' },
        "Delinkcious/task: 'schedule' has an invalid hour field: range '5-2' is reversed (got '0 5-2 * * *')",
      ],
      [
        'unknown macro',
        { schedule: '@fortnightly' },
        "Delinkcious/task: 'schedule' must be one of @yearly, @annually, @monthly, @weekly, @daily, @midnight, @hourly when it starts with @ (got '@fortnightly')",
      ],
      [
        'TZ in schedule',
        { schedule: 'TZ=UTC 0 * * * *' },
        "Delinkcious/task: 'schedule' must not set a time zone in the schedule (got 'TZ=UTC 0 * * * *'). Use the 'timeZone' prop",
      ],
      [
        'cron-only prop on a Job',
        { concurrencyPolicy: ConcurrencyPolicy.ALLOW },
        "Delinkcious/task: 'concurrencyPolicy' must only be set with 'schedule' (a CronJob) (got 'Allow')",
      ],
      ['negative backoff', { backoffLimit: -1 }, "Delinkcious/task: 'backoffLimit' must be >= 0 (got -1)"],
      [
        'short starting deadline',
        { schedule: '@daily', startingDeadline: Duration.seconds(5) },
        "Delinkcious/task: 'startingDeadline' must be at least 10 seconds (the controller checks every 10 s) (got '5 seconds')",
      ],
      [
        'cronjob name too long',
        { schedule: '@daily', name: 'x'.repeat(53) },
        `Delinkcious/task: 'name' must be at most 52 characters (got '${'x'.repeat(53)}')`,
      ],
      [
        'bad time zone',
        { schedule: '@daily', timeZone: 'UTC+1 hour' },
        "Delinkcious/task: 'timeZone' must be an IANA time zone such as 'Europe/Berlin' (got 'UTC+1 hour')",
      ],
    ];
    test.each(cases)('%s', (_name, props, message) => {
      // GIVEN
      const { system } = newSystem();
      // WHEN / THEN
      expect(errorOf(() => new Task(system, 'task', { ...checker, ...props }))).toBe(message);
    });

    test.each(['0 0 1 JAN *', '15,45 8-18/2 ? * MON-FRI', '@midnight', '0 0 * * 7'])(
      'accepts %s',
      (schedule) => {
        // GIVEN
        const { system } = newSystem();
        // WHEN
        new Task(system, 'task', { ...checker, schedule });
        // THEN
        expect(find(synth(system), 'CronJob', 'task').spec.schedule).toBe(schedule);
      },
    );
  });
});

describe('cdk8s conventions (issue 18)', () => {
  test('Node.of(task).defaultChild is its Job, or its CronJob when scheduled', () => {
    // GIVEN / WHEN
    const { system } = newSystem();
    const once = new Task(system, 'once', { image: 'busybox:1.36.1' });
    const cron = new Task(system, 'cron', { image: 'busybox:1.36.1', schedule: '@daily' });
    // THEN
    expect(Node.of(once).defaultChild).toBe(once.job);
    expect(Node.of(cron).defaultChild).toBe(cron.cronJob);
  });
});
