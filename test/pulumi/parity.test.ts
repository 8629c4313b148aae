import * as path from 'node:path';
import { environmentNames, type EnvironmentName } from '../../src/delinkcious/environments';
import { stack } from '../../src/delinkcious/app';
import { runProgram, stackDependencies } from '../../src/pulumi/program';
import { loadManifests } from '../../src/validate';
import { find, runStack, setupMocks, type RecordedResource } from './support/pulumi-mocks';

// Parity: the Kubernetes objects `pulumi up` registers for an environment are exactly the objects
// `npm run synth` wrote to dist/<env>/ (same kinds, names and specs), apart from the Secrets Pulumi adds.

const DIST = path.join(__dirname, '..', '..', 'dist');
const secrets = JSON.stringify({
  'github-oauth': { GITHUB_CLIENT_ID: 'id', GITHUB_CLIENT_SECRET: 'secret' },
  'mutual-auth': { 'mutual-auth.yaml': 'tokens: {}' },
});
const config: Record<EnvironmentName, Record<string, string>> = {
  local: { environment: 'local', secrets },
  staging: {
    environment: 'staging',
    'cluster.kind': 'eks',
    'eks.region': 'eu-west-1',
    'acme.email': 'ops@delinkcio.us',
  },
  production: {
    environment: 'production',
    'cluster.kind': 'eks',
    'eks.region': 'us-east-1',
    'eks.nodeCount': '3',
    'acme.email': 'ops@delinkcio.us',
  },
};

async function registered(env: EnvironmentName): Promise<RecordedResource[]> {
  const records = await setupMocks(config[env], ['secrets']);
  await runStack(() => runProgram(stackDependencies(stack)));
  const app = find(records, 'shipshape:app:KubernetesObjects', 'app');
  return records.filter((r) => r.parent === app.urn && r.custom);
}

/** An object without the annotations Pulumi's wait for a Rollout adds. */
function withoutWait<T extends { metadata: object }>(o: T | undefined): T | undefined {
  const annotations = (o?.metadata as { annotations?: Record<string, string> } | undefined)?.annotations;
  if (!o || !annotations?.['pulumi.com/waitFor']) return o;
  const rest = Object.fromEntries(Object.entries(annotations).filter(([k]) => !k.startsWith('pulumi.com/')));
  return { ...o, metadata: { ...o.metadata, annotations: rest } };
}

const key = (o: { kind: string; metadata: { namespace?: string; name: string } }) =>
  `${o.kind} ${o.metadata.namespace ?? ''}/${o.metadata.name}`;

describe.each(environmentNames)('Pulumi parity with dist/%s', (env) => {
  test('registers one resource per object of dist/ with the same content', async () => {
    // GIVEN
    const expected = loadManifests([path.join(DIST, env)]).map(
      (d) => d.object as { kind: string; metadata: { name: string; namespace?: string } },
    );
    // WHEN
    const resources = await registered(env);
    const objects = resources.map((r) => r.inputs as (typeof expected)[number]);
    // THEN
    expect(objects.map(key).sort()).toEqual(expected.map(key).sort());
    const byKey = new Map(objects.map((o) => [key(o), o]));
    for (const o of expected) expect([key(o), withoutWait(byKey.get(key(o)))]).toEqual([key(o), o]);
    // Rollouts carry how Pulumi waits for them (src/pulumi/app/rollout-wait.ts), and nothing else is added
    for (const o of objects.filter((x) => x.kind === 'Rollout')) {
      const annotations = (o.metadata as unknown as { annotations: Record<string, string> }).annotations;
      expect(JSON.parse(annotations['pulumi.com/waitFor'] ?? '')).toEqual([
        'jsonpath={.status.phase}=Healthy',
      ]);
      expect(Number(annotations['pulumi.com/timeoutSeconds'])).toBeGreaterThan(600);
    }
  });
});

describe.each(environmentNames)('Pulumi parity with dist/argocd/%s.yaml in GitOps mode', (env) => {
  test('registers the committed Application and the Namespace of dist/, nothing else of the manifests', async () => {
    // GIVEN the committed Application and Namespace
    const [application] = loadManifests([path.join(DIST, 'argocd', `${env}.yaml`)]).map((d) => d.object);
    const [namespace] = loadManifests([path.join(DIST, env, '00-namespace.yaml')]).map((d) => d.object);
    // WHEN the environment is deployed in GitOps mode
    const records = await setupMocks({ ...config[env], 'app.mode': 'gitops' }, ['secrets']);
    await runStack(() => runProgram(stackDependencies(stack)));
    const objects = find(records, 'shipshape:app:KubernetesObjects', 'app');
    const registeredObjects = records
      .filter((r) => r.parent === objects.urn && r.custom)
      .map((r) => r.inputs);
    // THEN exactly those two objects, as committed
    expect(registeredObjects).toEqual(expect.arrayContaining([application, namespace]));
    expect(registeredObjects).toHaveLength(2);
  });
});
