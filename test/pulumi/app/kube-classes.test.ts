import * as k8s from '@pulumi/kubernetes';
import {
  apiGroup,
  isCustomKind,
  resourceName,
  tierOf,
  typedClassOf,
} from '../../../src/pulumi/app/kube-classes';
import type { KubeObject } from '../../../src/synth/files';
import { systemObjects } from '../support/fixtures';

const object = (apiVersion: string, kind: string, namespace?: string): KubeObject => ({
  apiVersion,
  kind,
  metadata: namespace === undefined ? { name: 'x' } : { name: 'x', namespace },
});

describe('kube-classes', () => {
  it('maps built-in kinds to their typed @pulumi/kubernetes classes', () => {
    expect(typedClassOf(object('apps/v1', 'Deployment'))).toBe(k8s.apps.v1.Deployment);
    expect(typedClassOf(object('v1', 'Service'))).toBe(k8s.core.v1.Service);
    expect(typedClassOf(object('autoscaling/v2', 'HorizontalPodAutoscaler'))).toBe(
      k8s.autoscaling.v2.HorizontalPodAutoscaler,
    );
    expect(typedClassOf(object('networking.k8s.io/v1', 'NetworkPolicy'))).toBe(
      k8s.networking.v1.NetworkPolicy,
    );
  });

  it('has a typed class and a tier for every built-in kind of the fixture system', () => {
    for (const o of systemObjects('external-secrets').filter((o) => !isCustomKind(o))) {
      expect(() => typedClassOf(o)).not.toThrow();
      expect(() => tierOf(o)).not.toThrow();
    }
  });

  it('says where to add a kind it does not know', () => {
    expect(() => typedClassOf(object('apps/v1beta1', 'Deployment'))).toThrow(
      'apps/v1beta1 Deployment x has no typed @pulumi/kubernetes class in src/pulumi/app/kube-classes.ts: add it to TYPED_CLASSES and TIER_OF_KIND',
    );
  });

  it('tells CRD kinds from built-in ones by API group', () => {
    expect(apiGroup('v1')).toBe('');
    expect(apiGroup('external-secrets.io/v1')).toBe('external-secrets.io');
    expect(isCustomKind(object('monitoring.coreos.com/v1', 'ServiceMonitor'))).toBe(true);
    expect(isCustomKind(object('networking.k8s.io/v1', 'Ingress'))).toBe(false);
    // Gateway API is under k8s.io, yet served by CRDs the platform installs
    expect(isCustomKind(object('gateway.networking.k8s.io/v1', 'HTTPRoute'))).toBe(true);
    expect(isCustomKind(object('apps/v1', 'Deployment'))).toBe(false);
  });

  it('orders NetworkPolicies before pods, Services with workloads, secret producers with config', () => {
    expect(tierOf(object('v1', 'Namespace'))).toBe('namespaces');
    expect(tierOf(object('v1', 'Secret'))).toBe('config');
    expect(tierOf(object('external-secrets.io/v1', 'ExternalSecret'))).toBe('config');
    expect(tierOf(object('networking.k8s.io/v1', 'NetworkPolicy'))).toBe('policies');
    expect(tierOf(object('v1', 'Service'))).toBe('workloads');
    expect(tierOf(object('policy/v1', 'PodDisruptionBudget'))).toBe('workloads');
    expect(tierOf(object('networking.k8s.io/v1', 'Ingress'))).toBe('edge');
    expect(tierOf(object('gateway.networking.k8s.io/v1', 'Gateway'))).toBe('edge');
    expect(tierOf(object('gateway.networking.k8s.io/v1', 'GRPCRoute'))).toBe('edge');
    expect(tierOf(object('monitoring.coreos.com/v1', 'ServiceMonitor'))).toBe('extensions');
    // a Rollout runs the pods its Service waits for; its AnalysisTemplate comes with the config
    expect(tierOf(object('argoproj.io/v1alpha1', 'Rollout'))).toBe('workloads');
    expect(tierOf(object('argoproj.io/v1alpha1', 'AnalysisTemplate'))).toBe('config');
    expect(tierOf(object('argoproj.io/v1alpha1', 'Application'))).toBe('extensions');
  });

  it('names resources stably: <kind>-<namespace>-<name>', () => {
    expect(resourceName(object('apps/v1', 'Deployment', 'delinkcious'))).toBe('deployment-delinkcious-x');
    expect(resourceName(object('v1', 'Namespace'))).toBe('namespace-x');
  });
});
