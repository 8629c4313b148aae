/** The external-secrets ClusterSecretStore for Vault, as a plain object. */

export interface VaultSecretStoreOptions {
  /** Store name the ExternalSecrets reference (`profile.secrets.clusterSecretStore`). */
  readonly name: string;
  /** Vault address. */
  readonly server: string;
  /** KV v2 mount. */
  readonly path: string;
  /** Token auth: the Secret holding the token; otherwise Kubernetes auth with `role`. */
  readonly tokenSecret?:
    | { readonly name: string; readonly namespace: string; readonly key: string }
    | undefined;
  /** Vault role for Kubernetes auth. */
  readonly role: string;
  /** ServiceAccount of the external-secrets controller (Kubernetes auth logs in as it). */
  readonly serviceAccount: { readonly name: string; readonly namespace: string };
}

/** An `external-secrets.io/v1` ClusterSecretStore backed by Vault KV v2. */
export function vaultSecretStore(options: VaultSecretStoreOptions) {
  const auth = options.tokenSecret
    ? { tokenSecretRef: { ...options.tokenSecret } }
    : {
        kubernetes: {
          mountPath: 'kubernetes',
          role: options.role,
          serviceAccountRef: { ...options.serviceAccount },
        },
      };
  return {
    apiVersion: 'external-secrets.io/v1',
    kind: 'ClusterSecretStore',
    metadata: { name: options.name },
    spec: { provider: { vault: { server: options.server, path: options.path, version: 'v2', auth } } },
  };
}
