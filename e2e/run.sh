#!/usr/bin/env bash
# End-to-end suite (`npm run e2e`): the committed dist/ and the Pulumi program against real engines.
#   1. builds the tools once (e2e/tools.sh; cached under ~/.cache/<tool>-<version>);
#   2. Kubernetes v1.27.16 (the minikube line) with controllers, scheduler and kwok fake nodes: per environment
#      server dry-run, server-side apply, rollouts, CronJob-made Job, rollout restart, no-op re-apply
#      (server- and client-side), PodSecurity refusal, Secret/ConfigMap references; the Helm chart in a
#      namespace of our choosing (install, upgrade, rollback, uninstall); the Pulumi CLI (e2e/pulumi.sh); the
#      packed tarball in a fresh project outside the repository, deployed by the Pulumi CLI (e2e/consumer-pulumi.sh);
#   3. the newest Kubernetes the Go proxy serves (v1.37.2), API server only: the server-side checks, and the
#      real Envoy Gateway controller judging every environment's Gateways and routes (e2e/gateway.sh);
#   4. the platform pins' CRDs on the oldest and newest API server of their range, v1.35.4 and v1.37.2
#      (e2e/platform.sh);
#   on both app servers: the Argo CD Applications of dist/argocd/ (e2e/gitops.sh; Argo CD v3.4's CRDs, no
#   controller), Gateway API CRDs (v1.4.1 on 1.27, whose API server refuses v1.7.0's TLSRoute; v1.7.0 on 1.37);
#   on both app servers: Argo Rollouts v1.10.2's CRDs (on v1.27 its controller runs as a process, and
#   e2e/rollouts.sh carries canaries and a blue-green rollout through it);
#   on both: shipshape diff's claims (kubectl diff, refusals; on v1.27 the rolls) against them (e2e/diff.sh);
#   on both: the Online Boutique example (e2e/examples.sh: applied, admitted, rolled out on the full control plane).
# The Helm scenario runs with Helm 4 (primary) and Helm 3.
# Every started process is stopped on exit (also on failure or Ctrl-C); state lives in a temp directory.
# Environment: E2E_ONLY="k8s-old rollouts helm pulumi consumer-pulumi gitops diff examples k8s-new gateway platform"
# (default all; gitops, diff and examples run on each control plane), E2E_ENVS (default: local staging production), E2E_PULUMI_MODES (default: objects helm gitops),
# E2E_KEEP=1 keeps the state directory, SHIPSHAPE_GWAPI_PLUGIN=<binary> adds the Gateway API traffic routing of
# the rollouts part (e2e/rollouts-gateway.sh; skipped without it: the plugin is no Go module the proxy serves).
set -uo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"
T0=$SECONDS
ONLY="${E2E_ONLY:-k8s-old rollouts helm pulumi consumer-pulumi gitops diff examples k8s-new gateway platform}"
ENVS="${E2E_ENVS:-local staging production}"
CRDS="${SHIPSHAPE_CRDS:-$ROOT/../shared/external/crds}"
CHECKS=(node -r ./scripts/register.js e2e/checks.ts)
NS=delinkcious

step() { printf '\n==> %s (%d s)\n' "$*" "$((SECONDS - T0))"; }
RESULTS=()
PASSED=0
FAILED=0
check() { # <name> <cmd...>: runs the check, records PASS/FAIL with its duration, never exits
  local name="$1" t0=$SECONDS
  shift
  step "$name"
  if "$@"; then
    RESULTS+=("$(printf 'PASS %-70s %4d s' "$name" "$((SECONDS - t0))")")
    PASSED=$((PASSED + 1))
  else
    RESULTS+=("$(printf 'FAIL %-70s %4d s' "$name" "$((SECONDS - t0))")")
    FAILED=$((FAILED + 1))
  fi
}

# The CRDs come from the workplace's shared material beside the checkout: without them every check after
# the first fails for that one reason, so say it once and stop.
if [ ! -d "$CRDS" ]; then
  echo "e2e: CRD directory $CRDS not found (the checkout must sit beside ../shared, or set SHIPSHAPE_CRDS)" >&2
  exit 1
fi

