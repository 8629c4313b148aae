import * as yaml from 'js-yaml';
import { pluginConfig } from '../../e2e/rollouts';
import type { KubeObject } from '../../src/synth/files';

const rollout = (plugins: object | undefined): KubeObject => ({
  apiVersion: 'argoproj.io/v1alpha1',
  kind: 'Rollout',
  metadata: { name: 'routed', namespace: 'ns' },
  spec: { strategy: { canary: plugins === undefined ? {} : { trafficRouting: { plugins } } } },
});

describe('pluginConfig', () => {
  test("is the chart's argo-rollouts-config for the plugins the Rollouts name, each from the file", () => {
    // GIVEN a Rollout routed by the Gateway API plugin and one routed by replicas
    const objects = [rollout({ 'argoproj-labs/gatewayAPI': { namespace: 'ns' } }), rollout(undefined)];
    // WHEN the ConfigMap is made for a binary given by a relative path
    const cm = yaml.load(pluginConfig(objects, 'bin/plugin', 'argo-rollouts')) as {
      metadata: object;
      data: Record<string, string>;
    };
    // THEN it is the controller's ConfigMap in its namespace, listing the pinned plugin at the absolute file
    expect(cm.metadata).toEqual({ name: 'argo-rollouts-config', namespace: 'argo-rollouts' });
    expect(Object.keys(cm.data)).toEqual(['trafficRouterPlugins']);
    expect(yaml.load(cm.data['trafficRouterPlugins'] ?? '')).toEqual([
      { name: 'argoproj-labs/gatewayAPI', location: `file://${process.cwd()}/bin/plugin` },
    ]);
  });

  test('refuses Rollouts that name no plugin: the scenario would prove nothing', () => {
    // GIVEN / WHEN / THEN only replica-weighted Rollouts
    expect(() => pluginConfig([rollout(undefined)], '/bin/plugin', 'argo-rollouts')).toThrow(
      'the Rollouts name no traffic router plugin',
    );
  });

  test('refuses a plugin the pins lack, as the Platform does', () => {
    // GIVEN / WHEN / THEN a Rollout naming an unpinned plugin
    expect(() => pluginConfig([rollout({ 'acme/router': {} })], '/bin/plugin', 'argo-rollouts')).toThrow(
      "Rollouts use the traffic router plugin 'acme/router', which shipshape pins no release of",
    );
  });
});
