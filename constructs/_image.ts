import { _fail, type _Where } from './_errors';
import { _props } from './_keys';
import { _IMAGE_REFERENCE as REFERENCE, _PINNED_TAG } from './_patterns';
import { _MUTABLE_TAG_OPTIONS_KEYS, Image, type MutableTagOptions } from './image';

/** A parsed image reference. */
export interface _ImageRef {
  readonly repository: string;
  readonly tag?: string | undefined;
  readonly digest?: string | undefined;
  /** The reference as given, when it is an {@link Image}. */
  readonly reference?: string;
  /** Why a moving tag is accepted ({@link Image.mutableTag}). */
  readonly mutableReason?: string;
}

/**
 * Parses and checks an image reference: it must pin a tag or a digest, and the tag must not be
 * `latest` (a moving target makes rollouts and rollbacks unreproducible), unless it is an
 * {@link Image.mutableTag} with a reason.
 */
export function _checkImage(scope: _Where, prop: string, image: unknown): _ImageRef {
  const mutable = image instanceof Image ? image : undefined;
  const text = mutable ? mutable.reference : image;
  const m = typeof text === 'string' ? REFERENCE.exec(text) : null;
  if (!m)
    _fail(scope, prop, 'must be an image reference such as registry/name:tag or name@sha256:<64 hex>', text);
  const [, repository = '', tag, digest] = m;
  if (mutable) {
    const o = _props<MutableTagOptions>(scope, prop, mutable._options, _MUTABLE_TAG_OPTIONS_KEYS);
    if (typeof o.reason !== 'string' || o.reason.trim() === '')
      _fail(scope, `${prop}.reason`, 'must say why the moving tag is acceptable', o.reason);
    if (!tag && !digest)
      _fail(scope, prop, 'must name the tag it accepts', text, `Use e.g. '${repository}:latest'`);
    return {
      repository,
      tag,
      ...(digest && { digest }),
      reference: mutable.reference,
      mutableReason: o.reason,
    };
  }
  if (!tag && !digest)
    _fail(scope, prop, 'must pin a tag or a digest', text, `Use e.g. '${repository}:1.2.3'`);
  // Tags without a version number (`latest`, `stable`, `alpine`, `edge`, `bookworm`) move.
  if (tag && !digest && !_PINNED_TAG.test(tag))
    _fail(
      scope,
      prop,
      `must not use the moving tag '${tag}'`,
      text,
      `Pin a version tag or a digest, or accept the moving tag with Image.mutableTag('${text as string}', { reason })`,
    );
  return { repository, tag, digest };
}
