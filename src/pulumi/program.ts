/**
 * The Pulumi program for any shipshape app: configuration → cluster → platform → secrets → application →
 * outputs. The application is the in-process synthesis of the stack's environment, the same objects
 * `shipshape synth` writes; the app supplies it through `synthesize`.
 */
import type * as pulumi from '@pulumi/pulumi';
import type { SynthesizedSystem } from '../synth/synthesize';
import { renderChart, type RenderedChart } from '../synth/helm/chart';
import { toYaml } from '../synth/output';
import type { DeclaredSecret, KubeObject } from '../synth/files';
import {
  AppSecrets,
  chartDirectory,
  GitOpsApp,
  HelmApp,
  KubernetesObjects,
  type PrerequisiteScope,
} from './app';
import { createCluster } from './clusters';
import { readStackConfig, type AppConfigOptions, type StackConfig } from './config';
import { Platform, SERVED_API_VERSIONS } from './platform';
import { trafficRouterPluginsOf } from './platform/argo-rollouts';
import type { DeploymentProfile } from './profile';

/** What the program reads from the outside world; tests pass fakes, `pulumi up` the defaults. */
export interface ProgramDependencies {
  /** The stack's validated configuration. */
  readonly readConfig: () => StackConfig;
  /** The system, synthesized in memory for one environment (the program needs only these parts). */
  readonly synthesize: (environment: string) => DeployableSystem;
  /** Project root, against which relative chart paths resolve. */
  readonly projectRoot: string;
}

/** What the program uses of a synthesized environment; Helm mode also needs the parts of the synthesis its chart is made of. */
export interface DeployableSystem
  extends Partial<Pick<SynthesizedSystem, 'environment' | 'dir' | 'chart' | 'files' | 'system'>> {
  /** Where and onto what platform it is deployed. */
  readonly profile: DeploymentProfile;
  /** Every object `shipshape synth` writes for the environment. */
  readonly objects: readonly KubeObject[];
  /** The Secrets the objects read (Pulumi creates those not provided by ExternalSecrets). */
  readonly secrets: readonly DeclaredSecret[];
  /** Its Argo CD Application, when the app declares gitops for the environment (`app.mode gitops` needs it). */
  readonly application?: KubeObject;
}

/** Stack outputs. */
export interface ProgramOutputs {
  /** Kubeconfig of the cluster (secret). */
  readonly kubeconfig: pulumi.Output<string>;
  /** Namespace of the system. */
  readonly namespace: string;
  /** Public URL of the API gateway (the Gateway's host). */
  readonly gatewayUrl: string;
  /** In-cluster address of each Service: `name.namespace.svc.cluster.local:port`. */
  readonly services: Readonly<Record<string, string>>;
  /** How the application was installed. */
  readonly appMode: StackConfig['app']['mode'];
}

/** What {@link shipshapeProgram} needs from the app. */
export interface ShipshapeProgramOptions extends AppConfigOptions {
  /** Synthesizes the app's System for one environment, with its deployment profile. */
  readonly synthesize: (environment: string) => DeployableSystem;
  /** Project root, against which relative chart paths (`app.chartPath`, `dist/helm/<env>`) resolve. */
  readonly projectRoot: string;
}

/** The dependencies of a real `pulumi up`: the running stack's config and the app's synthesis. */
export function stackDependencies(options: ShipshapeProgramOptions): ProgramDependencies {
  return {
    readConfig: () => readStackConfig(options),
    synthesize: options.synthesize,
    projectRoot: options.projectRoot,
  };
}

/** A Pulumi program (`export = shipshapeProgram({...})` in the file `Pulumi.yaml` names as `main`). */
export function shipshapeProgram(options: ShipshapeProgramOptions): () => ProgramOutputs {
  return () => runProgram(stackDependencies(options));
}

/** Public URL of the Gateway: https when a ClusterIssuer provides certificates. */
export function gatewayUrl(profile: DeploymentProfile): string {
  return `${profile.gateway.clusterIssuer === undefined ? 'http' : 'https'}://${profile.gateway.host}`;
}

/** In-cluster addresses of the Services among the objects. */
export function serviceAddresses(objects: readonly KubeObject[]): Record<string, string> {
  const addresses: Record<string, string> = {};
  for (const object of objects.filter((o) => o.kind === 'Service' && o.apiVersion === 'v1')) {
    const spec = object['spec'] as { ports?: readonly { port?: number }[] } | undefined;
    const port = spec?.ports?.[0]?.port;
    const host = `${object.metadata.name}.${object.metadata.namespace ?? 'default'}.svc.cluster.local`;
    addresses[object.metadata.name] = port === undefined ? host : `${host}:${port}`;
  }
  return addresses;
}

/** Fails when an object uses a CRD version the pinned platform charts do not serve (it could not be applied). */
export function checkServedApiVersions(objects: readonly KubeObject[]): void {
  const problems = objects.flatMap((object) => {
    const group = object.apiVersion.split('/')[0] ?? '';
    const served = SERVED_API_VERSIONS[group];
    if (served === undefined || served.includes(object.apiVersion)) return [];
    return [
      `${object.kind} ${object.metadata.name} uses ${object.apiVersion}, which the pinned chart does not serve (it serves ${served.join(', ')})`,
    ];
  });
  if (problems.length > 0)
    throw new Error(`the system does not fit the platform charts:\n  ${problems.join('\n  ')}`);
}

