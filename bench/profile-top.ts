// Top functions of a V8 CPU profile by self time, for finding what grows faster than N:
//   node --cpu-prof --cpu-prof-dir=.bench/profile -r ./scripts/register.js bench/cases/shipshape-synth.ts 5000 /tmp/out
//   node -r ./scripts/register.js bench/profile-top.ts .bench/profile [count]
import * as fs from 'fs';
import * as path from 'path';

interface ProfileNode {
  readonly id: number;
  readonly callFrame: { readonly functionName: string; readonly url: string; readonly lineNumber: number };
}

interface Profile {
  readonly nodes: readonly ProfileNode[];
  readonly samples: readonly number[];
  readonly timeDeltas: readonly number[];
}

/** `name file:line`, with paths shortened to the package or the repo. */
function frameName(n: ProfileNode): string {
  const url = n.callFrame.url.replace(/^.*node_modules\//, '').replace(`file://${process.cwd()}/`, '');
  return `${n.callFrame.functionName || '(anonymous)'} ${url}:${n.callFrame.lineNumber + 1}`;
}

function main(): void {
  const [target, countArg] = process.argv.slice(2);
  if (!target) throw new Error('usage: profile-top.ts <file.cpuprofile | directory> [count]');
  const file = fs.statSync(target).isDirectory()
    ? path.join(
        target,
        fs
          .readdirSync(target)
          .filter((f) => f.endsWith('.cpuprofile'))
          .sort()
          .at(-1) ?? '',
      )
    : target;
  const profile = JSON.parse(fs.readFileSync(file, 'utf8')) as Profile;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map<string, number>();
  let total = 0;
  profile.samples.forEach((id, i) => {
    const us = profile.timeDeltas[i] ?? 0;
    const node = byId.get(id);
    if (!node) return;
    const key = frameName(node);
    self.set(key, (self.get(key) ?? 0) + us);
    total += us;
  });
  console.log(`${file}: ${(total / 1000).toFixed(0)} ms sampled; top functions by self time (ms, %):`);
  for (const [key, us] of [...self].sort((a, b) => b[1] - a[1]).slice(0, Number(countArg ?? 25))) {
    console.log(
      `${(us / 1000).toFixed(0).padStart(7)} ${((100 * us) / total).toFixed(1).padStart(5)}%  ${key}`,
    );
  }
}

main();
