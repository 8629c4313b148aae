/**
 * Helpers of the Argo Rollouts scenarios (e2e/rollouts.sh), `node -r ./scripts/register.js e2e/rollouts.ts <cmd>`:
 *   prometheus <port> <log>   Prometheus' query API as the AnalysisTemplates use it, on 127.0.0.1:<port>: answers
 *                             /api/v1/query with one sample per query and appends `<service> <hash> <metric>` to
 *                             <log> for each. Service `flaky` answers a 50 % success rate (its analysis fails),
 *                             `quiet` no sample (no traffic yet: its analysis is inconclusive); every other one
 *                             100 % and a p99 latency of 50 ms. It stands in for Prometheus only:
 *                             the queries, their arguments and the verdicts are the real controller's.
 *   split <replicas> <weight> <maxSurge>   prints `canary stable`, as shipshape computes Argo's split.
 *   status                    stdin: a Rollout (`-o json`); prints `phase step canary/stable-RS hashes abort`.
 *   plugin-config <dist dir> <binary> [namespace]   prints the controller's argo-rollouts-config ConfigMap (in
 *                             namespace, default argo-rollouts) for the Rollouts of <dist dir>: the `trafficRouterPlugins` the Platform gives the argo-rollouts chart
 *                             (src/pulumi/platform/argo-rollouts.ts, pins.ts), each plugin at file://<binary>
 *                             instead of its release URL (the e2e cannot download it), rendered as the chart does.
 */
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as path from 'node:path';
import * as yaml from 'js-yaml';
import { _canarySplit } from '../constructs/_canary-replicas';
import { argoRolloutsValues, trafficRouterPluginsOf } from '../src/pulumi/platform/argo-rollouts';
import { PLATFORM_PINS } from '../src/pulumi/platform/pins';
import type { KubeObject } from '../src/synth/files';

type Json = Record<string, unknown>;
const obj = (v: unknown): Json =>
  v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Json) : {};

/** What the stand-in answers to a query: the service's verdict. */
export function answer(query: string): {
  service: string;
  hash: string;
  metric: string;
  value: number | undefined;
} {
  const service = /service="([^"]*)"/.exec(query)?.[1] ?? '';
  const hash = /rollouts_pod_template_hash="([^"]*)"/.exec(query)?.[1] ?? '';
  const latency = query.startsWith('histogram_quantile(');
  const value = service === 'quiet' ? undefined : latency ? 0.05 : service === 'flaky' ? 0.5 : 1;
  return { service, hash, metric: latency ? 'latency' : 'success-rate', value };
}

function serve(port: number, log: string): void {
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const reply = (query: string) => {
      const a = answer(query);
      fs.appendFileSync(log, `${a.service} ${a.hash} ${a.metric}\n`);
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({
          status: 'success',
          data: {
            resultType: 'vector',
            result:
              a.value === undefined ? [] : [{ metric: {}, value: [Date.now() / 1000, String(a.value)] }],
          },
        }),
      );
    };
    if (url.pathname !== '/api/v1/query') {
      res.writeHead(url.pathname === '/-/ready' ? 200 : 404);
      res.end();
      return;
    }
    if (req.method === 'POST') {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () =>
        reply(new URLSearchParams(body).get('query') ?? url.searchParams.get('query') ?? ''),
      );
    } else reply(url.searchParams.get('query') ?? '');
  });
  server.listen(port, '127.0.0.1');
  process.on('SIGTERM', () => server.close(() => process.exit(0)));
}

/**
 * The argo-rollouts-config ConfigMap (in `namespace`) for the Rollouts among `objects`: the chart values' plugins,
 * each moved to `file://<binary>`. Throws when the Rollouts name no plugin (nothing to prove).
 */
export function pluginConfig(objects: readonly KubeObject[], binary: string, namespace: string): string {
  const pins = PLATFORM_PINS[PLATFORM_PINS.length - 1];
  if (pins === undefined) throw new Error('no platform pins');
  const names = trafficRouterPluginsOf(objects);
  if (names.length === 0) throw new Error('the Rollouts name no traffic router plugin');
  const values = argoRolloutsValues(pins.argoRolloutsVersion, names, pins.trafficRouterPlugins);
  const plugins = (obj(values['controller'])['trafficRouterPlugins'] as Json[]).map((p) => ({
    ...p,
    location: `file://${path.resolve(binary)}`,
  }));
  return yaml.dump({
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: 'argo-rollouts-config', namespace },
    // The chart renders the list as YAML text under the key (templates/controller/configmap.yaml).
    data: { trafficRouterPlugins: yaml.dump(plugins) },
  });
}

/** Every object of the YAML files directly in `dir`. */
function objectsIn(dir: string): KubeObject[] {
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.yaml'))
    .sort()
    .flatMap((f) => yaml.loadAll(fs.readFileSync(path.join(dir, f), 'utf8')) as KubeObject[])
    .filter((o) => o !== null && typeof o === 'object');
}

function main(argv: readonly string[]): number {
  const [cmd, ...args] = argv;
  switch (cmd) {
    case 'prometheus':
      serve(Number(args[0]), args[1] ?? '/dev/null');
      return -1;
    case 'split': {
      const [r, w, s] = args.map(Number);
      const split = _canarySplit(r ?? 0, w ?? 0, s ?? 0);
      process.stdout.write(`${split.canary} ${split.stable}\n`);
      return 0;
    }
    case 'status': {
      const ro = JSON.parse(fs.readFileSync(0, 'utf8')) as Json;
      const st = obj(ro['status']);
      const canary = obj(st['canary']);
      process.stdout.write(
        `${String(st['phase'])} step=${String(st['currentStepIndex'] ?? '-')} current=${String(st['currentPodHash'])} ` +
          `stable=${String(st['stableRS'] ?? obj(canary)['stableRS'])} abort=${String(st['abort'] ?? false)}\n`,
      );
      return 0;
    }
    case 'plugin-config':
      process.stdout.write(
        pluginConfig(objectsIn(args[0] ?? '.'), args[1] ?? '', args[2] ?? 'argo-rollouts'),
      );
      return 0;
    default:
      process.stderr.write(
        'usage: rollouts.ts prometheus <port> <log> | split <r> <w> <surge> | status | plugin-config <dir> <bin> [ns]\n',
      );
      return 2;
  }
}

if (require.main === module) {
  const code = main(process.argv.slice(2));
  if (code >= 0) process.exitCode = code;
}
