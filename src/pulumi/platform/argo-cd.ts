/** The values of the pinned argo-cd chart (charts.ts), as the Platform installs it for `app.mode gitops`. */
import { ARGO_CD_VERSION } from './charts';

/**
 * Chart defaults, except: the images of {@link ARGO_CD_VERSION}, and the CRDs installed and kept on uninstall
 * (deleting the Application CRD would delete every Application in the cluster, also those of other teams).
 * The chart already tracks resources with the label `argocd.argoproj.io/instance`, so Argo CD leaves the
 * `app.kubernetes.io/instance` label shipshape's objects carry alone.
 */
export function argoCdValues(): Record<string, unknown> {
  return {
    global: { image: { tag: ARGO_CD_VERSION } },
    crds: { install: true, keep: true },
  };
}
