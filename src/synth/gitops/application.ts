/**
 * GitOps delivery with Argo CD for any app: the `argoproj.io/v1alpha1` Application the pipeline generates from
 * what an app declares through `defineApp({ gitops })` (options.ts), one per System and environment,
 * written to `argocd/<dir>.yaml` beside the manifests it points at.
 */
import type { System } from '../../../constructs';
import { _fail } from '../../../constructs/_errors';
import type { ResolvedGitOps } from './options';
import { GATEWAY_API_GROUP, SYNC_WAVE_ANNOTATION } from './sync-waves';
import { _GATEWAY_API_PLUGIN, _ROLLOUTS_API } from '../../../constructs/_rollout';
import type { KubeObject } from '../files';

/** Folder of the output that holds the Applications (`argocd/<dir>.yaml`). */
export const ARGOCD_DIR = 'argocd';

/** The file of a System's Application, relative to the output directory. */
export function applicationFile(dir: string): string {
  return `${ARGOCD_DIR}/${dir}.yaml`;
}

/** Labels and annotations of the System's Namespace, for the namespace Argo CD creates. */
function namespaceMetadata(
  objects: readonly KubeObject[],
  namespace: string,
): Record<string, unknown> | undefined {
  const ns = objects.find(
    (o) => o.kind === 'Namespace' && o.apiVersion === 'v1' && o.metadata.name === namespace,
  );
  if (ns === undefined) return undefined;
  const labels = ns.metadata['labels'] as Readonly<Record<string, string>> | undefined;
  const annotations = Object.fromEntries(
    Object.entries((ns.metadata['annotations'] ?? {}) as Readonly<Record<string, string>>).filter(
      ([k]) => k !== SYNC_WAVE_ANNOTATION,
    ),
  );
  return {
    ...(Object.keys(annotations).length > 0 && { annotations }),
    ...(labels && Object.keys(labels).length > 0 && { labels }),
  };
}

/** A copy of a JSON value with the keys of every object sorted, as cdk8s writes objects. */
function sorted(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sorted);
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(
    Object.keys(value)
      .sort()
      .map((k) => [k, sorted((value as Record<string, unknown>)[k])]),
  );
}

/** The route fields the plugin moves during a canary: every backend's weight. */
const ROUTE_WEIGHTS = '.spec.rules[].backendRefs[].weight';

/**
 * The route weights that Argo Rollouts' Gateway API plugin owns while a canary runs: without these entries
 * (and RespectIgnoreDifferences) Argo CD reports the routes OutOfSync and self-heal resets the weights to
 * stable 100, canary 0 at every sync.
 */
function routeWeightDifferences(objects: readonly KubeObject[]): Record<string, unknown>[] {
  const routes = new Set<string>();
  for (const o of objects) {
    if (o.kind !== 'Rollout' || o.apiVersion !== _ROLLOUTS_API) continue;
    const spec = o['spec'] as {
      strategy?: { canary?: { trafficRouting?: { plugins?: Record<string, unknown> } } };
    };
    const plugin = spec.strategy?.canary?.trafficRouting?.plugins?.[_GATEWAY_API_PLUGIN] as
      | { httpRoutes?: { name: string }[]; grpcRoutes?: { name: string }[] }
      | undefined;
    for (const r of plugin?.httpRoutes ?? []) routes.add(`HTTPRoute/${r.name}`);
    for (const r of plugin?.grpcRoutes ?? []) routes.add(`GRPCRoute/${r.name}`);
  }
  return [...routes].sort().map((key) => {
    const [kind, name] = key.split('/') as [string, string];
    return { group: GATEWAY_API_GROUP, jqPathExpressions: [ROUTE_WEIGHTS], kind, name };
  });
}

/** The sync options: the given ones, and RespectIgnoreDifferences when weights are ignored (unless set). */
function syncOptions(gitops: ResolvedGitOps, ignoring: boolean): string[] {
  const given = [...(gitops.createNamespace ? ['CreateNamespace=true'] : []), ...gitops.syncOptions];
  const respect = given.some((o) => o.startsWith('RespectIgnoreDifferences='));
  return ignoring && !respect ? [...given, 'RespectIgnoreDifferences=true'] : given;
}

/** The Argo CD Application of one System (keys sorted, as cdk8s writes the System's objects). */
export function argoApplication(
  gitops: ResolvedGitOps,
  target: { readonly namespace: string; readonly chartName: string; readonly objects: readonly KubeObject[] },
): KubeObject {
  const helm = gitops.helm && {
    releaseName: gitops.helm.releaseName,
    ...(gitops.helm.valueFiles.length > 0 && { valueFiles: [...gitops.helm.valueFiles] }),
    ...(gitops.helm.values && { valuesObject: gitops.helm.values }),
  };
  const managed = gitops.createNamespace ? namespaceMetadata(target.objects, target.namespace) : undefined;
  const ignored = routeWeightDifferences(target.objects);
  return sorted({
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Application',
    metadata: {
      // The path-qualified name of Argo CD's foreground cascade (v2.14 reads it like the bare one, which a
      // v1.37 API server warns about: finalizer names should carry a path).
      ...(gitops.cascadeDelete && { finalizers: ['resources-finalizer.argocd.argoproj.io/foreground'] }),
      labels: { 'app.kubernetes.io/managed-by': 'shipshape', 'app.kubernetes.io/part-of': target.chartName },
      name: gitops.name,
      namespace: gitops.argocdNamespace,
    },
    spec: {
      destination: { ...gitops.destination, namespace: target.namespace },
      ...(ignored.length > 0 && { ignoreDifferences: ignored }),
      project: gitops.project,
      source: {
        ...(helm && { helm }),
        path: gitops.path,
        repoURL: gitops.repoURL,
        targetRevision: gitops.targetRevision,
      },
      syncPolicy: {
        ...(gitops.automated && { automated: { ...gitops.automated } }),
        ...(managed && { managedNamespaceMetadata: managed }),
        ...(gitops.retry && { retry: gitops.retry }),
        syncOptions: syncOptions(gitops, ignored.length > 0),
      },
    },
  }) as KubeObject;
}

/**
 * Refuses an output folder that would mix with the Applications: with GitOps, `argocd/` of the output holds
 * them, so neither the environment nor (without environments) the chart name may be `argocd`.
 */
export function checkOutputDir(system: System, environment: string | undefined, dir: string): void {
  const top = dir.split('/')[0];
  if (top === ARGOCD_DIR) {
    _fail(
      system,
      environment === undefined ? 'chart().name' : 'environments',
      `must not be '${ARGOCD_DIR}' when the app declares gitops: ${ARGOCD_DIR}/ of the output holds the Applications`,
      top,
    );
  }
}
