import { Testing } from 'cdk8s';
import { _checkImage } from '../../constructs/_image';
import { errorOf } from './_helpers';

const scope = Testing.chart();
const digest = `sha256:${'a'.repeat(64)}`;

describe('_checkImage', () => {
  test.each([
    ['postgres:15.5-alpine', { repository: 'postgres', tag: '15.5-alpine' }],
    ['g1g1/delinkcious-link:0.3', { repository: 'g1g1/delinkcious-link', tag: '0.3' }],
    [
      'registry.example.com:5000/team/app:v1.2.3',
      { repository: 'registry.example.com:5000/team/app', tag: 'v1.2.3' },
    ],
    [`nats@${digest}`, { repository: 'nats', digest }],
    [`nats:latest@${digest}`, { repository: 'nats', tag: 'latest', digest }],
  ])('accepts %s', (image, parsed) => {
    // GIVEN / WHEN / THEN
    expect(_checkImage(scope, 'image', image)).toEqual(parsed);
  });

  test.each([
    ['redis', "must pin a tag or a digest (got 'redis'). Use e.g. 'redis:1.2.3'"],
    [
      'redis:latest',
      "must not use the moving tag 'latest' (got 'redis:latest'). Pin a version tag or a digest",
    ],
    [
      'Redis:7',
      "must be an image reference such as registry/name:tag or name@sha256:<64 hex> (got 'Redis:7')",
    ],
    [
      'redis:7 ',
      "must be an image reference such as registry/name:tag or name@sha256:<64 hex> (got 'redis:7 ')",
    ],
    [
      'redis@sha256:abc',
      "must be an image reference such as registry/name:tag or name@sha256:<64 hex> (got 'redis@sha256:abc')",
    ],
  ])('refuses %j', (image, rule) => {
    // GIVEN / WHEN / THEN
    expect(errorOf(() => _checkImage(scope, 'image', image))).toBe(`${scope.node.path}: 'image' ${rule}`);
  });
});
