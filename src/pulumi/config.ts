/**
 * The only place that reads Pulumi configuration. `parseStackConfig` is pure (it takes a `ConfigSource`), so
 * every rule is unit-testable without the Pulumi runtime; `readStackConfig` binds it to the running stack.
 */
import * as pulumi from '@pulumi/pulumi';
import { DEFAULT_KUBERNETES_VERSIONS, type ClusterConfig } from './cluster-config';
import { kubernetesMinor, minorWithin, PLATFORM_PINS } from './platform/pins';

/** The config namespace: the project name in `Pulumi.yaml`. */
export const CONFIG_NAMESPACE = 'shipshape';

/** What the program knows about the app it deploys: the only app-specific input of the config rules. */
export interface AppConfigOptions {
  /** Environments of the app, one of which `environment` must name. */
  readonly environments: readonly string[];
  /** Default of `app.releaseName` (Helm mode). */
  readonly releaseName: string;
  /** Environments where `vault.devMode` (in-memory Vault) is refused. @default none */
  readonly productionEnvironments?: readonly string[];
}
/** Cluster kinds the program can create or adopt. */
export const CLUSTER_KINDS = ['minikube', 'eks', 'gke', 'aks', 'existing'] as const;
/** How the application is installed. */
export const APP_MODES = ['objects', 'helm', 'gitops'] as const;
/** How cert-manager's ClusterIssuer obtains certificates. */
export const TLS_ISSUERS = ['acme', 'self-signed'] as const;

export type ClusterKind = (typeof CLUSTER_KINDS)[number];
export type AppMode = (typeof APP_MODES)[number];
export type TlsIssuer = (typeof TLS_ISSUERS)[number];

/** Let's Encrypt production directory, the default ACME server. */
export const LETSENCRYPT_PRODUCTION = 'https://acme-v02.api.letsencrypt.org/directory';

/** A secret config value: `toString`/`toJSON` never show it, so it cannot leak into logs by accident. */
export class SecretValue {
  readonly #value: string;
  constructor(value: string) {
    this.#value = value;
  }
  /** The clear value; call only where it goes straight into `pulumi.secret`. */
  reveal(): string {
    return this.#value;
  }
  toString(): string {
    return '[secret]';
  }
  toJSON(): string {
    return '[secret]';
  }
}

/** Values from `shipshape:secrets`: Secret name → key → value. */
export type SecretValues = ReadonlyMap<string, ReadonlyMap<string, SecretValue>>;

export type {
  AksClusterConfig,
  ClusterConfig,
  EksClusterConfig,
  ExistingClusterConfig,
  GkeClusterConfig,
  MinikubeClusterConfig,
} from './cluster-config';

/** Everything the program reads from the stack's configuration, validated. */
export interface StackConfig {
  /** Selects the app's environment, the same one `shipshape synth` writes. */
  readonly environment: string;
  readonly cluster: ClusterConfig;
  readonly app: {
    /**
     * `objects`: one Pulumi resource per Kubernetes object; `helm`: one Helm release of the synthesized chart;
     * `gitops`: the Namespace, the Secrets and the app's Argo CD Application, which Argo CD then syncs.
     */
    readonly mode: AppMode;
    /** A chart directory for Helm mode, checked against the chart the run synthesizes; `undefined` installs that chart. */
    readonly chartPath?: string | undefined;
    /** Values over the environment's own in Helm mode (`app.values`, a JSON object); empty: none. */
    readonly values: Readonly<Record<string, unknown>>;
    /** Helm release name in Helm mode. */
    readonly releaseName: string;
  };
  readonly tls: {
    /** ClusterIssuer flavour. */
    readonly issuer: TlsIssuer;
    /** ACME account e-mail (required for `acme` when the profile names a ClusterIssuer). */
    readonly acmeEmail?: string | undefined;
    /** ACME directory URL. */
    readonly acmeServer: string;
  };
  readonly vault: {
    /** Install Vault in dev mode (in-memory, for `local`). */
    readonly devMode: boolean;
    /** Vault role for Kubernetes auth of the ClusterSecretStore. */
    readonly role: string;
    /** Vault token for token auth; `undefined` uses Kubernetes auth. */
    readonly token?: SecretValue | undefined;
  };
  /** Values of the Secrets Pulumi creates. */
  readonly secrets: SecretValues;
}

