import type { k8s } from 'cdk8s-plus-27';
import { _checkDnsLabel, _checkLabelKey, _checkLabelValue, _checkServiceName } from './_checks';
import {
  _probeFields,
  _DEFAULT_RESOURCES,
  _resolveEnv,
  _resolveExtraContainer,
  _resolveResources,
  type _ContainerPlan,
  type _EnvEntry,
} from './_containers';
import type { _ProbePlan } from './_probe-plan';
import { _defined } from './_defined';
import { _fail, type _Where } from './_errors';
import { _checkObjectSize } from './_object-size';
import { _checkImage } from './_image';
import { _VERSION_LABEL } from './_patterns';
import { _commonLabels } from './_labels';
import { _resolveSelector, _resolveTeamLabels } from './_label-plan';
import { _safeKeys } from './_special-keys';
import type { _Edge } from './_network-policy';
import { _resolveEgress, _resolveIdentity, _resolveRule } from './_pod-checks';
import type { _PodIdentity } from './_security';
import { _props, type _Keys } from './_keys';
import { _array, _at, _entries, _seconds, _string, _strings, _enumOr } from './_types';
import { _checkSameSystem } from './_same-system';
import { _volumeDecls } from './_volume-plan';
import { _nameVolumes, type _Volume, type _VolumeDecl } from './_volumes';
import { _renderEnv } from './env-value';
import {
  _checkEndpointClash,
  _endpointEnv,
  _resolveDependencies,
  type _DependencyPlan,
} from './_endpoint-plan';
import { ImagePullPolicy } from './pod';
import type { ServicePort } from './port';
import { System } from './system';
import { _mergeDependencies } from './_endpoint-plan';
import { _resolveEnvFrom, _sharedConfigs } from './_env-from-plan';
import { _resolveIdentityAccount, type _IdentityPlan } from './_identity-plan';
import { _SHARED_CONFIG_HASH } from './_config-brand';
import type { ConfigMap } from './config-map';
import type { WorkloadProps } from './workload';

/** Name and place of a workload about to be created, resolved before anything else. */
export interface _WorkloadBase {
  readonly at: _Where;
  readonly system: System;
  readonly props: WorkloadProps;
  readonly name: string;
  /** The caller's prop the name came from: `name`, or `id` when defaulted. */
  readonly nameProp: string;
  /** Name of the main container. */
  readonly containerName: string;
  /** Labels its pods are selected by: the caller's `selectorLabels`, or shipshape's own. */
  readonly selectorLabels: Readonly<Record<string, string>>;
  /** The caller's team labels. */
  readonly teamLabels: Readonly<Record<string, string>>;
}

/** What a workload kind adds to the main container and the pod. */
export interface _WorkloadParts {
  readonly ports: readonly Required<ServicePort>[];
  readonly probes: _ProbePlan;
  /** Variables read from the workload's own ConfigMap (before `env`). */
  readonly configEnv: readonly _EnvEntry[];
  readonly volumes: readonly _VolumeDecl[];
  readonly claims: readonly (readonly [kind: string, name: string, prop?: string])[];
  readonly annotations: Readonly<Record<string, string>>;
}

/** Every prop of a workload checked and defaulted: what it renders from. */
export interface _WorkloadPlan {
  readonly at: _Where;
  readonly nameProp: string;
  readonly system: System;
  readonly name: string;
  /** Labels of its objects (the System's come from the chart). */
  readonly labels: Readonly<Record<string, string>>;
  /** Labels of its pods: the System's, the team's, the selector's and shipshape's. */
  readonly podLabels: Readonly<Record<string, string>>;
  readonly selectorLabels: Readonly<Record<string, string>>;
  readonly metadata: k8s.ObjectMeta;
  readonly identity: _PodIdentity;
  readonly imagePullPolicy: ImagePullPolicy;
  readonly podAnnotations: Readonly<Record<string, string>>;
  readonly terminationGracePeriodSeconds: number;
  readonly rbacRules: readonly k8s.PolicyRule[];
  readonly externalEgress: readonly _Edge[];
  readonly dependencies: readonly _DependencyPlan[];
  readonly main: _ContainerPlan;
  readonly sidecars: readonly _ContainerPlan[];
  readonly inits: readonly _ContainerPlan[];
  readonly volumes: readonly _Volume[];
  readonly claims: readonly (readonly [kind: string, name: string, prop?: string])[];
  /** Whether the caller set `selectorLabels` (messages name the prop). */
  readonly ownSelector: boolean;
  /** Who the pods run as. */
  readonly account: _IdentityPlan;
  /** The shipshape ConfigMaps the pods read (each a rollout hash). */
  readonly sharedConfigs: readonly ConfigMap[];
  readonly teamLabels: Readonly<Record<string, string>>;
}

