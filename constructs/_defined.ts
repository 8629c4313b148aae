// The k8s L1 props (and other types checked with `exactOptionalPropertyTypes`) take an optional field
// as absent, not as `undefined`. Plans carry unset fields as `undefined`; `_defined` drops them when a
// plan becomes a k8s struct. cdk8s drops undefined values when it renders, so the output is the same.

type _MaybeUndefined<T> = { [K in keyof T]-?: undefined extends T[K] ? K : never }[keyof T];

/** `T` with every field that may be `undefined` made optional (and never `undefined`). */
export type _Defined<T> = { [K in Exclude<keyof T, _MaybeUndefined<T>>]: T[K] } & {
  [K in _MaybeUndefined<T>]?: Exclude<T[K], undefined>;
};

/** `o` without its `undefined` fields (a fixed-shape struct, never a map of user keys). */
export function _defined<T extends object>(o: T): _Defined<T> {
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(o)) {
    const v = (o as Record<string, unknown>)[k];
    if (v !== undefined) out[k] = v;
  }
  return out as _Defined<T>;
}
