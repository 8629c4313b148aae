import { _keys } from './_keys';
import type { ConfigMap } from './config-map';
import type { Secret } from './secret';

/** Options of {@link EnvFrom}. */
export interface EnvFromOptions {
  /**
   * Prefix of every variable, e.g. `CACHE_` (Kubernetes' `prefix`).
   * @default - none
   */
  readonly prefix?: string;
  /**
   * Start the container even when the ConfigMap does not exist (a ConfigMap by name only).
   * @default false
   */
  readonly optional?: boolean;
}

export const _ENV_FROM_OPTIONS_KEYS = _keys('EnvFromOptions', ['prefix', 'optional']);

/** What an {@link EnvFrom} reads, unchecked (checked where a workload takes it, naming the caller's prop). */
export type _EnvFromSource =
  | { readonly kind: 'configMap'; readonly configMap: unknown; readonly options: unknown }
  | { readonly kind: 'secret'; readonly secret: unknown; readonly options: unknown };

/**
 * Every key of a ConfigMap or a Secret as environment variables of a container (Kubernetes' `envFrom`), for
 * configuration several workloads share. Variables the container's `env` defines take precedence.
 */
export class EnvFrom {
  /**
   * Every key of a ConfigMap: a {@link ConfigMap} of the System (its readers roll when its content changes, and
   * the services its values name by address become dependencies), or the name of one the System does not own.
   */
  public static configMap(configMap: ConfigMap | string, options: EnvFromOptions = {}): EnvFrom {
    return new EnvFrom({ kind: 'configMap', configMap, options });
  }

  /** Every declared key of a {@link Secret} of the System (a declared Secret: its values never reach the output). */
  public static secret(secret: Secret, options: Omit<EnvFromOptions, 'optional'> = {}): EnvFrom {
    return new EnvFrom({ kind: 'secret', secret, options });
  }

  private constructor(/** @internal */ public readonly _source: _EnvFromSource) {}
}
