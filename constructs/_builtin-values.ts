import type { ApiObject } from 'cdk8s';
import type { IConstruct } from 'constructs';
import {
  _configSchema,
  _hostsSchema,
  _imageSchema,
  _replicasSchema,
  _resourcesSchema,
  _tlsSchema,
  _gatewayTlsSchema,
} from './_chart-schemas';
import { _declare, type _ConfigHash, type _Guard, type _Target, type _ValueDecl } from './_chart-values';
import { _IMAGE_REFERENCE } from './_patterns';

// The chart values of the built-in constructs. Descriptions are the first TSDoc line of the prop each value
// comes from (test/constructs/_builtin-values.test.ts keeps them equal).

/** What a workload kind tells about itself. */
export interface _WorkloadValues {
  /** Component key (`_checkComponent`). */
  readonly component: string;
  /** The Deployment, StatefulSet, Job or CronJob. */
  readonly controller: ApiObject;
  /** JSON pointer of its pod spec. */
  readonly podSpec: string;
  /** The main container's image, as given. */
  readonly image: string;
  /** The object whose `spec.replicas` the replicas value sets (a Rollout runs the pods of a delivered service). */
  readonly replicasOf?: ApiObject | undefined;
  /** Whether its tag may move (`Image.mutableTag`): then the chart value accepts any tag too. */
  readonly imageMoves?: boolean;
  /** Whether the main container requests ephemeral storage: then its resources value has it too. */
  readonly ephemeralStorage?: boolean;
  /** Fixed replicas and their floor; `undefined` for tasks and for autoscaled services. */
  readonly replicas?: { readonly min: number; readonly description: string } | undefined;
  /** The HorizontalPodAutoscaler and the floor of its minimum. */
  readonly hpa?: { readonly object: ApiObject; readonly min: number } | undefined;
  /** The shared ConfigMaps its pods read (each hashed into `config-hash.shipshape.io/<name>` of the pods). */
  readonly sharedConfigs?: readonly { readonly configMap: ApiObject; readonly name: string }[] | undefined;
  /** The service's own ConfigMap, its keys and the rollout annotation that hashes it. */
  readonly config?:
    | {
        readonly object: ApiObject;
        readonly keys: readonly string[];
        readonly hashPath: string;
      }
    | undefined;
}

/** Declares the values of a workload: image, replicas or autoscaling bounds, resources, config. */
export function _declareWorkloadValues(workload: IConstruct, w: _WorkloadValues): void {
  const declaredBy = workload.node.path;
  const m = _IMAGE_REFERENCE.exec(w.image);
  _declare(workload, () => {
    const values: _ValueDecl[] = [];
    const guards: _Guard[] = [];
    const hashes: _ConfigHash[] = [];
    const add = (key: string, description: string, schema: _ValueDecl['schema'], targets: _Target[]) =>
      values.push({ key: `${w.component}.${key}`, description, schema, targets, declaredBy });
    const at = (object: ApiObject, path: string): _Target => ({ kind: 'value', object, path });
    add(
      'image',
      'Image with a pinned tag or digest (a tag without a version number, such as `latest`, is refused).',
      _imageSchema(w.imageMoves),
      [
        { kind: 'image', object: w.controller, path: `${w.podSpec}/containers/0/image` },
        { kind: 'versionLabel', scope: workload, label: 'app.kubernetes.io/version' },
      ],
    );
    const last = values[values.length - 1]!;
    values[values.length - 1] = {
      ...last,
      default: { repository: m?.[1] ?? '', tag: m?.[2] ?? '', digest: m?.[3] ?? '' },
    };
    if (w.replicas) {
      add('replicas', w.replicas.description, _replicasSchema(w.replicas.min), [
        at(w.replicasOf ?? w.controller, '/spec/replicas'),
      ]);
    }
    if (w.hpa) {
      add('autoscaling.minReplicas', 'Lower bound of replicas (at least 1).', _replicasSchema(w.hpa.min), [
        at(w.hpa.object, '/spec/minReplicas'),
      ]);
      add('autoscaling.maxReplicas', 'Upper bound of replicas.', _replicasSchema(Math.max(1, w.hpa.min)), [
        at(w.hpa.object, '/spec/maxReplicas'),
      ]);
      guards.push({
        low: `${w.component}.autoscaling.minReplicas`,
        high: `${w.component}.autoscaling.maxReplicas`,
        compare: 'integer',
        declaredBy,
      });
    }
    add('resources', 'CPU and memory of the main container.', _resourcesSchema(w.ephemeralStorage), [
      at(w.controller, `${w.podSpec}/containers/0/resources`),
    ]);
    for (const r of ['cpu', 'memory', ...(w.ephemeralStorage ? ['ephemeral-storage'] : [])]) {
      const [low, high] = ['requests', 'limits'].map((k) => `${w.component}.resources.${k}.${r}`) as [
        string,
        string,
      ];
      guards.push({ low, high, compare: 'quantity', declaredBy });
    }
    if (w.config) {
      add(
        'config',
        'Own ConfigMap; pods roll when its content changes (content-hash annotation).',
        _configSchema(w.config.keys),
        [at(w.config.object, '/data')],
      );
      hashes.push({ object: w.controller, path: w.config.hashPath, configMap: w.config.object });
    }
    const podMeta = w.podSpec.replace(/\/spec$/, '/metadata');
    for (const c of w.sharedConfigs ?? []) {
      const path = `${podMeta}/annotations/${`config-hash.shipshape.io/${c.name}`.replace(/~/g, '~0').replace(/\//g, '~1')}`;
      hashes.push({ object: w.controller, path, configMap: c.configMap });
    }
    return { values, guards, hashes };
  });
}

