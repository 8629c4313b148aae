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
 */
import * as fs from 'node:fs';
import * as http from 'node:http';
import { _canarySplit } from '../constructs/_canary-replicas';

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
    default:
      process.stderr.write('usage: rollouts.ts prometheus <port> <log> | split <r> <w> <surge> | status\n');
      return 2;
  }
}

if (require.main === module) {
  const code = main(process.argv.slice(2));
  if (code >= 0) process.exitCode = code;
}
