/**
 * Dotted paths into an object: `spec.template.spec.containers[0].image`. Keys that are not plain identifiers
 * (annotation keys, label keys with dots or slashes) are bracketed and JSON-quoted: `metadata.labels["app.kubernetes.io/name"]`.
 */

const PLAIN_KEY = /^[A-Za-z_$][A-Za-z0-9_$-]*$/;
const LAST_SEGMENT = /(?:\.[^.[\]"]+|\[\d+\]|\["(?:[^"\\]|\\.)*"\])$/;

// Object keys repeat across objects (field names, label keys): test each distinct key once.
const plain = new Map<string, boolean>();

export function child(path: string, key: string): string {
  let isPlain = plain.get(key);
  if (isPlain === undefined) {
    isPlain = PLAIN_KEY.test(key);
    if (plain.size < 10_000) plain.set(key, isPlain);
  }
  if (isPlain) return path === '' ? key : `${path}.${key}`;
  return `${path}[${JSON.stringify(key)}]`;
}

export function index(path: string, i: number): string {
  return `${path}[${i}]`;
}

/** The enclosing path, or undefined at the root. */
export function parent(path: string): string | undefined {
  if (path === '') return undefined;
  const m = LAST_SEGMENT.exec(path);
  if (m) return path.slice(0, m.index);
  return ''; // a single plain key
}
