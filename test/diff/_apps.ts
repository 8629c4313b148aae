import { System } from '../../constructs';
import { diffOutputs } from '../../src/diff/compare';
import type { DiffReport, EnvironmentDiff } from '../../src/diff/report';
import { environmentsOf, type EnvironmentOutput } from '../../src/diff/tree';
import { defineApp } from '../../src/synth/contract';
import type { KubeObject } from '../../src/synth/files';
import { renderOutput } from '../../src/synth/output';
import { synthesizeApp } from '../../src/synth/synthesize';

/** The output of an app of one System (`shop`, namespace `shop`) per environment, as a diff reads it. */
export function outputOf(
  build: (system: System, env: string) => void,
  environments: readonly string[] = ['dev'],
): Map<string, EnvironmentOutput> {
  const app = defineApp({
    environments,
    build(scope, env) {
      build(new System(scope, 'Shop', { namespace: 'shop' }), env ?? 'dev');
    },
  });
  return environmentsOf(renderOutput(synthesizeApp(app)));
}

/** The report of two builds of the same app. */
export function diffBuilds(
  before: (system: System, env: string) => void,
  after: (system: System, env: string) => void,
  environments: readonly string[] = ['dev'],
): DiffReport {
  return diffOutputs(outputOf(before, environments), outputOf(after, environments));
}

/** One environment `dev` holding `objects`. */
export function envOf(objects: readonly object[]): Map<string, EnvironmentOutput> {
  return new Map([['dev', { name: 'dev', objects: objects as KubeObject[] }]]);
}

/** The one environment of a report of hand-written manifests. */
export function diffObjectsOf(base: readonly object[], head: readonly object[]): EnvironmentDiff {
  return diffOutputs(envOf(base), envOf(head)).environments[0]!;
}

/** A Deployment `shop/<name>` with one container `<name>` and the given pod spec parts. */
export function deployment(
  name: string,
  spec: Record<string, unknown> = {},
  extra: {
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
    replicas?: number;
    strategy?: unknown;
  } = {},
): KubeObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace: 'shop' },
    spec: {
      replicas: extra.replicas ?? 1,
      selector: { matchLabels: { app: name } },
      ...(extra.strategy !== undefined && { strategy: extra.strategy }),
      template: {
        metadata: {
          labels: { app: name, ...extra.labels },
          ...(extra.annotations && { annotations: extra.annotations }),
        },
        spec: { containers: [{ name, image: `example/${name}:1.0.0` }], ...spec },
      },
    },
  };
}
