// The grammars the constructs check, as regular expressions in one place: the checks (names.ts, quantity.ts,
// _image.ts) test values with them and the chart schemas (_chart-schemas.ts) embed their sources, so what a
// construct accepts and what `helm install --set` accepts cannot drift apart. Only syntax both JavaScript and
// Go's RE2 (Helm's JSON Schema validator) read the same way. No imports.

export const _DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
export const _DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
export const _DNS1035_LABEL = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
export const _QUALIFIED_NAME_PART = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
/** A label value of at most 63 characters that is not empty (the `app.kubernetes.io/version` of an image tag). */
export const _VERSION_LABEL = /^[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$/;

// Kubernetes resource.Quantity: <signed number><suffix>, suffix binary-SI (Ki..Ei), decimal-SI (n u m k M G T P E)
// or an exponent (e3, E-2).
const NUMBER = '[+-]?(?:[0-9]+(?:\\.[0-9]*)?|\\.[0-9]+)';
const SUFFIX = '(?:Ki|Mi|Gi|Ti|Pi|Ei|n|u|m|k|M|G|T|P|E|[eE][+-]?[0-9]+)';
export const _QUANTITY = new RegExp(`^(${NUMBER})(${SUFFIX.replace('(?:', '(')})?$`);
/** A quantity whose number is zero (any sign, any suffix): not greater than zero. */
export const _ZERO_QUANTITY = new RegExp(`^[+-]?(?:0+(?:\\.0*)?|\\.0+)${SUFFIX}?$`);

// distribution/reference grammar: [host[:port]/]path[:tag][@digest]
const COMPONENT = '[a-z0-9]+(?:(?:[._]|__|[-]+)[a-z0-9]+)*';
const HOST =
  '(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?(?:\\.[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)*(?::[0-9]+)?)';
const REPOSITORY = `(?:${HOST}/)?${COMPONENT}(?:/${COMPONENT})*`;
const TAG = '[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}';
const DIGEST = 'sha256:[a-f0-9]{64}';
export const _IMAGE_REFERENCE = new RegExp(`^(${REPOSITORY})(?::(${TAG}))?(?:@(${DIGEST}))?$`);
export const _IMAGE_REPOSITORY = new RegExp(`^${REPOSITORY}$`);
export const _IMAGE_TAG = new RegExp(`^${TAG}$`);
export const _IMAGE_DIGEST = new RegExp(`^${DIGEST}$`);
/** A tag without a version number (`latest`, `stable`, `alpine`) moves. */
export const _PINNED_TAG = /[0-9]/;
