/**
 * `shipshape validate [--json] [--quiet] <paths...>` validates Kubernetes manifests (files, directories, or `-`
 * for stdin), each argument as one set of objects. Exit codes: 0 no error findings (warnings allowed), 1 error
 * findings (a YAML syntax error is an error finding), 2 usage errors (no paths, unknown flag, unreadable path,
 * nothing to validate).
 */
import {
  formatJson,
  formatText,
  ManifestLoadError,
  summarize,
  validateObjects,
  validatePaths,
  type Finding,
} from '../validate';
import { parseManifestText } from '../validate/load';
import { syntaxFindings } from '../validate/validate-paths';
import type { CliIo } from './args';

export const VALIDATE_USAGE = `usage: shipshape validate [--json] [--quiet] <file|dir|->...

Validates Kubernetes manifests (multi-document YAML or JSON; directories are read recursively,
skipping Helm chart directories) against Kubernetes 1.27, Pod Security Standards "restricted" and
best practices. Each argument is one set: references and duplicates are checked within it.
See docs/validation.md.

  --json     machine-readable output: {"summary": {...}, "findings": [...]}
  --quiet    print error findings only (the summary still counts warnings)
  -h, --help this text

exit status: 0 no errors (warnings allowed), 1 error findings, 2 usage error
`;

function usageError(io: CliIo, message: string): number {
  io.stderr(`shipshape: ${message}\n${VALIDATE_USAGE}`);
  return 2;
}

/** `shipshape validate`. */
export function validateCommand(rest: readonly string[], io: CliIo): number {
  let json = false;
  let quiet = false;
  const paths: string[] = [];
  let flagsDone = false;
  for (const arg of rest) {
    if (!flagsDone && arg === '--') flagsDone = true;
    else if (!flagsDone && arg === '--json') json = true;
    else if (!flagsDone && arg === '--quiet') quiet = true;
    else if (!flagsDone && (arg === '-h' || arg === '--help')) {
      io.stdout(VALIDATE_USAGE);
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
      out.findings.push(
        ...syntaxFindings(parsed.syntaxErrors),
        ...validateObjects(parsed.documents, { includeAcknowledged: true }),
      );
      out.objects += parsed.documents.length;
      out.files += 1;
    } else {
      const result = validatePaths([p], { includeAcknowledged: true });
      out.findings.push(...result.findings);
      out.objects += result.objects;
      out.files += result.files.length;
    }
  }
  return out;
}
