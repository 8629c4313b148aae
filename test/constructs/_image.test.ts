import { Testing } from 'cdk8s';
import { _checkImage } from '../../constructs/_image';
import { Image, Microservice, Protocol } from '../../constructs';
import { validateObjects } from '../../src/validate';
import { errorOf, find, newSystem, synth } from './_helpers';

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
      "must not use the moving tag 'latest' (got 'redis:latest'). Pin a version tag or a digest, or accept the moving tag with Image.mutableTag('redis:latest', { reason })",
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

describe('Image.mutableTag (issue 18)', () => {
  test('accepts a moving tag, with the reason the caller gives', () => {
    // GIVEN / WHEN
    const ref = _checkImage(
      scope,
      'image',
      Image.mutableTag('redis:alpine', { reason: 'upstream pins it so' }),
    );
    // THEN
    expect(ref).toEqual({
      repository: 'redis',
      tag: 'alpine',
      reference: 'redis:alpine',
      mutableReason: 'upstream pins it so',
    });
  });

  test.each<[string, Image, string]>([
    [
      'an empty reason',
      Image.mutableTag('redis:alpine', { reason: ' ' }),
      "'image.reason' must say why the moving tag is acceptable (got ' ')",
    ],
    [
      'a missing reason',
      Image.mutableTag('redis:alpine', {} as never),
      "'image.reason' must say why the moving tag is acceptable (got undefined)",
    ],
    [
      'no tag at all',
      Image.mutableTag('redis', { reason: 'x' }),
      "'image' must name the tag it accepts (got 'redis'). Use e.g. 'redis:latest'",
    ],
    [
      'a reference that is none',
      Image.mutableTag('Redis:alpine', { reason: 'x' }),
      "'image' must be an image reference such as registry/name:tag or name@sha256:<64 hex> (got 'Redis:alpine')",
    ],
  ])('refuses %s', (_, image, rule) => {
    // GIVEN / WHEN / THEN
    expect(errorOf(() => _checkImage(scope, 'image', image))).toBe(`${scope.node.path}: ${rule}`);
  });

  test('renders the reference, and the reason as the validator opt-out on the object', () => {
    // GIVEN a redis with upstream's moving tag and a pinned sidecar
    const { system } = newSystem();
    new Microservice(system, 'redis-cart', {
      image: Image.mutableTag('redis:alpine', { reason: 'Online Boutique ships redis:alpine' }),
      ports: [{ name: 'redis', port: 6379, protocol: Protocol.TCP }],
    });
    // WHEN
    const objects = synth(system);
    const deployment = find(objects, 'Deployment', 'redis-cart');
    // THEN
    expect(deployment.spec.template.spec.containers[0].image).toBe('redis:alpine');
    expect(deployment.metadata.annotations).toEqual({
      'ignore.shipshape.io/image-not-pinned': 'Online Boutique ships redis:alpine',
    });
    const findings = validateObjects(
      objects.map((object) => ({ object })),
      { includeAcknowledged: true },
    );
    expect(findings.map((f) => [f.ruleId, f.acknowledged])).toEqual([
      ['image-not-pinned', 'Online Boutique ships redis:alpine'],
    ]);
  });

  test('names each container when several move', () => {
    // GIVEN / WHEN
    const { system } = newSystem();
    new Microservice(system, 'web', {
      image: Image.mutableTag('nginx:stable', { reason: 'a' }),
      ports: [{ name: 'http', port: 80 }],
      sidecars: [
        {
          name: 'proxy',
          image: Image.mutableTag('envoyproxy/envoy:dev', { reason: 'b' }),
          probes: { readiness: false },
        },
      ],
    });
    // THEN
    expect(
      find(synth(system), 'Deployment', 'web').metadata.annotations?.['ignore.shipshape.io/image-not-pinned'],
    ).toBe('image: a; sidecars[0].image: b');
  });
});
