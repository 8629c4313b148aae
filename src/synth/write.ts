import * as fs from 'fs';
import * as path from 'path';
import type { OutputTree } from './output';

/**
 * Replaces `outdir` with exactly `tree`: everything is written to a sibling temp directory first
 * and swapped in by renames, so a failure never leaves a partial or mixed output behind.
 */
export function writeTreeAtomically(outdir: string, tree: OutputTree): void {
  const target = path.resolve(outdir);
  const tmp = `${target}.tmp-${process.pid}`;
  const old = `${target}.old-${process.pid}`;
  fs.rmSync(tmp, { recursive: true, force: true });
  try {
    const dirs = new Set<string>();
    for (const rel of tree.keys()) dirs.add(path.dirname(path.join(tmp, rel)));
    for (const d of [...dirs].sort()) fs.mkdirSync(d, { recursive: true });
    for (const [rel, content] of tree) fs.writeFileSync(path.join(tmp, rel), content);
    const existed = fs.existsSync(target);
    if (existed) fs.renameSync(target, old);
    fs.renameSync(tmp, target);
    if (existed) fs.rmSync(old, { recursive: true, force: true });
  } catch (e) {
    fs.rmSync(tmp, { recursive: true, force: true });
    throw e;
  }
}
