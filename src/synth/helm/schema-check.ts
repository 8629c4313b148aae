/**
 * What Helm checks of a chart's values before it renders: the values (the chart's defaults coalesced with the
 * release's) must pass `values.schema.json`, a JSON Schema draft-07 document. The same check at synthesis, with
 * a maintained draft-07 validator (Ajv), so a chart whose own defaults fail their schema, or an Application
 * whose values the chart refuses, is refused by `shipshape synth` instead of by `helm install` or Argo CD.
 */
import type Ajv from 'ajv';
import type { ErrorObject, ValidateFunction } from 'ajv';

let ajv: Ajv | undefined;
/** Compiled validators by schema text: charts of several environments share their schemas. */
const compiled = new Map<string, ValidateFunction>();

function compile(schema: object): ValidateFunction {
  const text = JSON.stringify(schema);
  let v = compiled.get(text);
  if (!v) {
    // Unknown keywords are annotations for Helm's validator too; every error is reported, not the first.
    // Loaded on first use: most charts have no value to check (Ajv's ~60 modules cost a synth nothing then).
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { default: AjvClass } = require('ajv') as { default: typeof Ajv };
    ajv ??= new AjvClass({ strict: false, allErrors: true, addUsedSchema: false });
    v = ajv.compile(schema);
    compiled.set(text, v);
  }
  return v;
}

function describe(e: ErrorObject): string {
  const where = e.instancePath === '' ? '' : `${e.instancePath} `;
  const extra =
    e.keyword === 'additionalProperties'
      ? ` (${String((e.params as { additionalProperty?: unknown }).additionalProperty)})`
      : '';
  return `${where}${e.message ?? e.keyword}${extra}`;
}

/** Why `value` fails `schema`, one problem per schema error, `; `-joined; `undefined` when it passes. */
export function schemaProblems(schema: object, value: unknown): string | undefined {
  const validate = compile(schema);
  if (validate(value)) return undefined;
  // anyOf/oneOf branches report one error per branch; the distinct messages are what helps.
  return [...new Set((validate.errors ?? []).map(describe))].join('; ');
}

/**
 * Helm's coalescing of release values over chart defaults: maps merge key by key, anything else replaces, and
 * `null` removes the default.
 */
export function coalesce(defaults: unknown, over: unknown): unknown {
  const isMap = (v: unknown): v is Record<string, unknown> =>
    typeof v === 'object' && v !== null && !Array.isArray(v);
  if (!isMap(defaults) || !isMap(over)) return over;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(defaults))
    Object.defineProperty(out, k, { value: v, enumerable: true, writable: true, configurable: true });
  for (const [k, v] of Object.entries(over)) {
    if (v === null) delete out[k];
    else {
      const base = Object.prototype.hasOwnProperty.call(out, k) ? out[k] : undefined;
      Object.defineProperty(out, k, {
        value: coalesce(base, v),
        enumerable: true,
        writable: true,
        configurable: true,
      });
    }
  }
  return out;
}