/** What a shared ConfigMap tells about itself. */
export interface _ConfigMapValues {
  readonly component: string;
  readonly object: ApiObject;
  readonly keys: readonly string[];
  /** Whether some value is a service's address: such data is part of the graph, not a chart value. */
  readonly addresses: boolean;
}

/** Declares the values of a shared ConfigMap: its data, unless it names services (the graph owns those). */
export function _declareConfigMapValues(configMap: IConstruct, c: _ConfigMapValues): void {
  const declaredBy = configMap.node.path;
  _declare(configMap, () => ({
    values: c.addresses
      ? []
      : [
          {
            key: `${c.component}.data`,
            description: 'Keys and values, read as environment variables (envFrom) or one by one.',
            schema: _configSchema(c.keys),
            targets: [{ kind: 'value', object: c.object, path: '/data' }],
            declaredBy,
          },
        ],
  }));
}

/** A place a host, a Secret name or an issuer is written: an object and a JSON pointer in it. */
export interface _At {
  readonly object: ApiObject;
  readonly path: string;
  /** A name made from the host (`<prefix><host><suffix>`) rather than the host itself. */
  readonly name?: { readonly prefix: string; readonly suffix: string } | undefined;
}

/**
 * What an entry (a Gateway, a GatewayRef's routes, an Ingress) tells about itself, read when the chart is
 * synthesized (rules may be added late).
 */
export interface _EntryValues {
  readonly component: string;
  /** Hosts of the rules in rule order, each with every place that holds it (listeners, routes, Ingress rules). */
  readonly hosts: () => readonly (readonly [host: string, at: readonly _At[]])[];
  /** TLS, when configured. */
  readonly tls?:
    | {
        /** TSDoc of the `tls` prop (the value's description). */
        readonly description: string;
        /** An Ingress: `spec.tls` is rendered from `{ enabled, secretName }` and the hosts. */
        readonly ingress?: ApiObject | undefined;
        /** The Secret's name and where it is written (a Gateway's HTTPS listeners), when TLS is from a Secret. */
        readonly secret?: { readonly name: string; readonly at: () => readonly _At[] } | undefined;
        /** The Ingress's single Secret (`enabled` mode). */
        readonly secretName?: string | undefined;
        /** The cert-manager issuer annotation and the object that carries it. */
        readonly issuer?:
          | {
              readonly key: 'clusterIssuer' | 'issuer';
              readonly annotation: string;
              readonly name: string;
              readonly object: ApiObject;
            }
          | undefined;
      }
    | undefined;
}

/** Declares the values of an entry: the hosts of its rules and its TLS. */
export function _declareEntryValues(entry: IConstruct, g: _EntryValues): void {
  const declaredBy = entry.node.path;
  _declare(entry, () => {
    const hosts = g.hosts();
    const values: _ValueDecl[] = [];
    const hostsKey = `${g.component}.hosts`;
    if (hosts.length > 0) {
      const targets: _Target[] = hosts.flatMap(([, at], index) =>
        at.map(
          (a): _Target =>
            a.name
              ? { kind: 'hostName', object: a.object, path: a.path, index, ...a.name }
              : { kind: 'value', object: a.object, path: a.path, index },
        ),
      );
      values.push({
        key: hostsKey,
        description: 'Host names of the rules, in rule order (RFC 1123; a leading `*.` wildcard is allowed).',
        schema: _hostsSchema(hosts.length),
        targets,
        default: hosts.map(([h]) => h),
        declaredBy,
      });
    }
    const tls = g.tls;
    if (tls && hosts.length > 0) {
      const issuer = tls.issuer;
      const targets: _Target[] = [];
      if (tls.ingress)
        targets.push({ kind: 'ingressTls', object: tls.ingress, path: '/spec/tls', hosts: hostsKey });
      for (const a of tls.secret?.at() ?? [])
        targets.push({ kind: 'value', object: a.object, path: a.path, sub: 'secretName' });
      if (issuer) {
        const path = `/metadata/annotations/${issuer.annotation.replace(/\//g, '~1')}`;
        targets.push({ kind: 'value', object: issuer.object, path, sub: issuer.key });
      }
      values.push({
        key: `${g.component}.tls`,
        description: tls.description,
        schema: tls.ingress ? _tlsSchema(issuer?.key) : _gatewayTlsSchema(issuer?.key),
        targets,
        default: {
          ...(tls.ingress && { enabled: true, secretName: tls.secretName ?? '' }),
          ...(tls.secret && { secretName: tls.secret.name }),
          ...(issuer && { [issuer.key]: issuer.name }),
        },
        declaredBy,
      });
    }
    return { values };
  });
}
