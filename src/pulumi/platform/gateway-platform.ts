/**
 * The Gateway API platform: the Gateway API CRDs at their pin, Envoy Gateway (its own CRDs, then the
 * controller) and the GatewayClass the System's Gateways name. Envoy Gateway's gateway-helm chart carries
 * the experimental-channel Gateway API CRDs in its crds/ directory, so it is installed with `skipCrds` and the
 * standard channel comes from the Gateway API release instead.
 */
import * as k8s from '@pulumi/kubernetes';
import type * as pulumi from '@pulumi/pulumi';
import type { PlatformPin, PlatformPinSet } from './pins';

/** Envoy Gateway's controller name (`gateway.controllerName` of its default configuration). */
export const ENVOY_GATEWAY_CONTROLLER = 'gateway.envoyproxy.io/gatewayclass-controller';

/** The GatewayClass of an implementation, as a plain object. */
export function gatewayClass(name: string, controllerName: string) {
  return {
    apiVersion: 'gateway.networking.k8s.io/v1',
    kind: 'GatewayClass',
    metadata: { name },
    spec: { controllerName },
  };
}

/** What installing one pinned chart takes. */
export type InstallChart = (
  pin: PlatformPin,
  releaseName: string,
  namespace: string,
  values: pulumi.Inputs,
  options?: { readonly dependsOn?: pulumi.Resource[]; readonly skipCrds?: boolean },
) => k8s.helm.v3.Release;

/** What the Gateway API platform installed: everything routes and Gateways must wait for. */
export interface GatewayPlatform {
  /** The Gateway API CRDs. */
  readonly crds: pulumi.Resource;
  /** CRDs, controller and GatewayClass, in that order. */
  readonly ready: readonly pulumi.Resource[];
}

/** Installs the Gateway API CRDs, Envoy Gateway into `namespace` and the GatewayClass `className`. */
export function installGatewayPlatform(
  name: string,
  args: {
    readonly pins: PlatformPinSet;
    readonly namespace: string;
    readonly className: string;
    readonly install: InstallChart;
    readonly parent: pulumi.Resource;
    readonly provider: k8s.Provider;
  },
): GatewayPlatform {
  const { pins, install, parent, provider } = args;
  const crds = new k8s.yaml.v2.ConfigFile(
    `${name}-gateway-api-crds`,
    { file: pins.gatewayApi.url },
    { parent, provider },
  );
  const egCrds = install(
    pins.charts.envoyGatewayCrds,
    'envoy-gateway-crds',
    args.namespace,
    { crds: { gatewayAPI: { enabled: false }, envoyGateway: { enabled: true } } },
    { dependsOn: [crds] },
  );
  const controller = install(
    pins.charts.envoyGateway,
    'envoy-gateway',
    args.namespace,
    {},
    {
      dependsOn: [crds, egCrds],
      skipCrds: true,
    },
  );
  const cls = new k8s.apiextensions.CustomResource(
    `${name}-gateway-class`,
    gatewayClass(args.className, ENVOY_GATEWAY_CONTROLLER),
    { parent, provider, dependsOn: [crds, controller] },
  );
  return { crds, ready: [crds, egCrds, controller, cls] };
}