step "tools"
has() { local p; for p in "$@"; do [[ " $ONLY " == *" $p "* ]] && return 0; done; return 1; }
NEED=(etcd platform_crds)
has k8s-old rollouts helm pulumi consumer-pulumi gitops diff examples && NEED+=(kubernetes_old kwok)
# The Argo Rollouts CRDs (both API servers hold dist/production's Rollouts) and the controller (v1.27).
has k8s-old k8s-new rollouts consumer-pulumi diff gateway platform && NEED+=(argo_rollouts)
has k8s-new gitops diff examples gateway platform && NEED+=(kubernetes_new)
has helm pulumi k8s-new && NEED+=(helm)
has helm k8s-new && NEED+=(helm4)
has pulumi consumer-pulumi && NEED+=(pulumi)
has gateway && NEED+=(envoy_gateway)
has platform && NEED+=(kubernetes_mid kubectl_mid)
TOOLS_OUT="$(e2e/tools.sh "${NEED[@]}")" || { echo "building the e2e tools failed" >&2; exit 1; }
eval "$TOOLS_OUT"
export ETCD KWOK KWOK_STAGES HELM HELM4 PLATFORM_CRDS
ARGO_ROLLOUTS="${ARGO_ROLLOUTS:-}" ARGO_ROLLOUTS_CRDS="${ARGO_ROLLOUTS_CRDS:-}"
echo "$TOOLS_OUT"
echo "tools ready in $((SECONDS - T0)) s"

