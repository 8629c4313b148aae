/** The identity step of a workload plan: its own ServiceAccount, or one it shares, and whether the token mounts. */
import { _fail, type _Where } from './_errors';
import type { ServiceAccount } from './service-account';
import type { System } from './system';

const SERVICE_ACCOUNT = Symbol.for('shipshape.ServiceAccount');

/** Who the pods run as, resolved. */
export interface _IdentityPlan {
  /** The shared ServiceAccount, when the workload has none of its own. */
  readonly shared?: ServiceAccount | undefined;
  /** `serviceAccountName` of the pods. */
  readonly name: string;
  /** Whether the pods mount the API token, and why (the validator opt-out's reason). */
  readonly token?: string | undefined;
}

/** The workload's identity: `serviceAccount` (shared, of the same System) or its own, named `name`. */
export function _resolveIdentityAccount(
  at: _Where,
  system: System,
  name: string,
  raw: unknown,
  ownRules: readonly unknown[],
): _IdentityPlan {
  if (raw === undefined)
    return {
      name,
      token: ownRules.length > 0 ? 'RBAC rules of this workload need the API token' : undefined,
    };
  if (typeof raw !== 'object' || raw === null || !(SERVICE_ACCOUNT in raw))
    _fail(at, 'serviceAccount', 'must be a ServiceAccount', raw, 'Pass the construct itself, not its name');
  const sa = raw as unknown as ServiceAccount;
  if (sa._system !== system) {
    _fail(
      at,
      'serviceAccount',
      `must be a ServiceAccount of system '${system.node.path}' (namespace '${system.namespace}'): pods run as ServiceAccounts of their own namespace only`,
      sa.node.path,
    );
  }
  if (ownRules.length > 0) {
    _fail(
      at,
      'rbacRules',
      `must not be set with 'serviceAccount': every workload that runs as '${sa.name}' would get them`,
      ownRules,
      `Give the rules to ServiceAccount '${sa.name}' (its rbacRules), or let this workload have its own`,
    );
  }
  const token = sa.role
    ? `RBAC rules of ServiceAccount ${sa.name} need the API token`
    : sa.automountToken
      ? `ServiceAccount ${sa.name} asks for the API token (automountToken)`
      : undefined;
  return { shared: sa, name: sa.name, token };
}
