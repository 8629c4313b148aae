import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { graphCommand } from '../../src/cli/graph';
import { TOPOLOGY_END, TOPOLOGY_START } from '../../src/synth/graph';

const APPS = path.join(__dirname, '..', 'fixtures', 'apps');

function capture() {
  const out = { stdout: '', stderr: '' };
  return { out, io: { stdout: (t: string) => (out.stdout += t), stderr: (t: string) => (out.stderr += t) } };
}

describe('graphCommand', () => {
  test('prints the topology of the first environment', () => {
    // GIVEN
    const { out, io } = capture();
    // WHEN
    const code = graphCommand(['good.ts'], io, APPS);
    // THEN
    expect(code).toBe(0);
    expect(out.stdout).toContain('  web("web<br/>Deployment")\n');
  });

  test('updates a Markdown section, and --check fails while it is stale', () => {
    // GIVEN
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'shipshape-graph-'));
    const md = path.join(dir, 'README.md');
    fs.writeFileSync(md, `# Store\n\n${TOPOLOGY_START}\n${TOPOLOGY_END}\n`);
    const args = [path.join(APPS, 'good.ts'), '--env', 'prod', '--update', md];
    // WHEN
    const stale = graphCommand([...args, '--check'], capture().io, dir);
    const update = graphCommand(args, capture().io, dir);
    const fresh = graphCommand([...args, '--check'], capture().io, dir);
    // THEN
    expect([stale, update, fresh]).toEqual([1, 0, 0]);
    expect(fs.readFileSync(md, 'utf8')).toContain('_Environment `prod`, generated from the constructs');
    fs.rmSync(dir, { recursive: true });
  });

  test('asks for --system when the environment has several Systems', () => {
    // GIVEN
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'shipshape-graph-'));
    fs.writeFileSync(
      path.join(dir, 'app.js'),
      `const { Microservice, System } = require('shipshape');
module.exports = { build(scope) {
  for (const id of ['a', 'b']) new Microservice(new System(scope, id, { namespace: id }), 'web', { image: 'nginx:1.25.3', ports: [{ name: 'http', port: 8080 }] });
} };
`,
    );
    const { out, io } = capture();
    // WHEN
    const code = graphCommand([], io, dir);
    const chosen = graphCommand(['--system', 'b'], capture().io, dir);
    // THEN
    expect(code).toBe(2);
    expect(out.stderr).toMatch(/^shipshape: the app has several Systems \(a, b\): pick one with --system\n/);
    expect(chosen).toBe(0);
    fs.rmSync(dir, { recursive: true });
  });
});
