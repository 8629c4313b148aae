/** The values of the pinned argo-cd chart (pins.ts), as the Platform installs it for `app.mode gitops`. */

/**
 * Chart defaults, except: the images of `version` (the pin set's `argoCdVersion`), and the CRDs installed and kept on uninstall
 * (deleting the Application CRD would delete every Application in the cluster, also those of other teams).
 * The chart already tracks resources with the label `argocd.argoproj.io/instance`, so Argo CD leaves the
 * `app.kubernetes.io/instance` label shipshape's objects carry alone.
 */
export function argoCdValues(version: string): Record<string, unknown> {
  return {
    global: { image: { tag: version } },
    crds: { install: true, keep: true },
  };
}
