/**
 * One index over the whole set, built once (linear): objects by group/kind/namespace/name and pod templates by
 * namespace and label, so that cross-object checks never compare every object with every other.
 */
import { asObject, asString } from './json';
import { podTemplateOf, templateLabels, type PodTemplate } from './pod-spec';
import { mapSelector, matches, type Selector } from './selectors';
import type { Subject } from './subject';

export interface TemplateEntry {
  readonly subject: Subject;
  readonly pod: PodTemplate;
  readonly labels: Readonly<Record<string, string>>;
}

interface ServiceEntry {
  /** Position among the set's Services: lookups answer in that order. */
  readonly order: number;
  readonly ns: string;
  readonly name: string;
  readonly selector: Selector;
}

function key(group: string, kind: string, ns: string, name: string): string {
  return `${group}\u0000${kind}\u0000${ns}\u0000${name}`;
}

export class ObjectIndex {
  private readonly objects = new Map<string, Subject>();
  private readonly byKindName = new Map<string, Subject>();
  private readonly templatesByNs = new Map<string, TemplateEntry[]>();
  private readonly templatesByLabel = new Map<string, TemplateEntry[]>();
  private readonly templateOf = new Map<Subject, TemplateEntry>();
  private readonly externalSecrets = new Map<string, Subject>();
  /** Services with a selector, each under the rarest label of its selector (see servicesSelecting). */
  private readonly servicesByLabel = new Map<string, ServiceEntry[]>();
  /** Subjects that repeat an earlier object's identity, with that earlier one. */
  readonly duplicates: { readonly subject: Subject; readonly first: Subject }[] = [];

  constructor(subjects: readonly Subject[]) {
    const services: ServiceEntry[] = [];
    for (const s of subjects) {
      const name = s.ref.name;
      if (name !== undefined) {
        const k = key(s.group, s.ref.kind, s.ns, name);
        const first = this.objects.get(k);
        if (first) this.duplicates.push({ subject: s, first });
        else this.objects.set(k, s);
        const kn = key('', s.ref.kind, s.ns, name);
        if (!this.byKindName.has(kn)) this.byKindName.set(kn, s);
      }
      if (s.ref.kind === 'ExternalSecret' && s.group === 'external-secrets.io') {
        const target = asString(asObject(asObject(s.obj.spec)?.target)?.name) ?? name;
        if (target !== undefined) this.externalSecrets.set(`${s.ns}\u0000${target}`, s);
      }
      if (s.ref.kind === 'Service' && s.group === '') {
        const sel = asObject(asObject(s.obj.spec)?.selector);
        if (sel && Object.keys(sel).length > 0)
          services.push({ order: services.length, ns: s.ns, name: name ?? '', selector: mapSelector(sel) });
      }
      const pod = podTemplateOf(s);
      if (pod && s.ref.kind !== 'PodTemplate')
        this.addTemplate({ subject: s, pod, labels: templateLabels(pod) });
    }
    this.indexServices(services);
  }

  /**
   * Files each Service under the label of its selector that the fewest selectors of its namespace share: a pod
   * matches a selector only if it carries every label of it, so looking up each of a pod's labels finds every
   * candidate once, and labels every workload shares (`instance`, `part-of`) do not make each lookup scan
   * every Service, O(N²) over the set.
   */
  private indexServices(services: readonly ServiceEntry[]): void {
    const label = (s: ServiceEntry, k: string, v: string) => `${s.ns}\u0000${k}\u0000${v}`;
    const count = new Map<string, number>();
    for (const s of services)
      for (const [k, v] of Object.entries(s.selector.matchLabels))
        count.set(label(s, k, v), (count.get(label(s, k, v)) ?? 0) + 1);
    for (const s of services) {
      let anchor: string | undefined;
      for (const [k, v] of Object.entries(s.selector.matchLabels)) {
        const l = label(s, k, v);
        if (anchor === undefined || count.get(l)! < count.get(anchor)!) anchor = l;
      }
      push(this.servicesByLabel, anchor!, s);
    }
  }

  private addTemplate(entry: TemplateEntry): void {
    this.templateOf.set(entry.subject, entry);
    const ns = entry.subject.ns;
    push(this.templatesByNs, ns, entry);
    for (const [k, v] of Object.entries(entry.labels))
      push(this.templatesByLabel, `${ns}\u0000${k}\u0000${v}`, entry);
  }

  /** An object by API group, kind, namespace ('' when unset) and name. */
  get(group: string, kind: string, ns: string, name: string): Subject | undefined {
    return this.objects.get(key(group, kind, ns, name));
  }

  /** An object by kind, namespace and name, whatever its group (first one wins). */
  getByKind(kind: string, ns: string, name: string): Subject | undefined {
    return this.byKindName.get(key('', kind, ns, name));
  }

  /** The ExternalSecret of the set that materializes Secret `name` (its spec.target.name, or its own name). */
  externalSecretTarget(ns: string, name: string): Subject | undefined {
    return this.externalSecrets.get(`${ns}\u0000${name}`);
  }

  /** Names of the Services of the namespace whose selector selects pods with `labels`. */
  servicesSelecting(ns: string, labels: Readonly<Record<string, string>>): string[] {
    const found: ServiceEntry[] = [];
    for (const [k, v] of Object.entries(labels))
      for (const s of this.servicesByLabel.get(`${ns}\u0000${k}\u0000${v}`) ?? [])
        if (matches(s.selector, labels)) found.push(s);
    return found.sort((a, b) => a.order - b.order).map((s) => s.name);
  }

  template(subject: Subject): TemplateEntry | undefined {
    return this.templateOf.get(subject);
  }

  /**
   * Whether some workload's pod template in the namespace matches the selector. Candidates come from
   * the smallest bucket among the selector's labels: labels every workload shares (`part-of`,
   * `instance`) would otherwise make each check scan every template, O(N²) over the set.
   */
  anyTemplateMatches(ns: string, selector: Selector): boolean {
    let candidates: readonly TemplateEntry[] | undefined;
    for (const [k, v] of Object.entries(selector.matchLabels)) {
      const bucket = this.templatesByLabel.get(`${ns}\u0000${k}\u0000${v}`);
      if (!bucket) return false;
      if (!candidates || bucket.length < candidates.length) candidates = bucket;
    }
    return (candidates ?? this.templatesByNs.get(ns) ?? []).some((t) => matches(selector, t.labels));
  }
}

function push<K, V>(map: Map<K, V[]>, k: K, v: V): void {
  const list = map.get(k);
  if (list) list.push(v);
  else map.set(k, [v]);
}