/** Where the workload goes and its name; fails before anything is added to the tree. */
export function _workloadBase(
  scope: unknown,
  id: unknown,
  props: unknown,
  limits: { readonly maxNameLength: number; readonly serviceName: boolean; readonly keys: _Keys },
): _WorkloadBase {
  const at = _at(scope, id);
  const p = _props<WorkloadProps>(at, 'props', props, limits.keys);
  const system = System._for(at, scope as System);
  const name = p.name ?? (id as string);
  const prop = p.name === undefined ? 'id' : 'name';
  if (limits.serviceName) _checkServiceName(at, prop, name, limits.maxNameLength);
  else _checkDnsLabel(at, prop, name, limits.maxNameLength);
  if (p.containerName !== undefined) _checkDnsLabel(at, 'containerName', p.containerName);
  if (p.component !== undefined) _checkLabelValue(at, 'component', p.component);
  return {
    at,
    system,
    props: p,
    name,
    nameProp: prop,
    containerName: p.containerName ?? name,
    selectorLabels: _resolveSelector(at, system, name, p),
    teamLabels: _resolveTeamLabels(at, p.labels),
  };
}

/** Resolves every prop of a workload; `parts` are what its kind adds. Nothing is created. */
export function _planWorkload(base: _WorkloadBase, parts: _WorkloadParts): _WorkloadPlan {
  const { at, system, props: p, name } = base;
  const image = _checkImage(at, 'image', p.image);
  const identity = _resolveIdentity(at, p.identity);
  const { selectorLabels, teamLabels } = base;
  const version = image.tag && _VERSION_LABEL.test(image.tag) ? image.tag : undefined;
  // Team and selector labels come renamed where cdk8s cannot render a key (see _special-keys.ts).
  const labels = {
    ...teamLabels,
    ...selectorLabels,
    ..._commonLabels(system, name, { component: p.component, version }),
  };
  const podAnnotations: Record<string, string> = {};
  for (const [k, v] of p.podAnnotations === undefined
    ? []
    : _entries(at, 'podAnnotations', p.podAnnotations)) {
    _checkLabelKey(at, 'podAnnotations', k);
    Object.assign(podAnnotations, _safeKeys({ [k]: _string(at, `podAnnotations.${k}`, v) }));
  }
  Object.assign(podAnnotations, parts.annotations);
  const rbacRules =
    p.rbacRules === undefined
      ? []
      : _array(at, 'rbacRules', p.rbacRules).map((r, i) => _resolveRule(at, `rbacRules[${i}]`, r));
  const externalEgress =
    p.externalEgress === undefined
      ? []
      : _array(at, 'externalEgress', p.externalEgress).map((e, i) =>
          _resolveEgress(at, `externalEgress[${i}]`, e, system._clusterRanges),
        );
  const declared = _resolveDependencies(at, system, name, p.dependencies);
  const imagePullPolicy = _enumOr(
    at,
    'imagePullPolicy',
    p.imagePullPolicy,
    ImagePullPolicy,
    ImagePullPolicy.IF_NOT_PRESENT,
  );
  const grace =
    p.terminationGracePeriod === undefined
      ? 30
      : _seconds(at, 'terminationGracePeriod', p.terminationGracePeriod, 0);

  const main: _ContainerPlan = {
    name: base.containerName,
    image: image.reference ?? (p.image as string),
    mutableImage: image.mutableReason === undefined ? undefined : ['image', image.mutableReason],
    command: p.command === undefined ? undefined : _strings(at, 'command', p.command),
    args: p.args === undefined ? undefined : _strings(at, 'args', p.args),
    envProp: 'env',
    env: [...parts.configEnv, ..._resolveEnv(at, 'env', p.env)],
    envFrom: _resolveEnvFrom(at, 'envFrom', p.envFrom, system),
    resources: _resolveResources(at, 'resources', p.resources, _DEFAULT_RESOURCES),
    ports: parts.ports,
    ..._probeFields(parts.probes),
    writablePaths: [],
  };
  const containerNames = new Map<string, string>([
    [
      base.containerName,
      `the main container (named by '${base.containerName === name ? base.nameProp : 'containerName'}')`,
    ],
  ]);
  const extras = (kind: 'sidecars' | 'initContainers') =>
    (p[kind] === undefined ? [] : _array(at, kind, p[kind])).map((c, i) => {
      const plan = _resolveExtraContainer(at, `${kind}[${i}]`, c, kind === 'initContainers', system);
      const first = containerNames.get(plan.name);
      if (first !== undefined)
        _fail(
          at,
          `${kind}[${i}].name`,
          `must be unique among the containers of the pod, but ${first} already uses it`,
          plan.name,
        );
      containerNames.set(plan.name, `'${kind}[${i}].name'`);
      // A sidecar runs as long as the pod: like the main container it must be probed.
      const off = plan.probesOff.some(([rule]) => rule === 'no-readiness-probe');
      if (kind === 'sidecars' && !plan.probes.readinessProbe && !off) {
        _fail(
          at,
          `${kind}[${i}].probes`,
          'must set a readiness probe: every long-running container is probed',
          (c as { probes?: unknown }).probes,
          "Use e.g. Probe.exec(['/bin/check']) or Probe.tcp(), or { readiness: false } for a sidecar that serves nothing",
        );
      }
      return plan;
    });
  const sidecars = extras('sidecars');
  const inits = extras('initContainers');

  const volumes = _nameVolumes(at, [..._volumeDecls(base, main, sidecars, inits), ...parts.volumes]);

  // Shared ConfigMaps: a rollout hash per ConfigMap on the pods, and the services they name are dependencies.
  const shared = _sharedConfigs(at, system, [main, ...sidecars, ...inits]);
  for (const s of shared) podAnnotations[`${_SHARED_CONFIG_HASH}${s.configMap.name}`] = s.configMap._hash;
  const dependencies = _mergeDependencies([
    ...declared,
    ...shared.flatMap((s) => s.endpoints.map((e) => ({ target: e.target, ports: [e.port] }))),
  ]);
  const account = _resolveIdentityAccount(at, system, name, p.serviceAccount, rbacRules);
  const podLabels = _safeKeys({ ...system.labels, ...account.shared?.podLabels, ...labels });

  // Injected endpoint variables come first in every container, then the container's own env.
  const endpoints = _endpointEnv(
    system,
    dependencies.map((d) => [d.target, d.ports] as const),
  );
  const sizes: [prop: string, bytes: number, value: string][] = [];
  for (const c of [main, ...sidecars, ...inits]) {
    _checkEndpointClash(at, c, endpoints, dependencies);
    c.env.forEach(([k, v]) => {
      if (v._secret) _checkSameSystem(at, `${c.envProp}.${k}`, v._secret, system);
    });
    _renderEnv(at, c.envProp, endpoints, c.env, undefined, c.envFrom).forEach((e, i) => {
      const entry = c.env[i - endpoints.length];
      if (entry && e.value) {
        sizes.push([entry[2] ?? `${c.envProp}.${entry[0]}`, Buffer.byteLength(e.value), e.value]);
      }
    });
  }
  _checkObjectSize(at, sizes);
  const claims: (readonly [string, string, string?])[] = account.shared ? [] : [['ServiceAccount', name]];
  if (rbacRules.length > 0) claims.push(['Role', name], ['RoleBinding', name]);
  if (system.networkPolicies) claims.push(['NetworkPolicy', name]);
  claims.push(...parts.claims);
  return {
    at,
    nameProp: base.nameProp,
    system,
    name,
    labels,
    podLabels,
    selectorLabels,
    ownSelector: p.selectorLabels !== undefined,
    teamLabels,
    account,
    sharedConfigs: shared.map((s) => s.configMap),
    metadata: _defined({
      name,
      labels,
      annotations: optOuts(account.token, volumes, [main, ...sidecars], [main, ...sidecars, ...inits]),
    }),
    identity,
    imagePullPolicy,
    podAnnotations,
    terminationGracePeriodSeconds: grace,
    rbacRules,
    externalEgress,
    dependencies,
    main,
    sidecars,
    inits,
    volumes,
    claims,
  };
}

