// The descriptions of the built-in chart values are the TSDoc of the props they come from: values.yaml and the
// chart README say what the API reference says.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { resolveValues } from '../../src/synth/helm/values';
import { shop } from '../synth/helm/_shop';

/** The first TSDoc line of `prop` in `iface` of a constructs/ file. */
function tsdoc(file: string, iface: string, prop: string): string {
  const text = fs.readFileSync(path.join(__dirname, '..', '..', 'constructs', file), 'utf8');
  const body = text.slice(text.indexOf(`export interface ${iface} `));
  const before = body.slice(
    0,
    body.indexOf(`readonly ${prop}?:`) >= 0
      ? body.indexOf(`readonly ${prop}?:`)
      : body.indexOf(`readonly ${prop}:`),
  );
  const doc = before.slice(before.lastIndexOf('/**') + 3, before.lastIndexOf('*/'));
  return (
    doc
      .split('\n')
      .map((l) => l.replace(/^\s*\*?\s?/, '').trim())
      .find((l) => l !== '') ?? ''
  );
}

describe('built-in chart value descriptions', () => {
  const values = new Map(resolveValues(shop()).values.map((v) => [v.key, v.description]));
  test.each([
    ['web.image', 'workload.ts', 'WorkloadProps', 'image'],
    ['web.resources', 'workload.ts', 'WorkloadProps', 'resources'],
    ['web.replicas', 'microservice.ts', 'MicroserviceProps', 'replicas'],
    ['web.config', 'microservice.ts', 'MicroserviceProps', 'config'],
    ['api.autoscaling.minReplicas', 'microservice.ts', 'Autoscaling', 'minReplicas'],
    ['api.autoscaling.maxReplicas', 'microservice.ts', 'Autoscaling', 'maxReplicas'],
    ['ordersDb.replicas', 'stateful-service.ts', 'StatefulServiceProps', 'replicas'],
    ['consumer.replicas', 'worker.ts', 'WorkerProps', 'replicas'],
    ['public.tls', 'gateway.ts', 'GatewayProps', 'tls'],
  ])('%s is the TSDoc of %s %s.%s', (key, file, iface, prop) => {
    expect(values.get(key)).toBe(tsdoc(file, iface, prop));
  });
});
