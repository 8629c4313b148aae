/**
 * JSON checks of the end-to-end suite, fed by kubectl (`node -r ./scripts/register.js e2e/checks.ts <check>`):
 *   references           stdin: `kubectl get pods,secrets,configmaps -o json`; every Secret/ConfigMap key a pod
 *                        needs exists (kwok starts pods without looking: a real kubelet would not).
 *   pods <files...>      prints a List of Pods made from every pod template in the manifests, to put them
 *                        through the API server's admission (PodSecurity) with a server dry-run.
 *   play-eso             stdin: ExternalSecrets (`-o json`); prints the Secrets external-secrets would create
 *                        (the declared keys, placeholder values), as the fake cluster has no operator.
 *   versions             stdin: any List; prints `kind/namespace/name fingerprint` lines, sorted.
 *   waves <dir> <files...>  writes the objects of the manifests as one List per Argo CD sync wave,
 *                        `<dir>/<n>.json` in apply order (n = 0, 1, ...), and prints `<n> wave <w>: <count>`.
 *   split <dir> <file>   writes each document of a multi-document YAML file to `<dir>/<n>.json`, prints the paths.
 *   same-spec <file>     stdin: the live object; fails unless its spec, labels and annotations are those of the
 *                        (one) object in the file: the API server stored what was written, pruned nothing.
 *   route-status [False <reason>]  stdin: Gateway API routes (`-o json`); by default fails unless every route has
 *                        a parent status, and Accepted=True and ResolvedRefs=True in each; with `False <reason>`,
 *                        unless every route's ResolvedRefs is False with that reason (any, if empty: the
 *                        negative control).
 *   envoy-sa <ns> <gateway>  prints the proxy ServiceAccount name shipshape derives for Envoy Gateway.
 */
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as yaml from 'js-yaml';
import { _envoyProxyName } from '../constructs/gateway-implementation';

type Json = Record<string, unknown>;
interface KubeList {
  readonly items: readonly Json[];
}

const obj = (v: unknown): Json =>
  v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Json) : {};
const arr = (v: unknown): Json[] => (Array.isArray(v) ? (v as Json[]) : []);
const str = (v: unknown): string => (typeof v === 'string' ? v : '');

/** One required reference of a pod: a whole object (`key` undefined) or one key of it. */
export interface Reference {
  readonly kind: 'Secret' | 'ConfigMap';
  readonly name: string;
  readonly key?: string;
  readonly from: string;
}

/** Every non-optional Secret/ConfigMap reference of a pod spec (env, envFrom, volumes, projections). */
export function podReferences(spec: Json, where: string): Reference[] {
  const refs: Reference[] = [];
  const add = (kind: Reference['kind'], ref: Json, from: string, key?: string): void => {
    if (ref['optional'] === true) return;
    refs.push({
      kind,
      name: str(ref['name'] ?? ref['secretName']),
      ...(key !== undefined ? { key } : {}),
      from,
    });
  };
  const containers = [...arr(spec['initContainers']), ...arr(spec['containers'])];
  for (const c of containers) {
    const at = `${where} container ${str(c['name'])}`;
    for (const e of arr(c['env'])) {
      const vf = obj(e['valueFrom']);
      if (vf['secretKeyRef'])
        add(
          'Secret',
          obj(vf['secretKeyRef']),
          `${at} env ${str(e['name'])}`,
          str(obj(vf['secretKeyRef'])['key']),
        );
      if (vf['configMapKeyRef'])
        add(
          'ConfigMap',
          obj(vf['configMapKeyRef']),
          `${at} env ${str(e['name'])}`,
          str(obj(vf['configMapKeyRef'])['key']),
        );
    }
    for (const e of arr(c['envFrom'])) {
      if (e['secretRef']) add('Secret', obj(e['secretRef']), `${at} envFrom`);
      if (e['configMapRef']) add('ConfigMap', obj(e['configMapRef']), `${at} envFrom`);
    }
  }
  for (const v of arr(spec['volumes'])) {
    const at = `${where} volume ${str(v['name'])}`;
    const items = (src: Json, kind: Reference['kind']): void => {
      const keys = arr(src['items']).map((i) => str(i['key']));
      if (keys.length === 0) add(kind, src, at);
      for (const k of keys) add(kind, src, at, k);
    };
    if (v['secret']) items(obj(v['secret']), 'Secret');
    if (v['configMap']) items(obj(v['configMap']), 'ConfigMap');
    for (const s of arr(obj(v['projected'])['sources'])) {
      if (s['secret']) items(obj(s['secret']), 'Secret');
      if (s['configMap']) items(obj(s['configMap']), 'ConfigMap');
    }
  }
  return refs;
}