/** Where configuration comes from: keys are unqualified (`cluster.kind`). */
export interface ConfigSource {
  /** The raw value of a key, or `undefined` when unset. */
  get(key: string): string | undefined;
  /** True when the key was set with `--secret`. */
  isSecret(key: string): boolean;
}

/** Invalid configuration; the message lists every problem, one per line. */
export class ConfigError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(problems.join('\n'));
    this.name = 'ConfigError';
  }
}

const q = (key: string): string => `${CONFIG_NAMESPACE}:${key}`;

/** Reads keys, applies defaults and collects problems instead of stopping at the first one. */
class Reader {
  readonly problems: string[] = [];
  constructor(private readonly source: ConfigSource) {}

  /** A string; empty counts as unset, so `Pulumi.yaml` can declare optional keys with `default: ""`. */
  optional(key: string): string | undefined {
    const value = this.source.get(key);
    return value === undefined || value.trim() === '' ? undefined : value.trim();
  }
  string(key: string, fallback: string): string {
    return this.optional(key) ?? fallback;
  }
  required(key: string, when: string): string {
    const value = this.optional(key);
    if (value === undefined) this.problems.push(`${q(key)} is required when ${when}`);
    return value ?? '';
  }
  oneOf<T extends string>(key: string, allowed: readonly T[], fallback?: T): T {
    const value = this.optional(key) ?? fallback;
    if (value !== undefined && (allowed as readonly string[]).includes(value)) return value as T;
    this.problems.push(`${q(key)} must be one of ${allowed.join(', ')} (got '${value ?? ''}')`);
    // A placeholder: the problem is recorded, and parseStackConfig throws before any value is used.
    return (allowed[0] ?? '') as T;
  }
  integer(key: string, fallback: number, min: number, why = ''): number {
    const raw = this.optional(key);
    const value = raw === undefined ? fallback : Number(raw);
    if (!Number.isInteger(value) || value < min) {
      this.problems.push(`${q(key)} must be an integer >= ${min}${why} (got ${raw ?? fallback})`);
    }
    return value;
  }
  boolean(key: string, fallback: boolean): boolean {
    const raw = this.optional(key);
    if (raw === undefined) return fallback;
    if (raw === 'true' || raw === 'false') return raw === 'true';
    this.problems.push(`${q(key)} must be true or false (got '${raw}')`);
    return fallback;
  }
  /** A Kubernetes version of a minor the platform pins cover (`v1.37.2` or `1.35`, by `pattern`). */
  kubernetesVersion(key: string, fallback: string, pattern: RegExp, rule: string): string {
    const value = this.matching(key, fallback, pattern, rule);
    const ranges = PLATFORM_PINS.map((p) => `${p.minors.min}–${p.minors.max}`).join(', ');
    const minor = kubernetesMinor(value) ?? '';
    const covered = PLATFORM_PINS.some((p) => minor && minorWithin(minor, p.minors.min, p.minors.max));
    const why = `${q(key)} must be a Kubernetes minor the platform pins cover (${ranges}; upstream supports the three newest)`;
    if (pattern.test(value) && !covered) this.problems.push(`${why} (got '${value}')`);
    return value;
  }

  matching(key: string, fallback: string, pattern: RegExp, rule: string): string {
    const value = this.string(key, fallback);
    if (!pattern.test(value)) this.problems.push(`${q(key)} must be ${rule} (got '${value}')`);
    return value;
  }
  stringList(key: string): readonly string[] {
    const raw = this.optional(key);
    if (raw === undefined) return [];
    try {
      const parsed: unknown = JSON.parse(raw);
      if (Array.isArray(parsed) && parsed.every((item) => typeof item === 'string')) return parsed;
    } catch {
      // reported below
    }
    this.problems.push(`${q(key)} must be a list of strings (got ${raw})`);
    return [];
  }
  jsonObject(key: string): Readonly<Record<string, unknown>> {
    const raw = this.optional(key);
    if (raw === undefined) return {};
    try {
      const parsed: unknown = JSON.parse(raw);
      if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed))
        return parsed as Record<string, unknown>;
    } catch {
      // reported below
    }
    this.problems.push(
      `${q(key)} must be a JSON object such as '{"linkManager":{"replicas":2}}' (got ${raw})`,
    );
    return {};
  }
  secret(key: string): SecretValue | undefined {
    const value = this.optional(key);
    if (value === undefined) return undefined;
    if (!this.source.isSecret(key)) {
      this.problems.push(`${q(key)} must be set with --secret: pulumi config set --secret ${key} <value>`);
    }
    return new SecretValue(value);
  }
}

