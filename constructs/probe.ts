import { Duration } from 'cdk8s';
import { k8s } from 'cdk8s-plus-27';
import type { IConstruct } from 'constructs';
import { _checkInt } from './_checks';
import { _fail } from './_errors';
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

/** Options of a probe that targets a port of the workload. */
export interface PortProbeOptions extends ProbeOptions {
  /**
   * Port name or number of the workload to probe.
   * @default - the workload's main port
   */
  readonly port?: string | number;
}

/** Options of an HTTP probe. */
export interface HttpProbeOptions extends PortProbeOptions {
  /**
   * Scheme of the request.
   * @default 'HTTP'
   */
  readonly scheme?: 'HTTP' | 'HTTPS';
}

/** Options of a gRPC probe. */
export interface GrpcProbeOptions extends PortProbeOptions {
  /**
   * Service name sent in the grpc.health.v1 request.
   * @default - the server's overall health
   */
  readonly service?: string;
}

type Action =
  | { readonly kind: 'http'; readonly path: string; readonly scheme?: string }
  | { readonly kind: 'grpc'; readonly service?: string }
  | { readonly kind: 'tcp' }
  | { readonly kind: 'exec'; readonly command: readonly string[] };

/** A liveness, readiness or startup check. */
export class Probe {
  /** An HTTP GET that must answer 200–399. */
  public static http(path: string, options: HttpProbeOptions = {}): Probe {
    return new Probe({ kind: 'http', path, scheme: options.scheme }, options, options.port);
  }

  /** A native gRPC health check (grpc.health.v1.Health/Check). */
  public static grpc(options: GrpcProbeOptions = {}): Probe {
    return new Probe({ kind: 'grpc', service: options.service }, options, options.port);
  }

  /** A TCP connect. */
  public static tcp(options: PortProbeOptions = {}): Probe {
    return new Probe({ kind: 'tcp' }, options, options.port);
  }

  /** A command run in the container; exit code 0 is healthy. */
  public static exec(command: readonly string[], options: ProbeOptions = {}): Probe {
    return new Probe({ kind: 'exec', command: [...command] }, options, undefined);
  }

  /** @internal The default probe for a port: HTTP GET of `healthPath`, gRPC health, or TCP connect. */
  public static _forPort(port: Required<ServicePort>, healthPath: string): Probe {
    switch (port.protocol) {
      case Protocol.HTTP:
        return Probe.http(healthPath, { port: port.name });
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
  public _render(scope: IConstruct, prop: string, ports: readonly Required<ServicePort>[]): k8s.Probe {
    const o = this.options;
    if (o.failureThreshold !== undefined) _checkInt(scope, `${prop}.failureThreshold`, o.failureThreshold, 1);
    const timing: k8s.Probe = {
      initialDelaySeconds: o.initialDelay?.toSeconds(),
      periodSeconds: (o.period ?? Duration.seconds(10)).toSeconds(),
      timeoutSeconds: (o.timeout ?? Duration.seconds(1)).toSeconds(),
      failureThreshold: o.failureThreshold ?? 3,
    };
    const a = this.action;
    if (a.kind === 'exec') {
      if (a.command.length === 0) _fail(scope, `${prop}.command`, 'must not be empty', a.command);
      return { exec: { command: [...a.command] }, ...timing };
    }
    const port = this.resolvePort(scope, prop, ports);
    switch (a.kind) {
      case 'http':
        if (typeof a.path !== 'string' || !a.path.startsWith('/') || /\s/.test(a.path)) {
          _fail(
            scope,
            `${prop}.path`,
            "must be an absolute URL path starting with '/' and without spaces",
            a.path,
          );
        }
        return {
          httpGet: { path: a.path, port: k8s.IntOrString.fromString(port.name), scheme: a.scheme },
          ...timing,
        };
      case 'grpc':
        return { grpc: { port: port.port, service: a.service }, ...timing };
      case 'tcp':
        return { tcpSocket: { port: k8s.IntOrString.fromString(port.name) }, ...timing };
    }
  }

  private resolvePort(
    scope: IConstruct,
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
    if (this.port === undefined) return ports[0];
    const found = ports.find((p) => p.name === this.port || p.port === this.port);
    if (!found) {
      _fail(
        scope,
        `${prop}.port`,
        `must be a port of the container (${ports.map((p) => `${p.name}/${p.port}`).join(', ')})`,
        this.port,
      );
    }
    return found;
  }
}
