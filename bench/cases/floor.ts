// Case 3, the floor: serializing the N services' objects already in memory, with JSON.stringify
// (no YAML at all), the YAML writer src/synth/output.ts uses (src/synth/render/yaml.ts), js-yaml's dump (whose bytes the
// writer reproduces) and — up to a size — the `yaml` package as cdk8s's app.synth() uses it. Also
// checks the writer's output is js-yaml's byte for byte, stable, and reads back to the same objects.
// Usage: node -r ./scripts/register.js bench/cases/floor.ts <N> <repeats> <yaml-package-max-N>
import { isDeepStrictEqual } from 'util';
import { App, Yaml } from 'cdk8s';
import * as jsYaml from 'js-yaml';
import * as YAML from 'yaml';
import { toYaml } from '../../src/synth/output';
import { synthesizeFiles } from '../../src/synth/files';
import { finish, intArg, median, timeMs } from '../child';
import { buildShipshape } from '../synthetic';

const n = intArg(0, 'N');
const repeats = intArg(1, 'repeats');
const yamlPackageMaxN = Number(process.argv[4] ?? 1000);

const files = synthesizeFiles(buildShipshape(new App(), n));
const objects = files.flatMap((f) => f.objects);

/** One warm-up, then the median of `repeats` timed runs, with every sample. */
function measure(fn: () => unknown): { medianMs: number; samplesMs: number[] } {
  fn();
  const samplesMs = Array.from({ length: repeats }, () => timeMs(fn));
  return { medianMs: median(samplesMs), samplesMs };
}

const render = () => files.map((f) => toYaml(f.objects));
const renderJsYaml = () =>
  files.map((f) => f.objects.map((o) => jsYaml.dump(o, { noRefs: true, lineWidth: -1 })).join('---\n'));
const json = measure(() => objects.map((o) => JSON.stringify(o)).join('\n'));
const writer = measure(render);
const jsyaml = measure(renderJsYaml);
// cdk8s's Yaml.stringify (the `yaml` package, YAML 1.1 schema) is slow enough to skip at large N.
const yamlPackage = n <= yamlPackageMaxN ? measure(() => Yaml.stringify(...objects)) : undefined;

// Stable: two renders are byte-identical. Valid: js-yaml's output reads back to exactly the objects
// that were dumped, with js-yaml and (up to the same size) with the `yaml` package, an independent parser.
const first = render();
const second = render();
const stable = first.every((text, i) => text === second[i]);
const byJsYaml = renderJsYaml();
const sameAsJsYaml = first.every((text, i) => text === byJsYaml[i]);
const parsers: [string, (text: string) => unknown[]][] = [['js-yaml', (text) => jsYaml.loadAll(text)]];
if (n <= yamlPackageMaxN) parsers.push(['yaml', (text) => YAML.parseAllDocuments(text).map((d) => d.toJS())]);
const roundTrip = first.every((text, i) =>
  parsers.every(([, parse]) => isDeepStrictEqual(parse(text), files[i].objects)),
);

finish(
  {},
  {
    objects: objects.length,
    jsonStringify: json,
    writer,
    jsYaml: jsyaml,
    sameAsJsYaml,
    yamlPackage,
    stable,
    roundTrip,
    roundTripParsers: parsers.map(([name]) => name),
    yamlBytes: first.reduce((sum, t) => sum + Buffer.byteLength(t), 0),
  },
);
