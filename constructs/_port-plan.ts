/** The ports step of a workload plan: its named ports checked and defaulted, the first one the main port. */
import { _checkPortName, _checkPortNumber, _checkUnique } from './_checks';
import { _fail, type _Where } from './_errors';
import { _props } from './_keys';
import { _array, _enumOr } from './_types';
import { _SERVICE_PORT_KEYS, Protocol, Transport, type ServicePort } from './port';

/** Named ports: names and numbers valid and unique, protocol known. */
export function _resolvePorts(at: _Where, prop: string, ports: unknown): Required<ServicePort>[] {
  const resolved = _array(at, prop, ports).map((raw, i) => {
    const p = _props<ServicePort>(at, `${prop}[${i}]`, raw, _SERVICE_PORT_KEYS);
    _checkPortName(at, `${prop}[${i}].name`, p.name);
    _checkPortNumber(at, `${prop}[${i}].port`, p.port);
    const transport = _enumOr(at, `${prop}[${i}].transport`, p.transport, Transport, Transport.TCP);
    if (transport !== Transport.TCP && p.protocol !== undefined && p.protocol !== Protocol.TCP) {
      _fail(
        at,
        `${prop}[${i}].protocol`,
        `must be unset or Protocol.TCP (opaque) on a ${transport} port`,
        p.protocol,
      );
    }
    // A port named like gRPC without a protocol would get HTTP probes and never become Ready.
    if (
      transport === Transport.TCP &&
      p.protocol === undefined &&
      typeof p.name === 'string' &&
      p.name.includes('grpc')
    ) {
      _fail(
        at,
        `${prop}[${i}].protocol`,
        `must be set for a port named '${p.name}': the default (HTTP) would probe it over HTTP`,
        p.protocol,
        'Use Protocol.GRPC (gRPC health probes) or Protocol.HTTP',
      );
    }
    const servicePort = p.servicePort ?? p.port;
    _checkPortNumber(at, `${prop}[${i}].servicePort`, servicePort);
    const protocol =
      transport !== Transport.TCP
        ? Protocol.TCP
        : _enumOr(at, `${prop}[${i}].protocol`, p.protocol, Protocol, Protocol.HTTP);
    return { name: p.name, port: p.port, protocol, servicePort, transport };
  });
  _checkUnique(
    at,
    prop,
    resolved.map((p) => p.name),
    'port name',
  );
  // Kubernetes keys container and Service ports by (number, protocol): a DNS server serves 53/TCP and 53/UDP.
  _checkUnique(
    at,
    prop,
    resolved.map((p) => `${p.port}/${p.transport}`),
    'port number on one transport',
  );
  _checkUnique(
    at,
    prop,
    resolved.map((p) => `${p.servicePort}/${p.transport}`),
    'service port on one transport',
  );
  return resolved;
}

/** A Service's ports (`ports`, at least one) and its main port, the first. */
export function _planServicePorts(
  at: _Where,
  raw: unknown,
): { readonly ports: Required<ServicePort>[]; readonly main: Required<ServicePort> } {
  if (raw === undefined) _fail(at, 'ports', 'must declare at least one port', raw);
  const ports = _resolvePorts(at, 'ports', raw);
  const [main] = ports;
  if (main === undefined) _fail(at, 'ports', 'must declare at least one port', raw);
  return { ports, main };
}
