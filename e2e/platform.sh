# Platform part of the end-to-end suite (sourced by e2e/run.sh on the oldest and the newest API server of the
# platform pins' Kubernetes range, v1.35.4 and v1.37.2): the CRDs of every pin of src/pulumi/platform/pins.ts,
# applied server-side and Established. external-secrets' 2.9.0 CRDs reach this machine through no registry
# (the Go module proxy serves its module up to v1.3.x): its v0.19.2 CRDs of ../shared stand in, and the check
# says so.
platform_crds() { # <dir>: every CRD file of the directory, server-side (some exceed the last-applied limit)
  k apply --server-side --field-manager=e2e -f "$1" >/dev/null || return 1
  k wait --for=condition=Established crd --all --timeout=60s >/dev/null || return 1
  echo "$(grep -l '^kind: CustomResourceDefinition' "$1"/*.yaml | wc -l) CRDs of $1 Established"
}
shared_crds() { # <file...> of ../shared/external/crds
  local f
  for f in "$@"; do k apply --server-side --field-manager=e2e -f "$CRDS/$f" >/dev/null || return 1; done
  k wait --for=condition=Established crd --all --timeout=60s >/dev/null && echo "Established: $*"
}

check "[$KVER] platform: Gateway API v1.7.0 standard channel CRDs" platform_crds "$CRDS/gateway-api/v1.7.0"
check "[$KVER] platform: Envoy Gateway v1.9.1 CRDs" platform_crds "$PLATFORM_CRDS/envoy-gateway"
check "[$KVER] platform: cert-manager v1.21.2 CRDs" platform_crds "$PLATFORM_CRDS/cert-manager"
check "[$KVER] platform: Argo CD v3.4.14 CRDs (argo-cd chart 10.1.1)" platform_crds "$PLATFORM_CRDS/argo-cd"
# The argo-rollouts chart 2.41.0 runs v1.10.2 (the pin raises its image); its CRDs equal v1.10.2's but for Datadog's
# requestTimeout. platform_crds needs a directory of CRD files only: the module's manifests/crds/ has a kustomization.
rollouts_crds() {
  local dir="$E2E_STATE/argo-rollouts-crds"
  mkdir -p "$dir" && cp "$ARGO_ROLLOUTS_CRDS"/*-crd.yaml "$dir/" && platform_crds "$dir"
}
check "[$KVER] platform: Argo Rollouts v1.10.2 CRDs (argo-rollouts chart 2.41.0)" rollouts_crds
check "[$KVER] platform: Prometheus Operator ServiceMonitor CRD (v0.93 line, kube-prometheus-stack 88.5.3)" \
  shared_crds monitoring.coreos.com_servicemonitors.yaml
check "[$KVER] platform: external-secrets CRDs (v0.19.2 of ../shared standing in for 2.9.0's)" \
  shared_crds external-secrets.io_externalsecrets.yaml external-secrets.io_clustersecretstores.yaml
