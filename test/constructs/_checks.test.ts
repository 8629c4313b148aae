import {
  EnvValue,
  Gateway,
  Ingress,
  Microservice,
  Secret,
  StatefulService,
  type MicroserviceProps,
} from '../../constructs';
import { errorOf, newSystem, synth } from './_helpers';

// Issue 18, class "messages": a value that breaks a length limit is told so, not that its characters are wrong.

/** ingress-nginx's pods, as a cluster that still runs it names them. */
const NGINX = { namespace: 'ingress-nginx', podLabels: { 'app.kubernetes.io/name': 'ingress-nginx' } };
const web: MicroserviceProps = { image: 'nginx:1.25.3', ports: [{ name: 'http', port: 80 }] };
const subdomain = `${'a'.repeat(60)}.${'b'.repeat(60)}.${'c'.repeat(60)}.${'d'.repeat(60)}.eee`; // 247
const tooLong = `${subdomain}.ffffff`; // 254 characters, every label valid

describe('length limits are reported as length errors', () => {
  test.each<[string, (s: ReturnType<typeof newSystem>['system']) => unknown, string]>([
    [
      'a port name of 16 characters',
      (s) => new Microservice(s, 'web', { ...web, ports: [{ name: 'abcdefghijklmnop', port: 80 }] }),
      "Delinkcious/web: 'ports[0].name' must be at most 15 characters (got 'abcdefghijklmnop')",
    ],
    [
      'a Secret key of 254 characters',
      (s) => new Secret(s, 'db', { keys: ['k'.repeat(254)] }),
      `Delinkcious/db: 'keys[0]' must be at most 253 characters (got '${'k'.repeat(120)}…' (254 characters))`,
    ],
    [
      'a config key of 254 characters',
      (s) => new Microservice(s, 'web', { ...web, config: { env: { ['K'.repeat(254)]: 'v' } } }),
      `Delinkcious/web: 'config.env' must use keys of at most 253 characters (got '${'K'.repeat(120)}…' (254 characters))`,
    ],
    [
      'a storage class name of 254 characters',
      (s) =>
        new StatefulService(s, 'db', {
          ...web,
          storage: { size: '1Gi', mountPath: '/data', storageClassName: tooLong },
        }),
      `Delinkcious/db: 'storage.storageClassName' must be at most 253 characters (got '${tooLong.slice(0, 120)}…' (254 characters))`,
    ],
    [
      'an ingress class name of 254 characters',
      (s) => new Ingress(s, 'gw', { controller: NGINX, ingressClassName: tooLong }),
      `Delinkcious/gw: 'ingressClassName' must be at most 253 characters (got '${tooLong.slice(0, 120)}…' (254 characters))`,
    ],
    [
      'a host of 254 characters',
      (s) => {
        const w = new Microservice(s, 'web', web);
        return new Gateway(s, 'gw', { rules: [{ host: tooLong, routes: [{ backend: w }] }] });
      },
      `Delinkcious/gw: 'rules[0].host' must be at most 253 characters (got '${tooLong.slice(0, 120)}…' (254 characters))`,
    ],
  ])('%s', (_, make, message) => {
    // GIVEN a value whose characters are all legal but which is one too long
    const { system } = newSystem();
    // WHEN / THEN the message names the length
    expect(errorOf(() => make(system))).toBe(message);
  });

  test('a ConfigMap name of 254 characters read by an env var', () => {
    // GIVEN / WHEN constructed / THEN the length is named
    const { system } = newSystem();
    expect(
      errorOf(
        () => new Microservice(system, 'web', { ...web, env: { X: EnvValue.fromConfigMap(tooLong, 'k') } }),
      ),
    ).toBe(
      `Delinkcious/web: 'env.X.name' must be at most 253 characters (got '${tooLong.slice(0, 120)}…' (254 characters))`,
    );
  });

  test('the same values one character shorter pass', () => {
    // GIVEN / WHEN / THEN
    const { system } = newSystem();
    new Secret(system, 'db', { keys: ['k'.repeat(253)] });
    new StatefulService(system, 'pg', {
      ...web,
      storage: { size: '1Gi', mountPath: '/data', storageClassName: subdomain },
    });
    new Ingress(system, 'gw', { controller: NGINX, ingressClassName: subdomain });
    expect(() => synth(system)).not.toThrow();
  });
});
