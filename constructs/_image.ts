import { _fail, type _Where } from './_errors';

/** A parsed image reference. */
export interface _ImageRef {
  readonly repository: string;
  readonly tag?: string;
  readonly digest?: string;
}

// distribution/reference grammar: [host[:port]/]path[:tag][@digest]
const COMPONENT = '[a-z0-9]+(?:(?:[._]|__|[-]+)[a-z0-9]+)*';
const HOST =
  '(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?(?:\\.[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)*(?::[0-9]+)?)';
const REFERENCE = new RegExp(
  `^((?:${HOST}/)?${COMPONENT}(?:/${COMPONENT})*)(?::([\\w][\\w.-]{0,127}))?(?:@(sha256:[a-f0-9]{64}))?$`,
);

/**
 * Parses and checks an image reference: it must pin a tag or a digest, and the tag must not be
 * `latest` (a moving target makes rollouts and rollbacks unreproducible).
 */
export function _checkImage(scope: _Where, prop: string, image: string): _ImageRef {
  const m = typeof image === 'string' ? REFERENCE.exec(image) : null;
  if (!m)
    _fail(scope, prop, 'must be an image reference such as registry/name:tag or name@sha256:<64 hex>', image);
  const [, repository, tag, digest] = m;
  if (!tag && !digest)
    _fail(scope, prop, 'must pin a tag or a digest', image, `Use e.g. '${repository}:1.2.3'`);
  // Tags without a version number (`latest`, `stable`, `alpine`, `edge`, `bookworm`) move.
  if (tag && !digest && !/[0-9]/.test(tag))
    _fail(scope, prop, `must not use the moving tag '${tag}'`, image, 'Pin a version tag or a digest');
  return { repository, tag, digest };
}