. e2e/cluster.sh
cleanup() {
  clusters_down_all
  if [ "${E2E_KEEP:-}" = 1 ]; then echo "state kept in $E2E_STATE"; else rm -rf "$E2E_STATE"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# ---------------------------------------------------------------- helpers
k() { "$KUBECTL" "$@"; }
# Fails when a command's stderr has an API warning (deprecations, unknown fields, PodSecurity warnings).
no_warnings() { # <cmd...>
  local err="$E2E_STATE/stderr"
  "$@" 2>"$err" >"$E2E_STATE/stdout" || { cat "$E2E_STATE/stdout" "$err" >&2; return 1; }
  if grep -i 'warning' "$err" >&2; then return 1; fi
  tail -n 3 "$E2E_STATE/stdout"
}
env_files() { ls "dist/$1"/*.yaml; }
manifests_without_ns() { ls "dist/$1"/*.yaml | grep -v '/00-namespace.yaml$'; }
apply_crds() { # <gateway-api version>: the CRDs dist/ uses, as the platform installs them
  # The ClusterSecretStore CRD is 690 kB: too large for the last-applied annotation of client-side apply.
  local f
  for f in monitoring.coreos.com_servicemonitors.yaml external-secrets.io_externalsecrets.yaml \
    external-secrets.io_clustersecretstores.yaml; do
    k apply --server-side --field-manager=e2e -f "$CRDS/$f" >/dev/null || return 1
  done
  k apply --server-side --field-manager=e2e -f "$PLATFORM_CRDS/argo-cd/" >/dev/null &&
    k apply --server-side --field-manager=e2e -f "$CRDS/gateway-api/$1/" >/dev/null &&
    k apply --server-side --field-manager=e2e -f "$ISTIO_CRDS" >/dev/null || return 1
  if [ -n "$ARGO_ROLLOUTS_CRDS" ]; then
    # Argo Rollouts v1.10.2's (the module's manifests/crds/, as e2e/tools.sh copies them; not kustomization.yaml).
    k apply --server-side --field-manager=e2e $(ls "$ARGO_ROLLOUTS_CRDS"/*-crd.yaml | sed 's/^/-f /') >/dev/null || return 1
  fi
  k wait --for=condition=Established crd --all --timeout=60s >/dev/null &&
    echo "CRDs Established: $(k get crd -o name | wc -l) (Gateway API $1, Argo CD v3.4.14, Istio 1.32 $(k get crd -o name | grep -c istio.io)${ARGO_ROLLOUTS_CRDS:+, Argo Rollouts v1.10.2})"
}
# Istio's CRDs as its base chart installs them: every kind of istio.io/api v1.32.0 (the meshed environments use
# security.istio.io).
ISTIO_CRDS="$(go mod download -json istio.io/api@v1.32.0 | jq -r .Dir)/kubernetes/customresourcedefinitions.gen.yaml"
storage() { # <prefix>: StorageClasses of the profiles' names with statically provisioned volumes (no provisioner here)
  local prefix="$1" cls i
  for cls in $(grep -rho 'storageClassName: .*' dist/ | awk '{print $2}' | sort -u); do
    printf -- '---\napiVersion: storage.k8s.io/v1\nkind: StorageClass\nmetadata: { name: %s }\n' "$cls"
    printf 'provisioner: kubernetes.io/no-provisioner\nvolumeBindingMode: Immediate\n'
    for i in $(seq 1 12); do
      printf -- '---\napiVersion: v1\nkind: PersistentVolume\nmetadata: { name: e2e-%s-%s-%s }\n' "$prefix" "$cls" "$i"
      printf 'spec:\n  capacity: { storage: 50Gi }\n  accessModes: [ReadWriteOnce]\n  storageClassName: %s\n' "$cls"
      printf '  persistentVolumeReclaimPolicy: Retain\n  hostPath: { path: /tmp/e2e-%s-%s }\n' "$prefix" "$i"
    done
  done | k apply -f - >/dev/null && echo "volumes: $(k get pv --no-headers | wc -l)"
}
# Plays the controllers the fake cluster lacks: an ingress controller's status (for apps that opt in to an
# Ingress) and external-secrets' Secrets.
play_platform() { # <namespace>
  local ing
  for ing in $(k get ingress -n "$1" -o name 2>/dev/null); do
    k patch "$ing" -n "$1" --subresource=status --type=merge \
      -p '{"status":{"loadBalancer":{"ingress":[{"ip":"127.0.0.1"}]}}}' >/dev/null || return 1
  done
  if [ -n "$(k get externalsecrets -n "$1" -o name 2>/dev/null)" ]; then
    k get externalsecrets -n "$1" -o json | "${CHECKS[@]}" play-eso | k apply -f - >/dev/null || return 1
  fi
}
versions() { # <namespace>: resource versions of everything the manifests made
  k get "$(kinds_of "$CURRENT_ENV")" -n "$1" -o json | "${CHECKS[@]}" versions
}
kinds_of() { # the namespaced kinds of an environment's manifests, comma-separated for kubectl get
  grep -h '^kind: ' "dist/$1"/*.yaml | awk '{print $2}' | grep -vx Namespace | sort -u | paste -sd, -
}

# ---------------------------------------------------------------- scenarios per environment
env_dry_run() { no_warnings k apply --dry-run=server -f "dist/$1/"; }
env_dry_run_ssa() { no_warnings k apply --server-side --field-manager=shipshape --dry-run=server -f "dist/$1/"; }
env_apply_server_side() { no_warnings k apply --server-side --field-manager=shipshape -f "dist/$1/"; }
env_secrets() { # the kubectl path: shipshape secrets creates what nothing else does
  local values=()
  [ -f "e2e/fixtures/secret-values-$1.yaml" ] && values=(--values "e2e/fixtures/secret-values-$1.yaml")
  KUBECTL="$KUBECTL" node bin/shipshape.js secrets src/delinkcious/app.ts --env "$1" "${values[@]}" && play_platform "$NS" &&
    KUBECTL="$KUBECTL" node bin/shipshape.js secrets src/delinkcious/app.ts --env "$1" "${values[@]}" >"$E2E_STATE/secrets-rerun" &&
    ! grep -v ': unchanged$' "$E2E_STATE/secrets-rerun"
}
env_references() { k get pods,secrets,configmaps -n "$NS" -o json | "${CHECKS[@]}" references; }
jsonpath_is() { [ "$(k get "$1" -n "$NS" -o jsonpath="$2")" = "$3" ]; } # <object> <jsonpath> <value>
env_rollouts() {
  local w
  for w in $(k get deploy,statefulset -n "$NS" -o name); do
    k rollout status "$w" -n "$NS" --timeout=180s || return 1
  done
  # Argo Rollouts: the first revision goes straight to Healthy (the Deployments they reference run no pod)
  for w in $(k get rollouts.argoproj.io -n "$NS" -o name 2>/dev/null); do
    wait_for 120 "$w to be Healthy" jsonpath_is "$w" '{.status.phase}' Healthy || return 1
    echo "$w Healthy, $(k get "$w" -n "$NS" -o jsonpath='{.status.availableReplicas}') pods available"
  done
  # StatefulSet claims are bound to volumes
  local unbound
  unbound="$(k get pvc -n "$NS" -o jsonpath='{range .items[?(@.status.phase!="Bound")]}{.metadata.name} {end}')"
  [ -z "$unbound" ] || { echo "unbound claims: $unbound" >&2; return 1; }
  echo "claims bound: $(k get pvc -n "$NS" --no-headers | wc -l)"
  # HPAs hold their target at minReplicas (no metrics here: the controller still enforces the bounds)
  local hpa target kind min ready
  for hpa in $(k get hpa -n "$NS" -o name); do
    target="$(k get "$hpa" -n "$NS" -o jsonpath='{.spec.scaleTargetRef.name}')"
    kind="$(k get "$hpa" -n "$NS" -o jsonpath='{.spec.scaleTargetRef.kind}')"
    [ "$kind" = Rollout ] && kind=rollouts.argoproj.io || kind=deploy
    min="$(k get "$hpa" -n "$NS" -o jsonpath='{.spec.minReplicas}')"
    wait_for 120 "$kind/$target at $min ready replicas" jsonpath_is "$kind/$target" '{.status.readyReplicas}' "$min" || return 1
    ready="$(k get "$kind" "$target" -n "$NS" -o jsonpath='{.status.readyReplicas}')"
    echo "$hpa: $kind/$target ready $ready = minReplicas $min"
  done
  # PDBs allow disruptions once everything is healthy
  local pdb
  for pdb in $(k get pdb -n "$NS" -o name); do
    wait_for 60 "$pdb to allow a disruption" jsonpath_is "$pdb" '{.status.disruptionsAllowed}' 1 || return 1
  done
  echo "PDBs, each allowing a disruption: $(k get pdb -n "$NS" --no-headers 2>/dev/null | wc -l)"
}
env_cronjob() {
  local cj
  for cj in $(k get cronjob -n "$NS" -o name); do
    k create job "e2e-${cj#*/}" --from="$cj" -n "$NS" >/dev/null &&
      k wait --for=condition=Complete "job/e2e-${cj#*/}" -n "$NS" --timeout=120s || return 1
    k delete job "e2e-${cj#*/}" -n "$NS" --wait=false >/dev/null
  done
}
env_restart() {
  local d r at delivered
  # A Deployment a Rollout references holds only its template: restarting it would start a canary. Its pods are
  # the Rollout's, restarted as `kubectl argo rollouts restart` does (spec.restartAt), without the steps.
  delivered=" $(k get rollouts.argoproj.io -n "$NS" -o jsonpath='{range .items[*]}{.spec.workloadRef.name} {end}' 2>/dev/null) "
  for d in $(k get deploy -n "$NS" -o name); do
    [[ "$delivered" == *" ${d#*/} "* ]] && continue
    k rollout restart "$d" -n "$NS" >/dev/null && k rollout status "$d" -n "$NS" --timeout=180s >/dev/null || return 1
  done
  for r in $(k get rollouts.argoproj.io -n "$NS" -o name 2>/dev/null); do
    at="$(date -u +%Y-%m-%dT%H:%M:%SZ)"
    k patch "$r" -n "$NS" --type=merge -p "{\"spec\":{\"restartAt\":\"$at\"}}" >/dev/null &&
      wait_for 180 "$r to restart its pods" jsonpath_is "$r" '{.status.restartedAt}/{.status.phase}' "$at/Healthy" || return 1
  done
  echo "restarted: $(k get deploy -n "$NS" --no-headers | wc -l) Deployments ($(echo "$delivered" | wc -w) of them through their Rollouts)"
}
env_reapply_server_side() {
  local before after
  before="$(versions "$NS")" || return 1
  k apply --server-side --field-manager=shipshape -f "dist/$1/" >/dev/null || return 1
  after="$(versions "$NS")"
  diff <(echo "$before") <(echo "$after") || { echo "server-side re-apply changed the objects above" >&2; return 1; }
  echo "server-side re-apply: $(echo "$after" | wc -l) objects, none changed (fingerprints without status)"
}
env_reapply_client_side() {
  # The first client-side apply takes over from server-side apply (records last-applied); the second must be quiet.
  k apply -f "dist/$1/" >/dev/null 2>"$E2E_STATE/csa.err" || { cat "$E2E_STATE/csa.err"; return 1; }
  local before after
  before="$(versions "$NS")" || return 1
  k apply -f "dist/$1/" >"$E2E_STATE/csa.out" 2>&1 || { cat "$E2E_STATE/csa.out"; return 1; }
  after="$(versions "$NS")"
  # kubectl always sends a PodDisruptionBudget's selector (its patch strategy is "replace", so the computed
  # patch is never empty) and prints "configured" although the server changes nothing: for PDBs, and only
  # them, the unchanged fingerprint (e2e/checks.ts versions) is the proof.
  if grep -v ' unchanged$' "$E2E_STATE/csa.out" | grep -v '^poddisruptionbudget.policy/[a-z0-9-]* configured$'; then
    echo "client-side re-apply was not a no-op (lines above)" >&2
    return 1
  fi
  diff <(echo "$before") <(echo "$after") || { echo "client-side re-apply changed the objects above" >&2; return 1; }
  k diff -f "dist/$1/" >"$E2E_STATE/diff.out" 2>&1 || { cat "$E2E_STATE/diff.out"; return 1; }
  echo "client-side re-apply: $(grep -c ' unchanged$' "$E2E_STATE/csa.out") unchanged, $(grep -c ' configured$' "$E2E_STATE/csa.out") PDBs sent but unchanged; no object changed; kubectl diff empty"
}
env_pod_security() {
  # A pod that violates "restricted" is refused in the namespace: the admission is real.
  local out
  if out="$(k run e2e-privileged -n "$NS" --image=registry.k8s.io/pause:3.9 --restart=Never \
    --overrides='{"spec":{"containers":[{"name":"p","image":"registry.k8s.io/pause:3.9","securityContext":{"privileged":true}}]}}' 2>&1)"; then
    echo "a privileged pod was admitted: $out" >&2
    k delete pod e2e-privileged -n "$NS" --wait=false >/dev/null
    return 1
  fi
  echo "$out" | grep -q 'violates PodSecurity "restricted:' || { echo "unexpected: $out" >&2; return 1; }
  echo "refused: $(echo "$out" | head -c 160)..."
}
env_pods_admitted() { # pods made from every pod template pass admission (PodSecurity restricted:latest)
  "${CHECKS[@]}" pods $(env_files "$1") >"$E2E_STATE/pods.json" &&
    no_warnings k apply --dry-run=server -f "$E2E_STATE/pods.json"
}
env_teardown() {
  k delete namespace "$NS" --wait=true --timeout=180s >/dev/null || return 1
  k delete pv --all --wait=false >/dev/null
}

