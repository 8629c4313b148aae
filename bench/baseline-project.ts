// Case 1 baseline: what a user gets from the default cdk8s toolchain for the same constructs. A
// project as `cdk8s init typescript-app` makes it (`app: npx ts-node main.ts`, so ts-node
// type-checks on every run; the template's tsconfig.json) whose entry builds the Delinkcious System
// of every environment and calls cdk8s's own app.synth() (the `yaml` package). It lives under
// .bench/ (git-ignored) and has no package.json, so `npx` resolves cdk8s and ts-node from the repo's
// node_modules and never installs anything; it writes only to the output directory it is given.
import * as fs from 'fs';
import * as path from 'path';
// scripts/entries.js is plain JS (node and jest load it too): the package's entry points, from package.json.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { ENTRIES } = require('../scripts/entries.js') as { ENTRIES: Record<string, string> };

/** The tsconfig.json of the installed cdk8s CLI's TypeScript template. */
const TEMPLATE_TSCONFIG = 'node_modules/cdk8s-cli/templates/typescript-app/tsconfig.json';

/** Writes the project into `dir` (replacing it), synthesizing into `outdir`, and returns `dir`. */
export function writeBaselineProject(repo: string, dir: string, outdir: string): string {
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  const rel = (p: string) => path.relative(dir, path.join(repo, p)).split(path.sep).join('/');
  // `cdk8s synth` empties `output` first, then runs the app with CDK8S_OUTDIR set to it.
  fs.writeFileSync(
    path.join(dir, 'cdk8s.yaml'),
    [
      'language: typescript',
      // The app imports the package as `shipshape` (the repo resolves itself: scripts/self.js).
      `app: npx ts-node -r ${rel('scripts/self.js')} main.ts`,
      `output: ${JSON.stringify(outdir)}`,
      '',
    ].join('\n'),
  );
  // The template targets ES2016/ES2017; the constructs use ES2019+ library calls (flatMap,
  // matchAll, Object.fromEntries), so only lib and target are raised, to the repo's ES2022.
  const tsconfig = JSON.parse(fs.readFileSync(path.join(repo, TEMPLATE_TSCONFIG), 'utf8')) as {
    compilerOptions: Record<string, unknown>;
  };
  tsconfig.compilerOptions.lib = ['es2022'];
  tsconfig.compilerOptions.target = 'ES2022';
  // ts-node type-checks the `shipshape` imports against the repo's sources, as the repo's tsconfig maps them.
  tsconfig.compilerOptions.baseUrl = '.';
  tsconfig.compilerOptions.paths = Object.fromEntries(
    Object.entries(ENTRIES)
      .filter(([, file]) => file.endsWith('.ts'))
      .map(([name, file]) => [name, [rel(file)]]),
  );
  fs.writeFileSync(path.join(dir, 'tsconfig.json'), `${JSON.stringify(tsconfig, null, 2)}\n`);
  fs.writeFileSync(
    path.join(dir, 'main.ts'),
    [
      "import { App } from 'cdk8s';",
      `import { Delinkcious } from '${rel('src/delinkcious/delinkcious')}';`,
      `import { environmentNames, profileFor } from '${rel('src/delinkcious/environments')}';`,
      '',
      '// One chart per environment, synthesized by cdk8s itself into $CDK8S_OUTDIR.',
      'const app = new App();',
      'for (const name of environmentNames) new Delinkcious(app, name, { profile: profileFor(name) });',
      'app.synth();',
      '',
    ].join('\n'),
  );
  return dir;
}

/** Number of YAML documents the baseline wrote into `outdir` (a check that it really synthesized). */
export function countBaselineObjects(outdir: string): number {
  return fs
    .readdirSync(outdir)
    .filter((f) => f.endsWith('.yaml'))
    .map((f) => fs.readFileSync(path.join(outdir, f), 'utf8'))
    .reduce((sum, text) => sum + text.split(/^---$/m).filter((d) => d.trim() !== '').length, 0);
}