/** Problems: references of the pods in `list` to Secrets/ConfigMaps or keys that are not in `list`. */
export function missingReferences(list: KubeList): string[] {
  const data = new Map<string, Set<string>>();
  for (const o of list.items) {
    const kind = str(o['kind']);
    if (kind !== 'Secret' && kind !== 'ConfigMap') continue;
    const md = obj(o['metadata']);
    const keys = [
      ...Object.keys(obj(o['data'])),
      ...Object.keys(obj(o['binaryData'])),
      ...Object.keys(obj(o['stringData'])),
    ];
    data.set(`${kind}/${str(md['namespace'])}/${str(md['name'])}`, new Set(keys));
  }
  const problems: string[] = [];
  for (const pod of list.items.filter((o) => o['kind'] === 'Pod')) {
    const md = obj(pod['metadata']);
    const ns = str(md['namespace']);
    for (const r of podReferences(obj(pod['spec']), `pod ${ns}/${str(md['name'])}`)) {
      const keys = data.get(`${r.kind}/${ns}/${r.name}`);
      if (keys === undefined) problems.push(`${r.from}: ${r.kind} ${r.name} does not exist`);
      else if (r.key !== undefined && !keys.has(r.key))
        problems.push(`${r.from}: ${r.kind} ${r.name} has no key ${r.key}`);
    }
  }
  return problems;
}

/** The pod template of a workload object, if it has one. */
function podTemplate(o: Json): Json | undefined {
  const spec = obj(o['spec']);
  switch (o['kind']) {
    case 'Deployment':
    case 'StatefulSet':
    case 'DaemonSet':
    case 'ReplicaSet':
    case 'Job':
      return obj(spec['template']);
    case 'CronJob':
      return obj(obj(obj(spec['jobTemplate'])['spec'])['template']);
    default:
      return undefined;
  }
}

/** Pods as the controllers would create them from every pod template in `objects`. */
export function podsFromTemplates(objects: readonly Json[]): Json[] {
  const pods: Json[] = [];
  for (const o of objects) {
    const t = podTemplate(o);
    if (t === undefined) continue;
    const md = obj(o['metadata']);
    const spec = obj(t['spec']);
    // The StatefulSet controller adds a volume per claim template, bound to the pod's own claim.
    const claims = arr(obj(o['spec'])['volumeClaimTemplates']).map((c) => {
      const claim = str(obj(c['metadata'])['name']);
      return { name: claim, persistentVolumeClaim: { claimName: `${claim}-${str(md['name'])}-0` } };
    });
    pods.push({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: {
        ...obj(t['metadata']),
        name: `e2e-${str(o['kind']).toLowerCase()}-${str(md['name'])}`,
        namespace: md['namespace'],
      },
      spec: claims.length === 0 ? spec : { ...spec, volumes: [...arr(spec['volumes']), ...claims] },
    });
  }
  return pods;
}