# ---------------------------------------------------------------- run
run_env_full() { # <env>
  CURRENT_ENV="$1"
  check "[$KVER] $1: Namespace applied, PodSecurity labels" no_warnings k apply -f "dist/$1/00-namespace.yaml"
  check "[$KVER] $1: storage (no-provisioner class + volumes)" storage "$1"
  check "[$KVER] $1: server dry-run of every object, no warning" env_dry_run "$1"
  check "[$KVER] $1: server-side apply, no warning" env_apply_server_side "$1"
  check "[$KVER] $1: pods from every pod template admitted (restricted)" env_pods_admitted "$1"
  check "[$KVER] $1: Secrets created (shipshape secrets; re-run unchanged)" env_secrets "$1"
  check "[$KVER] $1: every referenced Secret/ConfigMap key exists" env_references
  check "[$KVER] $1: rollouts, bound claims, HPA at min, PDBs" env_rollouts
  check "[$KVER] $1: a CronJob-made Job completes" env_cronjob
  check "[$KVER] $1: rollout restart completes" env_restart
  check "[$KVER] $1: server-side re-apply is a no-op" env_reapply_server_side "$1"
  check "[$KVER] $1: client-side re-apply is a no-op, kubectl diff empty" env_reapply_client_side "$1"
  check "[$KVER] $1: a privileged pod is refused" env_pod_security
  check "[$KVER] $1: teardown" env_teardown
}

