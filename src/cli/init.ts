/**
 * `shipshape init [dir]`: scaffolds a project that synthesizes and passes its test, and installs it. Its
 * package.json depends on shipshape as this one was installed (a tarball, a path, a git URL, a registry range),
 * so a project scaffolded before any release installs too. Existing files are never overwritten (exit 2 names
 * them).
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { packageRoot, type SynthIo } from '../synth/run';

interface Manifest {
  readonly version: string;
  readonly dependencies?: Readonly<Record<string, string>>;
  readonly devDependencies?: Readonly<Record<string, string>>;
}

export const INIT_USAGE = `usage: shipshape init [dir] [--no-install]

Creates package.json, tsconfig.json, cdk8s.yaml, Pulumi.yaml, src/app.ts, deploy/index.ts and
test/app.test.ts in dir (default: the current directory), runs npm install there, then prints the
next steps. package.json depends on shipshape as this one came: the tarball or path it was installed
from (npx --package ./shipshape-0.1.0.tgz shipshape init), its git URL or registry range; run from a
checkout, init packs it into dir first. An existing package.json gets the scripts and dependencies it
lacks; any other existing file stops it.

  --no-install   write the files only

exit status: 0 created, 1 npm pack or npm install failed, 2 usage error or a file exists
`;

/** What init runs: npm, in a directory (tests give a fake). */
export interface InitRunner {
  readonly run: (
    command: string,
    args: readonly string[],
    cwd: string,
  ) => { readonly status: number; readonly stdout: string; readonly stderr: string };
  /** shipshape's own package root, where this CLI runs from. */
  readonly root: string;
}

