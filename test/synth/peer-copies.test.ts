import { checkSinglePeers, peerCopies } from '../../src/synth/peer-copies';

const file = (root: string, rel = 'lib/index.js') => `${root}/${rel}`;

describe('peerCopies', () => {
  test('finds the package root of each peer, nested copies included, and ignores other packages', () => {
    // GIVEN
    const files = [
      file('/app/node_modules/cdk8s'),
      file('/app/node_modules/cdk8s', 'node_modules/yaml/dist/index.js'),
      file('/app/node_modules/shipshape/node_modules/cdk8s'),
      file('/app/node_modules/constructs'),
      file('/app/node_modules/yaml'),
    ];
    // WHEN
    const copies = peerCopies(files);
    // THEN
    expect(copies.get('cdk8s')).toEqual([
      '/app/node_modules/cdk8s',
      '/app/node_modules/shipshape/node_modules/cdk8s',
    ]);
    expect(copies.get('constructs')).toEqual(['/app/node_modules/constructs']);
    expect(copies.get('cdk8s-plus-27')).toEqual([]);
  });
});

describe('checkSinglePeers', () => {
  test('accepts one copy of each peer', () => {
    // GIVEN / WHEN / THEN
    expect(() =>
      checkSinglePeers([file('/a/node_modules/cdk8s'), file('/a/node_modules/constructs')]),
    ).not.toThrow();
  });

  test('names both copies of cdk8s and says how to fix it', () => {
    // GIVEN
    const files = [file('/a/node_modules/cdk8s'), file('/a/node_modules/shipshape/node_modules/cdk8s')];
    // WHEN / THEN
    expect(() => checkSinglePeers(files)).toThrow(
      "shipshape: 'cdk8s' must be loaded once (got cdk8s from /a/node_modules/cdk8s and /a/node_modules/shipshape/node_modules/cdk8s). " +
        "Objects of one copy cannot be rendered by the other (\"can't render non-simple object of type 'Lazy'\"). " +
        'cdk8s, cdk8s-plus-27 and constructs are peer dependencies of shipshape: depend on them once in your package.json, then npm dedupe (npm ls cdk8s shows the copies)',
    );
  });
});
