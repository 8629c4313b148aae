// Runs one measured program in a fresh process: wall time from here, around the whole process
// (start-up, module loading and exit included); peak RSS and phases from the program's own report.
import { spawnSync } from 'child_process';
import { createHash } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { RESULT_PREFIX, type ChildReport } from './child';

/** One run of a program. */
export interface Sample {
  /** Wall time of the whole process, ms. */
  readonly wallMs: number;
  /** The program's report, when it prints one. */
  readonly report?: ChildReport;
}

export interface SpawnOptions {
  readonly cwd: string;
  readonly env: NodeJS.ProcessEnv;
}

/** Runs `command args` to completion; fails with the tail of its output unless it exits 0. */
export function timedRun(command: string, args: readonly string[], options: SpawnOptions): Sample {
  const start = process.hrtime.bigint();
  const result = spawnSync(command, args, {
    cwd: options.cwd,
    env: options.env,
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
  });
  const wallMs = Number(process.hrtime.bigint() - start) / 1e6;
  if (result.error) throw result.error;
  if (result.status !== 0) {
    const tail = `${result.stdout ?? ''}\n${result.stderr ?? ''}`.trim().split('\n').slice(-20).join('\n');
    throw new Error(`'${command} ${args.join(' ')}' in ${options.cwd} exited ${result.status}:\n${tail}`);
  }
  const line = (result.stdout ?? '').split('\n').find((l) => l.startsWith(RESULT_PREFIX));
  return { wallMs, report: line ? (JSON.parse(line.slice(RESULT_PREFIX.length)) as ChildReport) : undefined };
}

/** The report of a sample that must have one. */
export function reportOf(sample: Sample, what: string): ChildReport {
  if (!sample.report) throw new Error(`${what} printed no ${RESULT_PREFIX.trim()} line`);
  return sample.report;
}

/** What a run wrote: file count, bytes and a hash of names and contents (byte-for-byte comparison). */
export interface Written {
  readonly files: number;
  readonly bytes: number;
  readonly sha256: string;
}

/** Reads back every file under `dir` in name order. */
export function readWritten(dir: string): Written {
  const hash = createHash('sha256');
  let files = 0;
  let bytes = 0;
  const visit = (rel: string) => {
    for (const name of fs.readdirSync(path.join(dir, rel)).sort()) {
      const file = path.join(rel, name);
      if (fs.statSync(path.join(dir, file)).isDirectory()) {
        visit(file);
        continue;
      }
      const content = fs.readFileSync(path.join(dir, file));
      hash.update(`${file}\0${content.length}\0`).update(content);
      files++;
      bytes += content.length;
    }
  };
  visit('');
  return { files, bytes, sha256: hash.digest('hex') };
}