function parseCluster(r: Reader): ClusterConfig {
  const kind = r.oneOf('cluster.kind', CLUSTER_KINDS, 'minikube');
  const when = `cluster.kind is ${kind}`;
  switch (kind) {
    case 'minikube':
      return {
        kind,
        // Interpolated into shell commands: a strict pattern keeps them injection-free.
        profile: r.matching('minikube.profile', 'shipshape', /^[a-z0-9][a-z0-9-]{0,62}$/, 'a DNS label'),
        // The platform pins (src/pulumi/platform/pins.ts) then refuse a minor they do not cover.
        kubernetesVersion: r.kubernetesVersion(
          'minikube.kubernetesVersion',
          DEFAULT_KUBERNETES_VERSIONS.minikube,
          /^v1\.\d+\.\d+$/,
          'v1.<minor>.<patch>',
        ),
        driver: r.matching(
          'minikube.driver',
          'docker',
          /^[a-z0-9]+$/,
          'a minikube driver name such as docker',
        ),
        cpus: r.integer('minikube.cpus', 4, 2, " (minikube's minimum)"),
        memoryMb: r.integer('minikube.memoryMb', 8192, 1800, " (minikube's minimum)"),
      };
    case 'eks': {
      const vpcId = r.optional('eks.vpcId');
      const subnetIds = r.stringList('eks.subnetIds');
      if (vpcId !== undefined && subnetIds.length === 0) {
        r.problems.push(`${q('eks.subnetIds')} is required when eks.vpcId is set`);
      }
      return {
        kind,
        region: r.required('eks.region', when),
        version: r.kubernetesVersion('eks.version', DEFAULT_KUBERNETES_VERSIONS.eks, /^1\.\d+$/, '1.<minor>'),
        instanceType: r.string('eks.instanceType', 't3.large'),
        nodeCount: r.integer('eks.nodeCount', 2, 1),
        vpcId,
        subnetIds,
      };
    }
    case 'gke':
      return {
        kind,
        project: r.required('gke.project', when),
        region: r.required('gke.region', when),
        version: r.kubernetesVersion('gke.version', DEFAULT_KUBERNETES_VERSIONS.gke, /^1\.\d+$/, '1.<minor>'),
        machineType: r.string('gke.machineType', 'e2-standard-4'),
        nodeCount: r.integer('gke.nodeCount', 1, 1),
        deletionProtection: r.boolean('gke.deletionProtection', false),
      };
    case 'aks':
      return {
        kind,
        location: r.required('aks.location', when),
        resourceGroup: r.matching(
          'aks.resourceGroup',
          'shipshape',
          /^[-\w.()]{1,90}$/,
          'an Azure resource group name',
        ),
        version: r.kubernetesVersion('aks.version', DEFAULT_KUBERNETES_VERSIONS.aks, /^1\.\d+$/, '1.<minor>'),
        vmSize: r.string('aks.vmSize', 'Standard_D4s_v5'),
        nodeCount: r.integer('aks.nodeCount', 2, 1),
      };
    case 'existing':
      return {
        kind,
        kubeconfigPath: r.string('existing.kubeconfigPath', '~/.kube/config'),
        context: r.optional('existing.context'),
        kubernetesVersion: r.optional('existing.kubernetesVersion'),
        hasGatewayController: r.boolean('existing.hasGatewayController', false),
        hasMetricsServer: r.boolean('existing.hasMetricsServer', false),
        hasArgoCd: r.boolean('existing.hasArgoCd', false),
        hasArgoRollouts: r.boolean('existing.hasArgoRollouts', false),
      };
  }
}