const realRunner = (): InitRunner => ({
  root: packageRoot(),
  run: (command, args, cwd) => {
    const r = spawnSync(command, [...args], { cwd, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
    return { status: r.status ?? 1, stdout: r.stdout ?? '', stderr: r.stderr ?? String(r.error ?? '') };
  },
});

/** How a project in `dir` depends on this shipshape; `pack` when it has to be packed into `dir` first. */
export type PackageSource =
  | { readonly spec: string; readonly pack?: undefined }
  | { readonly pack: { readonly root: string; readonly scripts: boolean } };

/**
 * Where this shipshape came from, for a project in `dir`: installed as a dependency of some project, that
 * project's spec for it (a `file:` path made relative to `dir`, anything else as it is); else (a checkout, a
 * global install) it is packed into `dir`, building it first when it is a checkout.
 */
export function packageSource(root: string, dir: string): PackageSource {
  const parent = path.dirname(root);
  const checkout = fs.existsSync(path.join(root, 'scripts', 'build.js'));
  if (path.basename(parent) === 'node_modules') {
    const project = path.dirname(parent);
    const manifest = path.join(project, 'package.json');
    if (fs.existsSync(manifest)) {
      const pkg = JSON.parse(fs.readFileSync(manifest, 'utf8')) as Manifest;
      const spec = pkg.dependencies?.['shipshape'] ?? pkg.devDependencies?.['shipshape'];
      if (spec !== undefined && spec.startsWith('file:')) {
        const target = path.resolve(project, spec.slice('file:'.length));
        const rel = path.relative(dir, target).split(path.sep).join('/');
        return { spec: `file:${rel.startsWith('.') ? rel : `./${rel}`}` };
      }
      if (spec !== undefined) return { spec };
    }
  }
  return { pack: { root, scripts: checkout } };
}

/** Versions the scaffold pins: this shipshape (as `spec` gives it) and the peers it was built and tested with. */
function pins(root: string, spec: string): Readonly<Record<string, string>> {
  const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as Manifest;
  const dev = pkg.devDependencies ?? {};
  const pin = (name: string) => {
    const v = dev[name];
    if (v === undefined) throw new Error(`shipshape's package.json pins no ${name}`);
    return v;
  };
  return {
    shipshape: spec,
    cdk8s: pin('cdk8s'),
    'cdk8s-plus-27': pin('cdk8s-plus-27'),
    constructs: pin('constructs'),
    typescript: pin('typescript'),
    '@types/node': pin('@types/node'),
  };
}

/** The package name for a directory: lowercase, npm-safe. */
export function projectName(dir: string): string {
  const base = path
    .basename(path.resolve(dir))
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return base === '' ? 'my-system' : base;
}

/** The scaffold's files, path -> content. */
export function scaffold(name: string, v: Readonly<Record<string, string>>): Map<string, string> {
  const pkg = {
    name,
    version: '0.1.0',
    private: true,
    scripts: {
      synth: 'shipshape synth',
      test: 'node -r shipshape/register test/app.test.ts',
      typecheck: 'tsc --noEmit',
      graph: 'shipshape graph',
    },
    dependencies: { shipshape: v['shipshape'] },
    devDependencies: {
      '@types/node': v['@types/node'],
      cdk8s: v['cdk8s'],
      'cdk8s-plus-27': v['cdk8s-plus-27'],
      constructs: v['constructs'],
      typescript: v['typescript'],
    },
  };
  const tsconfig = {
    compilerOptions: {
      target: 'ES2022',
      module: 'node16',
      moduleResolution: 'node16',
      strict: true,
      exactOptionalPropertyTypes: true,
      noUncheckedIndexedAccess: true,
      skipLibCheck: false,
      esModuleInterop: true,
      types: ['node'],
      noEmit: true,
    },
    include: ['src/**/*.ts', 'test/**/*.ts'],
  };
  return new Map([
    ['package.json', `${JSON.stringify(pkg, null, 2)}\n`],
    ['tsconfig.json', `${JSON.stringify(tsconfig, null, 2)}\n`],
    ['.gitignore', 'node_modules/\n.cdk8s-out/\n'],
    [
      'cdk8s.yaml',
      `# \`npx cdk8s synth\` runs shipshape synth, which validates and writes dist/ itself (all or nothing).
# cdk8s-cli empties its output directory before running the app, so it points at a scratch directory.
language: typescript
app: npx shipshape synth --out dist
output: .cdk8s-out
`,
    ],
    [
      'Pulumi.yaml',
      `name: ${name}
description: Deploys the synthesized objects of ${name} (needs npm i @pulumi/pulumi @pulumi/kubernetes).
runtime:
  name: nodejs
  options:
    typescript: false
    nodeargs: --require shipshape/register
main: deploy/index.ts
config:
  environment:
    type: string
    description: Environment of the app to deploy.
    default: dev
`,
    ],
    ['src/app.ts', APP],
    ['deploy/index.ts', DEPLOY],
    ['test/app.test.ts', TEST],
  ]);
}

const APP = `import { Microservice, System } from 'shipshape';
import { defineApp } from 'shipshape/synth';

/** The app: one System per environment. \`npx shipshape synth\` writes dist/<env>/ and dist/helm/<env>/. */
export default defineApp({
  environments: ['dev', 'prod'],
  build(scope, env) {
    const system = new System(scope, 'hello', { namespace: \`hello-\${env}\` });
    new Microservice(system, 'web', {
      image: 'nginxinc/nginx-unprivileged:1.25.3-alpine',
      ports: [{ name: 'http', port: 8080 }],
      writablePaths: ['/tmp'],
      replicas: env === 'prod' ? 2 : 1,
    });
  },
});
`;

const DEPLOY = `// Pulumi program: applies the synthesized objects of one environment to the current kubeconfig.
import * as k8s from '@pulumi/kubernetes';
import * as pulumi from '@pulumi/pulumi';
import { KubernetesObjects } from 'shipshape/pulumi';
import { synthesizeApp } from 'shipshape/synth';
import app from '../src/app';

const environment = new pulumi.Config().require('environment');
const [system] = synthesizeApp(app, { environments: [environment] });
if (system === undefined) throw new Error(\`environment \${environment} has no System\`);
new KubernetesObjects('app', { objects: system.objects, provider: new k8s.Provider('cluster', {}) });
`;

const TEST = `import * as assert from 'node:assert/strict';
import { test } from 'node:test';
import { synthesizeApp, validateSystem } from 'shipshape/synth';
import app from '../src/app';

test('every environment synthesizes without a validation finding', () => {
  for (const system of synthesizeApp(app)) {
    assert.deepEqual(validateSystem(system), [], system.dir);
    assert.ok(system.objects.some((o) => o.kind === 'Deployment'));
  }
});
`;

type Section = Record<string, string>;

/** An existing package.json with the scaffold's scripts and dependencies it lacks (its own win). */
export function mergeManifest(current: string, scaffolded: string): string {
  const mine = JSON.parse(current) as Record<string, unknown>;
  const theirs = JSON.parse(scaffolded) as Record<string, Section>;
  const merged: Record<string, unknown> = { ...mine };
  for (const key of ['scripts', 'dependencies', 'devDependencies']) {
    const own = (mine[key] ?? {}) as Section;
    const present = new Set([
      ...Object.keys((mine['dependencies'] ?? {}) as Section),
      ...Object.keys((mine['devDependencies'] ?? {}) as Section),
    ]);
    const added = Object.entries(theirs[key] ?? {}).filter(
      ([name]) => !(name in own) && (key === 'scripts' || !present.has(name)),
    );
    merged[key] = { ...own, ...Object.fromEntries(added) };
  }
  return `${JSON.stringify(merged, null, 2)}\n`;
}

/** \`shipshape init\`. */
export function initCommand(
  args: readonly string[],
  io: SynthIo,
  cwd: string = process.cwd(),
  runner: InitRunner = realRunner(),
): number {
  if (args.includes('-h') || args.includes('--help')) {
    io.stdout(INIT_USAGE);
    return 0;
  }
  const install = !args.includes('--no-install');
  const rest = args.filter((a) => a !== '--no-install');
  const flag = rest.find((a) => a.startsWith('-'));
  if (flag !== undefined || rest.length > 1) {
    io.stderr(`shipshape: ${flag ? `unknown flag ${flag}` : 'one directory at most'}\n${INIT_USAGE}`);
    return 2;
  }
  const dir = path.resolve(cwd, rest[0] ?? '.');
  const source = packageSource(runner.root, dir);
  // Checked before anything is written: the tarball's name is only known once packed.
  const probe = scaffold(projectName(dir), pins(runner.root, source.pack ? 'file:./x.tgz' : source.spec));
  const existing = [...probe.keys()].filter((f) => f !== 'package.json' && fs.existsSync(path.join(dir, f)));
  if (existing.length > 0) {
    io.stderr(`shipshape: init would overwrite ${existing.join(', ')} in ${dir}; nothing written\n`);
    return 2;
  }
  fs.mkdirSync(dir, { recursive: true });
  let spec: string;
  if (source.pack) {
    const r = runner.run(
      'npm',
      [
        'pack',
        source.pack.root,
        '--pack-destination',
        dir,
        '--json',
        ...(source.pack.scripts ? [] : ['--ignore-scripts']),
      ],
      dir,
    );
    const packed = r.status === 0 ? parsePackName(r.stdout) : undefined;
    if (packed === undefined) {
      io.stderr(`shipshape: npm pack ${source.pack.root} failed; nothing written\n${r.stderr}`);
      return 1;
    }
    spec = `file:./${packed}`;
  } else spec = source.spec;
  const files = scaffold(projectName(dir), pins(runner.root, spec));
  const manifest = path.join(dir, 'package.json');
  if (fs.existsSync(manifest))
    files.set('package.json', mergeManifest(fs.readFileSync(manifest, 'utf8'), files.get('package.json')!));
  for (const [rel, content] of files) {
    fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    fs.writeFileSync(path.join(dir, rel), content);
  }
  const where = path.relative(cwd, dir) || '.';
  const cd = where === '.' ? '' : `cd ${where} && `;
  io.stdout(`created ${[...files.keys()].join(', ')} in ${where} (shipshape: ${spec})\n`);
  if (!install) {
    io.stdout(`next: ${cd}npm install && npm run synth && npm test\n`);
    return 0;
  }
  const r = runner.run('npm', ['install', '--no-audit', '--no-fund'], dir);
  if (r.status !== 0) {
    io.stderr(`shipshape: npm install in ${where} failed (the files are written):\n${r.stderr}`);
    return 1;
  }
  io.stdout(`installed\nnext: ${cd}npm run synth && npm test\n`);
  return 0;
}

/** The file name in `npm pack --json` output. */
function parsePackName(stdout: string): string | undefined {
  try {
    const [first] = JSON.parse(stdout.slice(stdout.indexOf('['))) as { filename?: unknown }[];
    return typeof first?.filename === 'string' ? first.filename : undefined;
  } catch {
    return undefined;
  }
}
