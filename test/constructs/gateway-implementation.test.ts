import * as fc from 'fast-check';
import { createHash } from 'crypto';
import { GatewayImplementation } from '../../constructs';
import { _envoyProxyName } from '../../constructs/gateway-implementation';

describe('GatewayImplementation', () => {
  test('Envoy Gateway: its GatewayClass, the proxies of one Gateway, their ServiceAccount', () => {
    // GIVEN / WHEN
    const eg = GatewayImplementation.envoyGateway();
    const gw = { name: 'public-gateway', namespace: 'delinkcious' };
    // THEN
    expect(eg.gatewayClassName).toBe('envoy-gateway');
    expect(eg.dataPlane(gw)).toEqual({
      namespace: 'envoy-gateway-system',
      podLabels: {
        'gateway.envoyproxy.io/owning-gateway-name': 'public-gateway',
        'gateway.envoyproxy.io/owning-gateway-namespace': 'delinkcious',
      },
    });
    expect(eg.dataPlaneServiceAccount(gw)).toEqual({
      name: 'envoy-delinkcious-public-gateway-c906ce56',
      namespace: 'envoy-gateway-system',
    });
    expect(
      GatewayImplementation.envoyGateway({ namespace: 'edge', gatewayClassName: 'eg' }).dataPlane(gw)
        .namespace,
    ).toBe('edge');
  });

  test("Envoy Gateway's proxy name: `envoy-` + `<ns>-<name>` cut to 48 characters + the SHA-256 of `<ns>/<name>`", () => {
    // GIVEN any Gateway name and namespace WHEN named THEN it follows utils.GetHashedName of v1.9.1
    fc.assert(
      fc.property(
        fc.stringMatching(/^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/),
        fc.stringMatching(/^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/),
        (namespace, name) => {
          const key = `${namespace}/${name}`;
          const hash = createHash('sha256').update(key).digest('hex').slice(0, 8);
          const flat = `${namespace}-${name}`;
          const head = flat.length > 48 ? flat.slice(0, 48).replace(/-$/, '') : flat;
          const got = _envoyProxyName({ name, namespace });
          expect(got).toBe(`envoy-${head}-${hash}`);
          expect(got.length).toBeLessThanOrEqual(63);
        },
      ),
    );
    // a cut that ends in '-' drops it (container port names must not hold '--')
    expect(_envoyProxyName({ namespace: 'a'.repeat(47), name: 'x' })).toMatch(/^envoy-a{47}-[0-9a-f]{8}$/);
  });

  test("Istio: the Gateway's own namespace, its gateway-name label, ServiceAccount <name>-<class>", () => {
    const istio = GatewayImplementation.istio();
    expect(istio.gatewayClassName).toBe('istio');
    expect(istio.dataPlane({ name: 'shared', namespace: 'gateways' })).toEqual({
      namespace: 'gateways',
      podLabels: { 'gateway.networking.k8s.io/gateway-name': 'shared' },
    });
    expect(istio.dataPlaneServiceAccount({ name: 'shared', namespace: 'gateways' })).toEqual({
      name: 'shared-istio',
      namespace: 'gateways',
    });
  });

  test('custom: what the caller says, and no ServiceAccount unless it says one', () => {
    const custom = GatewayImplementation.custom({
      gatewayClassName: 'cilium',
      dataPlane: (gw) => ({
        namespace: 'kube-system',
        podLabels: { 'k8s-app': 'cilium-envoy', gw: gw.name },
      }),
    });
    expect(custom.kind).toBe('custom');
    expect(custom.dataPlane({ name: 'a', namespace: 'b' }).podLabels).toEqual({
      'k8s-app': 'cilium-envoy',
      gw: 'a',
    });
    expect(custom.dataPlaneServiceAccount({ name: 'a', namespace: 'b' })).toBeUndefined();
  });
});
