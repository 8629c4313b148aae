import { k8s } from 'cdk8s-plus-27';
import { l1Converter, parseConverter } from '../../../src/synth/render/l1-json';

/** JSON text that also shows keys with undefined values (JSON.stringify drops them; YAML would not). */
const exact = (v: unknown): string =>
  JSON.stringify(v, (_, x: unknown) => (x === undefined ? '<undefined>' : x)) ?? '<undefined>';

// The table-driven L1 converters give what cdk8s-plus-27's generated ones give, for every one of them.

const table = k8s as unknown as Record<string, unknown>;
const names = Object.keys(table).filter((n) => n.startsWith('toJson_') && typeof table[n] === 'function');

/** An input with every field of `name` set (nested structs to `depth`), in the form the field takes. */
function sample(name: string, depth: number, seed: number): Record<string, unknown> {
  const fields = parseConverter(String(table[name])) ?? [];
  const input: Record<string, unknown> = {};
  fields.forEach((f, i) => {
    const n = seed + i;
    // Every third field unset: skipped fields must stay skipped, in order.
    if (n % 3 === 0) return;
    const nested = () => (depth > 0 && f.sub ? sample(f.sub, depth - 1, n) : {});
    switch (f.form) {
      case 'plain':
        input[f.in] = n % 2 ? `v${n}` : n;
        break;
      case 'value':
        input[f.in] = { value: n % 2 ? `${n}Mi` : n };
        break;
      case 'struct':
        input[f.in] = nested();
        break;
      case 'structs':
        input[f.in] = [nested(), nested()];
        break;
      case 'copy':
        input[f.in] = ['a', n];
        break;
      case 'date':
        input[f.in] = new Date(n * 1000);
        break;
      case 'map':
        input[f.in] = { b: 'x', a: undefined, c: n };
        break;
      case 'mapValues':
        input[f.in] = { b: { value: '1' }, a: undefined, c: { value: n } };
        break;
      case 'mapStructs':
        input[f.in] = { b: nested(), a: undefined };
        break;
      case 'mapCopies':
        input[f.in] = { b: ['x'], a: undefined };
        break;
    }
  });
  return input;
}

describe('l1Converter', () => {
  test('reads every converter of cdk8s-plus-27 (none is left to its generated code)', () => {
    // GIVEN every toJson_ function / WHEN parsed / THEN each has a field table
    expect(names.length).toBeGreaterThan(400);
    expect(names.filter((n) => parseConverter(String(table[n])) === undefined)).toEqual([]);
  });

  test('gives what the generated converter gives, for every converter', () => {
    for (const name of names) {
      for (const seed of [1, 2]) {
        // GIVEN an input with most fields set, nested two levels
        const input = sample(name, 2, seed);
        // WHEN converted both ways / THEN the same JSON, key order included
        const own = exact((table[name] as (x: unknown) => unknown)(input));
        expect([name, exact(l1Converter(name)?.(input))]).toEqual([name, own]);
      }
      expect(l1Converter(name)?.(undefined)).toBeUndefined();
    }
  });

  test('leaves a converter of another form to its own code', () => {
    // GIVEN / WHEN / THEN
    expect(parseConverter('function toJson_X(obj) { return obj; }')).toBeUndefined();
    expect(l1Converter('toJson_NoSuchType')).toBeUndefined();
  });
});
