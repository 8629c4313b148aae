import { ApiObject } from 'cdk8s';
import type { IConstruct } from 'constructs';
import { ShipshapeError, type System } from '../../constructs';
import { _fail } from '../../constructs/_errors';
import { _restoreKeys } from '../../constructs/_special-keys';
import { renderJson } from './render/to-json';

/** A synthesized Kubernetes object, as plain JSON. */
export interface KubeObject {
  readonly apiVersion: string;
  readonly kind: string;
  readonly metadata: { readonly name: string; readonly namespace?: string; readonly [key: string]: unknown };
  readonly [key: string]: unknown;
}

/** A secret the system consumes: names and keys only, never values. */
export interface DeclaredSecret {
  /** Secret name in the cluster. */
  readonly name: string;
  /** Namespace of the Secret. */
  readonly namespace: string;
  /** Keys the workloads read; `generate` marks keys whose value may be a random password. */
  readonly keys: readonly { readonly key: string; readonly generate: boolean }[];
  /** True when an ExternalSecret in the output materializes it (the deployer must not create it). */
  readonly external: boolean;
}

/** One output file: the objects of one top-level construct of the System. */
export interface SynthesizedFile {
  /** File name inside the System's output folder, e.g. `link-manager.yaml`. */
  readonly name: string;
  /** Its objects, in construct order. */
  readonly objects: readonly KubeObject[];
}

const JSON_OF = new WeakMap<ApiObject, KubeObject>();

/** The JSON `synthesizeFiles` rendered for `object` (what chart values are bound to), if it did. */
export function jsonOf(object: ApiObject): KubeObject | undefined {
  return JSON_OF.get(object);
}

function render(object: ApiObject): KubeObject {
  // Keys cdk8s cannot render (a `constructor` label) were renamed for it: restored here (see _special-keys.ts).
  const json = _restoreKeys(renderJson(object) as KubeObject);
  JSON_OF.set(object, json);
  return json;
}

/** File of the Namespace: applied first, and left out of Helm charts (a release cannot own its namespace). */
export const NAMESPACE_FILE = '00-namespace.yaml';
/** File of the System-wide NetworkPolicies. */
export const SYSTEM_FILE = '01-network-policies.yaml';

const SYSTEM_FILES = new Set([NAMESPACE_FILE, SYSTEM_FILE]);

/**
 * Renders a System to JSON, one file per top-level construct (a service with its Deployment,
 * Service, NetworkPolicy, ...), so a change to one service is a diff in one file.
 */
export function synthesizeFiles(system: System): SynthesizedFile[] {
  validateTree(system);
  const namespace: KubeObject[] = [];
  const policies: KubeObject[] = [];
  const files: SynthesizedFile[] = [];
  for (const child of system.node.children) {
    if (ApiObject.isApiObject(child)) {
      const json = render(child);
      (json.kind === 'Namespace' ? namespace : policies).push(json);
      continue;
    }
    const objects = child.node
      .findAll()
      .filter((c): c is ApiObject => ApiObject.isApiObject(c))
      .map(render);
    if (objects.length === 0) continue;
    if (!/^[a-z0-9][a-z0-9.-]*$/.test(child.node.id)) {
      _fail(
        child,
        'id',
        "must use lowercase letters, digits, '.' and '-': it names an output file",
        child.node.id,
      );
    }
    if (SYSTEM_FILES.has(`${child.node.id}.yaml`)) {
      _fail(
        child,
        'id',
        `must not name the System's own file ${child.node.id}.yaml`,
        child.node.id,
        'Choose another id',
      );
    }
    files.push({ name: `${child.node.id}.yaml`, objects });
  }
  files.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return [
    ...(namespace.length > 0 ? [{ name: NAMESPACE_FILE, objects: namespace }] : []),
    ...(policies.length > 0 ? [{ name: SYSTEM_FILE, objects: policies }] : []),
    ...files,
  ];
}

/** The secrets a System declares, for deployers that create them. */
export function declaredSecrets(system: System): DeclaredSecret[] {
  return system.secrets.map((s) => ({
    name: s.name,
    namespace: system.namespace,
    keys: s.keys.map((key) => ({ key, generate: s.generatedKeys.includes(key) })),
    external: s.external,
  }));
}

/** Runs the constructs' own validations (`node.addValidation`), as `cdk8s synth` does. */
function validateTree(root: IConstruct): void {
  const errors = root.node.findAll().flatMap((c) => c.node.validate().map((e) => `${c.node.path}: ${e}`));
  if (errors.length > 0) throw new ShipshapeError(errors.join('\n'));
}
