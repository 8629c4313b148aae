// `npm run release -- <version>`: the release path a maintainer runs, one step.
//   1. checks the version (SemVer, above the current one) and that CHANGELOG.md has an Unreleased section;
//   2. sets the version in package.json and package-lock.json (npm version, no git tag) and turns
//      "## Unreleased" into "## <version> - <date>" under a fresh, empty Unreleased section;
//   3. checks what would be published: `npm publish --dry-run --provenance` (the package file list and the
//      publish configuration; npm makes the provenance statement only in a CI with an OIDC token, see below).
// Then commit, tag v<version> and push the tag: .github/workflows/release.yml publishes with provenance.
// `npm run release -- --check` runs step 3 and the CHANGELOG and package.json checks alone (what CI runs).
'use strict';
const { execFileSync } = require('child_process');
const fs = require('fs');
const path = require('path');

const root = path.join(__dirname, '..');
const SEMVER = /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(-[0-9A-Za-z.-]+)?$/;
/** Every file the package may hold: compiled JS and declarations, the validator's tables, the CLI, the docs. */
const PACKAGE_FILES =
  /^(lib\/.*\.(js|d\.ts)|lib\/src\/validate\/(k8s-1\.27|argocd-3\.4|gateway-api-1\.7|argo-rollouts-1\.10|istio-1\.32)-schema\.json|bin\/shipshape\.js|scripts\/register\.js|package\.json|README\.md|CHANGELOG\.md|LICENSE)$/;

/** The version parts, for ordering (pre-releases before their release). */
function parts(v) {
  const m = SEMVER.exec(v);
  if (!m) throw new Error(`not a SemVer version: ${v}`);
  return [Number(m[1]), Number(m[2]), Number(m[3]), m[4] === undefined ? 1 : 0];
}

/** Whether `a` is above `b`. */
function above(a, b) {
  const [x, y] = [parts(a), parts(b)];
  for (let i = 0; i < 4; i++) if (x[i] !== y[i]) return x[i] > y[i];
  return false;
}

/**
 * CHANGELOG.md with its Unreleased section turned into `version` (dated `date`), under a new empty Unreleased
 * section; throws when there is no Unreleased section or it says nothing.
 */
function rollChangelog(text, version, date) {
  const head = '## Unreleased';
  const at = text.indexOf(`\n${head}\n`);
  if (at < 0) throw new Error(`CHANGELOG.md has no "${head}" section`);
  const body = text.slice(at + head.length + 2);
  const next = body.search(/\n## /);
  const notes = (next < 0 ? body : body.slice(0, next)).trim();
  if (notes === '')
    throw new Error(`CHANGELOG.md: the "${head}" section is empty: say what ${version} changes`);
  return `${text.slice(0, at)}\n${head}\n\n## ${version} - ${date}\n\n${body.trimStart()}`;
}

/** Problems of package.json for publishing with provenance (empty when it is ready). */
function publishProblems(pkg) {
  const problems = [];
  if (pkg.private) problems.push('package.json is private');
  if (pkg.publishConfig?.provenance !== true) problems.push('publishConfig.provenance must be true');
  if (typeof pkg.repository?.url !== 'string')
    problems.push('repository.url must be set (provenance links the package to its source repository)');
  if (!(pkg.files ?? []).includes('CHANGELOG.md')) problems.push('files must include CHANGELOG.md');
  if (!SEMVER.test(pkg.version)) problems.push(`version ${pkg.version} is not SemVer`);
  return problems;
}

function npm(args) {
  return execFileSync('npm', args, { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

/** Step 3: what `npm publish` would do, without publishing. */
function dryRun() {
  const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
  const problems = publishProblems(pkg);
  const changelog = fs.readFileSync(path.join(root, 'CHANGELOG.md'), 'utf8');
  if (!changelog.includes(`\n## ${pkg.version} - `) && !changelog.includes('\n## Unreleased\n'))
    problems.push(`CHANGELOG.md has no section for ${pkg.version} and no Unreleased section`);
  if (problems.length > 0) throw new Error(`not ready to publish:\n  ${problems.join('\n  ')}`);
  // --provenance: npm checks the flag and the configuration here; it signs the provenance statement (Sigstore,
  // with the CI's OIDC token) only when it really publishes, which only a supported CI (GitHub Actions with
  // `id-token: write`, GitLab CI) can do.
  const out = execFileSync('npm', ['publish', '--dry-run', '--provenance', '--json'], {
    cwd: root,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  // npm 11 keys the report by package name (npm 10 printed the report itself).
  const parsed = JSON.parse(out.slice(out.indexOf('{')));
  const report = parsed[pkg.name] ?? parsed;
  const unexpected = report.files.map((f) => f.path).filter((f) => !PACKAGE_FILES.test(f));
  if (unexpected.length > 0) throw new Error(`unexpected files in the package: ${unexpected.join(', ')}`);
  return `${report.id}: ${report.entryCount} files, ${Math.round(report.size / 1024)} kB; npm publish --dry-run --provenance passed`;
}

function main(argv) {
  const [arg] = argv;
  if (arg === '--check') {
    console.log(dryRun());
    return;
  }
  if (arg === undefined || arg.startsWith('-'))
    throw new Error('usage: npm run release -- <version> | --check');
  const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
  if (!above(arg, pkg.version)) throw new Error(`${arg} is not above the current version ${pkg.version}`);
  const file = path.join(root, 'CHANGELOG.md');
  const rolled = rollChangelog(fs.readFileSync(file, 'utf8'), arg, new Date().toISOString().slice(0, 10));
  npm(['version', arg, '--no-git-tag-version']);
  fs.writeFileSync(file, rolled);
  console.log(dryRun());
  console.log(`next: git commit -am 'Release ${arg}' && git tag v${arg} && git push --follow-tags`);
}

if (require.main === module) {
  try {
    main(process.argv.slice(2));
  } catch (e) {
    console.error(`release: ${e instanceof Error ? e.message : String(e)}`);
    process.exit(1);
  }
}

module.exports = { above, PACKAGE_FILES, publishProblems, rollChangelog };
