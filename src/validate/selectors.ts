/** Label selectors: metav1.LabelSelector (matchLabels + matchExpressions) and plain map selectors. */
import { asArray, asObject, asString, asStringMap } from './json';

export interface Requirement {
  readonly key: string;
  readonly operator: string;
  readonly values: readonly string[];
}

export interface Selector {
  readonly matchLabels: Readonly<Record<string, string>>;
  readonly matchExpressions: readonly Requirement[];
}

export function labelSelector(v: unknown): Selector | undefined {
  const o = asObject(v);
  if (!o) return undefined;
  const matchExpressions: Requirement[] = [];
  for (const e of asArray(o.matchExpressions)) {
    const r = asObject(e);
    const key = asString(r?.key);
    const operator = asString(r?.operator);
    if (key === undefined || operator === undefined) continue;
    matchExpressions.push({
      key,
      operator,
      values: asArray(r?.values).filter((x): x is string => typeof x === 'string'),
    });
  }
  return { matchLabels: asStringMap(o.matchLabels), matchExpressions };
}

export function mapSelector(v: unknown): Selector {
  return { matchLabels: asStringMap(v), matchExpressions: [] };
}

export function isEmptySelector(s: Selector): boolean {
  return Object.keys(s.matchLabels).length === 0 && s.matchExpressions.length === 0;
}

/** Whether labels satisfy the selector (an empty selector matches everything). */
export function matches(s: Selector, labels: Readonly<Record<string, string>>): boolean {
  for (const [k, v] of Object.entries(s.matchLabels)) if (labels[k] !== v) return false;
  for (const r of s.matchExpressions) {
    const has = Object.prototype.hasOwnProperty.call(labels, r.key);
    const value = labels[r.key];
    switch (r.operator) {
      case 'In':
        if (!has || value === undefined || !r.values.includes(value)) return false;
        break;
      case 'NotIn':
        if (has && value !== undefined && r.values.includes(value)) return false;
        break;
      case 'Exists':
        if (!has) return false;
        break;
      case 'DoesNotExist':
        if (has) return false;
        break;
      default:
        return false;
    }
  }
  return true;
}

export function describeSelector(s: Selector): string {
  const parts = Object.entries(s.matchLabels).map(([k, v]) => `${k}=${v}`);
  for (const r of s.matchExpressions)
    parts.push(`${r.key} ${r.operator}${r.values.length ? ` (${r.values.join(',')})` : ''}`);
  return parts.length ? parts.join(', ') : '(empty)';
}
