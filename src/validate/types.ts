/** Public data types of the validator. */
import type { RuleId, Severity } from './rules';

export type { RuleId, Severity } from './rules';

/** The object a finding is about. */
export interface ObjectRef {
  readonly apiVersion: string;
  readonly kind: string;
  readonly namespace?: string;
  readonly name?: string;
}

export interface Finding {
  readonly ruleId: RuleId;
  readonly severity: Severity;
  readonly object: ObjectRef;
  readonly file?: string;
  readonly line?: number;
  /** Dotted path into the object, e.g. `spec.template.spec.containers[0].image`; '' for the whole document. */
  readonly path: string;
  readonly message: string;
  readonly hint?: string;
  /**
   * The reason of the opt-out annotation that acknowledges this finding (`ignore.shipshape.io/<rule>`); present
   * only with `includeAcknowledged`. An acknowledged finding counts neither as an error nor as a warning.
   */
  readonly acknowledged?: string;
}

/** One Kubernetes object as parsed, with where it came from when it came from a file. */
export interface ManifestDocument {
  readonly object: unknown;
  readonly file?: string;
  /** 1-based line of the document's first field. */
  readonly line?: number;
  /** 1-based line of each dotted path in the document (loadManifests fills it); findings use the nearest. */
  readonly lines?: ReadonlyMap<string, number>;
}

export interface ValidateOptions {
  /** Rules not to run at all (unlike an opt-out annotation, for the whole set). */
  readonly skipRules?: readonly RuleId[];
  /**
   * Also return the findings an opt-out annotation acknowledges, with its reason in `acknowledged`.
   * @default false: they are left out
   */
  readonly includeAcknowledged?: boolean;
}
