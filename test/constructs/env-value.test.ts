import { EnvValue, Microservice, type MicroserviceProps } from '../../constructs';
import { errorOf, find, newSystem, synth } from './_helpers';

const base: MicroserviceProps = { image: 'nginx:1.25.3', ports: [{ name: 'http', port: 8080 }] };

function envOf(env: MicroserviceProps['env']) {
  const { system } = newSystem();
  new Microservice(system, 'svc', { ...base, env });
  return find(synth(system), 'Deployment', 'svc').spec.template.spec.containers[0].env;
}

describe('EnvValue', () => {
  test('renders literals, ConfigMap keys and pod fields in declaration order', () => {
    // GIVEN / WHEN
    const env = envOf({
      POD: EnvValue.fromField('metadata.name'),
      LEVEL: EnvValue.fromConfigMap('shared', 'log-level', { optional: true }),
      GREETING: EnvValue.value('hello from $(POD)'),
    });
    // THEN
    expect(env).toEqual([
      { name: 'POD', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } },
      { name: 'LEVEL', valueFrom: { configMapKeyRef: { name: 'shared', key: 'log-level', optional: true } } },
      { name: 'GREETING', value: 'hello from $(POD)' },
    ]);
  });

  test('$$(NAME) escapes a reference, as Kubernetes does', () => {
    // GIVEN / WHEN
    const env = envOf({ LITERAL: EnvValue.value('price in $$(CURRENCY)') });
    // THEN
    expect(env).toEqual([{ name: 'LITERAL', value: 'price in $$(CURRENCY)' }]);
  });

  test('a reference to a later variable is refused (Kubernetes would not expand it)', () => {
    // GIVEN
    const { system } = newSystem();
    // WHEN / THEN
    expect(
      errorOf(
        () =>
          new Microservice(system, 'svc', {
            ...base,
            env: { URL: EnvValue.value('$(HOST)'), HOST: EnvValue.value('db') },
          }),
      ),
    ).toBe(
      "Delinkcious/svc: 'env.URL' refers to $(HOST), which is not defined before it (got '$(HOST)'). Move HOST before URL",
    );
  });

  test('an unsupported pod field is refused', () => {
    // GIVEN
    const { system } = newSystem();
    // WHEN / THEN
    expect(
      errorOf(
        () => new Microservice(system, 'svc', { ...base, env: { X: EnvValue.fromField('spec.containers') } }),
      ),
    ).toMatch(
      /^Delinkcious\/svc: 'env\.X' must be a supported pod field \(metadata\.name, .*\) \(got 'spec\.containers'\)$/,
    );
  });

  test('a variable defined twice is refused, naming where it was defined first', () => {
    // GIVEN a config key read as env and an env var of the same name
    const { system } = newSystem();
    // WHEN / THEN
    expect(
      errorOf(
        () =>
          new Microservice(system, 'svc', {
            ...base,
            config: { env: { LEVEL: 'info' } },
            env: { LEVEL: EnvValue.value('debug') },
          }),
      ),
    ).toBe(
      "Delinkcious/svc: 'env.LEVEL' must not define a variable twice (first at 'config.env.LEVEL') (got 'LEVEL')",
    );
  });
});
