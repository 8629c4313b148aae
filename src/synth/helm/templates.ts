/**
 * The chart's templates: each synthesized object dumped to YAML with unique placeholders where a chart value
 * renders, then each placeholder replaced by a template action (as `relocate` does for the namespace). Literal
 * `{{` in the objects is escaped, so the only actions are the ones written here.
 */
import { _goJson } from '../../../constructs/_hash';
import { _VERSION_LABEL } from '../../../constructs/_patterns';
import { relocate, templateNamespace, RELEASE_NAMESPACE_PLACEHOLDERS } from './relocate';
import type { KubeObject, SynthesizedFile } from '../files';
import { getAt, pointer, setAt, type BoundTarget, type ChartValueInfo, type ResolvedValues } from './values';

/** How a placeholder becomes template text. */
type Action =
  /** In place of the placeholder: an expression that prints valid YAML (JSON) for the field. */
  | { readonly inline: string; readonly json?: string }
  /** For `key: <placeholder>`: `key:` and the block YAML of `expr` below it (inline JSON in a list item). */
  | { readonly block: string; readonly json: string }
  /** The whole line, from its indentation (spaces and `- ` markers) and key text. */
  | { readonly line: (indent: string, key: string) => string };

const TOKEN = /shipshape-value-([0-9]+)-7c1d/g;

/** `.Values` path of a key, from the root context (`$`) so it reads the same inside `with` and `include`. */
export function valueRef(key: string): string {
  const segments = key.split('.');
  return segments.every((s) => /^[A-Za-z_][A-Za-z0-9_]*$/.test(s))
    ? `$.Values.${key}`
    : `(index $.Values ${segments.map((s) => JSON.stringify(s)).join(' ')})`;
}

