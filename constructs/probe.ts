import type { Duration } from 'cdk8s';
import { k8s } from 'cdk8s-plus-27';
import { _checkInt } from './_checks';
import { _fail, type _Where } from './_errors';
import { _keys, _checkKeys } from './_keys';
import { _entries, _record, _seconds, _string, _strings } from './_types';
import { Protocol, type ServicePort } from './port';

/** Timing of a probe. */
export interface ProbeOptions {
  /**
   * Delay before the first probe.
   * @default - none (use a startup probe for slow starters)
   */
  readonly initialDelay?: Duration;
  /**
   * Interval between probes.
   * @default Duration.seconds(10)
   */
  readonly period?: Duration;
  /**
   * Time after which one probe counts as failed.
   * @default Duration.seconds(1)
   */
  readonly timeout?: Duration;
  /**
   * Consecutive failures before the probe gives up.
   * @default 3
   */
  readonly failureThreshold?: number;
}

const PROBE_OPTIONS = ['initialDelay', 'period', 'timeout', 'failureThreshold'];
const PROBE_OPTIONS_KEYS = _keys('ProbeOptions', PROBE_OPTIONS);

/** Options of a probe that targets a port of the workload. */
export interface PortProbeOptions extends ProbeOptions {
  /**
   * Port name or number of the workload to probe.
   * @default - the workload's main port
   */
  readonly port?: string | number;
}

const PORT_PROBE_OPTIONS = [...PROBE_OPTIONS, 'port'];
const PORT_PROBE_OPTIONS_KEYS = _keys('PortProbeOptions', PORT_PROBE_OPTIONS);

/** Options of an HTTP probe. */
export interface HttpProbeOptions extends PortProbeOptions {
  /**
   * Scheme of the request.
   * @default 'HTTP'
   */
  readonly scheme?: 'HTTP' | 'HTTPS';
  /**
   * HTTP headers of the request (e.g. `Host` for a virtual host, `Accept`).
   * @default - none
   */
  readonly headers?: Readonly<Record<string, string>>;
}

const HTTP_PROBE_OPTIONS_KEYS = _keys('HttpProbeOptions', [...PORT_PROBE_OPTIONS, 'scheme', 'headers']);

/** Options of a gRPC probe. */
export interface GrpcProbeOptions extends PortProbeOptions {
  /**
   * Service name sent in the grpc.health.v1 request.
   * @default - the server's overall health
   */
  readonly service?: string;
}

const GRPC_PROBE_OPTIONS_KEYS = _keys('GrpcProbeOptions', [...PORT_PROBE_OPTIONS, 'service']);

type Action =
  | {
      readonly kind: 'http';
      readonly path: string;
      readonly scheme?: string | undefined;
      readonly headers?: unknown;
      readonly pathProp?: string | undefined;
    }
  | { readonly kind: 'grpc'; readonly service?: string | undefined }
  | { readonly kind: 'tcp' }
  | { readonly kind: 'exec'; readonly command: readonly string[] };

/** A liveness, readiness or startup check. */
export class Probe {
  /** An HTTP GET that must answer 200–399. */
  public static http(path: string, options: HttpProbeOptions = {}): Probe {
    const o = options ?? {};
    return new Probe({ kind: 'http', path, scheme: o.scheme, headers: o.headers }, o, o.port);
  }

  /** A native gRPC health check (grpc.health.v1.Health/Check). */
  public static grpc(options: GrpcProbeOptions = {}): Probe {
    const o = options ?? {};
    return new Probe({ kind: 'grpc', service: o.service }, o, o.port);
  }

  /** A TCP connect. */
  public static tcp(options: PortProbeOptions = {}): Probe {
    const o = options ?? {};
    return new Probe({ kind: 'tcp' }, o, o.port);
  }

  /** A command run in the container; exit code 0 is healthy. */
  public static exec(command: readonly string[], options: ProbeOptions = {}): Probe {
    // Copied when it is an array; anything else is refused, naming the prop, when rendered.
    const copy = (Array.isArray(command) ? [...(command as string[])] : command) as readonly string[];
    return new Probe({ kind: 'exec', command: copy }, options ?? {}, undefined);
  }

  /**
   * @internal The default probe for a port: HTTP GET of `healthPath`, gRPC health, or TCP connect;
   * `pathProp` names the caller's prop of the path in errors.
   */
  public static _forPort(port: Required<ServicePort>, healthPath: string, pathProp?: string): Probe {
    switch (port.protocol) {
      case Protocol.HTTP:
        return new Probe({ kind: 'http', path: healthPath, pathProp }, {}, port.name);
      case Protocol.GRPC:
        return Probe.grpc({ port: port.name });
      default:
        return Probe.tcp({ port: port.name });
    }
  }

  private constructor(
    private readonly action: Action,
    private readonly options: ProbeOptions,
    private readonly port: string | number | undefined,
  ) {}

