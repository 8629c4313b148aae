#!/usr/bin/env bash
# Builds the real engines the end-to-end suite runs, once, into versioned caches under ~/.cache:
#   kubernetes-v1.27.16  kube-apiserver, kube-controller-manager, kube-scheduler (the minikube line)
#   kubernetes-v1.37.2   kube-apiserver, kubectl (the newest stable release the Go module proxy serves)
#   etcd-3.4.23          etcd from Debian's etcd-server package (extracted, no service installed)
#   kwok-v0.8.0          kwok (fake nodes and pods)
#   helm-v3.21.4         helm 3 (the newest approved v3; the same version .ci/crosscheck builds)
#   pulumi-v3.248.0      the Pulumi CLI, its Node.js language host and the kubernetes, random, command providers,
#                        from ../shared/external/pulumi-src (the parts the Go module proxy lacks) + the proxy
# A cache directory counts only once its `.complete` stamp is written, so an interrupted build is redone.
# Usage: e2e/tools.sh [tool ...]   (default: all); prints `NAME=path` lines for the built tools on stdout.
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
ROOT="$(dirname "$HERE")"
CACHE_ROOT="${SHIPSHAPE_TOOLS_CACHE:-$HOME/.cache}"
PULUMI_SRC="${SHIPSHAPE_PULUMI_SRC:-$ROOT/../shared/external/pulumi-src}"

K8S_OLD=1.27.16
K8S_NEW=1.37.2
ETCD_DEB_VERSION=3.4.23
KWOK_VERSION=v0.8.0
HELM_VERSION=v3.21.4
PULUMI_VERSION=3.248.0

log() { printf '[tools %(%H:%M:%S)T] %s\n' -1 "$*" >&2; }
now() { date +%s; }

# Runs the build function $2 into a fresh cache directory $1 unless it is complete already.
cached() {
  local dir="$1" fn="$2"
  shift 2
  if [ -f "$dir/.complete" ]; then return 0; fi
  rm -rf "$dir"
  mkdir -p "$dir"
  local t0 work
  t0=$(now)
  work="$(mktemp -d "${TMPDIR:-/tmp}/shipshape-tools.XXXXXX")"
  log "building $(basename "$dir") (log: $work/build.log)"
  # Not inside `if`: bash would then ignore `set -e` in the build function, and a failed step would pass.
  local status=0
  set +e
  (
    set -e
    cd "$work"
    "$fn" "$dir" "$@"
  ) >"$work/build.log" 2>&1
  status=$?
  set -e
  if [ "$status" -ne 0 ]; then
    tail -n 60 "$work/build.log" >&2
    log "FAILED: $(basename "$dir")"
    return 1
  fi
  echo "$(($(now) - t0))" >"$dir/.build-seconds"
  date -u +%FT%TZ >"$dir/.complete"
  log "built $(basename "$dir") in $(($(now) - t0)) s"
  rm -rf "$work"
}