/** The Secrets external-secrets would create from `ExternalSecret`s: target name, declared keys. */
export function secretsOfExternalSecrets(list: KubeList): Json[] {
  return list.items
    .filter((o) => o['kind'] === 'ExternalSecret')
    .map((es) => {
      const md = obj(es['metadata']);
      const spec = obj(es['spec']);
      const keys = arr(spec['data']).map((d) => str(d['secretKey']));
      return {
        apiVersion: 'v1',
        kind: 'Secret',
        metadata: {
          name: str(obj(spec['target'])['name']) || str(md['name']),
          namespace: md['namespace'],
          labels: { 'e2e.shipshape.io/played-by': 'fake-external-secrets' },
        },
        type: 'Opaque',
        stringData: Object.fromEntries(keys.map((k) => [k, `e2e-placeholder-${k.length}`])),
      };
    });
}

/**
 * `kind/namespace/name fingerprint` per object, sorted: equal before and after a no-op apply. The fingerprint
 * hashes the object without what controllers write on their own (status, resourceVersion, managedFields):
 * a resourceVersion alone would move with every status update of an HPA or a PDB.
 */
export function objectVersions(list: KubeList): string[] {
  return list.items
    .map((o) => {
      const md = obj(o['metadata']);
      const metadata: Json = { ...md };
      delete metadata['resourceVersion'];
      delete metadata['managedFields'];
      const rest: Json = { ...o, metadata };
      delete rest['status'];
      const fingerprint = createHash('sha256').update(JSON.stringify(rest)).digest('hex').slice(0, 16);
      return `${str(o['kind'])}/${str(md['namespace'])}/${str(md['name'])} ${fingerprint}`;
    })
    .sort();
}

const SYNC_WAVE = 'argocd.argoproj.io/sync-wave';

/** The objects grouped by Argo CD sync wave, lowest first (an object without the annotation is wave 0). */
export function syncWaves(objects: readonly Json[]): { wave: number; objects: Json[] }[] {
  const groups = new Map<number, Json[]>();
  for (const o of objects) {
    const wave = Number(obj(obj(o['metadata'])['annotations'])[SYNC_WAVE] ?? 0);
    groups.set(wave, [...(groups.get(wave) ?? []), o]);
  }
  return [...groups.entries()].sort(([a], [b]) => a - b).map(([wave, list]) => ({ wave, objects: list }));
}

/** Where the live object differs from the written one (spec, labels, annotations); [] when it stored it as written. */
export function storedDifferences(live: Json, written: Json): string[] {
  const parts: [string, (o: Json) => unknown][] = [
    ['spec', (o) => o['spec']],
    ['metadata.labels', (o) => obj(o['metadata'])['labels']],
    ['metadata.annotations', (o) => obj(o['metadata'])['annotations']],
  ];
  return parts
    .filter(([, get]) => JSON.stringify(sortDeep(get(live))) !== JSON.stringify(sortDeep(get(written))))
    .map(
      ([name, get]) =>
        `${name}: stored ${JSON.stringify(get(live))}, written ${JSON.stringify(get(written))}`,
    );
}

/**
 * What is wrong with the status a Gateway API controller wrote on `list`'s routes: each needs a parent
 * status, and in every parent the condition `ResolvedRefs` (and, when `resolved` is true, `Accepted`) with
 * status `True`, or `False` with `reason` when `resolved` is false. Returns one line per route, `ok` or why not.
 */
export function routeStatus(list: KubeList, resolved = true, reason = ''): { ok: boolean; lines: string[] } {
  let ok = list.items.length > 0;
  const lines = list.items.map((route) => {
    const name = `${str(route['kind'])} ${str(obj(route['metadata'])['namespace'])}/${str(obj(route['metadata'])['name'])}`;
    const parents = arr(obj(route['status'])['parents']);
    const problems: string[] = parents.length === 0 ? ['no parent status yet'] : [];
    for (const parent of parents) {
      const ref = str(obj(parent['parentRef'])['name']);
      const cond = (type: string) => arr(parent['conditions']).find((c) => c['type'] === type);
      const wanted = resolved ? ['Accepted', 'ResolvedRefs'] : ['ResolvedRefs'];
      for (const type of wanted) {
        const c = cond(type);
        const good = resolved
          ? c?.['status'] === 'True'
          : c?.['status'] === 'False' && (reason === '' || c['reason'] === reason);
        if (!good)
          problems.push(
            `${ref}: ${type}=${str(c?.['status']) || '?'} (${str(c?.['reason'])}: ${str(c?.['message'])})`,
          );
      }
    }
    if (problems.length > 0) ok = false;
    return problems.length === 0
      ? `ok ${name}: ${parents.map((p) => str(obj(p['parentRef'])['sectionName']) || str(obj(p['parentRef'])['name'])).join(', ')}`
      : `not yet ${name}: ${problems.join('; ')}`;
  });
  return { ok, lines };
}

