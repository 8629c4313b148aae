/**
 * Exposure: what a side makes reachable from outside its namespace, as entries compared by key. Ingress rules
 * and TLS, Gateway API Gateways (listeners) and routes (HTTPRoute, GRPCRoute, TLSRoute, TCPRoute, UDPRoute),
 * NodePort/LoadBalancer Services with their source ranges, external IPs, and NetworkPolicy peers that name every
 * address (`0.0.0.0/0`, `::/0`). An entry added widens, except TLS, whose removal widens; a new source range
 * inside one the base already had widens nothing.
 */
import type { KubeObject } from '../synth/files';
import { cidrContains, parseCidr } from '../../constructs/cidr';
import { compareRefs, groupOf, refOf } from './objects';
import type { ExposureChange, ExposureKind, ObjectRef } from './report';

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const list = (v: unknown): Json[] => (Array.isArray(v) ? v.filter(isObject) : []);
const strings = (v: unknown): string[] =>
  Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
const obj = (v: unknown): Json => (isObject(v) ? v : {});
const text = (v: unknown, fallback = ''): string =>
  typeof v === 'string' || typeof v === 'number' ? String(v) : fallback;

/** One thing reachable from outside. */
interface Entry {
  readonly kind: ExposureKind;
  readonly key: string;
  readonly object: ObjectRef;
  readonly text: string;
  /** For a source range: its CIDR (an added range inside a base range of the same `scope` widens nothing). */
  readonly cidr?: string;
  readonly scope?: string;
}

const GATEWAY_API = 'gateway.networking.k8s.io';
const ROUTES = new Set(['HTTPRoute', 'GRPCRoute', 'TLSRoute', 'TCPRoute', 'UDPRoute']);

function backendText(b: Json, ns: string | undefined): string {
  const kind = text(b['kind'], 'Service');
  const where = text(b['namespace'], ns ?? '');
  const port = b['port'] === undefined ? '' : `:${text(b['port'])}`;
  const weight = b['weight'] === undefined ? '' : ` (weight ${text(b['weight'])})`;
  return `${kind} ${where ? `${where}/` : ''}${text(b['name'])}${port}${weight}`;
}

function ingressEntries(o: KubeObject): Entry[] {
  const spec = obj(o['spec']);
  const object = refOf(o);
  const ns = o.metadata.namespace;
  const annotations = obj(o.metadata['annotations']);
  const cls = text(
    spec['ingressClassName'],
    text(annotations['kubernetes.io/ingress.class'], 'default class'),
  );
  const tlsHosts = new Set(list(spec['tls']).flatMap((t) => strings(t['hosts'])));
  const svc = (b: Json) => {
    const s = obj(b['service']);
    const port = obj(s['port']);
    return `Service ${ns ?? ''}/${text(s['name'])}:${text(port['number'] ?? port['name'])}`;
  };
  const out: Entry[] = [];
  for (const rule of list(spec['rules'])) {
    const host = text(rule['host'], '*');
    for (const p of list(obj(rule['http'])['paths'])) {
      const path = text(p['path'], '/');
      const type = text(p['pathType'], 'ImplementationSpecific');
      const to = svc(obj(p['backend']));
      out.push({
        kind: 'route',
        key: `route|${host}|${path}|${type}|${to}|${cls}`,
        object,
        text: `${tlsHosts.has(host) ? 'https' : 'http'}://${host}${path} (${type}) → ${to} (class ${cls})`,
      });
    }
  }
  if (isObject(spec['defaultBackend'])) {
    const to = svc(spec['defaultBackend']);
    out.push({
      kind: 'route',
      key: `route|default|${to}|${cls}`,
      object,
      text: `every host (default backend) → ${to} (class ${cls})`,
    });
  }
  for (const t of list(spec['tls'])) {
    for (const host of strings(t['hosts'])) {
      out.push({
        kind: 'tls',
        key: `tls|${host}`,
        object,
        text: `TLS for ${host} (Secret ${text(t['secretName'], '(none)')})`,
      });
    }
  }
  return out;
}

