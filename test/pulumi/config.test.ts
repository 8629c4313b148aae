import * as fs from 'node:fs';
import * as path from 'node:path';
import * as yaml from 'js-yaml';
import {
  ConfigError,
  parseStackConfig,
  type AppConfigOptions,
  type ConfigSource,
  type StackConfig,
} from '../../src/pulumi/config';

const root = path.resolve(__dirname, '../..');

/** The app the rules are parameterized with (Delinkcious's, as src/delinkcious/deploy.ts passes it). */
const APP: AppConfigOptions = {
  environments: ['local', 'staging', 'production'],
  releaseName: 'delinkcious',
  productionEnvironments: ['production'],
};

/** A config source over plain values; `secret` lists keys set with --secret. */
function source(
  values: Record<string, string>,
  secret: readonly string[] = [],
  read?: Set<string>,
): ConfigSource {
  return {
    get: (key) => {
      read?.add(key);
      return values[key];
    },
    isSecret: (key) => secret.includes(key),
  };
}

function problems(values: Record<string, string>, secret: readonly string[] = []): readonly string[] {
  try {
    parseStackConfig(source(values, secret), APP);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
}

interface ProjectConfigType {
  readonly type: string;
  readonly default?: unknown;
  readonly description?: string;
}

const project = yaml.load(fs.readFileSync(path.join(root, 'Pulumi.yaml'), 'utf8')) as {
  name: string;
  main: string;
  runtime: { name: string; options: { typescript: boolean; nodeargs: string } };
  config: Record<string, ProjectConfigType>;
};

/** The values the CLI passes when a stack sets nothing: Pulumi.yaml's defaults, as strings. */
function projectDefaults(): Record<string, string> {
  const values: Record<string, string> = {};
  for (const [key, spec] of Object.entries(project.config)) {
    if (spec.default === undefined) continue;
    values[key] = Array.isArray(spec.default) ? JSON.stringify(spec.default) : String(spec.default);
  }
  return values;
}

/** Stack example file values, without the `shipshape:` prefix. */
function stackFile(name: string): Record<string, string> {
  const file = yaml.load(fs.readFileSync(path.join(root, name), 'utf8')) as {
    config: Record<string, unknown>;
  };
  return Object.fromEntries(
    Object.entries(file.config).map(([key, value]) => [key.replace(/^shipshape:/, ''), String(value)]),
  );
}

describe('parseStackConfig', () => {
  it('defaults to a minikube cluster on Kubernetes v1.37 with the objects mode', () => {
    const config = parseStackConfig(source({ environment: 'local' }), APP);
    expect(config.environment).toBe('local');
    expect(config.cluster).toEqual({
      kind: 'minikube',
      profile: 'shipshape',
      kubernetesVersion: 'v1.37.2',
      driver: 'docker',
      cpus: 4,
      memoryMb: 8192,
    });
    expect(config.app).toEqual({
      mode: 'objects',
      chartPath: undefined,
      values: {},
      releaseName: 'delinkcious',
    });
    expect(config.tls.issuer).toBe('self-signed');
    expect(config.vault).toEqual({ devMode: false, role: 'external-secrets', token: undefined });
    expect(config.secrets.size).toBe(0);
  });

  it('reads each cloud kind with its defaults and picks ACME on clouds', () => {
    const eks = parseStackConfig(
      source({ environment: 'production', 'cluster.kind': 'eks', 'eks.region': 'eu-west-1' }),
      APP,
    );
    expect(eks.cluster).toEqual({
      kind: 'eks',
      region: 'eu-west-1',
      version: '1.35',
      instanceType: 't3.large',
      nodeCount: 2,
      vpcId: undefined,
      subnetIds: [],
    });
    expect(eks.tls.issuer).toBe('acme');
    const gke = parseStackConfig(
      source({
        environment: 'staging',
        'cluster.kind': 'gke',
        'gke.project': 'p1',
        'gke.region': 'europe-west1',
        'gke.version': '1.35',
      }),
      APP,
    );
    expect(gke.cluster).toMatchObject({
      kind: 'gke',
      project: 'p1',
      region: 'europe-west1',
      version: '1.35',
      nodeCount: 1,
    });
    const aks = parseStackConfig(
      source({
        environment: 'staging',
        'cluster.kind': 'aks',
        'aks.location': 'westeurope',
        'aks.nodeCount': '3',
      }),
      APP,
    );
    expect(aks.cluster).toMatchObject({
      kind: 'aks',
      location: 'westeurope',
      resourceGroup: 'shipshape',
      nodeCount: 3,
    });
    const existing = parseStackConfig(
      source({
        environment: 'local',
        'cluster.kind': 'existing',
        'existing.context': 'kind-kind',
        'existing.hasGatewayController': 'true',
        'existing.kubernetesVersion': 'v1.36.3',
      }),
      APP,
    );
    expect(existing.cluster).toMatchObject({
      kind: 'existing',
      context: 'kind-kind',
      kubernetesVersion: 'v1.36.3',
      hasGatewayController: true,
      hasMetricsServer: false,
      hasArgoCd: false,
    });
  });

  it('reads GitOps mode, and whether an existing cluster already runs Argo CD', () => {
    // GIVEN a GitOps stack on a cluster with Argo CD WHEN parsed THEN the mode and the capability are read
    const config = parseStackConfig(
      source({
        environment: 'local',
        'cluster.kind': 'existing',
        'app.mode': 'gitops',
        'existing.hasArgoCd': 'true',
      }),
      APP,
    );
    expect(config.app.mode).toBe('gitops');
    expect(config.cluster).toMatchObject({ kind: 'existing', hasArgoCd: true });
    expect(
      problems({ environment: 'local', 'cluster.kind': 'existing', 'existing.hasArgoCd': 'yes' }),
    ).toEqual(["shipshape:existing.hasArgoCd must be true or false (got 'yes')"]);
  });

  it('rejects an unknown cluster kind with the allowed values', () => {
    expect(problems({ environment: 'local', 'cluster.kind': 'k3s' })).toEqual([
      "shipshape:cluster.kind must be one of minikube, eks, gke, aks, existing (got 'k3s')",
    ]);
  });

  it('requires the region of the chosen cloud', () => {
    expect(problems({ environment: 'production', 'cluster.kind': 'eks' })).toEqual([
      'shipshape:eks.region is required when cluster.kind is eks',
    ]);
    expect(problems({ environment: 'production', 'cluster.kind': 'gke', 'gke.project': 'p' })).toEqual([
      'shipshape:gke.region is required when cluster.kind is gke',
    ]);
    expect(problems({ environment: 'production', 'cluster.kind': 'aks' })).toEqual([
      'shipshape:aks.location is required when cluster.kind is aks',
    ]);
  });

  it('rejects bad node counts', () => {
    expect(
      problems({
        environment: 'production',
        'cluster.kind': 'eks',
        'eks.region': 'us-east-1',
        'eks.nodeCount': '0',
      }),
    ).toEqual(['shipshape:eks.nodeCount must be an integer >= 1 (got 0)']);
    expect(
      problems({
        environment: 'production',
        'cluster.kind': 'aks',
        'aks.location': 'x',
        'aks.nodeCount': '2.5',
      }),
    ).toEqual(['shipshape:aks.nodeCount must be an integer >= 1 (got 2.5)']);
    expect(problems({ environment: 'local', 'minikube.cpus': '1' })).toEqual([
      "shipshape:minikube.cpus must be an integer >= 2 (minikube's minimum) (got 1)",
    ]);
  });

  it('reports every problem at once', () => {
    expect(
      problems({
        environment: 'dev',
        'cluster.kind': 'gke',
        'gke.nodeCount': 'many',
        'app.mode': 'kustomize',
      }),
    ).toEqual([
      "shipshape:environment must be one of local, staging, production (got 'dev')",
      'shipshape:gke.project is required when cluster.kind is gke',
      'shipshape:gke.region is required when cluster.kind is gke',
      'shipshape:gke.nodeCount must be an integer >= 1 (got many)',
      "shipshape:app.mode must be one of objects, helm, gitops (got 'kustomize')",
    ]);
  });

  it('reads chart values over the environment’s own as a JSON object', () => {
    const config = parseStackConfig(
      source({ environment: 'local', 'app.mode': 'helm', 'app.values': '{"linkManager":{"replicas":2}}' }),
      APP,
    );
    expect(config.app.values).toEqual({ linkManager: { replicas: 2 } });
    expect(problems({ environment: 'local', 'app.values': '[1]' })).toEqual([
      `shipshape:app.values must be a JSON object such as '{"linkManager":{"replicas":2}}' (got [1])`,
    ]);
  });

  it('keeps every created cluster on a minor the platform pins cover, and minikube shell-safe', () => {
    // GIVEN end-of-life or unpinned versions WHEN parsed THEN each is refused naming the covered range
    expect(problems({ environment: 'local', 'minikube.kubernetesVersion': 'v1.27.16' })).toEqual([
      "shipshape:minikube.kubernetesVersion must be a Kubernetes minor the platform pins cover (1.35–1.37; upstream supports the three newest) (got 'v1.27.16')",
    ]);
    expect(problems({ environment: 'local', 'minikube.kubernetesVersion': 'v1.38.0; reboot' })).toEqual([
      "shipshape:minikube.kubernetesVersion must be v1.<minor>.<patch> (got 'v1.38.0; reboot')",
    ]);
    expect(
      problems({
        environment: 'production',
        'cluster.kind': 'eks',
        'eks.region': 'eu-west-1',
        'eks.version': '1.34',
      }),
    ).toEqual([
      "shipshape:eks.version must be a Kubernetes minor the platform pins cover (1.35–1.37; upstream supports the three newest) (got '1.34')",
    ]);
    expect(problems({ environment: 'local', 'minikube.profile': 'x; rm -rf ~' })).toEqual([
      "shipshape:minikube.profile must be a DNS label (got 'x; rm -rf ~')",
    ]);
  });

  it('rejects booleans, e-mails and dev-mode Vault that cannot be right', () => {
    expect(problems({ environment: 'local', 'vault.devMode': 'yes' })).toEqual([
      "shipshape:vault.devMode must be true or false (got 'yes')",
    ]);
    expect(problems({ environment: 'production', 'vault.devMode': 'true' })).toEqual([
      'shipshape:vault.devMode must be false for environment production (dev-mode Vault is in-memory)',
    ]);
    expect(problems({ environment: 'local', 'acme.email': '<ops-team@your-domain>' })).toEqual([
      "shipshape:acme.email must be an e-mail address (got '<ops-team@your-domain>')",
    ]);
  });

  it('reads secret values only when they were set with --secret, and hides them', () => {
    const secrets = JSON.stringify({ 'api-gateway-oauth': { GITHUB_CLIENT_SECRET: 's3cr3t' } });
    const config = parseStackConfig(
      source({ environment: 'local', secrets, 'vault.token': 'hvs.x' }, ['secrets', 'vault.token']),
      APP,
    );
    const value = config.secrets.get('api-gateway-oauth')?.get('GITHUB_CLIENT_SECRET');
    expect(value?.reveal()).toBe('s3cr3t');
    expect(`${value}`).toBe('[secret]');
    expect(JSON.stringify({ value, token: config.vault.token })).not.toMatch(/s3cr3t|hvs/);
    expect(problems({ environment: 'local', secrets, 'vault.token': 'hvs.x' })).toEqual([
      'shipshape:vault.token must be set with --secret: pulumi config set --secret vault.token <value>',
      "shipshape:secrets must be set with --secret (values would be stored in clear): pulumi config set --secret --path 'secrets.<secret-name>.<KEY>' <value>",
    ]);
    expect(problems({ environment: 'local', secrets: '{"db": {"PASSWORD": 42}}' }, ['secrets'])).toEqual([
      'shipshape:secrets.db.PASSWORD must be a string (set it with --path and quotes)',
    ]);
  });
});

describe('Pulumi.yaml', () => {
  it('runs the Delinkcious program with the repo’s sucrase transpiler and the package resolved to the checkout, required from where the CLI starts node', () => {
    // GIVEN the CLI starts the program's node process in the folder of `main`
    const cwd = path.dirname(path.join(root, project.main));
    // WHEN the --require paths of nodeargs are resolved from there, as node does
    const requires = [...project.runtime.options.nodeargs.matchAll(/--require[= ](\S+)/g)].map((m) => m[1]!);
    // THEN they name the repo's loader and the self-resolution of the package
    expect(project.name).toBe('shipshape');
    expect(project.main).toBe('src/delinkcious/deploy.ts');
    expect(project.runtime.options.typescript).toBe(false);
    expect(requires.map((r) => require.resolve(path.resolve(cwd, r)))).toEqual([
      path.join(root, 'scripts', 'register.js'),
      path.join(root, 'scripts', 'self.js'),
    ]);
    expect(fs.existsSync(path.join(root, project.main))).toBe(true);
  });

  it('declares every key the program reads, typed and described, apart from the two secret keys', () => {
    const read = new Set<string>();
    const base = { environment: 'local' };
    const kinds: Record<string, string>[] = [
      { 'cluster.kind': 'minikube' },
      { 'cluster.kind': 'eks', 'eks.region': 'r', 'eks.vpcId': 'vpc-1' },
      { 'cluster.kind': 'gke', 'gke.project': 'p', 'gke.region': 'r' },
      { 'cluster.kind': 'aks', 'aks.location': 'l' },
      { 'cluster.kind': 'existing' },
    ];
    for (const kind of kinds) {
      try {
        parseStackConfig(source({ ...base, ...kind }, [], read), APP);
      } catch {
        // only the keys read matter here
      }
    }
    const declared = Object.keys(project.config);
    expect([...read].filter((key) => !declared.includes(key)).sort()).toEqual(['secrets', 'vault.token']);
    expect(declared.filter((key) => !read.has(key))).toEqual([]);
    for (const [key, spec] of Object.entries(project.config)) {
      expect([key, ['string', 'integer', 'boolean', 'array'].includes(spec.type)]).toEqual([key, true]);
      expect([key, (spec.description ?? '').length > 10]).toEqual([key, true]);
    }
  });

  it('has the same defaults as the parser, so a stack behaves the same with or without the CLI', () => {
    const kinds: Record<string, string>[] = [
      { 'cluster.kind': 'minikube' },
      { 'cluster.kind': 'eks', 'eks.region': 'r' },
      { 'cluster.kind': 'gke', 'gke.project': 'p', 'gke.region': 'r' },
      { 'cluster.kind': 'aks', 'aks.location': 'l' },
      { 'cluster.kind': 'existing' },
    ];
    for (const kind of kinds) {
      const bare: StackConfig = parseStackConfig(source({ environment: 'local', ...kind }), APP);
      const withDefaults = parseStackConfig(
        source({ ...projectDefaults(), environment: 'local', ...kind }),
        APP,
      );
      expect(withDefaults).toEqual(bare);
    }
  });
});

describe('stack examples', () => {
  it('Pulumi.local.yaml is a valid minikube stack', () => {
    const config = parseStackConfig(source(stackFile('Pulumi.local.yaml')), APP);
    expect(config.environment).toBe('local');
    expect(config.cluster.kind).toBe('minikube');
  });

  it('Pulumi.production.yaml is an EKS stack whose only gap is the placeholder e-mail', () => {
    const values = stackFile('Pulumi.production.yaml');
    expect(problems(values)).toEqual([
      "shipshape:acme.email must be an e-mail address (got '<ops-team@your-domain>')",
    ]);
    const config = parseStackConfig(source({ ...values, 'acme.email': 'ops@example.com' }), APP);
    expect(config.cluster).toMatchObject({ kind: 'eks', region: 'eu-west-1', version: '1.35', nodeCount: 3 });
  });

  it('no example holds a secret value in clear', () => {
    for (const file of ['Pulumi.local.yaml', 'Pulumi.production.yaml']) {
      const keys = Object.keys(stackFile(file));
      expect(keys.filter((key) => key.startsWith('secrets') || key === 'vault.token')).toEqual([]);
    }
  });
});