# ---------------------------------------------------------------- Kubernetes
# k8s.io/kubernetes cannot be `go install`ed (its go.mod replaces the staging modules with ./staging paths):
# a wrapper module requires it and replaces each staging module k8s.io/<m> with the published k8s.io/<m> v0.<minor>.<patch>,
# the list read from the release's own go.mod.
build_kubernetes() { # <dir> <version> <tags> <cmd...>
  local dir="$1" ver="$2" tags="$3"
  shift 3
  go mod init shipshape.local/kubernetes-build
  local gomod
  gomod="$(go mod download -json "k8s.io/kubernetes@v$ver" | jq -r .GoMod)"
  local staging
  staging="$(awk '/=> \.\/staging\/src\//{print $1}' "$gomod" | sort -u)"
  [ -n "$staging" ] || { echo "no staging modules in $gomod" >&2; return 1; }
  echo "staging modules: $(echo "$staging" | wc -l)"
  go mod edit -require="k8s.io/kubernetes@v$ver"
  local m
  for m in $staging; do go mod edit -replace="$m=$m@v0.${ver#1.}"; done
  # The release's go directive (and toolchain) bound what the wrapper may use.
  go mod edit -go="$(awk '/^go /{print $2}' "$gomod")"
  local pkgs=()
  for m in "$@"; do pkgs+=("k8s.io/kubernetes/cmd/$m"); done
  # At the release's version: a bare `go get <pkg>` means @upgrade, which moves k8s.io/kubernetes to the newest
  # release on the proxy (v1.37 imports modules the 1.27 staging replaces do not have).
  GOFLAGS=-mod=mod go get "${pkgs[@]/%/@v$ver}"
  go list -m k8s.io/kubernetes | grep -qx "k8s.io/kubernetes v$ver"
  mkdir -p "$dir/bin"
  # The version stamps of upstream's hack/lib/version.sh, in both packages that carry them: the API server's
  # /version (which helm's kubeVersion check and Pulumi read) comes from one, kubectl's skew check from the other.
  local ldflags="-s -w" pkg key value
  for pkg in k8s.io/client-go/pkg/version k8s.io/component-base/version; do
    for key in gitVersion=v$ver gitMajor=1 gitMinor=$(echo "$ver" | cut -d. -f2) gitTreeState=clean \
      buildDate=1970-01-01T00:00:00Z; do
      ldflags+=" -X $pkg.$key"
    done
  done
  CGO_ENABLED=0 GOFLAGS=-mod=mod go build -trimpath -tags "$tags" -ldflags "$ldflags" -o "$dir/bin/" "${pkgs[@]}"
  if [ -x "$dir/bin/kube-apiserver" ]; then "$dir/bin/kube-apiserver" --version | grep -qx "Kubernetes v$ver"; fi
  # grep reads to the end: with -q it would exit early, and kubectl's SIGPIPE fail the pipeline (pipefail)
  if [ -x "$dir/bin/kubectl" ]; then "$dir/bin/kubectl" version --client | grep -x "Client Version: v$ver" >/dev/null; fi
  ls -la "$dir/bin"
}

tool_kubernetes_old() {
  # k8s.io/legacy-cloud-providers has no checksum database entry; the providerless build never compiles it.
  GONOSUMDB=k8s.io/legacy-cloud-providers cached "$CACHE_ROOT/kubernetes-v$K8S_OLD" build_kubernetes "$K8S_OLD" providerless \
    kube-apiserver kube-controller-manager kube-scheduler kubectl
  echo "KUBE_OLD=$CACHE_ROOT/kubernetes-v$K8S_OLD/bin"
}
tool_kubernetes_new() {
  cached "$CACHE_ROOT/kubernetes-v$K8S_NEW" build_kubernetes "$K8S_NEW" "" kube-apiserver kubectl
  echo "KUBE_NEW=$CACHE_ROOT/kubernetes-v$K8S_NEW/bin"
}

# ---------------------------------------------------------------- etcd (Debian)
build_etcd() {
  local dir="$1"
  apt-get download "etcd-server=$(apt-cache policy etcd-server | awk '/Candidate:/{print $2}')" ||
    { apt-get update -qq && apt-get download "etcd-server=$(apt-cache policy etcd-server | awk '/Candidate:/{print $2}')"; }
  dpkg -x etcd-server_*.deb x
  mkdir -p "$dir/bin"
  cp x/usr/bin/etcd "$dir/bin/etcd"
  "$dir/bin/etcd" --version
  "$dir/bin/etcd" --version | grep -q "etcd Version: $ETCD_DEB_VERSION"
}
tool_etcd() {
  cached "$CACHE_ROOT/etcd-$ETCD_DEB_VERSION" build_etcd
  echo "ETCD=$CACHE_ROOT/etcd-$ETCD_DEB_VERSION/bin/etcd"
}

