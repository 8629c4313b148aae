import { ApiObject } from 'cdk8s';
import { Construct, type IConstruct } from 'constructs';
import { _checkKey, _componentOf, _declare, _remove } from './_chart-values';
import { _fail, type _Where } from './_errors';
import { _keys, _checkKeys, _props } from './_keys';
import { _array, _record, _string } from './_types';

/** A JSON value. */
export type JsonValue = string | number | boolean | null | readonly JsonValue[] | JsonObject;

/** A JSON object. */
export interface JsonObject {
  readonly [key: string]: JsonValue;
}

/** A JSON Schema (draft-07) fragment, e.g. `{ type: 'string', pattern: '^(debug|info)$' }`. */
export type JsonSchema = JsonObject;

/** A field of an emitted object that a chart value renders into. */
export interface ChartValueTarget {
  /** The object: an L1 object (`k8s.KubeDeployment`, ...) or any `ApiObject` under the same System. */
  readonly object: ApiObject;
  /** JSON pointer (RFC 6901) of the field in the object's JSON, e.g. `/spec/replicas` or `/data/LOG_LEVEL`. */
  readonly path: string;
}

const TARGET_KEYS = _keys('ChartValueTarget', ['object', 'path']);

/** Options of {@link ChartValue.expose}. */
export interface ChartValueOptions {
  /** Key within the component: camelCase names joined by `.`, e.g. `logLevel`; a contract like a construct id. */
  readonly key: string;
  /** One line for `values.yaml`, the schema and the chart README: typically the prop's TSDoc. */
  readonly description: string;
  /** JSON Schema of the value; Helm refuses `--set` and `-f` values that fail it. The synthesized value must pass. */
  readonly schema: JsonSchema;
  /** The fields it renders into; at synthesis every one holds the same value, which becomes the default. */
  readonly targets: readonly ChartValueTarget[];
  /**
   * Component the key belongs to (the first segment of `.Values.<component>.<key>`).
   * @default - the component of `scope`: the nearest built-in workload or Gateway (camelCase of its name), else the camelCase id of the System's top-level construct holding `scope`
   */
  readonly component?: string;
}

const OPTIONS_KEYS = _keys('ChartValueOptions', ['key', 'description', 'schema', 'targets', 'component']);

/**
 * Chart values: props a construct exposes to `helm install --set` / `-f`. The built-in constructs declare
 * theirs (image, replicas or autoscaling bounds, resources, config; a Gateway's hosts and TLS); a construct
 * author adds more with {@link ChartValue.expose}. `shipshape synth` turns each into `.Values.<component>.<key>`
 * in the chart's templates, its default (the synthesized value) into `values.yaml`, and its schema into
 * `values.schema.json`. Plain manifests (`dist/<env>/`) are unchanged by it.
 */
export class ChartValue {
  /**
   * Exposes a field of emitted objects as the chart value `<component>.<key>`; returns that full key. Keys
   * are checked for collisions when the chart is synthesized.
   */
  public static expose(scope: IConstruct, options: ChartValueOptions): string {
    const at = where(scope);
    const o = _record<ChartValueOptions>(at, 'options', options);
    _checkKeys(at, 'props', o, OPTIONS_KEYS);
    const key = _checkKey(at, 'key', o.key);
    const component =
      o.component === undefined ? _componentOf(scope, 'scope') : _checkKey(at, 'component', o.component);
    const description = _string(at, 'description', o.description);
    if (description.trim() === '' || description.includes('\n')) {
      _fail(at, 'description', 'must be one non-empty line', description);
    }
    const schema = _record<JsonSchema>(at, 'schema', o.schema);
    const targets = _array<ChartValueTarget>(at, 'targets', o.targets).map((t, i) => {
      const target = _props<ChartValueTarget>(at, `targets[${i}]`, t, TARGET_KEYS);
      if (!ApiObject.isApiObject(target.object)) {
        _fail(at, `targets[${i}].object`, 'must be an ApiObject', target.object);
      }
      const path = _string(at, `targets[${i}].path`, target.path);
      if (!path.startsWith('/'))
        _fail(at, `targets[${i}].path`, "must be a JSON pointer such as '/spec/replicas'", path);
      return { kind: 'value' as const, object: target.object, path };
    });
    if (targets.length === 0) _fail(at, 'targets', 'must list at least one field', targets);
    const full = `${component}.${key}`;
    const declaredBy = at.node.path;
    _declare(scope, () => ({
      values: [{ key: full, description, schema, targets, declaredBy, exposed: true }],
    }));
    return full;
  }

  /**
   * Takes the value `<component of scope>.<key>` out of the chart: its fields render as synthesized. For a
   * prop other fields are derived from, e.g. a StatefulService whose cluster routes list its replicas.
   */
  public static remove(scope: IConstruct, key: string): void {
    const at = where(scope);
    _remove(scope, `${_componentOf(scope, 'scope')}.${_checkKey(at, 'key', key)}`);
  }

  private constructor() {}
}

function where(scope: unknown): _Where {
  if (!Construct.isConstruct(scope))
    _fail({ node: { path: 'ChartValue' } }, 'scope', 'must be a construct', scope);
  return scope;
}