/** The chart of the synthesized environment, rendered in-process as `shipshape synth` writes it. */
export function synthesizedChart(system: DeployableSystem): RenderedChart {
  const { environment, dir, chart, files, system: tree } = system;
  if (dir === undefined || chart === undefined || files === undefined || tree === undefined) {
    throw new Error(
      'app.mode helm installs the chart synthesized by this run: synthesize() must return the SynthesizedSystem of synthesizeApp (with its files, chart and system), plus the profile',
    );
  }
  return renderChart(
    { environment, dir, chart, files, system: tree, objects: system.objects, secrets: system.secrets },
    toYaml,
  );
}

/** `overrides` merged into `base`, objects key by key (as Helm merges `--set` and `-f` over values.yaml). */
export function mergeValues(
  base: Readonly<Record<string, unknown>>,
  overrides: Readonly<Record<string, unknown>>,
): Record<string, unknown> {
  const out: Record<string, unknown> = { ...base };
  const isObject = (v: unknown): v is Record<string, unknown> =>
    v !== null && typeof v === 'object' && !Array.isArray(v);
  for (const [k, v] of Object.entries(overrides)) {
    out[k] = isObject(v) && isObject(out[k]) ? mergeValues(out[k] as Record<string, unknown>, v) : v;
  }
  return out;
}

/** The Application GitOps mode hands the app over with; fails when the app declares no gitops for the environment. */
export function gitOpsApplication(system: DeployableSystem, environment: string): KubeObject {
  if (system.application === undefined) {
    throw new Error(
      `shipshape:app.mode is gitops, but the app declares no gitops for environment ${environment}: ` +
        'return GitOps settings from defineApp({ gitops }) (see docs/use-shipshape.md), or use app.mode objects or helm',
    );
  }
  checkServedApiVersions([system.application]);
  return system.application;
}

/** Whether the objects hold Argo Rollouts kinds (services with a `delivery`): the platform then runs its controller. */
export function usesArgoRollouts(objects: readonly KubeObject[]): boolean {
  return objects.some((o) => o.apiVersion.startsWith('argoproj.io/') && ROLLOUTS_KINDS.has(o.kind));
}
const ROLLOUTS_KINDS: ReadonlySet<string> = new Set([
  'Rollout',
  'AnalysisTemplate',
  'ClusterAnalysisTemplate',
  'AnalysisRun',
  'Experiment',
]);

/** Runs the program (through {@link shipshapeProgram} under `pulumi up`, directly in tests). */
export function runProgram(deps: ProgramDependencies): ProgramOutputs {
  const config = deps.readConfig();
  const system = deps.synthesize(config.environment);
  const profile = system.profile;
  if (profile.name !== config.environment) {
    throw new Error(`synthesize('${config.environment}') returned profile '${profile.name}'`);
  }

  checkServedApiVersions(system.objects);
  const application = config.app.mode === 'gitops' ? gitOpsApplication(system, profile.name) : undefined;

  const cluster = createCluster('cluster', config.cluster, { storageClass: profile.storageClass });
  const provider = cluster.provider;
  const installArgoCd = application !== undefined && cluster.capabilities.hasArgoCd !== true;
  const platform = new Platform('platform', {
    profile,
    capabilities: cluster.capabilities,
    provider,
    tls: config.tls,
    vault: config.vault,
    ...(installArgoCd && { argoCd: { namespace: application.metadata.namespace ?? 'argocd' } }),
    ...(usesArgoRollouts(system.objects) && {
      argoRollouts: cluster.capabilities.hasArgoRollouts === true ? 'present' : 'install',
      trafficRouterPlugins: trafficRouterPluginsOf(system.objects),
    }),
  });

  const secrets = ({ parent, namespaces }: PrerequisiteScope): readonly pulumi.Resource[] => [
    new AppSecrets(
      'secrets',
      { secrets: system.secrets, values: config.secrets, provider },
      { parent, dependsOn: [...namespaces] },
    ),
  ];

  const namespaceObjects = system.objects.filter((o) => o.kind === 'Namespace');
  if (application !== undefined) {
    new GitOpsApp('app', {
      applications: [application],
      namespaceObjects,
      prerequisites: secrets,
      argoCd: platform.operators['argoproj.io'] ?? [],
      provider,
    });
  } else if (config.app.mode === 'helm') {
    const chart = synthesizedChart(system);
    new HelmApp('app', {
      chartPath: chartDirectory(chart, deps.projectRoot, config.app.chartPath),
      values: mergeValues(chart.values, config.app.values),
      releaseName: config.app.releaseName,
      namespace: profile.namespace,
      namespaceObjects,
      prerequisites: secrets,
      dependsOn: [platform],
      provider,
    });
  } else {
    new KubernetesObjects('app', {
      objects: system.objects,
      provider,
      operators: platform.operators,
      prerequisites: secrets,
    });
  }

  return {
    kubeconfig: cluster.kubeconfig,
    namespace: profile.namespace,
    gatewayUrl: gatewayUrl(profile),
    services: serviceAddresses(system.objects),
    appMode: config.app.mode,
  };
}
