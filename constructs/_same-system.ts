// Objects a pod reads by name must be in its namespace: a Secret of another System would never be found.
import { _fail, type _Where } from './_errors';
import type { Secret } from './secret';
import { System } from './system';

/** A Secret consumed by a workload must live in its System's namespace (else CreateContainerConfigError). */
export function _checkSameSystem(at: _Where, prop: string, secret: Secret, system: System): void {
  const own = System.of(secret);
  if (own !== system) {
    _fail(
      at,
      prop,
      `must be a Secret of system '${system.node.path}' (namespace '${system.namespace}'): pods read Secrets of their own namespace only`,
      secret.node.path,
      `Declare the Secret in '${system.node.path}'`,
    );
  }
}
