/**
 * `shipshape graph`: the Mermaid topology of one System, printed or kept in a Markdown section. Exit codes: 0
 * success, 1 stale section (--check) or synthesis failed, 2 usage error.
 */
import * as fs from 'fs';
import * as path from 'path';
import { topology, withTopology } from '../synth/graph';
import { loadAppFile, type SynthIo } from '../synth/run';
import { synthesizeApp } from '../synth/synthesize';
import { guarded, parseArgs, selectSystem } from './args';

export const GRAPH_USAGE = `usage: shipshape graph [app-file] [--env name] [--system chart-name] [--update file.md [--check]]

Prints the Mermaid topology of one System of the app (default: the only System of the first
environment). --update replaces the section between the topology markers of a Markdown file;
with --check it changes nothing and fails when the section is stale.

exit status: 0 success, 1 stale section (--check) or synthesis failed, 2 usage error
`;

/** `shipshape graph`. */
export function graphCommand(args: readonly string[], io: SynthIo, cwd: string = process.cwd()): number {
  return guarded(io, GRAPH_USAGE, () => {
    const parsed = parseArgs(args, ['--env', '--system', '--update'], ['--check', '-h', '--help']);
    if (parsed.switches.has('-h') || parsed.switches.has('--help')) {
      io.stdout(GRAPH_USAGE);
      return 0;
    }
    const app = loadAppFile(parsed.entry, cwd);
    const env = parsed.values.get('--env')?.at(-1) ?? app.environments?.[0];
    const systems = synthesizeApp(app, env === undefined ? {} : { environments: [env] });
    const chosen = selectSystem(systems, parsed.values.get('--system')?.at(-1));
    const graph = topology(chosen.system);
    const target = parsed.values.get('--update')?.at(-1);
    if (target === undefined) {
      io.stdout(`${graph}\n`);
      return 0;
    }
    const file = path.resolve(cwd, target);
    const current = fs.readFileSync(file, 'utf8');
    const label = env === undefined ? `System \`${chosen.chart.name}\`` : `Environment \`${env}\``;
    const next = withTopology(current, graph, label);
    if (parsed.switches.has('--check')) {
      if (next === current) return 0;
      io.stderr(`${target}: topology is stale: run shipshape graph --update ${target}\n`);
      return 1;
    }
    if (next !== current) fs.writeFileSync(file, next);
    io.stdout(`${target}: topology ${next === current ? 'is up to date' : 'updated'}\n`);
    return 0;
  });
}