# ---------------------------------------------------------------- kwok, helm
build_go_install() { # <dir> <module@version> [ldflags]
  GOBIN="$1/bin" CGO_ENABLED=0 go install -trimpath -ldflags="${3:-}" "$2"
  ls -la "$1/bin"
}
# A bare kwok binary has no stages (nodes stay NotReady, "no stages found"): keep the release's default
# "fast" node and pod stages and the lease heartbeat (else the node lifecycle controller marks the nodes
# NotReady after 40 s and evicts), from the same module, beside it.
build_kwok() {
  build_go_install "$1" "sigs.k8s.io/kwok/cmd/kwok@$KWOK_VERSION"
  local src
  src="$(go env GOMODCACHE)/sigs.k8s.io/kwok@$KWOK_VERSION/kustomize/stage"
  local f first=1
  for f in "$src"/node/fast/*.yaml "$src"/node/heartbeat-with-lease/*.yaml "$src"/pod/fast/*.yaml; do
    grep -q '^kind: Stage$' "$f" || continue # kustomization.yaml
    [ "$first" = 1 ] || echo '---'
    first=0
    grep -v '^---$' "$f"
  done >"$1/stages.yaml"
  grep -c '^kind: Stage' "$1/stages.yaml"
}
tool_kwok() {
  cached "$CACHE_ROOT/kwok-$KWOK_VERSION" build_kwok
  echo "KWOK=$CACHE_ROOT/kwok-$KWOK_VERSION/bin/kwok"
  echo "KWOK_STAGES=$CACHE_ROOT/kwok-$KWOK_VERSION/stages.yaml"
}
tool_helm() {
  cached "$CACHE_ROOT/helm-$HELM_VERSION" build_go_install "helm.sh/helm/v3/cmd/helm@$HELM_VERSION" \
    "-X helm.sh/helm/v3/internal/version.version=$HELM_VERSION"
  echo "HELM=$CACHE_ROOT/helm-$HELM_VERSION/bin/helm"
}

# ---------------------------------------------------------------- Pulumi (tool_pulumi)
# shellcheck source=e2e/tools-pulumi.sh
. "$HERE/tools-pulumi.sh"

# ---------------------------------------------------------------- tools of the edge, mesh and delivery checks
# Built only when a suite names them (e2e/run.sh's NEED list); cold times on 2 cores, measured 2026-12-06:
# helm v4 101 s, envoy-gateway 272 s, kube-apiserver v1.35.4 176 s, rollouts-controller 172 s, istioctl 173 s.
#   helm-v4.3.2            helm 4 (helm.sh/helm/v4), beside helm 3
#   envoy-gateway-v1.9.1   the Envoy Gateway controller (a Gateway API implementation), run as a process
#   kubernetes-v1.35.4     kube-apiserver only: the oldest Kubernetes minor of the platform pins' range
#   argo-rollouts-v1.10.2  the Argo Rollouts controller and its CRDs (its go.mod has replace directives: built in a copy)
#   istioctl-<pseudo>      istioctl (istio.io/istio has no semver tags; the newest pseudo-version the proxy serves)
#   kubectl-v1.35.4        kubectl of that minor, for the v1.35 API server (kubectl's skew policy is one minor)
#   platform-crds-<pins>   CRD files of the platform pins from their Go modules (downloads only)
HELM4_VERSION=v4.3.2
ENVOY_GATEWAY_VERSION=v1.9.1
K8S_MID=1.35.4
ARGO_ROLLOUTS_VERSION=v1.10.2
ISTIO_VERSION=v0.0.0-20260827124520-eed52ebb66ad
tool_helm4() {
  cached "$CACHE_ROOT/helm-$HELM4_VERSION" build_go_install "helm.sh/helm/v4/cmd/helm@$HELM4_VERSION" \
    "-X helm.sh/helm/v4/internal/version.version=$HELM4_VERSION"
  echo "HELM4=$CACHE_ROOT/helm-$HELM4_VERSION/bin/helm"
}
tool_envoy_gateway() {
  cached "$CACHE_ROOT/envoy-gateway-$ENVOY_GATEWAY_VERSION" build_go_install \
    "github.com/envoyproxy/gateway/cmd/envoy-gateway@$ENVOY_GATEWAY_VERSION" \
    "-s -w -X github.com/envoyproxy/gateway/internal/cmd/version.envoyGatewayVersion=$ENVOY_GATEWAY_VERSION"
  echo "ENVOY_GATEWAY=$CACHE_ROOT/envoy-gateway-$ENVOY_GATEWAY_VERSION/bin/envoy-gateway"
}
tool_kubernetes_mid() {
  cached "$CACHE_ROOT/kubernetes-v$K8S_MID" build_kubernetes "$K8S_MID" "" kube-apiserver
  echo "KUBE_MID=$CACHE_ROOT/kubernetes-v$K8S_MID/bin"
}
# kubectl of that minor (its own cache: kubectl is supported within one minor of the API server, and 1.37 is two
# away from 1.35).
tool_kubectl_mid() {
  cached "$CACHE_ROOT/kubectl-v$K8S_MID" build_kubernetes "$K8S_MID" "" kubectl
  echo "KUBECTL_MID=$CACHE_ROOT/kubectl-v$K8S_MID/bin/kubectl"
}
build_argo_rollouts() {
  local dir="$1" src
  src="$(GOTOOLCHAIN=go1.26.10 go mod download -json "github.com/argoproj/argo-rollouts@$ARGO_ROLLOUTS_VERSION" | jq -r .Dir)"
  cp -r "$src" mod && chmod -R u+w mod
  mkdir -p "$dir/bin" "$dir/crds"
  cp mod/manifests/crds/*.yaml "$dir/crds/"
  (cd mod && GOTOOLCHAIN=go1.26.10 CGO_ENABLED=0 go build -trimpath -ldflags "-s -w -X github.com/argoproj/argo-rollouts/utils/version.version=${ARGO_ROLLOUTS_VERSION#v}" -o "$dir/bin/rollouts-controller" ./cmd/rollouts-controller)
  ls -la "$dir/bin"
}
tool_argo_rollouts() {
  cached "$CACHE_ROOT/argo-rollouts-$ARGO_ROLLOUTS_VERSION" build_argo_rollouts
  echo "ARGO_ROLLOUTS=$CACHE_ROOT/argo-rollouts-$ARGO_ROLLOUTS_VERSION/bin/rollouts-controller"
  echo "ARGO_ROLLOUTS_CRDS=$CACHE_ROOT/argo-rollouts-$ARGO_ROLLOUTS_VERSION/crds"
}
# The CRDs of the platform pins (src/pulumi/platform/pins.ts) that no file of ../shared holds, from the Go modules
# of their projects: Envoy Gateway's own CRDs (the gateway-helm chart's crds/generated/), cert-manager's
# deploy/crds/ and Argo CD's manifests/crds/ (what the argo-cd chart 10.1.1 installs). Downloads only (~38 MB of
# module zips cold, a few seconds warm); nothing is built.
CERT_MANAGER_VERSION=v1.21.2
ARGO_CD_VERSION=v3.4.14
build_platform_crds() {
  local dir="$1" src
  mkdir -p "$dir/envoy-gateway" "$dir/cert-manager" "$dir/argo-cd"
  src="$(go mod download -json "github.com/envoyproxy/gateway@$ENVOY_GATEWAY_VERSION" | jq -r .Dir)"
  cp "$src"/charts/gateway-helm/charts/crds/crds/generated/*.yaml "$dir/envoy-gateway/"
  src="$(go mod download -json "github.com/cert-manager/cert-manager@$CERT_MANAGER_VERSION" | jq -r .Dir)"
  cp "$src"/deploy/crds/*cert-manager.io_*.yaml "$dir/cert-manager/"
  src="$(go mod download -json "github.com/argoproj/argo-cd/v3@$ARGO_CD_VERSION" | jq -r .Dir)"
  cp "$src"/manifests/crds/*-crd.yaml "$dir/argo-cd/"
  chmod -R u+w "$dir"
  ls "$dir"/*
}
tool_platform_crds() {
  local dir="$CACHE_ROOT/platform-crds-eg$ENVOY_GATEWAY_VERSION-cm$CERT_MANAGER_VERSION-argocd$ARGO_CD_VERSION"
  cached "$dir" build_platform_crds
  echo "PLATFORM_CRDS=$dir"
}
tool_istioctl() {
  cached "$CACHE_ROOT/istioctl-$ISTIO_VERSION" build_go_install "istio.io/istio/istioctl/cmd/istioctl@$ISTIO_VERSION" "-s -w"
  echo "ISTIOCTL=$CACHE_ROOT/istioctl-$ISTIO_VERSION/bin/istioctl"
}

# ---------------------------------------------------------------- main
TOOLS=("$@")
[ ${#TOOLS[@]} -gt 0 ] || TOOLS=(etcd kubernetes_old kubernetes_new kwok helm pulumi)
command -v go >/dev/null || { echo "go is required to build the e2e tools" >&2; exit 1; }
for t in "${TOOLS[@]}"; do "tool_$t"; done