run_env_api() { # <env>: what a bare API server can prove
  CURRENT_ENV="$1"
  check "[$KVER] $1: Namespace applied" no_warnings k apply --server-side --field-manager=shipshape -f "dist/$1/00-namespace.yaml"
  # No controller-manager here: the ServiceAccount controller would have created it.
  k create serviceaccount default -n "$NS" --dry-run=client -o yaml | k apply -f - >/dev/null
  check "[$KVER] $1: server dry-run of every object, no warning" env_dry_run_ssa "$1"
  check "[$KVER] $1: server-side apply, no warning" env_apply_server_side "$1"
  check "[$KVER] $1: server-side re-apply is a no-op" env_reapply_server_side "$1"
  check "[$KVER] $1: pods from every pod template admitted (restricted)" env_pods_admitted "$1"
  check "[$KVER] $1: a privileged pod is refused" env_pod_security
  check "[$KVER] $1: charts render and dry-run in another namespace" chart_dry_run "$1"
  # No namespace controller here: a deleted namespace would stay Terminating, so the next environment
  # reuses the namespace and only this environment's objects go.
  local f
  for f in $(manifests_without_ns "$1"); do k delete -f "$f" --ignore-not-found --wait=false >/dev/null; done
}

chart_dry_run() { # <env>: the rendered chart, relocated, through the server (no release)
  local ns="e2e-chart-$1"
  sed "s/name: $NS\$/name: $ns/" "dist/$1/00-namespace.yaml" | k apply -f - >/dev/null || return 1
  "$HELM4" template "rel-$1" "dist/helm/$1" -n "$ns" --kube-version "$KVER" >"$E2E_STATE/chart-$1.yaml" || return 1
  if grep -n "namespace: \"\?$NS\"\?\$" "$E2E_STATE/chart-$1.yaml"; then echo "chart kept the namespace $NS" >&2; return 1; fi
  no_warnings k apply --dry-run=server -f "$E2E_STATE/chart-$1.yaml"
}

