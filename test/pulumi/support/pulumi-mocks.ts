/**
 * `pulumi.runtime.setMocks` plus a recorder of every registration the program sends to the engine: type,
 * name, URN, parent, provider, dependencies, inputs and which inputs were sent as secrets.
 */
import * as pulumi from '@pulumi/pulumi';

export interface RecordedResource {
  readonly type: string;
  readonly name: string;
  readonly urn: string;
  readonly custom: boolean;
  readonly remote: boolean;
  /** URN of the parent ('' for none). */
  readonly parent: string;
  /** Provider reference `<urn>::<id>` ('' for the default provider). */
  readonly provider: string;
  /** URNs this resource depends on (dependsOn and input dependencies). */
  readonly dependencies: readonly string[];
  readonly additionalSecretOutputs: readonly string[];
  readonly deleteBeforeReplace: boolean;
  /** Inputs with secrets unwrapped. */
  readonly inputs: Record<string, unknown>;
  /** Top-level input names that were sent as, or contain, a secret. */
  readonly secretInputs: readonly string[];
}

/** A fake kubeconfig, what `kubectl config view` or a cloud would return. */
export const FAKE_KUBECONFIG = 'apiVersion: v1\nkind: Config\ncurrent-context: mock\n';

const SECRET_SIG_KEY = '4dabf18193072939515e22adb298388d';
const SECRET_SIG = '1b47061264138c4ac30d75fd1eb44270';

interface RegisterRequest {
  getType(): string;
  getName(): string;
  getParent(): string;
  getCustom(): boolean;
  getRemote(): boolean;
  getProvider(): string;
  getDependenciesList(): string[];
  getAdditionalsecretoutputsList(): string[];
  getDeletebeforereplace(): boolean;
  getObject(): { toJavaScript(): Record<string, unknown> } | undefined;
}
interface RegisterResponse {
  getUrn(): string;
}
type Callback = (err: unknown, response: RegisterResponse | undefined) => void;
interface RecordableMonitor {
  registerResource(req: RegisterRequest, callback: Callback): Promise<void>;
}

function isSecretValue(value: unknown): boolean {
  return (
    typeof value === 'object' &&
    value !== null &&
    (value as Record<string, unknown>)[SECRET_SIG_KEY] === SECRET_SIG
  );
}

/** Outputs a real provider would add, so the program's `apply`s see realistic values. */
function extraState(type: string, name: string, inputs: Record<string, unknown>): Record<string, unknown> {
  switch (type) {
    case 'command:local:Command':
      return { stdout: String(inputs['create']).startsWith('kubectl config view') ? FAKE_KUBECONFIG : 'ok' };
    case 'eks:index:Cluster':
      return { kubeconfigJson: JSON.stringify({ apiVersion: 'v1', kind: 'Config' }), kubeconfig: {} };
    case 'gcp:container/cluster:Cluster':
      return { name, endpoint: '203.0.113.10', masterAuth: { clusterCaCertificate: 'Q0EtREFUQQ==' } };
    case 'azure-native:containerservice:ManagedCluster':
      return { name: `${name}-cluster` };
    case 'azure-native:resources:ResourceGroup':
      return { name: inputs['resourceGroupName'] ?? name };
    case 'random:index/randomPassword:RandomPassword':
      return { result: `random-${name}` };
    default:
      return {};
  }
}

const mocks: pulumi.runtime.Mocks = {
  newResource(args) {
    return {
      id: `${args.name}-id`,
      state: { ...args.inputs, ...extraState(args.type, args.name, args.inputs) },
    };
  },
  call(args) {
    if (args.token === 'azure-native:containerservice:listManagedClusterUserCredentials') {
      return {
        kubeconfigs: [{ name: 'clusterUser', value: Buffer.from(FAKE_KUBECONFIG).toString('base64') }],
      };
    }
    return {};
  },
};

/** Installs the mocks and the configuration; returns the list the registrations are recorded into. */
export async function setupMocks(
  config: Record<string, string> = {},
  secretKeys: readonly string[] = [],
  stack = 'test',
): Promise<RecordedResource[]> {
  await pulumi.runtime.setMocks(mocks, 'shipshape', stack, false);
  pulumi.runtime.setAllConfig(
    Object.fromEntries(Object.entries(config).map(([key, value]) => [`shipshape:${key}`, value])),
    secretKeys.map((key) => `shipshape:${key}`),
  );
  const records: RecordedResource[] = [];
  const monitor = pulumi.runtime.getMonitor() as unknown as RecordableMonitor;
  const register = monitor.registerResource.bind(monitor);
  monitor.registerResource = (req, callback) =>
    register(req, (err, response) => {
      const raw = req.getObject()?.toJavaScript() ?? {};
      records.push({
        type: req.getType(),
        name: req.getName(),
        urn: response?.getUrn() ?? '',
        custom: req.getCustom(),
        remote: req.getRemote(),
        parent: req.getParent(),
        provider: req.getProvider(),
        dependencies: req.getDependenciesList(),
        additionalSecretOutputs: req.getAdditionalsecretoutputsList(),
        deleteBeforeReplace: req.getDeletebeforereplace(),
        inputs: unwrapSecrets(raw) as Record<string, unknown>,
        secretInputs: Object.keys(raw).filter((key) => containsSecret(raw[key])),
      });
      callback(err, response);
    });
  return records;
}

function unwrapSecrets(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(unwrapSecrets);
  if (typeof value !== 'object' || value === null) return value;
  const record = value as Record<string, unknown>;
  if (isSecretValue(record)) return unwrapSecrets(record['value']);
  return Object.fromEntries(Object.entries(record).map(([key, item]) => [key, unwrapSecrets(item)]));
}

/** True when the value (or something inside it) was sent as a secret. */
export function containsSecret(value: unknown): boolean {
  if (isSecretValue(value)) return true;
  if (Array.isArray(value)) return value.some(containsSecret);
  if (typeof value === 'object' && value !== null) return Object.values(value).some(containsSecret);
  return false;
}

/** Runs resource-creating code as a stack and waits until every registration reached the mocks. */
export async function runStack<T>(program: () => T | Promise<T>): Promise<Record<string, unknown>> {
  // An error thrown inside the stack's init would surface as an unhandled rejection: carry it out instead.
  let failure: { error: unknown } | undefined;
  const outputs = await pulumi.runtime.runInPulumiStack(async () => {
    try {
      return (await program()) as unknown as Record<string, unknown>;
    } catch (error) {
      failure = { error };
      return {};
    }
  });
  await pulumi.runtime.disconnect();
  if (failure) throw failure.error;
  return (outputs ?? {}) as Record<string, unknown>;
}

/** The only recorded resource with this type and name. */
export function find(records: readonly RecordedResource[], type: string, name: string): RecordedResource {
  const matches = records.filter((r) => r.type === type && r.name === name);
  if (matches.length !== 1) {
    const known = records.map((r) => `${r.type} ${r.name}`).join('\n  ');
    throw new Error(`expected one ${type} ${name}, found ${matches.length}; registered:\n  ${known}`);
  }
  return matches[0] as RecordedResource;
}

/** Recorded resources of a type. */
export function ofType(records: readonly RecordedResource[], type: string): RecordedResource[] {
  return records.filter((r) => r.type === type);
}

/** URN part of a provider reference. */
export function providerUrn(reference: string): string {
  return reference.split('::').slice(0, -1).join('::');
}
