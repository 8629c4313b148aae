# Pulumi scenario of the end-to-end suite (sourced by e2e/run.sh on the v1.27 control plane): the real CLI,
# language host and providers (built by e2e/tools.sh) run this repository's Pulumi.yaml as a user would.
#   existing-cluster stack, environment local, objects mode and Helm mode (the chart the run synthesizes, with
#   app.values over the environment's values): preview, up, up again with zero changes, refresh + preview
#   --expect-no-changes, destroy leaves nothing;
#   GitOps mode on the same cluster (Argo CD assumed present: its CRDs and namespace, no controller): up applies
#   the Namespace, the Secrets and the Application only; the suite then plays Argo CD's sync (the Application's
#   source path, wave by wave, server-side with Argo CD's field manager) and Pulumi still sees no change;
#   minikube stack: preview with no cluster at all.
# State: a file backend in the e2e state directory; stack config files there too (moved there right after
# `stack init`, then --config-file), so no Pulumi.<stack>.yaml is left in the repository.
export PATH="$PULUMI:$PATH"
export PULUMI_HOME="$E2E_STATE/pulumi-home" PULUMI_BACKEND_URL="file://$E2E_STATE/pulumi-state"
export PULUMI_CONFIG_PASSPHRASE=e2e PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION=true PULUMI_SKIP_UPDATE_CHECK=true
export PULUMI_SKIP_CONFIRMATIONS=true PULUMI_DIY_BACKEND_NO_LEGACY_WARNING=true
mkdir -p "$E2E_STATE/pulumi-state" "$PULUMI_HOME"
PULUMI_TIMES=()

p() { # <stack> <pulumi args...>: one CLI call, timed, output kept in the state directory
  local stack="$1" t0=$SECONDS log
  shift
  log="$E2E_STATE/pulumi-$stack-$1.log"
  pulumi "$@" --stack "$stack" --config-file "$E2E_STATE/Pulumi.$stack.yaml" --non-interactive --color never >"$log" 2>&1
  local status=$?
  PULUMI_TIMES+=("$(printf '%-16s %-40s %4d s (exit %d)' "$stack" "$*" "$((SECONDS - t0))" "$status")")
  tail -n 12 "$log"
  return "$status"
}

pulumi_stack() { # <stack> <app.mode> <cluster.kind>
  local stack="$1"
  pulumi stack init "$stack" --non-interactive >/dev/null 2>&1 || return 1
  # `stack init` writes Pulumi.<stack>.yaml (its encryption salt) beside Pulumi.yaml: move it out of the repo.
  mv "Pulumi.$stack.yaml" "$E2E_STATE/Pulumi.$stack.yaml" || return 1
  local c=(pulumi config set --stack "$stack" --config-file "$E2E_STATE/Pulumi.$stack.yaml")
  "${c[@]}" environment local && "${c[@]}" cluster.kind "$3" && "${c[@]}" app.mode "$2" &&
    "${c[@]}" --secret --path secrets.github-oauth.GITHUB_CLIENT_ID e2e-client-id &&
    "${c[@]}" --secret --path secrets.github-oauth.GITHUB_CLIENT_SECRET e2e-client-secret &&
    printf 'api_gateway_token: e2e-token\n' | "${c[@]}" --secret --path 'secrets.mutual-auth["mutual-auth.yaml"]' || return 1
  # Helm mode: a chart value over the environment's own, through the stack's config.
  if [ "$2" = helm ]; then "${c[@]}" app.values '{"linkManager":{"replicas":2}}' || return 1; fi
  [ "$3" = existing ] || return 0
  "${c[@]}" existing.kubeconfigPath "$KUBECONFIG" && "${c[@]}" existing.hasGatewayController true &&
    "${c[@]}" existing.hasMetricsServer true || return 1
  [ "$2" = gitops ] || return 0
  # Argo CD "present": its CRDs (applied with the others) and its namespace; no controller runs here.
  "${c[@]}" existing.hasArgoCd true &&
    k create namespace argocd --dry-run=client -o yaml | k apply --server-side --field-manager=e2e -f - >/dev/null
}

# An ingress controller's only effect Pulumi waits for: the Ingress status. Played in the background during `up`.
INGRESS_PLAYER=""
play_ingress_start() {
  (while true; do play_platform "$NS" >/dev/null 2>&1; sleep 2; done) &
  INGRESS_PLAYER=$!
}
play_ingress_stop() {
  [ -z "$INGRESS_PLAYER" ] || { kill "$INGRESS_PLAYER" 2>/dev/null; wait "$INGRESS_PLAYER" 2>/dev/null; }
  INGRESS_PLAYER=""
}