function sortDeep(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortDeep);
  if (v === null || typeof v !== 'object') return v;
  return Object.fromEntries(
    Object.keys(v)
      .sort()
      .map((k) => [k, sortDeep((v as Json)[k])]),
  );
}

function readManifests(files: readonly string[]): Json[] {
  return files
    .flatMap((f) => yaml.loadAll(fs.readFileSync(f, 'utf8')).map(obj))
    .filter((o) => o['kind'] !== undefined);
}

function main(argv: readonly string[]): number {
  const [check, ...args] = argv;
  const stdin = (): KubeList => JSON.parse(fs.readFileSync(0, 'utf8')) as KubeList;
  switch (check) {
    case 'references': {
      const problems = missingReferences(stdin());
      for (const p of problems) process.stderr.write(`${p}\n`);
      return problems.length === 0 ? 0 : 1;
    }
    case 'pods':
      process.stdout.write(
        JSON.stringify({ apiVersion: 'v1', kind: 'List', items: podsFromTemplates(readManifests(args)) }),
      );
      return 0;
    case 'play-eso':
      process.stdout.write(
        JSON.stringify({ apiVersion: 'v1', kind: 'List', items: secretsOfExternalSecrets(stdin()) }),
      );
      return 0;
    case 'versions':
      process.stdout.write(`${objectVersions(stdin()).join('\n')}\n`);
      return 0;
    case 'waves': {
      const [dir = '.', ...files] = args;
      syncWaves(readManifests(files)).forEach(({ wave, objects }, i) => {
        fs.writeFileSync(
          `${dir}/${i}.json`,
          JSON.stringify({ apiVersion: 'v1', kind: 'List', items: objects }),
        );
        process.stdout.write(`${i} wave ${wave}: ${objects.length}\n`);
      });
      return 0;
    }
    case 'same-spec': {
      const live = JSON.parse(fs.readFileSync(0, 'utf8')) as Json;
      const [written = {}] = readManifests(args);
      const problems = storedDifferences(live, written);
      for (const p of problems) process.stderr.write(`${p}\n`);
      return problems.length === 0 ? 0 : 1;
    }
    case 'split': {
      const [dir = '.', file = ''] = args;
      readManifests([file]).forEach((o, i) => {
        fs.writeFileSync(`${dir}/${i}.json`, JSON.stringify(o));
        process.stdout.write(`${dir}/${i}.json\n`);
      });
      return 0;
    }
    case 'route-status': {
      const [want = 'True', reason = ''] = args;
      const { ok, lines } = routeStatus(
        JSON.parse(fs.readFileSync(0, 'utf8')) as KubeList,
        want === 'True',
        reason,
      );
      process.stdout.write(`${lines.join('\n')}\n`);
      return ok ? 0 : 1;
    }
    case 'envoy-sa': {
      const [namespace = '', name = ''] = args;
      process.stdout.write(`${_envoyProxyName({ namespace, name })}\n`);
      return 0;
    }
    default:
      process.stderr.write(
        'usage: checks.ts references|pods <files...>|play-eso|versions|waves <dir> <files...>|split <dir> <file>|same-spec <file>|route-status [False <reason>]|envoy-sa <ns> <gateway>\n',
      );
      return 2;
  }
}

if (require.main === module) process.exitCode = main(process.argv.slice(2));
