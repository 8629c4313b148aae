import * as fc from 'fast-check';
import * as yaml from 'js-yaml';
import {
  ConfigMap,
  EnvFrom,
  EnvValue,
  Gateway,
  Ingress,
  Microservice,
  Probe,
  ServiceAccount,
  System,
} from '../../constructs';
import { renderOutput } from '../../src/synth/output';
import { synthesizeApp } from '../../src/synth/synthesize';
import { synth, type Obj } from './_helpers';
import { Testing } from 'cdk8s';

// Issue 18, "valid input refused": a legal label key such as `constructor` crashed serialization (cdk8s reads
// `obj.constructor.name`), and `__proto__` (a legal ConfigMap key and variable name) was at risk of setting a
// prototype. Every map that takes user keys must be safe for any legal key.

/** Legal label keys (and annotation keys), the ones named like Object.prototype members among them. */
const labelKey = fc.oneof(
  fc.constantFrom(
    'constructor',
    'toString',
    'hasOwnProperty',
    'valueOf',
    'isPrototypeOf',
    'prototype',
    'team',
  ),
  fc.stringMatching(/^[a-z][a-z0-9]{0,8}$/),
  fc.stringMatching(/^[a-z]{1,8}\.io\/[a-z][a-z0-9]{0,8}$/),
);
/** Legal ConfigMap keys and variable names, `__proto__` included. */
const configKey = fc.oneof(
  fc.constantFrom('__proto__', 'constructor', 'toString', 'hasOwnProperty', '__defineGetter__', 'valueOf'),
  fc.stringMatching(/^[A-Z_][A-Z0-9_]{0,8}$/),
);

function build(scope: import('cdk8s').App, label: string, key: string): System {
  const system = new System(scope, 'Store', {
    namespace: 'store',
    labels: { [label]: 'sys' },
    dns: { namespace: 'kube-system', podLabels: { [label]: 'dns' } },
    monitoring: { serviceMonitors: true, serviceMonitorLabels: { [label]: 'mon' } },
  });
  const common = new ConfigMap(system, 'common', { data: { [key]: 'shared' } });
  const sa = new ServiceAccount(system, 'identity', {
    annotations: { [label]: 'sa' },
    podLabels: { [`x.${label.replace(/.*\//, '')}`]: 'p' },
  });
  const web = new Microservice(system, 'web', {
    image: 'nginx:1.25.3',
    ports: [{ name: 'http', port: 8080 }],
    metrics: {},
    labels: { [label]: 'team' },
    podAnnotations: { [label]: 'pod' },
    envFrom: [EnvFrom.configMap(common)],
    env: { [key]: EnvValue.value('own') },
    config: { env: { [`C${key}`.replace(/[^A-Za-z0-9_]/g, '_')]: 'c' }, files: { [key]: 'file' } },
    probes: { readiness: Probe.http('/healthz', { headers: { [key.replace(/[^A-Za-z0-9_]/g, '_')]: 'h' } }) },
    serviceAccount: sa,
  });
  new Gateway(system, 'public', { annotations: { [label]: 'gw' }, rules: [{ routes: [{ backend: web }] }] });
  new Ingress(system, 'legacy', {
    controller: { namespace: 'ingress-nginx', podLabels: { [label]: 'nginx' } },
    annotations: { [label]: 'ing' },
    rules: [{ host: 'legacy.example.com', routes: [{ backend: web }] }],
  });
  return system;
}

describe('maps of user keys take any legal key', () => {
  test('constructor, __proto__ and every Object.prototype name synthesize, through cdk8s and the pipeline', () => {
    fc.assert(
      fc.property(labelKey, configKey, (label, key) => {
        // GIVEN a System whose every map holds the keys
        const app = Testing.app();
        const system = build(app, label, key);
        // WHEN synthesized by cdk8s (Testing.synth) and by the pipeline (YAML)
        const objects = synth(system);
        const [s] = synthesizeApp({ build: (scope) => void build(scope, label, key) });
        const tree = renderOutput([s!]);
        const web = yaml.loadAll(tree.get('store/web.yaml')!) as Obj[];
        // THEN every key is there with its value, an own key of the output
        for (const out of [objects, web]) {
          const d = out.find((o) => o.kind === 'Deployment')!;
          expect(Object.prototype.hasOwnProperty.call(d.metadata.labels!, label)).toBe(true);
          expect([d.metadata.labels![label], d.spec.template.metadata.labels[label]]).toEqual([
            'team',
            'team',
          ]);
          expect(d.spec.template.metadata.annotations[label]).toBe('pod');
          expect(d.spec.template.spec.containers[0].env).toContainEqual({ name: key, value: 'own' });
        }
        const cm = objects.find((o) => o.kind === 'ConfigMap' && o.metadata.name === 'common')!;
        expect(Object.getOwnPropertyDescriptor(cm.data, key)?.value).toBe('shared');
        const own = objects.find((o) => o.kind === 'ConfigMap' && o.metadata.name === 'web-config')!;
        expect(Object.getOwnPropertyDescriptor(own.data, key)?.value).toBe('file');
        for (const o of objects)
          expect([o.kind, o.metadata.labels?.[label]]).toEqual([o.kind, expect.any(String)]);
        const sm = objects.find((o) => o.kind === 'ServiceMonitor')!;
        expect(sm.metadata.labels![label]).toBe('mon');
        const gw = objects.find((o) => o.kind === 'Gateway')!;
        expect(gw.metadata.annotations![label]).toBe('gw');
        const ing = objects.find((o) => o.kind === 'Ingress')!;
        expect(ing.metadata.annotations![label]).toBe('ing');
        const saObj = objects.find((o) => o.kind === 'ServiceAccount')!;
        expect(saObj.metadata.annotations![label]).toBe('sa');
        const dns = objects.find((o) => o.kind === 'NetworkPolicy' && o.metadata.name === 'allow-dns')!;
        expect(dns.spec.egress[0].to[0].podSelector.matchLabels[label]).toBe('dns');
      }),
      {
        numRuns: 40,
        examples: [
          ['constructor', '__proto__'],
          ['toString', 'constructor'],
        ],
      },
    );
  });
});
