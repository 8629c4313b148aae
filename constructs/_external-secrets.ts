import { _checkDnsLabel, _checkGoDuration } from './_checks';
import { _fail, type _Where } from './_errors';
import { _KEYS, _props } from './_keys';
import type { ExternalSecretsOptions } from './secret';

/** Brand of SecretStore instances (a runtime check without an import cycle: secret.ts imports system.ts). */
export const _SECRET_STORE = Symbol.for('shipshape.SecretStore');

/** ExternalSecrets options (a System's default or a Secret's own), every field checked. */
export function _resolveExternalSecrets(at: _Where, prop: string, raw: unknown): ExternalSecretsOptions {
  const e = _props<ExternalSecretsOptions>(at, prop, raw, _KEYS.externalSecrets);
  const store = e.store as unknown;
  if (typeof store !== 'object' || store === null || !(_SECRET_STORE in store))
    _fail(at, `${prop}.store`, 'must be a SecretStore', store, "Use SecretStore.cluster('name')");
  _checkGoDuration(at, `${prop}.refreshInterval`, e.refreshInterval ?? '1h');
  _checkDnsLabel(at, `${prop}.store.name`, e.store.name, 253);
  if (typeof e.remotePrefix !== 'string' || e.remotePrefix === '')
    _fail(at, `${prop}.remotePrefix`, 'must be a non-empty string', e.remotePrefix);
  return e;
}
