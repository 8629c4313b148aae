import * as yaml from 'js-yaml';
import { relocate, templateNamespace } from '../../../src/synth/helm/relocate';
import type { KubeObject } from '../../../src/synth/files';

/** What Helm makes of the two template actions `templateNamespace` writes. */
const render = (text: string, ns: string): unknown =>
  yaml.load(
    text
      .replaceAll('{{ .Release.Namespace | quote }}', JSON.stringify(ns))
      .replaceAll('{{ .Release.Namespace }}', ns),
  );

describe('relocate + templateNamespace', () => {
  test('templates the namespace slots and in-cluster DNS names of the own namespace only', () => {
    // GIVEN an object naming its own namespace and two foreign ones
    const obj: KubeObject = {
      apiVersion: 'v1',
      kind: 'Thing',
      metadata: { name: 'shop', namespace: 'shop', labels: { 'app.kubernetes.io/part-of': 'shop' } },
      subjects: [{ kind: 'ServiceAccount', name: 'a', namespace: 'shop' }],
      namespaceSelector: { matchNames: ['shop'] },
      peers: [
        { namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'shop' } } },
        { namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'ingress-nginx' } } },
      ],
      env: [
        'db.shop.svc',
        'nats://n-0.n.shop.svc:6222,nats://n-1.n.shop.svc:6222',
        'db.shopping.svc',
        'shop',
      ],
    };
    // WHEN it is relocated, dumped and rendered into namespace "yes" (a YAML 1.1 boolean look-alike)
    const text = templateNamespace(yaml.dump(relocate([obj], 'shop')[0]));
    // THEN every own-namespace slot follows the release; names, labels and other namespaces stay
    expect(render(text, 'yes')).toEqual({
      ...obj,
      metadata: { ...obj.metadata, namespace: 'yes' },
      subjects: [{ kind: 'ServiceAccount', name: 'a', namespace: 'yes' }],
      namespaceSelector: { matchNames: ['yes'] },
      peers: [
        { namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'yes' } } },
        { namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'ingress-nginx' } } },
      ],
      env: ['db.yes.svc', 'nats://n-0.n.yes.svc:6222,nats://n-1.n.yes.svc:6222', 'db.shopping.svc', 'shop'],
    });
  });

  test("templates the namespace matcher of an AnalysisTemplate's PromQL query, and nothing else of it", () => {
    // GIVEN a query of the own namespace's series, naming another namespace's service too
    const query =
      'sum(rate(x{namespace="shop",service="web",job="shopping"}[2m])) / sum(rate(y{namespace="shopping"}[2m]))';
    const obj: KubeObject = {
      apiVersion: 'argoproj.io/v1alpha1',
      kind: 'AnalysisTemplate',
      metadata: { name: 'web', namespace: 'shop' },
      spec: { metrics: [{ provider: { prometheus: { query, address: 'http://p.monitoring.svc:9090' } } }] },
    };
    // WHEN relocated into "team-a"
    const out = render(templateNamespace(yaml.dump(relocate([obj], 'shop')[0])), 'team-a') as typeof obj;
    // THEN only the exact own-namespace matcher follows the release
    expect(
      (out.spec as { metrics: { provider: { prometheus: { query: string } } }[] }).metrics[0]?.provider
        .prometheus.query,
    ).toBe(
      'sum(rate(x{namespace="team-a",service="web",job="shopping"}[2m])) / sum(rate(y{namespace="shopping"}[2m]))',
    );
  });

  test('leaves the input objects unchanged', () => {
    // GIVEN
    const obj: KubeObject = {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'c', namespace: 'shop' },
    };
    // WHEN
    relocate([obj], 'shop');
    // THEN
    expect(obj.metadata.namespace).toBe('shop');
  });
});