/** An optional e-mail address; catches placeholders such as `<ops@your-domain>` left in a stack file. */
function email(r: Reader, key: string): string | undefined {
  const value = r.optional(key);
  if (value !== undefined && !/^[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+$/.test(value)) {
    r.problems.push(`${q(key)} must be an e-mail address (got '${value}')`);
  }
  return value;
}

function parseSecrets(r: Reader, source: ConfigSource): SecretValues {
  const raw = source.get('secrets');
  const result = new Map<string, ReadonlyMap<string, SecretValue>>();
  if (raw === undefined || raw.trim() === '') return result;
  if (!source.isSecret('secrets')) {
    r.problems.push(
      `${q('secrets')} must be set with --secret (values would be stored in clear): ` +
        `pulumi config set --secret --path 'secrets.<secret-name>.<KEY>' <value>`,
    );
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    parsed = undefined;
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    r.problems.push(`${q('secrets')} must be an object of <secret-name>: { <KEY>: <value> }`);
    return result;
  }
  for (const [name, keys] of Object.entries(parsed)) {
    const values = new Map<string, SecretValue>();
    if (typeof keys !== 'object' || keys === null || Array.isArray(keys)) {
      r.problems.push(`${q(`secrets.${name}`)} must be an object of <KEY>: <value> strings`);
      continue;
    }
    for (const [key, value] of Object.entries(keys)) {
      if (typeof value !== 'string') {
        r.problems.push(`${q(`secrets.${name}.${key}`)} must be a string (set it with --path and quotes)`);
        continue;
      }
      values.set(key, new SecretValue(value));
    }
    result.set(name, values);
  }
  return result;
}

/** Validates a stack's configuration; throws a `ConfigError` listing every problem. */
export function parseStackConfig(source: ConfigSource, options: AppConfigOptions): StackConfig {
  const r = new Reader(source);
  const environment = r.oneOf('environment', options.environments);
  const cluster = parseCluster(r);
  const isCloud = cluster.kind === 'eks' || cluster.kind === 'gke' || cluster.kind === 'aks';
  const config: StackConfig = {
    environment,
    cluster,
    app: {
      mode: r.oneOf('app.mode', APP_MODES, 'objects'),
      chartPath: r.optional('app.chartPath'),
      values: r.jsonObject('app.values'),
      releaseName: r.matching(
        'app.releaseName',
        options.releaseName,
        /^[a-z0-9]([-a-z0-9]{0,51}[a-z0-9])?$/,
        'a Helm release name',
      ),
    },
    tls: {
      // Public ACME needs a publicly reachable cluster: default to it only on clouds.
      issuer: r.oneOf('tls.issuer', TLS_ISSUERS, isCloud ? 'acme' : 'self-signed'),
      acmeEmail: email(r, 'acme.email'),
      acmeServer: r.matching('acme.server', LETSENCRYPT_PRODUCTION, /^https:\/\/\S+$/, 'an https URL'),
    },
    vault: {
      devMode: r.boolean('vault.devMode', false),
      role: r.string('vault.role', 'external-secrets'),
      token: r.secret('vault.token'),
    },
    secrets: parseSecrets(r, source),
  };
  if (config.vault.devMode && options.productionEnvironments?.includes(environment)) {
    r.problems.push(
      `${q('vault.devMode')} must be false for environment ${environment} (dev-mode Vault is in-memory)`,
    );
  }
  if (r.problems.length > 0) throw new ConfigError(r.problems);
  return config;
}

/** `isConfigSecret` is internal to `@pulumi/pulumi`; without it the `--secret` checks are skipped. */
function secretKeyCheck(): (fullKey: string) => boolean {
  const runtime = pulumi.runtime as unknown as { isConfigSecret?: (key: string) => boolean };
  return runtime.isConfigSecret ?? (() => true);
}

/** The running stack's configuration, validated. */
export function readStackConfig(options: AppConfigOptions): StackConfig {
  const project = pulumi.getProject();
  const isSecret = secretKeyCheck();
  return parseStackConfig(
    {
      // runtime.getConfig reads the raw value; Config#get would warn on secret keys we only inspect.
      get: (key) => pulumi.runtime.getConfig(`${project}:${key}`),
      isSecret: (key) => isSecret(`${project}:${key}`),
    },
    options,
  );
}