if has k8s-old rollouts helm pulumi consumer-pulumi gitops diff examples; then
  KUBECTL="$KUBE_OLD/kubectl"
  KVER=v1.27.16
  step "control plane $KVER"
  cluster_up k127 "$KUBE_OLD" full || { echo "the $KVER control plane did not start" >&2; exit 1; }
  check "[$KVER] CRDs (ServiceMonitor, ExternalSecret, ClusterSecretStore, Argo CD v3.4, Gateway API v1.4.1, Istio 1.32, Argo Rollouts) accepted" apply_crds v1.4.1
  if [ -n "$ARGO_ROLLOUTS" ]; then . e2e/rollouts.sh; rollouts_controller_up k127; fi
  if has rollouts; then rollouts_scenarios; fi
  if [[ " $ONLY " == *" k8s-old "* ]]; then
    for env in $ENVS; do run_env_full "$env"; done
  fi
  if [[ " $ONLY " == *" gitops "* ]]; then . e2e/gitops.sh; fi
  if [[ " $ONLY " == *" diff "* ]]; then . e2e/diff.sh; fi
  if [[ " $ONLY " == *" examples "* ]]; then . e2e/examples.sh; fi
  if [[ " $ONLY " == *" helm "* ]]; then . e2e/helm.sh; fi
  if [[ " $ONLY " == *" pulumi "* ]]; then . e2e/pulumi.sh; fi
  if [[ " $ONLY " == *" consumer-pulumi "* ]]; then . e2e/consumer-pulumi.sh; fi
  cluster_down k127
fi

if has k8s-new gitops diff examples gateway platform; then
  KUBECTL="$KUBE_NEW/kubectl"
  KVER=v1.37.2
  CLUSTER=k137
  step "API server $KVER"
  cluster_up k137 "$KUBE_NEW" api || { echo "the $KVER API server did not start" >&2; exit 1; }
  check "[$KVER] CRDs (ServiceMonitor, ExternalSecret, ClusterSecretStore, Argo CD v3.4, Gateway API v1.7.0, Istio 1.32, Argo Rollouts) accepted" apply_crds v1.7.0
  if has k8s-new; then
    for env in $ENVS; do run_env_api "$env"; done
  fi
  if has gitops; then . e2e/gitops.sh; fi
  if has diff; then E2E_DIFF_MODE=api . e2e/diff.sh; fi
  if has examples; then . e2e/examples.sh; fi
  if has gateway; then . e2e/gateway.sh; fi
  if has platform; then . e2e/platform.sh; fi
  cluster_down k137
fi

if has platform; then
  KUBECTL="$KUBECTL_MID" # kubectl is supported within one minor of the API server
  KVER=v1.35.4
  step "API server $KVER (the oldest minor of the platform pins' range)"
  cluster_up k135 "$KUBE_MID" api || { echo "the $KVER API server did not start" >&2; exit 1; }
  . e2e/platform.sh
  cluster_down k135
fi

step "summary"
printf '%s\n' "${RESULTS[@]}"
echo "e2e wall time: $((SECONDS - T0)) s"
echo "e2e: $PASSED passed, $FAILED failed"
[ "$FAILED" -eq 0 ]
