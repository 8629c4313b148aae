/**
 * shipshape command line: `synth` and `graph` (src/commands.ts), `init` (src/init.ts) and `validate`.
 * `shipshape validate [--json] [--quiet] <paths...>` validates Kubernetes manifests
 * (files, directories, or `-` for stdin), each argument as one set of objects. Exit codes: 0 no error findings (warnings allowed), 1 error findings
 * (a YAML syntax error is an error finding), 2 usage errors (no paths, unknown flag, unreadable path, nothing
 * to validate).
 */
import * as fs from 'fs';
import {
  formatJson,
  formatText,
  ManifestLoadError,
  summarize,
  validateObjects,
  validatePaths,
  type Finding,
} from './validate';
import { graphCommand, synthCommand } from './commands';
import { initCommand } from './init';
import { defaultSecretsIo, secretsCommand } from './secrets-command';
import { parseManifestText } from './validate/load';
import { syntaxFindings } from './validate/validate-paths';

export interface CliIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  /** Reads standard input (for the `-` path). */
  readonly readStdin: () => string;
}

const COMMANDS = `usage: shipshape <command> [options]

  synth [app-file] [--out dir] [--env name]   synthesize, validate and write an app (all or nothing)
  graph [app-file] [--env name] [--update file.md [--check]]   Mermaid topology of a System
  init [dir]                                  scaffold a new project
  secrets [app-file] --env name [--values f]  create the Secrets the manifests reference (kubectl path)
  validate [--json] [--quiet] <paths...>      validate Kubernetes manifests

Run \`shipshape <command> --help\` for details.
`;

const USAGE = `usage: shipshape validate [--json] [--quiet] <file|dir|->...

Validates Kubernetes manifests (multi-document YAML or JSON; directories are read recursively,
skipping Helm chart directories) against Kubernetes 1.27, Pod Security Standards "restricted" and
best practices. Each argument is one set: references and duplicates are checked within it.
See docs/validation.md.

  --json     machine-readable output: {"summary": {...}, "findings": [...]}
  --quiet    print error findings only (the summary still counts warnings)
  -h, --help this text

exit status: 0 no errors (warnings allowed), 1 error findings, 2 usage error
`;

const defaultIo: CliIo = {
  stdout: (t) => process.stdout.write(t),
  stderr: (t) => process.stderr.write(t),
  readStdin: () => fs.readFileSync(0, 'utf8'),
};

function usageError(io: CliIo, message: string): number {
  io.stderr(`shipshape: ${message}\n${USAGE}`);
  return 2;
}

export function main(argv: readonly string[], io: CliIo = defaultIo): number {
  const [command, ...rest] = argv;
  if (command === '-h' || command === '--help' || command === 'help') {
    io.stdout(COMMANDS);
    return 0;
  }
  if (command === 'synth') return synthCommand(rest, io);
  if (command === 'graph') return graphCommand(rest, io);
  if (command === 'init') return initCommand(rest, io);
  if (command === 'secrets')
    return secretsCommand(rest, { ...defaultSecretsIo(), stdout: io.stdout, stderr: io.stderr });
  if (command !== 'validate') {
    const what = command === undefined ? 'missing command' : `unknown command ${JSON.stringify(command)}`;
    io.stderr(`shipshape: ${what}\n${COMMANDS}`);
    return 2;
  }
  let json = false;
  let quiet = false;
  const paths: string[] = [];
  let flagsDone = false;
  for (const arg of rest) {
    if (!flagsDone && arg === '--') flagsDone = true;
    else if (!flagsDone && arg === '--json') json = true;
    else if (!flagsDone && arg === '--quiet') quiet = true;
    else if (!flagsDone && (arg === '-h' || arg === '--help')) {
      io.stdout(USAGE);
      return 0;
    } else if (!flagsDone && arg.startsWith('-') && arg !== '-') return usageError(io, `unknown flag ${arg}`);
    else paths.push(arg);
  }
  if (paths.length === 0) return usageError(io, 'no paths to validate');

  let findings: Finding[];
  let objects: number;
  let files: number;
  try {
    ({ findings, objects, files } = run(paths, io));
  } catch (e) {
    if (e instanceof ManifestLoadError) return usageError(io, e.message);
    throw e;
  }
  if (files === 0) return usageError(io, `no .yaml, .yml or .json files under ${paths.join(', ')}`);
  const summary = summarize(findings, objects, files);
  io.stdout(json ? formatJson(findings, summary) : formatText(findings, summary, { quiet }));
  return summary.errors > 0 ? 1 : 0;
}

/**
 * Each argument is one set: cross-object checks and duplicate detection stay within it, so that
 * `validate dist/local dist/staging dist/production` checks three environments, not one merged cluster.
 */
function run(paths: readonly string[], io: CliIo): { findings: Finding[]; objects: number; files: number } {
  const out = { findings: [] as Finding[], objects: 0, files: 0 };
  for (const p of paths) {
    if (p === '-') {
      // e.g. `helm template ... | shipshape validate -`
      const parsed = parseManifestText(io.readStdin(), '<stdin>');
      out.findings.push(...syntaxFindings(parsed.syntaxErrors), ...validateObjects(parsed.documents));
      out.objects += parsed.documents.length;
      out.files += 1;
    } else {
      const result = validatePaths([p]);
      out.findings.push(...result.findings);
      out.objects += result.objects;
      out.files += result.files.length;
    }
  }
  return out;
}

if (require.main === module) {
  process.exitCode = main(process.argv.slice(2));
}
