import { _keys } from './_keys';

/** Options of {@link Image.mutableTag}. */
export interface MutableTagOptions {
  /** Why a tag that may move is acceptable here; written on the object as the validator's opt-out reason. */
  readonly reason: string;
}

export const _MUTABLE_TAG_OPTIONS_KEYS = _keys('MutableTagOptions', ['reason']);

/**
 * An image reference a workload runs that is not a plain pinned string. A plain string (`redis:7.2.4`, or
 * `name@sha256:...`) must pin a version tag or a digest; a tag without a version number (`latest`, `alpine`,
 * `stable`) moves, so rollouts and rollbacks are not reproducible. Where that is accepted on purpose (an upstream
 * app as it ships, an image pinned by digest elsewhere), say so: `image: Image.mutableTag('redis:alpine', { reason })`.
 */
export class Image {
  /**
   * An image by a tag that may move, accepted explicitly: the workload's object carries
   * `ignore.shipshape.io/image-not-pinned: <reason>`, which `shipshape validate` reports as acknowledged. An
   * empty reason is refused.
   */
  public static mutableTag(reference: string, options: MutableTagOptions): Image {
    // Checked where the workload takes it, naming the caller's prop.
    return new Image(reference, options);
  }

  private constructor(
    /** The image reference, e.g. `redis:alpine`. */
    public readonly reference: string,
    /** @internal The options the caller gave, unchecked. */
    public readonly _options: unknown,
  ) {}
}