/** Helm would evaluate `{{` in a manifest as a template action; emit it literally instead. */
export function escapeHelm(text: string): string {
  return text.includes('{{') ? text.replace(/\{\{/g, '{{ "{{" }}') : text;
}

/** Characters Go's toJson leaves raw that YAML refuses in a stream. */
const YAML_UNSAFE = [0x7f, ...Array.from({ length: 32 }, (_, i) => 0x80 + i), 0xfeff, 0xfffe, 0xffff];
const hex = (c: number): string => c.toString(16).padStart(4, '0');

/** Names of the named templates of chart `chart`. */
export const helperName = (chart: string, what: string): string => `${chart}.${what}`;

/** `templates/_helpers.tpl`: the named templates the actions use. */
export function helpersTpl(chart: string): string {
  return `{{/* Synthesized by shipshape: the helpers of this chart's templates. */}}

{{/* An image reference from { repository, tag, digest }: repository[:tag][@digest]. */}}
{{- define "${helperName(chart, 'image')}" -}}
{{- .repository -}}{{- with .tag }}:{{ . }}{{ end -}}{{- with .digest }}@{{ . }}{{ end -}}
{{- end }}

{{/* The app.kubernetes.io/version label of an image: its tag when that is a label value, else nothing. */}}
{{- define "${helperName(chart, 'versionLabel')}" -}}
{{- if regexMatch ${JSON.stringify(_VERSION_LABEL.source)} (toString .tag) }}{{ .tag }}{{ end -}}
{{- end }}

{{/* A Kubernetes quantity (100m, 1.5Gi, 2e3, or a number) in base units, to compare a request with its limit. */}}
{{- define "${helperName(chart, 'quantity')}" -}}
{{- $q := toString . -}}
{{- $n := regexReplaceAll "^([+-]?(?:[0-9]+(?:[.][0-9]*)?|[.][0-9]+)).*$" $q "${'${1}'}" -}}
{{- $suffix := trimPrefix $n $q -}}
{{- $scale := 1.0 -}}
{{- if regexMatch "^[eE]" $suffix -}}
{{- $e := int (trimPrefix "+" (substr 1 -1 $suffix)) -}}
{{- range until (int (max $e (sub 0 $e))) }}{{ $scale = ternary (mulf $scale 10) (divf $scale 10) (gt $e 0) }}{{ end -}}
{{- else -}}
{{- $scale = get (dict "" 1.0 "n" 1e-9 "u" 1e-6 "m" 1e-3 "k" 1e3 "M" 1e6 "G" 1e9 "T" 1e12 "P" 1e15 "E" 1e18 "Ki" 1024.0 "Mi" 1048576.0 "Gi" 1073741824.0 "Ti" 1099511627776.0 "Pi" 1125899906842624.0 "Ei" 1152921504606846976.0) $suffix -}}
{{- end -}}
{{- mulf (float64 $n) $scale -}}
{{- end }}

{{/*
  JSON of a value, as _goJson writes it (the plain manifests' config hash): Go's toJson plus the characters
  YAML refuses raw (DEL, C1 controls, U+FEFF, U+FFFE, U+FFFF) escaped.
*/}}
{{- define "${helperName(chart, 'toJson')}" -}}
{{- $s := toJson . -}}
{{- range $c, $e := dict ${YAML_UNSAFE.map((c) => `"\\u${hex(c)}" "\\\\u${hex(c)}"`).join(' ')} }}{{ $s = replace $c $e $s }}{{ end -}}
{{- $s -}}
{{- end }}

{{/* An Ingress's spec.tls (JSON) from its hosts and a TLS value { enabled, secretName }. */}}
{{- define "${helperName(chart, 'ingressTls')}" -}}
{{- if .tls.enabled }}{{ list (dict "hosts" .hosts "secretName" .tls.secretName) | toJson }}{{ else }}[]{{ end -}}
{{- end }}
`;
}

interface Placeholders {
  readonly actions: Action[];
  put(action: Action): string;
}

function placeholders(): Placeholders {
  const actions: Action[] = [];
  return {
    actions,
    put(action) {
      actions.push(action);
      return `shipshape-value-${actions.length - 1}-7c1d`;
    },
  };
}

/** The action of a plain value target (whole value, an item or a member). */
function valueAction(
  v: ChartValueInfo,
  index: number | undefined,
  sub: string | undefined,
  current: unknown,
  chart: string,
): Action {
  const ref = valueRef(sub === undefined ? v.key : `${v.key}.${sub}`);
  const expr = index === undefined ? ref : `(index ${ref} ${index})`;
  const structured = current !== null && typeof current === 'object' && Object.keys(current).length > 0;
  const schema = v.schema as Record<string, Record<string, unknown> | undefined>;
  const part =
    index !== undefined ? schema['items'] : sub !== undefined ? schema['properties']?.[sub] : schema;
  // Patterned values (numbers, checked strings) print as Go's toJson does; free strings through the helper.
  const json = patterned(part) ? `toJson ${expr}` : `include "${helperName(chart, 'toJson')}" ${expr}`;
  return structured && patterned(part)
    ? { block: `toYaml ${expr}`, json }
    : { inline: `{{ ${json} }}`, json };
}

/**
 * Whether every string a schema admits has a pattern (as resources and hosts do). Only then is a value
 * written as block YAML (`toYaml | nindent`): a free string may hold U+2028/U+2029, which YAML reads as line
 * breaks that `nindent` does not indent. Anything else is inline JSON, where Go's `toJson` escapes them.
 */
export function patterned(schema: unknown): boolean {
  if (schema === null || typeof schema !== 'object') return false;
  const s = schema as Record<string, unknown>;
  if (Array.isArray(s['anyOf'])) return s['anyOf'].every(patterned);
  switch (s['type']) {
    case 'string':
      return typeof s['pattern'] === 'string';
    case 'number':
    case 'integer':
    case 'boolean':
      return true;
    case 'array':
      return patterned(s['items']);
    case 'object': {
      const props = (s['properties'] ?? {}) as Record<string, unknown>;
      return s['additionalProperties'] === false && Object.values(props).every(patterned);
    }
    default:
      return false;
  }
}

/** Every labels map (not selectors) under `root`, with its pointer. */
function labelMaps(root: unknown, path = '', out: string[] = []): string[] {
  if (root === null || typeof root !== 'object') return out;
  for (const k of Object.keys(root)) {
    const v = (root as Record<string, unknown>)[k];
    if (v === null || typeof v !== 'object') continue;
    const p = `${path}/${k.replace(/~/g, '~0').replace(/\//g, '~1')}`;
    if (k === 'labels' && !Array.isArray(v)) out.push(p);
    labelMaps(v, p, out);
  }
  return out;
}

/** Sets the field at `segments` (which exists) of `root`, a private copy, in place. */
function setIn(root: unknown, segments: readonly string[], value: unknown): void {
  let node = root as Record<string, unknown>;
  for (const s of segments.slice(0, -1)) node = node[s] as Record<string, unknown>;
  Object.defineProperty(node, segments[segments.length - 1]!, {
    value,
    enumerable: true,
    writable: true,
    configurable: true,
  });
}

/** Replaces the placeholders of dumped YAML by their actions. */
function applyActions(text: string, p: Placeholders): string {
  return text
    .split('\n')
    .map((line) => {
      if (!line.includes('shipshape-value-')) return line;
      const m = /^( *)((?:- )*)(?:(.+?): )?(shipshape-value-([0-9]+)-7c1d)$/.exec(line);
      const action = m ? p.actions[Number(m[5])] : undefined;
      if (m && action && 'line' in action && m[3] !== undefined) return action.line(`${m[1]}${m[2]}`, m[3]);
      if (m && action && 'block' in action && m[3] !== undefined) {
        const col = m[1]!.length + m[2]!.length;
        return `${m[1]}${m[2]}${m[3]}:{{- ${action.block} | nindent ${col + 2} }}`;
      }
      return line.replace(TOKEN, (_, n: string) => {
        const a = p.actions[Number(n)]!;
        return 'inline' in a ? a.inline : 'json' in a ? `{{ ${a.json} }}` : '""';
      });
    })
    .join('\n');
}

/** The named template that prints a ConfigMap's data as JSON (as Go's `toJson` writes it), bindings applied. */
function configDefine(
  name: string,
  data: unknown,
  bindings: readonly [string, Action][],
  namespace: string,
): string {
  let withPlaceholders = data;
  const p = placeholders();
  for (const [path, action] of bindings) {
    withPlaceholders = setAt(withPlaceholders, pointer(path).slice(1), p.put(action));
  }
  const [relocated] = relocate([{ data: withPlaceholders } as unknown as KubeObject], namespace);
  let body = escapeHelm(_goJson((relocated as unknown as { data: unknown }).data));
  body = body.replaceAll(`"${RELEASE_NAMESPACE_PLACEHOLDERS.whole}"`, '{{ toJson $.Release.Namespace }}');
  body = templateNamespace(body);
  body = body.replace(/"(shipshape-value-([0-9]+)-7c1d)"/g, (_, _t: string, n: string) => {
    const a = p.actions[Number(n)]!;
    return 'json' in a ? `{{ ${a.json} }}` : 'inline' in a ? a.inline : '""';
  });
  return `{{- define "${name}" -}}\n${body}\n{{- end }}\n`;
}

/** A `fail` when `low` > `high`, at the top of the file of the first object `low` renders into. */
function guardText(g: ResolvedValues['guards'][number], chart: string): string {
  const [l, h] = [valueRef(g.low), valueRef(g.high)];
  if (g.compare === 'integer') {
    const message = `values: '${g.low}' must be <= '${g.high}' (got %d > %d)`;
    return `{{- if gt (int64 ${l}) (int64 ${h}) }}\n{{- fail (printf ${JSON.stringify(message)} (int64 ${l}) (int64 ${h})) }}\n{{- end }}\n`;
  }
  const q = (ref: string) => `(include "${helperName(chart, 'quantity')}" ${ref} | float64)`;
  const message = `values: '${g.low}' must not exceed '${g.high}' (got %v > %v)`;
  return `{{- if gt ${q(l)} ${q(h)} }}\n{{- fail (printf ${JSON.stringify(message)} ${l} ${h}) }}\n{{- end }}\n`;
}

/** What renders into each object, indexed once per chart (files render in time linear in the objects). */
export interface TargetIndex {
  readonly targets: ReadonlyMap<KubeObject, readonly (readonly [ChartValueInfo, BoundTarget])[]>;
  readonly guards: ReadonlyMap<KubeObject, readonly ResolvedValues['guards'][number][]>;
  readonly hashes: ReadonlyMap<KubeObject, readonly ResolvedValues['hashes'][number][]>;
  /** Name of the named template of each hashed ConfigMap's data. */
  readonly configs: ReadonlyMap<KubeObject, string>;
}

/** Indexes `resolved` by object. */
export function indexTargets(resolved: ResolvedValues, chart: string): TargetIndex {
  const push = <T>(m: Map<KubeObject, T[]>, k: KubeObject, v: T) => {
    const list = m.get(k);
    if (list) list.push(v);
    else m.set(k, [v]);
  };
  const targets = new Map<KubeObject, (readonly [ChartValueInfo, BoundTarget])[]>();
  for (const v of resolved.values) {
    for (const t of v.targets) for (const o of new Set(t.json)) push(targets, o, [v, t] as const);
  }
  const byKey = new Map(resolved.values.map((v) => [v.key, v]));
  const guards = new Map<KubeObject, ResolvedValues['guards'][number][]>();
  for (const g of resolved.guards) {
    const owner = g.low
      .split('.')
      .map((_, i, s) => byKey.get(s.slice(0, i + 1).join('.')))
      .find((v) => v);
    if (owner) push(guards, owner.targets[0]!.json[0]!, g);
  }
  const hashes = new Map<KubeObject, ResolvedValues['hashes'][number][]>();
  for (const h of resolved.hashes) push(hashes, h.json, h);
  const configs = new Map(
    resolved.hashes.map(
      (h) => [h.configMap, helperName(chart, `config.${h.configMap.metadata.name}`)] as const,
    ),
  );
  return { targets, guards, hashes, configs };
}

/** The template text of one file of the chart. */
export function fileTemplate(
  file: SynthesizedFile,
  index: TargetIndex,
  chart: string,
  namespace: string,
  dump: (objects: readonly KubeObject[]) => string,
): string {
  const p = placeholders();
  const defines: string[] = [];
  const guards: string[] = [];
  const hashed = index.configs;
  const objects = file.objects.map((o) => {
    const touched = index.targets.has(o) || index.hashes.has(o) || hashed.has(o);
    // A private copy to write placeholders into (the objects are pure JSON: cdk8s sanitizes them).
    const out: unknown = touched ? JSON.parse(JSON.stringify(o)) : o;
    const put = (path: string, action: Action) => setIn(out, pointer(path), p.put(action));
    const configName = hashed.get(o);
    const dataBindings: [string, Action][] = [];
    for (const [v, t] of index.targets.get(o) ?? []) {
      {
        if (t.kind === 'value') {
          const action = valueAction(v, t.index, t.sub, getAt(o, t.path), chart);
          if (configName && (t.path === '/data' || t.path.startsWith('/data/')))
            dataBindings.push([t.path, action]);
          else put(t.path, action);
        } else if (t.kind === 'image') {
          put(t.path, { inline: `{{ include "${helperName(chart, 'image')}" ${valueRef(v.key)} | quote }}` });
        } else if (t.kind === 'hostName') {
          // prefix and suffix are name characters only (DNS-1123), so they need no escaping in the literal
          const host = `(index ${valueRef(v.key)} ${t.index} | replace "*." "wildcard.")`;
          put(t.path, { inline: `{{ printf "%s%s%s" "${t.prefix}" ${host} "${t.suffix}" | toJson }}` });
        } else if (t.kind === 'ingressTls') {
          const args = `(dict "hosts" ${valueRef(t.hosts)} "tls" ${valueRef(v.key)})`;
          put(t.path, { inline: `{{ include "${helperName(chart, 'ingressTls')}" ${args} }}` });
        } else {
          const tag = (v.default as { tag?: unknown }).tag;
          for (const labels of labelMaps(o)) {
            const path = `${labels}/${t.label.replace(/\//g, '~1')}`;
            if (tag === '' || getAt(o, path) !== tag) continue;
            put(path, {
              line: (indent, key) =>
                `{{- with include "${helperName(chart, 'versionLabel')}" ${valueRef(v.key)} }}\n${indent}${key}: {{ quote . }}\n{{- end }}`,
            });
          }
        }
      }
    }
    for (const h of index.hashes.get(o) ?? []) {
      const name = hashed.get(h.configMap)!;
      put(h.path, { inline: `{{ include "${name}" $ | sha256sum | trunc 16 | quote }}` });
    }
    if (configName) {
      defines.push(configDefine(configName, o['data'], dataBindings, namespace));
      // Inline JSON, as the named template prints it: see `patterned` for why not block YAML.
      put('/data', { inline: `{{ include "${configName}" $ }}` });
    }
    for (const g of index.guards.get(o) ?? []) guards.push(guardText(g, chart));
    return out as KubeObject;
  });
  const text = applyActions(templateNamespace(escapeHelm(dump(relocate(objects, namespace)))), p);
  return `${defines.join('')}${guards.join('')}${text}`;
}
