// Kubernetes resource.Quantity (grammar in _patterns.ts). No cdk8s: the validator uses this too.
import { _QUANTITY as QUANTITY } from './_patterns';

const SCALE: Readonly<Record<string, number>> = {
  n: 1e-9,
  u: 1e-6,
  m: 1e-3,
  k: 1e3,
  M: 1e6,
  G: 1e9,
  T: 1e12,
  P: 1e15,
  E: 1e18,
  Ki: 2 ** 10,
  Mi: 2 ** 20,
  Gi: 2 ** 30,
  Ti: 2 ** 40,
  Pi: 2 ** 50,
  Ei: 2 ** 60,
};

/**
 * A Kubernetes quantity (`100m`, `1.5Gi`, `1e3`, or a YAML number) in base units (cores, bytes);
 * `undefined` when it is not one. Floating point: precise enough to compare a request with its limit.
 */
export function parseQuantity(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (typeof value !== 'string') return undefined;
  const m = QUANTITY.exec(value);
  if (!m) return undefined;
  const n = Number(m[1]);
  const suffix = m[2];
  if (suffix === undefined) return n;
  const scale = SCALE[suffix];
  return scale !== undefined ? n * scale : n * 10 ** Number(suffix.slice(1));
}
