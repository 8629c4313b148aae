import { Cron, type Duration } from 'cdk8s';
import { k8s } from 'cdk8s-plus-27';
import type { Construct } from 'constructs';
import { _checkInt } from './_checks';
import { _cron } from './_cron';
import { _declareWorkloadValues } from './_builtin-values';
import { _defined } from './_defined';
import { _fail } from './_errors';

import { _lazy } from './_lazy';
import { _NO_PROBES } from './_probe-plan';
import { _boolean, _seconds, _enumOr } from './_types';
import { _planWorkload, _workloadBase } from './_workload-plan';
import { isIanaTimeZone } from './names';
import { _WORKLOAD_KEYS, Workload, type WorkloadProps } from './workload';
import { _keys } from './_keys';

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

const KEYS = _keys(
  'TaskProps',
  [
    ..._WORKLOAD_KEYS,
    'schedule',
    'timeZone',
    'concurrencyPolicy',
    'backoffLimit',
    'activeDeadline',
    'startingDeadline',
    'ttlAfterFinished',
    'successfulJobsHistoryLimit',
    'failedJobsHistoryLimit',
    'restartPolicy',
    'completions',
    'parallelism',
    'suspend',
  ],
  'Task',
);

/**
 * Batch work (the seeds' "serverless tasks"): a Job, or a CronJob when it has a schedule, with the
 * same security, resource and dependency model as services (no ports, no probes).
 */
export class Task extends Workload {
  /** Whether the task runs on a schedule. */
  public readonly scheduled: boolean;
  /** Escape hatch: the Job of a one-off task. */
  public readonly job?: k8s.KubeJob;
  /** Escape hatch: the CronJob of a scheduled task. */
  public readonly cronJob?: k8s.KubeCronJob;

  constructor(scope: Construct, id: string, props: TaskProps) {
    const scheduled = typeof props === 'object' && props !== null && props.schedule !== undefined;
    // 52: the CronJob controller appends an 11-character suffix to Job names.
    const base = _workloadBase(scope, id, props, {
      maxNameLength: scheduled ? 52 : 63,
      serviceName: false,
      keys: KEYS,
    });
    const { at, name } = base;
    const p = base.props as TaskProps;
    const schedule = p.schedule instanceof Cron ? p.schedule.expressionString : p.schedule;
    const restartPolicy = _enumOr(
      at,
      'restartPolicy',
      p.restartPolicy,
      TaskRestartPolicy,
      TaskRestartPolicy.ON_FAILURE,
    );
    const backoffLimit = p.backoffLimit ?? 3;
    const completions = p.completions ?? 1;
    const parallelism = p.parallelism ?? 1;
    _checkInt(at, 'backoffLimit', backoffLimit, 0);
    _checkInt(at, 'completions', completions, 1);
    _checkInt(at, 'parallelism', parallelism, 1);
    const ttl =
      p.ttlAfterFinished === undefined ? 86400 : _seconds(at, 'ttlAfterFinished', p.ttlAfterFinished, 0);
    const activeDeadline =
      p.activeDeadline === undefined ? undefined : _seconds(at, 'activeDeadline', p.activeDeadline, 1);
    let cron: k8s.CronJobSpec | undefined;
    if (schedule === undefined) {
      for (const k of [
        'timeZone',
        'concurrencyPolicy',
        'startingDeadline',
        'successfulJobsHistoryLimit',
        'failedJobsHistoryLimit',
        'suspend',
      ] as const) {
        if (p[k] !== undefined) _fail(at, k, "must only be set with 'schedule' (a CronJob)", p[k] as unknown);
      }
    } else {
      _cron(at, 'schedule', schedule);
      if (p.timeZone !== undefined && !isIanaTimeZone(p.timeZone))
        _fail(at, 'timeZone', "must be an IANA time zone such as 'Europe/Berlin'", p.timeZone);
      const successful = p.successfulJobsHistoryLimit ?? 3;
      const failed = p.failedJobsHistoryLimit ?? 1;
      _checkInt(at, 'successfulJobsHistoryLimit', successful, 0);
      _checkInt(at, 'failedJobsHistoryLimit', failed, 0);
      cron = _defined({
        schedule,
        timeZone: p.timeZone,
        concurrencyPolicy: _enumOr(
          at,
          'concurrencyPolicy',
          p.concurrencyPolicy,
          ConcurrencyPolicy,
          ConcurrencyPolicy.FORBID,
        ),
        startingDeadlineSeconds:
          p.startingDeadline === undefined
            ? undefined
            : _seconds(at, 'startingDeadline', p.startingDeadline, 10, ' (the controller checks every 10 s)'),
        successfulJobsHistoryLimit: successful,
        failedJobsHistoryLimit: failed,
        suspend: p.suspend === undefined ? undefined : _boolean(at, 'suspend', p.suspend),
        jobTemplate: {},
      });
    }
    const plan = _planWorkload(base, {
      ports: [],
      probes: _NO_PROBES,
      configEnv: [],
      volumes: [],
      annotations: {},
      claims: [[cron ? 'CronJob' : 'Job', name]],
    });
    super(scope, id, plan);
    this.scheduled = cron !== undefined;

    const jobSpec = (): k8s.JobSpec => ({
      backoffLimit,
      completions,
      parallelism,
      ...(activeDeadline !== undefined && { activeDeadlineSeconds: activeDeadline }),
      ttlSecondsAfterFinished: ttl,
      template: this._podTemplate(undefined, restartPolicy),
    });
    if (!cron) {
      this.job = new k8s.KubeJob(this, 'job', { metadata: plan.metadata, spec: _lazy(jobSpec) });
    } else {
      this.cronJob = new k8s.KubeCronJob(this, 'cronjob', {
        metadata: plan.metadata,
        spec: { ...cron, jobTemplate: { metadata: { labels: { ...plan.podLabels } }, spec: _lazy(jobSpec) } },
      });
    }
    this.node.defaultChild = (this.job ?? this.cronJob)!;
    _declareWorkloadValues(this, {
      component: this._valueComponent,
      controller: (this.job ?? this.cronJob)!,
      podSpec: this.job ? '/spec/template/spec' : '/spec/jobTemplate/spec/template/spec',
      image: plan.main.image,
      imageMoves: plan.main.mutableImage !== undefined,
      ephemeralStorage: plan.main.resources.requests?.['ephemeral-storage'] !== undefined,
      sharedConfigs: plan.sharedConfigs.map((c) => ({ configMap: c.configMap, name: c.name })),
    });
  }
}
