import * as fs from 'fs';
import * as path from 'path';
import type { OutputTree } from './output';

/** The fs calls the writer makes (tests inject failures into them). */
export const WRITER_FS_CALLS = [
  'accessSync',
  'existsSync',
  'lstatSync',
  'mkdirSync',
  'readdirSync',
  'renameSync',
  'rmSync',
  'writeFileSync',
] as const;

/** The part of `fs` the writer uses. */
export type WriterFs = Pick<typeof fs, (typeof WRITER_FS_CALLS)[number]>;

/** The output could not be replaced; `changed` says whether the output directory is still as it was. */
export class OutputWriteError extends Error {
  constructor(
    message: string,
    /** False: the output directory is exactly as before the call. True: see the message for where things are. */
    public readonly changed: boolean,
  ) {
    super(message);
    this.name = 'OutputWriteError';
  }
}

/**
 * Replaces `outdir` with exactly `tree`, all or nothing: the tree is written to a sibling temp directory
 * (`<outdir>.tmp-<pid>`), the current output is checked to be removable (a read-only or immutable entry would
 * strand it half-deleted), then swapped by two renames and removed. Any failure before the swap leaves `outdir`
 * as it was and nothing beside it; a failure of the second rename moves the old output back. A run killed
 * between the renames leaves `<outdir>.old-<pid>` and no `outdir`: the next run moves it back first, and removes
 * the leftovers of processes that no longer run. Throws {@link OutputWriteError} saying what `outdir` holds.
 */
export function writeTreeAtomically(outdir: string, tree: OutputTree): void {
  _writeTreeAtomically(outdir, tree, fs);
}

/** @internal {@link writeTreeAtomically} with the fs calls given (tests inject failures). */
export function _writeTreeAtomically(outdir: string, tree: OutputTree, f: WriterFs): void {
  const target = path.resolve(outdir);
  const shown = `${outdir.replace(/\/+$/, '')}/`;
  const unchanged = (what: string, e: unknown) =>
    new OutputWriteError(`${what}: ${reason(e)}; ${shown} is unchanged`, false);
  recoverLeftovers(target, f, unchanged);
  const tmp = `${target}.tmp-${process.pid}`;
  const old = `${target}.old-${process.pid}`;
  const discardTmp = () => {
    try {
      f.rmSync(tmp, { recursive: true, force: true });
    } catch {
      // best effort: the error already thrown says what failed
    }
  };
  try {
    f.rmSync(tmp, { recursive: true, force: true });
    const dirs = new Set<string>([tmp]);
    for (const rel of tree.keys()) dirs.add(path.dirname(path.join(tmp, rel)));
    for (const d of [...dirs].sort()) f.mkdirSync(d, { recursive: true });
    for (const [rel, content] of tree) f.writeFileSync(path.join(tmp, rel), content);
  } catch (e) {
    discardTmp();
    throw unchanged(`could not write the new output to ${tmp}`, e);
  }
  let existed: boolean;
  try {
    existed = f.existsSync(target);
    const blocker = existed ? firstUndeletable(target, f) : undefined;
    if (blocker !== undefined) {
      discardTmp();
      throw new OutputWriteError(
        `${shown} cannot be replaced: ${blocker.path} cannot be removed (${blocker.code}); ${shown} is unchanged`,
        false,
      );
    }
    if (existed) f.renameSync(target, old);
  } catch (e) {
    discardTmp();
    throw e instanceof OutputWriteError ? e : unchanged(`could not move ${shown} aside`, e);
  }
  try {
    f.renameSync(tmp, target);
  } catch (e) {
    if (existed) {
      try {
        f.renameSync(old, target);
      } catch (e2) {
        throw new OutputWriteError(
          `could not replace ${shown} (${reason(e)}) nor move it back (${reason(e2)}): the previous output is in ${old} and the new one in ${tmp}; the next shipshape synth moves the previous one back`,
          true,
        );
      }
    }
    discardTmp();
    throw unchanged(`could not move the new output into place`, e);
  }
  if (existed) {
    // Checked removable above, so only a transient error or a concurrent change gets here: retried once.
    const remove = () => f.rmSync(old, { recursive: true, force: true });
    try {
      remove();
    } catch {
      try {
        remove();
      } catch (e) {
        throw new OutputWriteError(
          `${shown} holds the new output, but the previous one could not be removed from ${old} (${reason(e)}); the next shipshape synth removes it`,
          true,
        );
      }
    }
  }
}

/** The error's code or message. */
function reason(e: unknown): string {
  // Duck-typed: errors of Node's fs come from another realm under test runners.
  const { code, message } = (e ?? {}) as { code?: unknown; message?: unknown };
  if (typeof message !== 'string') return String(e);
  return typeof code === 'string' && !message.startsWith(code) ? `${code}: ${message}` : message;
}

/**
 * The first entry of `dir` (itself included) that could not be removed, without touching anything: a directory
 * must be writable and searchable (its entries are unlinked), a file must not be immutable or append-only
 * (`EPERM` even for root; a read-only file is removable from a writable directory, so `EACCES` is fine).
 */
function firstUndeletable(dir: string, f: WriterFs): { path: string; code: string } | undefined {
  const codeOf = (e: unknown) => String((e as { code?: unknown }).code ?? 'EACCES');
  try {
    f.accessSync(dir, fs.constants.W_OK | fs.constants.X_OK);
  } catch (e) {
    return { path: dir, code: codeOf(e) };
  }
  for (const name of f.readdirSync(dir)) {
    const p = path.join(dir, name);
    if (f.lstatSync(p).isDirectory()) {
      const found = firstUndeletable(p, f);
      if (found) return found;
      continue;
    }
    try {
      f.accessSync(p, fs.constants.W_OK);
    } catch (e) {
      const code = codeOf(e);
      if (code !== 'EACCES') return { path: p, code };
    }
  }
  return undefined;
}

/** Whether process `pid` runs (or exists under another user). */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as { code?: unknown }).code === 'EPERM';
  }
}

/**
 * Leftovers of writers that no longer run: a previous output moved aside (`<target>.old-<pid>`) is moved back
 * when `target` is missing (the writer died between its renames), else removed; temp trees are removed.
 */
function recoverLeftovers(
  target: string,
  f: WriterFs,
  unchanged: (what: string, e: unknown) => OutputWriteError,
): void {
  const parent = path.dirname(target);
  const base = path.basename(target);
  let names: string[];
  try {
    // No parent directory (or a file in its place): nothing can be left there, and mkdir says why not.
    names =
      f.existsSync(parent) && f.lstatSync(parent).isDirectory() ? (f.readdirSync(parent) as string[]) : [];
  } catch (e) {
    throw unchanged(`could not list ${parent}`, e);
  }
  const stale = names
    .map((name) => ({ name, m: /^\.(tmp|old)-([0-9]+)$/.exec(name.slice(base.length)) }))
    .filter((x) => x.name.startsWith(base) && x.m && !alive(Number(x.m[2])))
    .sort((a, b) => (a.name < b.name ? -1 : 1));
  for (const { name, m } of stale) {
    const p = path.join(parent, name);
    try {
      if (m?.[1] === 'old' && !f.existsSync(target)) f.renameSync(p, target);
      else f.rmSync(p, { recursive: true, force: true });
    } catch (e) {
      throw unchanged(`a previous run left ${p}, which could not be recovered`, e);
    }
  }
}
