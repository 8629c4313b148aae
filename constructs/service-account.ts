import { k8s } from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { _checkDnsSubdomain, _checkLabelKey, _checkLabels } from './_checks';
import { _keys, _props } from './_keys';
import { _commonLabels } from './_labels';
import { _resolveRule } from './_pod-checks';
import { _safeKeys } from './_special-keys';
import { _roleObjects } from './_rbac';
import { _array, _at, _boolean, _entries, _string } from './_types';
import { System } from './system';

/** Props of a {@link ServiceAccount}. */
export interface ServiceAccountProps {
  /**
   * Name of the Kubernetes ServiceAccount.
   * @default - the construct id
   */
  readonly name?: string;
  /**
   * Annotations, e.g. cloud workload identity: `eks.amazonaws.com/role-arn`, `iam.gke.io/gcp-service-account`,
   * `azure.workload.identity/client-id`.
   * @default - none
   */
  readonly annotations?: Readonly<Record<string, string>>;
  /**
   * Labels every pod that runs as this ServiceAccount carries, e.g. `{ 'azure.workload.identity/use': 'true' }`.
   * @default - none
   */
  readonly podLabels?: Readonly<Record<string, string>>;
  /**
   * Least-privilege RBAC rules of the ServiceAccount (a Role and RoleBinding), granted to every workload that
   * runs as it; their pods then mount the API token.
   * @default - no rules
   */
  readonly rbacRules?: readonly k8s.PolicyRule[];
  /**
   * Mount the Kubernetes API token in the pods without RBAC rules (an app that calls the API with rights granted
   * elsewhere). Cloud workload identity needs no Kubernetes API token.
   * @default false
   */
  readonly automountToken?: boolean;
}

const KEYS = _keys(
  'ServiceAccountProps',
  ['name', 'annotations', 'podLabels', 'rbacRules', 'automountToken'],
  'ServiceAccount',
);

/**
 * One identity several workloads of a System run as (`serviceAccount: sa`), e.g. one cloud IAM role for every
 * backend. Without it each workload gets a ServiceAccount of its own. The API token stays unmounted unless the
 * ServiceAccount has RBAC rules or `automountToken` asks for it.
 */
export class ServiceAccount extends Construct {
  /** Name of the ServiceAccount. */
  public readonly name: string;
  /** Whether the pods that run as it mount the API token. */
  public readonly automountToken: boolean;
  /** Labels of the pods that run as it. */
  public readonly podLabels: Readonly<Record<string, string>>;
  /** Escape hatch: the ServiceAccount object. */
  public readonly serviceAccount: k8s.KubeServiceAccount;
  /** Escape hatch: the Role of its `rbacRules`, if any. */
  public readonly role?: k8s.KubeRole;
  /** Escape hatch: the RoleBinding of its `rbacRules`, if any. */
  public readonly roleBinding?: k8s.KubeRoleBinding;
  /** @internal Its System. */
  public readonly _system: System;

  constructor(scope: Construct, id: string, props: ServiceAccountProps = {}) {
    const at = _at(scope, id);
    const system = System._for(at, scope);
    const p = _props<ServiceAccountProps>(at, 'props', props ?? {}, KEYS);
    const name = p.name ?? id;
    const nameProp = p.name === undefined ? 'id' : 'name';
    _checkDnsSubdomain(at, nameProp, name);
    const annotations: Record<string, string> = {};
    for (const [k, v] of p.annotations === undefined ? [] : _entries(at, 'annotations', p.annotations)) {
      _checkLabelKey(at, 'annotations', k);
      Object.defineProperty(annotations, k, {
        value: _string(at, `annotations.${k}`, v),
        enumerable: true,
        writable: true,
      });
    }
    const podLabels = p.podLabels === undefined ? {} : p.podLabels;
    _checkLabels(at, 'podLabels', podLabels);
    const rules =
      p.rbacRules === undefined
        ? []
        : _array(at, 'rbacRules', p.rbacRules).map((r, i) => _resolveRule(at, `rbacRules[${i}]`, r));
    const automount =
      p.automountToken === undefined ? false : _boolean(at, 'automountToken', p.automountToken);
    system._claimAll(
      at,
      [
        ['ServiceAccount', name],
        ...(rules.length > 0
          ? ([
              ['Role', name],
              ['RoleBinding', name],
            ] as const)
          : []),
      ],
      nameProp,
    );
    super(scope, id);
    this.name = name;
    this._system = system;
    this.automountToken = automount || rules.length > 0;
    this.podLabels = { ...podLabels };
    const labels = _commonLabels(system, name, { component: 'identity' });
    this.serviceAccount = new k8s.KubeServiceAccount(this, 'service-account', {
      metadata: {
        name,
        labels,
        ...(Object.keys(annotations).length > 0 && { annotations: _safeKeys(annotations) }),
      },
      automountServiceAccountToken: this.automountToken,
    });
    this.node.defaultChild = this.serviceAccount;
    system._register('identity', this);
    if (rules.length > 0)
      ({ role: this.role, roleBinding: this.roleBinding } = _roleObjects(
        this,
        name,
        system.namespace,
        labels,
        rules,
      ));
  }

  /** Whether `x` is a shipshape ServiceAccount (a brand that survives two copies of the library). */
  public static isServiceAccount(x: unknown): x is ServiceAccount {
    return typeof x === 'object' && x !== null && SERVICE_ACCOUNT in x;
  }
}

const SERVICE_ACCOUNT = Symbol.for('shipshape.ServiceAccount');
Object.defineProperty(ServiceAccount.prototype, SERVICE_ACCOUNT, { value: true });