  /** @internal Renders the probe for a container whose ports are `ports` (the first is the main port). */
  public _render(scope: _Where, prop: string, ports: readonly Required<ServicePort>[]): k8s.Probe {
    const o = _record<ProbeOptions>(scope, `${prop}.options`, this.options);
    // Option keys are named beside the probe's other props (`probes.readiness.timeout`).
    _checkKeys(scope, prop, o, OPTION_KEYS[this.action.kind]);
    const failureThreshold = o.failureThreshold ?? 3;
    _checkInt(scope, `${prop}.failureThreshold`, failureThreshold, 1);
    const timing: k8s.Probe = {
      ...(o.initialDelay !== undefined && {
        initialDelaySeconds: _seconds(scope, `${prop}.initialDelay`, o.initialDelay, 0),
      }),
      // 0 would be replaced by the API server's default (10 s), not honored: refuse it.
      periodSeconds: o.period === undefined ? 10 : _seconds(scope, `${prop}.period`, o.period, 1),
      timeoutSeconds: o.timeout === undefined ? 1 : _seconds(scope, `${prop}.timeout`, o.timeout, 1),
      failureThreshold,
    };
    const a = this.action;
    if (a.kind === 'exec') {
      const command = _strings(scope, `${prop}.command`, a.command);
      if (command.length === 0) _fail(scope, `${prop}.command`, 'must not be empty', a.command);
      return { exec: { command: [...command] }, ...timing };
    }
    const port = this.resolvePort(scope, prop, ports);
    switch (a.kind) {
      case 'http': {
        const pathProp = a.pathProp ?? `${prop}.path`;
        if (typeof a.path !== 'string' || !a.path.startsWith('/') || /\s/.test(a.path)) {
          _fail(scope, pathProp, "must be an absolute URL path starting with '/' and without spaces", a.path);
        }
        if (a.scheme !== undefined && a.scheme !== 'HTTP' && a.scheme !== 'HTTPS')
          _fail(scope, `${prop}.scheme`, 'must be one of HTTP, HTTPS', a.scheme);
        return {
          httpGet: {
            path: a.path,
            port: k8s.IntOrString.fromString(port.name),
            ...(a.scheme !== undefined && { scheme: a.scheme }),
            ...(a.headers !== undefined && { httpHeaders: headers(scope, `${prop}.headers`, a.headers) }),
          },
          ...timing,
        };
      }
      case 'grpc':
        return {
          grpc: {
            port: port.port,
            ...(a.service !== undefined && { service: _string(scope, `${prop}.service`, a.service) }),
          },
          ...timing,
        };
      case 'tcp':
        return { tcpSocket: { port: k8s.IntOrString.fromString(port.name) }, ...timing };
    }
  }

  private resolvePort(
    scope: _Where,
    prop: string,
    ports: readonly Required<ServicePort>[],
  ): Required<ServicePort> {
    if (ports.length === 0)
      _fail(
        scope,
        prop,
        'needs a port to probe, but the container declares none',
        this.port,
        'Use Probe.exec()',
      );
    const chosen = this.port === undefined ? ports[0] : undefined;
    if (chosen) return this.tcpOnly(scope, prop, chosen);
    // By number, the TCP port of that number (the kubelet probes over TCP), else the first.
    const found =
      ports.find((p) => p.name === this.port) ??
      ports.find((p) => p.port === this.port && p.transport === 'TCP') ??
      ports.find((p) => p.port === this.port);
    if (!found) {
      _fail(
        scope,
        `${prop}.port`,
        `must be a port of the container (${ports.map((p) => `${p.name}/${p.port}`).join(', ')})`,
        this.port,
      );
    }
    return this.tcpOnly(scope, prop, found);
  }

  private tcpOnly(scope: _Where, prop: string, port: Required<ServicePort>): Required<ServicePort> {
    if (port.transport !== 'TCP')
      _fail(
        scope,
        `${prop}.port`,
        `must be a TCP port: the kubelet probes over TCP`,
        `${port.name}/${port.transport}`,
        'Use Probe.exec()',
      );
    return port;
  }
}

const OPTION_KEYS = {
  http: HTTP_PROBE_OPTIONS_KEYS,
  grpc: GRPC_PROBE_OPTIONS_KEYS,
  tcp: PORT_PROBE_OPTIONS_KEYS,
  exec: PROBE_OPTIONS_KEYS,
} as const;

// RFC 7230 token: the header names the kubelet sends.
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

function headers(scope: _Where, prop: string, raw: unknown): k8s.HttpHeader[] {
  return _entries(scope, prop, raw).map(([name, value]) => {
    if (!HEADER_NAME.test(name)) _fail(scope, prop, 'must use HTTP header names (RFC 7230 tokens)', name);
    const v = _string(scope, `${prop}.${name}`, value);
    if (/[\r\n\0]/.test(v)) _fail(scope, `${prop}.${name}`, 'must not contain line breaks or NUL', v);
    return { name, value: v };
  });
}