/**
 * What the caller asked for that a validator would flag, said where validators look (kube-linter
 * style opt-outs on the object): mounting the token is the point of RBAC rules, and an emptyDir
 * without a size limit is there only because `scratchSizeLimit` is UNLIMITED_SCRATCH.
 */
function optOuts(
  token: string | undefined,
  volumes: readonly _Volume[],
  containers: readonly _ContainerPlan[],
  all: readonly _ContainerPlan[],
): Record<string, string> | undefined {
  const out: Record<string, string> = {};
  // Moving tags accepted with Image.mutableTag: the caller's reason, or each prop's when several move.
  const moving = all.flatMap((c) => (c.mutableImage ? [c.mutableImage] : []));
  if (moving.length === 1) out['ignore.shipshape.io/image-not-pinned'] = moving[0]![1];
  if (moving.length > 1)
    out['ignore.shipshape.io/image-not-pinned'] = moving.map(([prop, why]) => `${prop}: ${why}`).join('; ');
  // Probes turned off on purpose (`false`), said on the object so validators report them as acknowledged.
  for (const rule of ['no-liveness-probe', 'no-readiness-probe'] as const) {
    const reasons = containers.flatMap((c) => c.probesOff.filter(([r]) => r === rule).map(([, why]) => why));
    if (reasons.length > 0) out[`ignore.shipshape.io/${rule}`] = reasons.join('; ');
  }
  if (token !== undefined) out['ignore.shipshape.io/automount-service-account-token'] = token;
  if (volumes.some((v) => v.volume?.emptyDir && v.volume.emptyDir.sizeLimit === undefined))
    out['ignore.shipshape.io/unset-emptydir-size-limit'] = 'scratchSizeLimit is UNLIMITED_SCRATCH';
  return Object.keys(out).length > 0 ? out : undefined;
}
