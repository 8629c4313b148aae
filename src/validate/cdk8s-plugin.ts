/**
 * The validator as a cdk8s-cli validation plugin (`validations:` in cdk8s.yaml), so `npx cdk8s synth`
 * prints shipshape's report like any other cdk8s plugin. cdk8s-cli loads it from `./cdk8s-plugin`
 * (a local path: nothing is installed, no network).
 */
import * as fs from 'fs';
import * as path from 'path';
import { loadManifests } from './load';
import type { Finding } from './types';
import { validateObjects } from './validate';

/** The parts of cdk8s-cli's `ValidationContext` the plugin uses (structural: no runtime dependency on cdk8s-cli). */
export interface PluginContext {
  readonly manifests: readonly string[];
  readonly report: {
    addViolation(violation: {
      readonly ruleName: string;
      readonly recommendation: string;
      readonly fix: string;
      readonly violatingResources: readonly {
        readonly resourceName: string;
        readonly locations: readonly string[];
        readonly manifestPath: string;
      }[];
    }): void;
    submit(status: 'success' | 'failure', metadata?: Readonly<Record<string, string>>): void;
  };
}

/** Groups manifests into the sets validated together: one per directory, Helm charts left out (templates). */
export function manifestSets(manifests: readonly string[]): string[][] {
  const sets = new Map<string, string[]>();
  for (const file of manifests) {
    const dir = path.dirname(file);
    const name = path.basename(file);
    if (name === 'Chart.yaml' || name === 'values.yaml' || insideChart(dir)) continue;
    sets.set(dir, [...(sets.get(dir) ?? []), file]);
  }
  return [...sets.keys()].sort().map((dir) => (sets.get(dir) ?? []).sort());
}

function insideChart(dir: string): boolean {
  for (let d = dir; ; d = path.dirname(d)) {
    if (fs.existsSync(path.join(d, 'Chart.yaml'))) return true;
    if (path.dirname(d) === d) return false;
  }
}

/** cdk8s-cli validation plugin running every shipshape rule; the report fails on any error finding. */
export class ShipshapeValidation {
  public async validate(context: PluginContext): Promise<void> {
    const findings: Finding[] = manifestSets(context.manifests).flatMap((files) =>
      validateObjects(loadManifests(files)),
    );
    for (const f of findings) {
      const resource = `${f.object.kind}/${f.object.namespace ? `${f.object.namespace}/` : ''}${f.object.name ?? ''}`;
      context.report.addViolation({
        ruleName: `${f.ruleId} (${f.severity})`,
        recommendation: f.message,
        fix: f.hint ?? '',
        violatingResources: [{ resourceName: resource, locations: [f.path], manifestPath: f.file ?? '' }],
      });
    }
    const errors = findings.filter((f) => f.severity === 'error').length;
    context.report.submit(errors > 0 ? 'failure' : 'success', {
      errors: String(errors),
      warnings: String(findings.length - errors),
    });
  }
}
