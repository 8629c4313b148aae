/**
 * The real helm for the chart tests: `$HELM`, else the binary e2e/tools.sh builds. `npm test` needs no helm:
 * without one, the helm-backed tests are skipped and say why in their names.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as yaml from 'js-yaml';
import type { OutputTree } from '../../../src/synth/output';

export const HELM = process.env.HELM ?? path.join(os.homedir(), '.cache', 'helm-v4.3.2', 'bin', 'helm');
export const HAVE_HELM = fs.existsSync(HELM);
/** `describe` when helm is there, else `describe.skip` with the reason in the name. */
export const describeWithHelm = (name: string, fn: () => void): void =>
  HAVE_HELM ? describe(name, fn) : describe.skip(`${name} (skipped: no helm at ${HELM}; set HELM)`, fn);

const home = fs.mkdtempSync(path.join(os.tmpdir(), 'shipshape-helm-home-'));
const env = {
  ...process.env,
  HELM_CACHE_HOME: path.join(home, 'cache'),
  HELM_CONFIG_HOME: path.join(home, 'config'),
  HELM_DATA_HOME: path.join(home, 'data'),
};

/** Writes the chart files of `tree` under `prefix` (e.g. `helm/local/`) to a temp directory; returns it. */
export function writeChart(tree: OutputTree, prefix: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'shipshape-chart-'));
  for (const [rel, content] of tree) {
    if (!rel.startsWith(prefix)) continue;
    const file = path.join(dir, rel.slice(prefix.length));
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, content);
  }
  return dir;
}

/** `helm <args>`: status, stdout and stderr. */
export function helm(args: readonly string[]): { status: number; stdout: string; stderr: string } {
  const r = spawnSync(HELM, args, { env, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  return { status: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

/** `helm template` of `chart` in `namespace` with extra args; the rendered objects (fails on a helm error). */
export function template(chart: string, namespace: string, args: readonly string[] = []): any[] {
  const out = execFileSync(
    HELM,
    ['template', 'rel', chart, '-n', namespace, '--kube-version', '1.27.0', ...args],
    {
      env,
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
    },
  );
  return yaml.loadAll(out).filter((o) => o !== null && o !== undefined);
}
