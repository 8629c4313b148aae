import { _keys } from './_keys';

/** What a port speaks; it selects the default probe and the Service's `appProtocol`. */
export enum Protocol {
  /** HTTP/1.1 or h2c: httpGet probes. */
  HTTP = 'http',
  /** gRPC: native gRPC health probes (the server must implement grpc.health.v1). */
  GRPC = 'grpc',
  /** Any other TCP protocol (databases, NATS, Redis): tcpSocket probes. */
  TCP = 'tcp',
}

/** The transport protocol of a port. */
export enum Transport {
  /** TCP. */
  TCP = 'TCP',
  /** UDP (DNS servers, syslog, QUIC): such a port cannot be probed, so probes must be given. */
  UDP = 'UDP',
  /** SCTP (telecom signalling). */
  SCTP = 'SCTP',
}

/** A named port of a workload; the first one of a workload is its main port. */
export interface ServicePort {
  /** IANA service name of the port (at most 15 characters), e.g. `http`. */
  readonly name: string;
  /** Port the container listens on. */
  readonly port: number;
  /**
   * Protocol spoken on the port.
   * @default Protocol.HTTP
   */
  readonly protocol?: Protocol;
  /**
   * Transport of the port; with UDP or SCTP, `protocol` must be left unset or `Protocol.TCP` (opaque).
   * @default Transport.TCP
   */
  readonly transport?: Transport;
  /**
   * Port number on the Service.
   * @default - same as `port`
   */
  readonly servicePort?: number;
}

export const _SERVICE_PORT_KEYS = _keys('ServicePort', [
  'name',
  'port',
  'protocol',
  'transport',
  'servicePort',
]);