function gatewayEntries(o: KubeObject): Entry[] {
  const spec = obj(o['spec']);
  const object = refOf(o);
  const out: Entry[] = [];
  for (const l of list(spec['listeners'])) {
    const host = text(l['hostname'], '*');
    const from = obj(obj(l['allowedRoutes'])['namespaces']);
    const routesFrom =
      text(from['from'], 'Same') + (isObject(from['selector']) ? ` ${JSON.stringify(from['selector'])}` : '');
    const name = text(l['name']);
    out.push({
      kind: 'listener',
      key: `listener|${name}|${text(l['protocol'])}|${text(l['port'])}|${host}|${routesFrom}`,
      object,
      text: `listener ${name}: ${text(l['protocol'])} :${text(l['port'])} for ${host}, routes from ${routesFrom} namespaces`,
    });
    const tls = obj(l['tls']);
    if (Object.keys(tls).length > 0) {
      const certs = list(tls['certificateRefs'])
        .map((c) => text(c['name']))
        .join(', ');
      out.push({
        kind: 'tls',
        key: `tls|${name}|${host}`,
        object,
        text: `TLS for ${host} on listener ${name} (${text(tls['mode'], 'Terminate')}${certs ? `, ${certs}` : ''})`,
      });
    }
  }
  for (const a of list(spec['addresses'])) {
    const value = text(a['value']);
    out.push({ kind: 'external-ip', key: `address|${value}`, object, text: `address ${value}` });
  }
  return out;
}

function routeEntries(o: KubeObject): Entry[] {
  const spec = obj(o['spec']);
  const object = refOf(o);
  const ns = o.metadata.namespace;
  const parents = list(spec['parentRefs']).map((p) => {
    const section = p['sectionName'] === undefined ? '' : `/${text(p['sectionName'])}`;
    return `${text(p['kind'], 'Gateway')} ${text(p['namespace'], ns ?? '')}/${text(p['name'])}${section}`;
  });
  const hosts = strings(spec['hostnames']);
  const out: Entry[] = [];
  for (const r of list(spec['rules'])) {
    const backends =
      list(r['backendRefs'])
        .map((b) => backendText(b, ns))
        .join(', ') || '(no backend)';
    const matches = list(r['matches']).map((m) => {
      if (o.kind === 'GRPCRoute') {
        const method = obj(m['method']);
        return `${text(method['service'], '*')}/${text(method['method'], '*')}`;
      }
      const path = obj(m['path']);
      const method = m['method'] === undefined ? '' : `${text(m['method'])} `;
      const headers = list(m['headers']).map((h) => text(h['name']));
      return `${method}${text(path['value'], '/')} (${text(path['type'], 'PathPrefix')})${headers.length ? ` [${headers.join(', ')}]` : ''}`;
    });
    for (const host of hosts.length > 0 ? hosts : ['*']) {
      for (const match of matches.length > 0 ? matches : [o.kind === 'HTTPRoute' ? '/ (PathPrefix)' : '*']) {
        for (const parent of parents.length > 0 ? parents : ['(no parent)']) {
          out.push({
            kind: 'route',
            key: `route|${host}|${match}|${backends}|${parent}`,
            object,
            text: `${host} ${match} → ${backends} (via ${parent})`,
          });
        }
      }
    }
  }
  return out;
}

const ANYWHERE = ['0.0.0.0/0', '::/0'];

function serviceEntries(o: KubeObject): Entry[] {
  const spec = obj(o['spec']);
  const type = text(spec['type'], 'ClusterIP');
  const object = refOf(o);
  const out: Entry[] = [];
  if (type === 'NodePort' || type === 'LoadBalancer') {
    const ranges = type === 'LoadBalancer' ? strings(spec['loadBalancerSourceRanges']) : [];
    for (const p of list(spec['ports'])) {
      const port = `${text(p['port'])}/${text(p['protocol'], 'TCP')}`;
      const node = p['nodePort'] === undefined ? '' : ` nodePort ${text(p['nodePort'])}`;
      const scope = `${type}|${port}`;
      for (const cidr of ranges.length > 0 ? ranges : ANYWHERE) {
        out.push({
          kind: 'service',
          key: `service|${scope}|${cidr}`,
          object,
          text: `${type} ${port}${node} from ${ranges.length > 0 ? cidr : `anywhere (${cidr})`}`,
          cidr,
          scope,
        });
      }
    }
  }
  for (const ip of strings(spec['externalIPs'])) {
    out.push({ kind: 'external-ip', key: `external-ip|${ip}`, object, text: `external IP ${ip}` });
  }
  return out;
}

