import { _fail, type _Where } from './_errors';
import { _IMAGE_REFERENCE as REFERENCE, _PINNED_TAG } from './_patterns';

/** A parsed image reference. */
export interface _ImageRef {
  readonly repository: string;
  readonly tag?: string | undefined;
  readonly digest?: string | undefined;
}

/**
 * Parses and checks an image reference: it must pin a tag or a digest, and the tag must not be
 * `latest` (a moving target makes rollouts and rollbacks unreproducible).
 */
export function _checkImage(scope: _Where, prop: string, image: string): _ImageRef {
  const m = typeof image === 'string' ? REFERENCE.exec(image) : null;
  if (!m)
    _fail(scope, prop, 'must be an image reference such as registry/name:tag or name@sha256:<64 hex>', image);
  const [, repository = '', tag, digest] = m;
  if (!tag && !digest)
    _fail(scope, prop, 'must pin a tag or a digest', image, `Use e.g. '${repository}:1.2.3'`);
  // Tags without a version number (`latest`, `stable`, `alpine`, `edge`, `bookworm`) move.
  if (tag && !digest && !_PINNED_TAG.test(tag))
    _fail(scope, prop, `must not use the moving tag '${tag}'`, image, 'Pin a version tag or a digest');
  return { repository, tag, digest };
}
