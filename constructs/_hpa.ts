import { k8s } from 'cdk8s-plus-27';
import type { Construct } from 'constructs';
import type { Autoscaling } from './microservice';

/**
 * @internal A service's HorizontalPodAutoscaler (child id `hpa`): CPU at 70% unless a utilization is given,
 * scaling `target` (the Deployment, or the Rollout that runs the pods of a delivered service).
 */
export function _createHpa(
  scope: Construct,
  metadata: { readonly name: string; readonly labels: Record<string, string> },
  hpa: Autoscaling,
  target: k8s.CrossVersionObjectReferenceV2,
): k8s.KubeHorizontalPodAutoscalerV2 {
  const cpu = hpa.cpuUtilization ?? (hpa.memoryUtilization === undefined ? 70 : undefined);
  const metric = (resource: string, averageUtilization: number): k8s.MetricSpecV2 => ({
    type: 'Resource',
    resource: { name: resource, target: { type: 'Utilization', averageUtilization } },
  });
  return new k8s.KubeHorizontalPodAutoscalerV2(scope, 'hpa', {
    metadata: { name: metadata.name, labels: metadata.labels },
    spec: {
      scaleTargetRef: target,
      minReplicas: hpa.minReplicas,
      maxReplicas: hpa.maxReplicas,
      metrics: [
        ...(cpu !== undefined ? [metric('cpu', cpu)] : []),
        ...(hpa.memoryUtilization !== undefined ? [metric('memory', hpa.memoryUtilization)] : []),
      ],
    },
  });
}
