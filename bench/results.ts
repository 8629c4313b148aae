// Shape of docs/bench/results.json, and the targets of the performance issue.
import type { ChildReport } from './child';
import type { Written } from './measure';

/** Every sample of one measured command, and their median. */
export interface Series {
  /** What was run, as a person would type it. */
  readonly command: string;
  /** Wall time of each run, ms. */
  readonly samplesMs: number[];
  readonly medianMs: number;
}

/** Case 2 at one size: both paths, every run. */
export interface SizeResult {
  readonly n: number;
  /** API objects per path (the same count by construction). */
  readonly objects: { readonly shipshape: number; readonly raw: number };
  /** What the first run of each path wrote (every shipshape run wrote the same bytes). */
  readonly written: { readonly shipshape: Written; readonly raw: Written };
  readonly shipshape: PathResult;
  readonly raw: PathResult;
  /** shipshape / raw, of the medians. */
  readonly timeRatio: number;
  /**
   * Derived, for comparison with a baseline that validates nothing: median over the runs of
   * shipshape's wall time minus its validate phase, and its ratio to raw.
   */
  readonly withoutValidator: { readonly medianMs: number; readonly timeRatio: number };
  readonly rssRatio: number;
}

export interface PathResult extends Series {
  /** Peak RSS of each run, KiB. */
  readonly samplesRssKb: number[];
  readonly medianRssKb: number;
  /** Median of each phase over the runs, ms. */
  readonly phasesMedianMs: Record<string, number>;
  /** The programs' reports, one per run. */
  readonly reports: ChildReport[];
}

/** Case 3 at one size: in-process serializer timings (one warm-up, then `runs` samples). */
export interface FloorResult {
  readonly n: number;
  readonly objects: number;
  readonly jsonStringify: { readonly medianMs: number; readonly samplesMs: number[] };
  /** src/synth/render/yaml.ts through toYaml: what synthesis uses. */
  readonly writer: { readonly medianMs: number; readonly samplesMs: number[] };
  /** js-yaml's dump with the same options. */
  readonly jsYaml: { readonly medianMs: number; readonly samplesMs: number[] };
  /** The writer's output was js-yaml's, byte for byte. */
  readonly sameAsJsYaml: boolean;
  /** The `yaml` package as cdk8s calls it; left out above a size (it is slow). */
  readonly yamlPackage?: { readonly medianMs: number; readonly samplesMs: number[] };
  /** Two renders were byte-identical. */
  readonly stable: boolean;
  /** The output parsed back to exactly the dumped objects, with each of `roundTripParsers`. */
  readonly roundTrip: boolean;
  readonly roundTripParsers: string[];
  readonly yamlBytes: number;
}

/** Case 4. */
export interface ValidatorResult {
  readonly n: number;
  readonly objects: number;
  readonly findings: number;
  readonly coldMs: number;
  readonly samplesMs: number[];
  readonly medianMs: number;
  readonly objectsPerSecond: number;
  readonly coldObjectsPerSecond: number;
}

/** Case 5: `shipshape diff --base HEAD` on Delinkcious, end to end, warm. */
export interface DiffCliResult extends Series {
  readonly environments: number;
  /** Medians of what the CLI reports per phase, ms. */
  readonly phasesMedianMs: Readonly<
    Record<'checkout' | 'baseSynth' | 'headSynth' | 'compare' | 'total', number>
  >;
  /** Median over the runs of the wall time minus the worktree's checkout (the 2 s target). */
  readonly withoutCheckoutMs: number;
}

/** Case 6: the comparison alone, in process. */
export interface DiffCompareResult {
  readonly command: string;
  /** Objects of both sides, and objects added or changed. */
  readonly objects: number;
  readonly changed: number;
  readonly coldMs: number;
  readonly samplesMs: number[];
  readonly medianMs: number;
  /** Of the median run: reading the two trees into environments (YAML parsing). */
  readonly parseMedianMs: number;
}

/** One target of the issue and whether this run met it. */
export interface TargetResult {
  readonly id: string;
  readonly description: string;
  /** The measured value (a ratio). */
  readonly value: number;
  /** Met when value <= limit. */
  readonly limit: number;
  readonly met: boolean;
}

/** What `.ci/consumer` measured: the packed package in a fresh project (read from `.bench/consumer.json`). */
export interface ConsumerResult {
  /** Files in the tarball. */
  readonly packFiles: number;
  /** Tarball size in kB. */
  readonly packKb: number;
  /** `du -sm node_modules` of a cdk8s-only consumer (the package and its peers). */
  readonly consumerNodeModulesMb: number;
  /** Wall time of each step in seconds. */
  readonly seconds: Readonly<Record<string, number>>;
}

export interface BenchResults {
  readonly schema: 1;
  readonly date: string;
  readonly machine: {
    readonly cpu: string;
    readonly cores: number;
    readonly memoryGiB: number;
    readonly platform: string;
    readonly loadAverageStart: number[];
    readonly loadAverageEnd: number[];
  };
  readonly node: string;
  readonly commit?: string;
  readonly runs: number;
  /** Where the measured programs wrote their output. */
  readonly outputRoot: string;
  readonly durationS: number;
  readonly cli?: {
    readonly shipshape: Series;
    readonly baseline: Series & { readonly objects: number };
    /** For reference: our transpile-only app through the cdk8s CLI. */
    readonly shipshapeViaCdk8sCli: Series;
    readonly ratio: number;
  };
  readonly synthetic: SizeResult[];
  readonly scaling?: {
    readonly shipshape: number;
    readonly raw: number;
    readonly from: number;
    readonly to: number;
  };
  readonly floor: FloorResult[];
  readonly validator?: ValidatorResult;
  /** The last `.ci/consumer` run, when there is one. */
  readonly consumer?: ConsumerResult;
  /** Cases 5 and 6. */
  readonly diff?: { readonly cli?: DiffCliResult; readonly compare?: DiffCompareResult };
  readonly targets: TargetResult[];
}

/** The targets, evaluated on whatever cases ran. */
export function evaluateTargets(r: Omit<BenchResults, 'targets'>): TargetResult[] {
  const targets: TargetResult[] = [];
  const add = (id: string, description: string, value: number | undefined, limit: number) => {
    if (value !== undefined && Number.isFinite(value))
      targets.push({ id, description, value, limit, met: value <= limit });
  };
  add(
    'cli-ratio',
    '`npm run synth` / `npx cdk8s synth` via ts-node (Delinkcious, all environments), wall time',
    r.cli?.ratio,
    0.2,
  );
  const at1000 = r.synthetic.find((s) => s.n === 1000);
  add('time-1000', 'N = 1000: shipshape / raw cdk8s-plus-27, wall time', at1000?.timeRatio, 0.6);
  add('rss-1000', 'N = 1000: shipshape / raw cdk8s-plus-27, peak RSS', at1000?.rssRatio, 1.0);
  if (r.scaling?.from === 1000 && r.scaling.to === 5000)
    add('linear', 'shipshape time(5000) / time(1000) (linear is 5)', r.scaling.shipshape, 5.5);
  add(
    'diff-warm',
    '`shipshape diff --base HEAD`, Delinkcious (3 environments), warm, wall time less the worktree checkout, s',
    r.diff?.cli && r.diff.cli.withoutCheckoutMs / 1000,
    2,
  );
  add(
    'consumer-mb',
    'cdk8s-only consumer: node_modules of the package and its peers, MB (`.ci/consumer`)',
    r.consumer?.consumerNodeModulesMb,
    70,
  );
  return targets;
}