pulumi_preview() { p "$1" preview --diff >/dev/null && grep -E '^\s+\+ [0-9]+ to create|to create' "$E2E_STATE/pulumi-$1-preview.log"; }
pulumi_up() {
  play_ingress_start
  p "$1" up --yes --skip-preview
  local status=$?
  play_ingress_stop
  [ "$status" -eq 0 ] || return 1
  k get pods,secrets,configmaps -n "$NS" -o json | "${CHECKS[@]}" references
}
pulumi_up_again() { p "$1" up --yes --expect-no-changes; }
pulumi_helm_values() { # the release got the environment's values with app.values over them
  local replicas
  replicas="$(k get deploy link-manager -n "$NS" -o jsonpath='{.spec.replicas}')"
  [ "$replicas" = 2 ] || { echo "link-manager has $replicas replicas, app.values says 2" >&2; return 1; }
  "$HELM" --kubeconfig "$KUBECONFIG" get values delinkcious -n "$NS" -o json | jq -e '.linkManager.replicas == 2 and .userManager.replicas == 1' >/dev/null ||
    { echo "the release's values are not the environment's with app.values over them" >&2; return 1; }
  echo "release values: the environment's, linkManager.replicas 2 from app.values (2 replicas in the cluster)"
}
APPLICATION=delinkcious-local
pulumi_gitops_up() { # Pulumi hands over: the Namespace, the Secrets, the Application, and no workload
  p "$1" up --yes --skip-preview || return 1
  local path secrets workloads
  path="$(k get application "$APPLICATION" -n argocd -o jsonpath='{.spec.source.path}')" || return 1
  [ "$path" = dist/local ] || { echo "Application $APPLICATION points at '$path', not dist/local" >&2; return 1; }
  secrets="$(k get secrets -n "$NS" -l app.kubernetes.io/managed-by=pulumi --no-headers | wc -l)"
  workloads="$(k get deploy,statefulset,cronjob -n "$NS" --no-headers 2>/dev/null | wc -l)"
  [ "$secrets" -gt 0 ] && [ "$workloads" -eq 0 ] || { echo "secrets $secrets, workloads $workloads" >&2; return 1; }
  echo "Application $APPLICATION -> $path; $secrets Secrets by Pulumi; no workload (Argo CD's part)"
}
play_argocd_sync() { # what Argo CD would do with the Application: its path, wave by wave, server-side
  local dir="$E2E_STATE/argocd-waves" path f w
  path="$(k get application "$APPLICATION" -n argocd -o jsonpath='{.spec.source.path}')" || return 1
  mkdir -p "$dir" && rm -f "$dir"/*.json
  "${CHECKS[@]}" waves "$dir" "$path"/*.yaml || return 1
  for f in $(ls "$dir"/*.json | sort -V); do
    no_warnings k apply --server-side --field-manager=argocd-controller -f "$f" >/dev/null || return 1
    # Argo CD waits for a wave to be healthy before the next: here, the rollouts of wave 0.
    w="$(basename "$f" .json)"
    if grep -q '"kind":"Deployment"' "$f"; then
      for d in $(k get deploy,statefulset -n "$NS" -o name); do
        k rollout status "$d" -n "$NS" --timeout=180s >/dev/null || { echo "wave file $w: $d did not roll out" >&2; return 1; }
      done
    fi
  done
  k get pods,secrets,configmaps -n "$NS" -o json | "${CHECKS[@]}" references || return 1
  echo "synced $(cat "$path"/*.yaml | grep -c '^kind: ') objects of $path in $(ls "$dir"/*.json | wc -l) waves; rolled out; every reference exists"
}
pulumi_refresh() { p "$1" refresh --yes --skip-preview && p "$1" preview --expect-no-changes; }
pulumi_destroy() {
  p "$1" destroy --yes --skip-preview || return 1
  if k get namespace "$NS" >/dev/null 2>&1; then
    wait_for 120 "namespace $NS to go" sh -c "! '$KUBECTL' get namespace '$NS'" || return 1
  fi
  local left
  left="$(k get "$(kinds_of local),secrets,applications.argoproj.io" -A -l 'app.kubernetes.io/managed-by in (shipshape,pulumi)' -o name 2>/dev/null)"
  [ -z "$left" ] || { echo "left behind: $left" >&2; return 1; }
  [ -z "$("$HELM" --kubeconfig "$KUBECONFIG" list -A -q)" ] || { echo "a Helm release is left" >&2; return 1; }
  k delete pv --all --wait=false >/dev/null
  echo "destroyed: nothing left"
}

for mode in ${E2E_PULUMI_MODES:-objects helm gitops}; do
  stack="e2e-$mode"
  check "[$KVER] pulumi ($mode): stack init, typed config, secrets" pulumi_stack "$stack" "$mode" existing
  check "[$KVER] pulumi ($mode): volumes" storage "pulumi-$mode"
  check "[$KVER] pulumi ($mode): preview" pulumi_preview "$stack"
  if [ "$mode" = gitops ]; then
    check "[$KVER] pulumi (gitops): up applies the Namespace, Secrets and Application only" pulumi_gitops_up "$stack"
    check "[$KVER] pulumi (gitops): Argo CD's sync played, wave by wave" play_argocd_sync "$stack"
  else
    check "[$KVER] pulumi ($mode): up, references exist" pulumi_up "$stack"
    if [ "$mode" = helm ]; then check "[$KVER] pulumi (helm): the release has the environment's values and app.values" pulumi_helm_values; fi
  fi
  check "[$KVER] pulumi ($mode): up again changes nothing" pulumi_up_again "$stack"
  check "[$KVER] pulumi ($mode): refresh + preview --expect-no-changes" pulumi_refresh "$stack"
  check "[$KVER] pulumi ($mode): destroy leaves nothing" pulumi_destroy "$stack"
done

pulumi_minikube_preview() { # the cluster is created by `minikube start` at up time: preview needs none
  local stack=e2e-minikube
  pulumi_stack "$stack" objects minikube && p "$stack" preview >/dev/null &&
    grep -E 'to create' "$E2E_STATE/pulumi-$stack-preview.log"
}
check "[no cluster] pulumi: the minikube stack previews" pulumi_minikube_preview
printf '%s\n' "${PULUMI_TIMES[@]}"
