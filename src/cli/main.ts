/**
 * The shipshape command line (what bin/shipshape.js runs): one file per command beside this one, `synth`
 * (synth.ts), `diff` (diff.ts), `graph` (graph.ts), `init` (init.ts), `secrets` (secrets.ts) and `validate`
 * (validate.ts).
 */
import * as fs from 'fs';
import type { CliIo } from './args';
import { diffCommand } from './diff';
import { graphCommand } from './graph';
import { initCommand } from './init';
import { defaultSecretsIo, secretsCommand } from './secrets';
import { synthCommand } from './synth';
import { validateCommand } from './validate';

export type { CliIo } from './args';

const COMMANDS = `usage: shipshape <command> [options]

  synth [app-file] [--out dir] [--env name]   synthesize, validate and write an app (all or nothing)
  diff [app-file] [--base ref] [--head ref]   what a change does per environment: rolls, edges, exposure,
       [--format text|markdown|json]          privilege, chart (or --dirs a b); --fail-on widen|roll|any
  graph [app-file] [--env name] [--update file.md [--check]]   Mermaid topology of a System
  init [dir]                                  scaffold a new project
  secrets [app-file] --env name [--values f]  create the Secrets the manifests reference (kubectl path)
  validate [--json] [--quiet] <paths...>      validate Kubernetes manifests

Run \`shipshape <command> --help\` for details.
`;

const defaultIo: CliIo = {
  stdout: (t) => process.stdout.write(t),
  stderr: (t) => process.stderr.write(t),
  readStdin: () => fs.readFileSync(0, 'utf8'),
};

/** Runs one command of the CLI; returns its exit code (a promise of it for `diff`, which runs git and node). */
export function main(argv: readonly string[], io: CliIo = defaultIo): number | Promise<number> {
  const [command, ...rest] = argv;
  if (command === '-h' || command === '--help' || command === 'help') {
    io.stdout(COMMANDS);
    return 0;
  }
  if (command === 'synth') return synthCommand(rest, io);
  if (command === 'diff') return diffCommand(rest, io);
  if (command === 'graph') return graphCommand(rest, io);
  if (command === 'init') return initCommand(rest, io);
  if (command === 'secrets')
    return secretsCommand(rest, { ...defaultSecretsIo(), stdout: io.stdout, stderr: io.stderr });
  if (command === 'validate') return validateCommand(rest, io);
  const what = command === undefined ? 'missing command' : `unknown command ${JSON.stringify(command)}`;
  io.stderr(`shipshape: ${what}\n${COMMANDS}`);
  return 2;
}

if (require.main === module) {
  void Promise.resolve(main(process.argv.slice(2))).then((code) => (process.exitCode = code));
}
