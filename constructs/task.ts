import { Cron, Duration } from 'cdk8s';
import { k8s } from 'cdk8s-plus-27';
import type { Construct } from 'constructs';
import { _checkInt } from './_checks';
import { _cron } from './_cron';
import { _fail } from './_errors';
import { _lazy } from './_lazy';
import { Workload, type WorkloadProps } from './workload';

/** What a CronJob does when a run is due while the previous one still runs. */
export enum ConcurrencyPolicy {
  /** Run both. */
  ALLOW = 'Allow',
  /** Skip the new run. */
  FORBID = 'Forbid',
  /** Stop the old run and start the new one. */
  REPLACE = 'Replace',
}

/** Whether a failed container is restarted in place or the pod is replaced. */
export enum TaskRestartPolicy {
  /** Restart the container in the same pod. */
  ON_FAILURE = 'OnFailure',
  /** Replace the pod (keeps failed pods for inspection). */
  NEVER = 'Never',
}

/** Props of a {@link Task}. */
export interface TaskProps extends WorkloadProps {
  /**
   * Cron schedule (`*\/15 * * * *`, `@hourly`) or a cdk8s `Cron`; set, the task is a CronJob.
   * @default - a one-off Job
   */
  readonly schedule?: string | Cron;
  /**
   * IANA time zone of the schedule, e.g. `Europe/Berlin`.
   * @default - the controller's time zone (UTC on most clusters)
   */
  readonly timeZone?: string;
  /**
   * Overlapping runs of a CronJob.
   * @default ConcurrencyPolicy.FORBID
   */
  readonly concurrencyPolicy?: ConcurrencyPolicy;
  /**
   * Retries before the Job fails.
   * @default 3
   */
  readonly backoffLimit?: number;
  /**
   * Hard time limit of one run.
   * @default - none
   */
  readonly activeDeadline?: Duration;
  /**
   * Deadline for starting a missed CronJob run.
   * @default - none
   */
  readonly startingDeadline?: Duration;
  /**
   * Delete a finished Job (and its pods) after this long.
   * @default Duration.hours(24)
   */
  readonly ttlAfterFinished?: Duration;
  /**
   * Successful Jobs a CronJob keeps.
   * @default 3
   */
  readonly successfulJobsHistoryLimit?: number;
  /**
   * Failed Jobs a CronJob keeps.
   * @default 1
   */
  readonly failedJobsHistoryLimit?: number;
  /**
   * Restart policy of the pod.
   * @default TaskRestartPolicy.ON_FAILURE
   */
  readonly restartPolicy?: TaskRestartPolicy;
  /**
   * Successful pods needed.
   * @default 1
   */
  readonly completions?: number;
  /**
   * Pods run in parallel.
   * @default 1
   */
  readonly parallelism?: number;
  /**
   * Create the CronJob suspended.
   * @default false
   */
  readonly suspend?: boolean;
}

const TIME_ZONE = /^[A-Za-z][A-Za-z0-9_+-]*(\/[A-Za-z0-9_+-]+)*$/;

/**
 * Batch work (the seeds' "serverless tasks"): a Job, or a CronJob when it has a schedule, with the
 * same security, resource and dependency model as services (no ports, no probes).
 */
export class Task extends Workload {
  /** Whether the task runs on a schedule. */
  public readonly scheduled: boolean;

  constructor(scope: Construct, id: string, props: TaskProps) {
    // 52: the CronJob controller appends an 11-character suffix to Job names.
    super(scope, id, props, { maxNameLength: props.schedule === undefined ? 63 : 52, serviceName: false });
    const schedule = props.schedule instanceof Cron ? props.schedule.expressionString : props.schedule;
    const restartPolicy = props.restartPolicy ?? TaskRestartPolicy.ON_FAILURE;
    const backoffLimit = props.backoffLimit ?? 3;
    const completions = props.completions ?? 1;
    const parallelism = props.parallelism ?? 1;
    const ttl = props.ttlAfterFinished ?? Duration.hours(24);
    this.scheduled = schedule !== undefined;

    _checkInt(this, 'backoffLimit', backoffLimit, 0);
    _checkInt(this, 'completions', completions, 1);
    _checkInt(this, 'parallelism', parallelism, 1);
    if (!Object.values(TaskRestartPolicy).includes(restartPolicy)) {
      _fail(
        this,
        'restartPolicy',
        `must be one of ${Object.values(TaskRestartPolicy).join(', ')}`,
        restartPolicy,
      );
    }
    if (props.activeDeadline !== undefined && props.activeDeadline.toSeconds() < 1) {
      _fail(this, 'activeDeadline', 'must be at least 1 second', props.activeDeadline.toSeconds());
    }
    if (schedule === undefined) {
      for (const p of [
        'timeZone',
        'concurrencyPolicy',
        'startingDeadline',
        'successfulJobsHistoryLimit',
        'failedJobsHistoryLimit',
        'suspend',
      ] as const) {
        if (props[p] !== undefined)
          _fail(this, p, "must only be set with 'schedule' (a CronJob)", props[p] as unknown);
      }
    } else {
      _cron(this, 'schedule', schedule);
      if (props.timeZone !== undefined && !TIME_ZONE.test(props.timeZone))
        _fail(this, 'timeZone', "must be an IANA time zone such as 'Europe/Berlin'", props.timeZone);
      if (
        props.concurrencyPolicy !== undefined &&
        !Object.values(ConcurrencyPolicy).includes(props.concurrencyPolicy)
      ) {
        _fail(
          this,
          'concurrencyPolicy',
          `must be one of ${Object.values(ConcurrencyPolicy).join(', ')}`,
          props.concurrencyPolicy,
        );
      }
      if (props.startingDeadline !== undefined && props.startingDeadline.toSeconds() < 10) {
        _fail(
          this,
          'startingDeadline',
          'must be at least 10 seconds (the controller checks every 10 s)',
          props.startingDeadline.toSeconds(),
        );
      }
      _checkInt(this, 'successfulJobsHistoryLimit', props.successfulJobsHistoryLimit ?? 3, 0);
      _checkInt(this, 'failedJobsHistoryLimit', props.failedJobsHistoryLimit ?? 1, 0);
    }
    this._commit([[schedule === undefined ? 'Job' : 'CronJob', this.name]]);

    const jobSpec = (): k8s.JobSpec => ({
      backoffLimit,
      completions,
      parallelism,
      activeDeadlineSeconds: props.activeDeadline?.toSeconds(),
      ttlSecondsAfterFinished: ttl.toSeconds(),
      template: this._podTemplate(undefined, restartPolicy),
    });
    const metadata = this._workloadMetadata;
    if (schedule === undefined) {
      new k8s.KubeJob(this, 'job', { metadata, spec: _lazy(jobSpec) });
    } else {
      new k8s.KubeCronJob(this, 'cronjob', {
        metadata,
        spec: {
          schedule,
          timeZone: props.timeZone,
          concurrencyPolicy: props.concurrencyPolicy ?? ConcurrencyPolicy.FORBID,
          startingDeadlineSeconds: props.startingDeadline?.toSeconds(),
          successfulJobsHistoryLimit: props.successfulJobsHistoryLimit ?? 3,
          failedJobsHistoryLimit: props.failedJobsHistoryLimit ?? 1,
          suspend: props.suspend,
          jobTemplate: { metadata: { labels: { ...this._labels } }, spec: _lazy(jobSpec) },
        },
      });
    }
  }
}