function policyEntries(o: KubeObject): Entry[] {
  const spec = obj(o['spec']);
  const object = refOf(o);
  const labels = Object.entries(obj(obj(spec['podSelector'])['matchLabels']));
  const selector = labels.length === 0 ? 'every pod' : labels.map(([k, v]) => `${k}=${text(v)}`).join(',');
  const out: Entry[] = [];
  for (const [direction, peersKey] of [
    ['ingress', 'from'],
    ['egress', 'to'],
  ] as const) {
    for (const r of list(spec[direction])) {
      const ports = list(r['ports']).map((p) => `${text(p['port'], 'any')}/${text(p['protocol'], 'TCP')}`);
      for (const peer of list(r[peersKey])) {
        const block = obj(peer['ipBlock']);
        const cidr = text(block['cidr']);
        if (!cidr.endsWith('/0')) continue;
        const except = strings(block['except']);
        const exceptText = except.length ? ` except ${except.join(', ')}` : '';
        const portText = ports.length ? ports.join(', ') : 'every port';
        out.push({
          kind: 'cidr',
          key: `cidr|${direction}|${cidr}|${except.join(',')}|${ports.join(',')}|${selector}`,
          object,
          text:
            direction === 'ingress'
              ? `admits ${cidr}${exceptText} on ${portText} to ${selector === 'every pod' ? selector : `pods ${selector}`}`
              : `lets ${selector === 'every pod' ? selector : `pods ${selector}`} reach ${cidr}${exceptText} on ${portText}`,
        });
      }
    }
  }
  return out;
}

/** Every exposure entry of a side's objects. */
export function exposureEntries(objects: readonly KubeObject[]): Entry[] {
  return objects.flatMap((o) => {
    const group = groupOf(o.apiVersion);
    if (o.kind === 'Ingress' && (group === 'networking.k8s.io' || group === 'extensions'))
      return ingressEntries(o);
    if (group === GATEWAY_API && o.kind === 'Gateway') return gatewayEntries(o);
    if (group === GATEWAY_API && ROUTES.has(o.kind)) return routeEntries(o);
    if (group === '' && o.kind === 'Service') return serviceEntries(o);
    if (group === 'networking.k8s.io' && o.kind === 'NetworkPolicy') return policyEntries(o);
    return [];
  });
}

const entryKey = (e: Entry) => `${e.object.kind}/${e.object.namespace ?? ''}/${e.object.name}|${e.key}`;

/** Whether `e`, added, is inside a source range the base already had for the same Service port. */
function covered(e: Entry, base: readonly Entry[]): boolean {
  if (e.cidr === undefined) return false;
  const inner = parseCidr(e.cidr);
  return base.some((b) => {
    if (b.cidr === undefined || b.scope !== e.scope || compareRefs(b.object, e.object) !== 0) return false;
    const outer = parseCidr(b.cidr);
    return (
      inner !== undefined &&
      outer !== undefined &&
      outer.family === inner.family &&
      cidrContains(outer, inner)
    );
  });
}

/** Exposure added and removed between `base` and `head`. */
export function diffExposure(base: readonly KubeObject[], head: readonly KubeObject[]): ExposureChange[] {
  const [a, b] = [exposureEntries(base), exposureEntries(head)];
  const [ka, kb] = [new Set(a.map(entryKey)), new Set(b.map(entryKey))];
  const out: ExposureChange[] = [];
  for (const e of b) {
    if (ka.has(entryKey(e))) continue;
    const widen = e.kind !== 'tls' && !covered(e, a);
    out.push({ kind: e.kind, change: 'added', widen, object: e.object, text: e.text });
  }
  for (const e of a) {
    if (kb.has(entryKey(e))) continue;
    out.push({ kind: e.kind, change: 'removed', widen: e.kind === 'tls', object: e.object, text: e.text });
  }
  const seen = new Set<string>();
  return out
    .filter((c) => {
      const k = `${c.change}|${c.object.kind}|${c.object.namespace}|${c.object.name}|${c.text}`;
      return !seen.has(k) && seen.add(k) !== undefined;
    })
    .sort(
      (x, y) =>
        Number(y.widen) - Number(x.widen) ||
        (x.change === y.change ? 0 : x.change === 'added' ? -1 : 1) ||
        compareRefs(x.object, y.object) ||
        (x.text < y.text ? -1 : 1),
    );
}
