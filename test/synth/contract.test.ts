import { Microservice, System } from '../../constructs';
import { checkApp, defineApp, type ShipshapeApp } from '../../src/synth/contract';

const web = (system: System) =>
  new Microservice(system, 'web', { image: 'nginx:1.25.3', ports: [{ name: 'http', port: 8080 }] });

/** An app with one System named `Store` per environment. */
const store: ShipshapeApp = {
  environments: ['dev', 'prod'],
  build: (scope, env) => web(new System(scope, 'Store', { namespace: `store-${env}` })),
};

describe('defineApp', () => {
  test('returns the app it is given', () => {
    // GIVEN / WHEN / THEN
    expect(defineApp(store)).toBe(store);
  });

  test('accepts every prop of the contract, gitops included', () => {
    // GIVEN an app with all four props
    const full: ShipshapeApp = { ...store, chart: () => ({}), gitops: () => undefined };
    // WHEN / THEN
    expect(defineApp(full)).toBe(full);
  });

  test.each([
    [undefined, "app.ts: 'build' must be a function (got undefined)."],
    [{}, "app.ts: 'build' must be a function (got undefined)."],
    [{ build: 1 }, "app.ts: 'build' must be a function (got 1)."],
    [
      { build: () => undefined, gitops: { repoURL: 'x' } },
      'app.ts: \'gitops\' must be a function (got {"repoURL":"x"})',
    ],
  ])('refuses %j, which is not an app', (value, message) => {
    // GIVEN / WHEN / THEN
    expect(() => checkApp(value, 'app.ts')).toThrow(message);
  });

  test.each([
    [[], '[]'],
    [['dev', 'dev'], '["dev","dev"]'],
    [['Dev'], '["Dev"]'],
    ['dev', "'dev'"],
  ])('refuses environments %j', (environments, shown) => {
    // GIVEN / WHEN / THEN
    expect(() => checkApp({ build: () => undefined, environments }, 'app.ts')).toThrow(
      `app.ts: 'environments' must be distinct DNS labels, at least one (got ${shown}). Omit it for an app without environments`,
    );
  });

  test('names the length of an environment one character too long (issue 18)', () => {
    // GIVEN a 54-character environment name of legal characters / WHEN / THEN its length is the error
    expect(() =>
      checkApp({ build: () => undefined, environments: ['dev', 'e'.repeat(54)] }, 'app.ts'),
    ).toThrow(
      `app.ts: 'environments[1]' must be at most 53 characters (a Helm release name's limit) (got '${'e'.repeat(54)}')`,
    );
  });
});
