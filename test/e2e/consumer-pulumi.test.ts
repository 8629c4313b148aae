import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { synthesizeApp, validateSystem } from 'shipshape/synth';
import app from '../../e2e/fixtures/consumer-pulumi/src/app';
import { find, ofType, runStack, setupMocks } from '../pulumi/support/pulumi-mocks';

// The project e2e/consumer-pulumi.sh deploys from the packed tarball with the real Pulumi CLI: here its
// app and program run against the sources (jest maps the entry points) and Pulumi's mocks, so a broken
// fixture fails `npm test` before it costs an e2e run.

const FIXTURE = path.resolve(__dirname, '../../e2e/fixtures/consumer-pulumi');

describe('the Pulumi consumer fixture', () => {
  test('imports only the public entry points', () => {
    // GIVEN the program and the app WHEN their imports are read
    const specifiers = ['index.ts', 'src/app.ts'].flatMap((f) =>
      [...fs.readFileSync(path.join(FIXTURE, f), 'utf8').matchAll(/from '([^']+)'/g)].map((m) => m[1]),
    );
    // THEN they are shipshape's entry points and the app itself
    expect([...new Set(specifiers)].sort()).toEqual([
      './src/app',
      'shipshape',
      'shipshape/pulumi',
      'shipshape/synth',
    ]);
  });

  test('synthesizes with no validation finding: external Services, a worker with unbounded scratch, a task', () => {
    // GIVEN / WHEN
    const [system] = synthesizeApp(app);
    // THEN
    expect(system && validateSystem(system)).toEqual([]);
    expect(system?.objects.map((o) => `${o.kind}/${o.metadata.name}`)).toEqual([
      'Namespace/notes-dev',
      'NetworkPolicy/default-deny',
      'NetworkPolicy/allow-dns',
      'ServiceAccount/api',
      'NetworkPolicy/api',
      'Deployment/api',
      'Service/api',
      'Service/api-public',
      'Service/api-sync',
      'PodDisruptionBudget/api',
      'ServiceAccount/cleanup',
      'NetworkPolicy/cleanup',
      'CronJob/cleanup',
      'ServiceAccount/indexer',
      'NetworkPolicy/indexer',
      'Deployment/indexer',
      'ServiceAccount/search',
      'NetworkPolicy/search',
      'Deployment/search',
      'Service/search',
      'Rollout/search',
    ]);
    expect(system?.secrets.map((s) => `${s.name}: ${s.keys.map((k) => k.key).join(',')}`)).toEqual([
      'notes-db: PASSWORD',
    ]);
  });

  test('its program, on an existing-cluster stack, creates the objects and the Secret from secret config alone', async () => {
    // GIVEN the stack configuration e2e/consumer-pulumi.sh sets
    const kubeconfig = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'consumer-pulumi-')), 'kubeconfig');
    fs.writeFileSync(kubeconfig, 'apiVersion: v1\nkind: Config\n');
    const records = await setupMocks(
      {
        environment: 'dev',
        'cluster.kind': 'existing',
        'existing.kubeconfigPath': kubeconfig,
        'existing.hasGatewayController': 'true',
        'existing.hasMetricsServer': 'true',
        'existing.hasArgoRollouts': 'true',
        secrets: JSON.stringify({ 'notes-db': { PASSWORD: 'e2e-notes-password' } }),
      },
      ['secrets'],
    );
    // WHEN the program runs
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- the program is `export =`
    const program = require(path.join(FIXTURE, 'index.ts')) as () => unknown;
    await runStack(program);
    // THEN the Secret holds the configured value (no generated password: no @pulumi/random needed)
    const secret = find(records, 'kubernetes:core/v1:Secret', 'secret-notes-dev-notes-db');
    expect(secret.inputs['stringData']).toEqual({ PASSWORD: 'e2e-notes-password' });
    expect(records.filter((r) => r.type.startsWith('random:') || r.type.startsWith('command:'))).toEqual([]);
    // AND no platform release is installed, and every synthesized object is one Kubernetes resource
    expect(ofType(records, 'kubernetes:helm.sh/v3:Release')).toEqual([]);
    const kube = records.filter(
      (r) => r.custom && r.type.startsWith('kubernetes:') && r.type !== 'kubernetes:core/v1:Secret',
    );
    expect(kube).toHaveLength(21);
    // AND the Rollout waits for Healthy within the bound its author set
    const rollout = find(records, 'kubernetes:argoproj.io/v1alpha1:Rollout', 'rollout-notes-dev-search');
    expect((rollout.inputs['metadata'] as { annotations: Record<string, string> }).annotations).toMatchObject(
      {
        'pulumi.com/timeoutSeconds': '60',
        'pulumi.com/waitFor': expect.stringContaining('jsonpath={.status.phase}=Healthy'),
      },
    );
  });
});
