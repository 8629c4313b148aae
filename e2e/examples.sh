# Online Boutique part of the end-to-end suite (sourced by e2e/run.sh on each control plane, after the CRDs): the
# real-app example migrated from its upstream manifests (examples/online-boutique), with what real apps share: a
# ConfigMap read through envFrom by every backend, one ServiceAccount for them, a Secret key mounted under another
# file name, a data directory below its volume root (subPath), a moving tag accepted on purpose, a worker without
# probes. Its dev environment: server-side dry-run and apply without warnings, pods from every template admitted
# (restricted), a no-op re-apply; on the full control plane also its Secret created by shipshape secrets, every
# referenced key present, and every rollout (kwok nodes) done.
EX_NS=boutique
EX_DIR="$E2E_STATE/boutique"

ex_synth() { [ -d "$EX_DIR/dev" ] || node bin/shipshape.js synth examples/online-boutique/app.ts --out "$EX_DIR"; }
ex_files() { ls "$EX_DIR/dev"/*.yaml | grep -v '/00-namespace.yaml$'; }
ex_args() { local f; for f in $(ex_files); do printf -- '-f\n%s\n' "$f"; done; }
ex_kinds() { grep -h '^kind: ' $(ex_files) | awk '{print $2}' | sort -u | paste -sd, -; }
ex_versions() { k get "$(ex_kinds)" -n "$EX_NS" -o json | "${CHECKS[@]}" versions; }
ex_namespace() {
  no_warnings k apply --server-side --field-manager=shipshape -f "$EX_DIR/dev/00-namespace.yaml" || return 1
  # A bare API server has no ServiceAccount controller: it would have made this one.
  k create serviceaccount default -n "$EX_NS" --dry-run=client -o yaml | k apply -f - >/dev/null
}
ex_volume() { # redis-cart's claim has no StorageClass and the cluster no provisioner: one static volume
  printf -- 'apiVersion: v1\nkind: PersistentVolume\nmetadata: { name: e2e-boutique-redis }\n' >"$E2E_STATE/ex-pv.yaml"
  printf 'spec:\n  capacity: { storage: 5Gi }\n  accessModes: [ReadWriteOnce]\n  storageClassName: ""\n' >>"$E2E_STATE/ex-pv.yaml"
  printf '  persistentVolumeReclaimPolicy: Retain\n  hostPath: { path: /tmp/e2e-boutique }\n' >>"$E2E_STATE/ex-pv.yaml"
  k apply -f "$E2E_STATE/ex-pv.yaml" >/dev/null
}
ex_dry_run() { mapfile -t a < <(ex_args) && no_warnings k apply --server-side --field-manager=shipshape --dry-run=server "${a[@]}"; }
ex_apply() { mapfile -t a < <(ex_args) && no_warnings k apply --server-side --field-manager=shipshape "${a[@]}"; }
ex_pods_admitted() {
  "${CHECKS[@]}" pods $(ex_files) >"$E2E_STATE/ex-pods.json" && no_warnings k apply --dry-run=server -f "$E2E_STATE/ex-pods.json"
}
ex_secrets() { # the payment signing key, through shipshape secrets (the Secret is declared, read through a file mapping)
  printf 'payment-signing:\n  privateKey: e2e-signing-key\n' >"$E2E_STATE/ex-secrets.yaml"
  KUBECTL="$KUBECTL" node bin/shipshape.js secrets examples/online-boutique/app.ts --env dev --values "$E2E_STATE/ex-secrets.yaml"
}
ex_references() { k get pods,secrets,configmaps -n "$EX_NS" -o json | "${CHECKS[@]}" references; }
ex_rollouts() {
  local w
  for w in $(k get deploy,statefulset -n "$EX_NS" -o name); do
    k rollout status "$w" -n "$EX_NS" --timeout=180s || return 1
  done
  echo "rolled out: $(k get deploy,statefulset -n "$EX_NS" --no-headers | wc -l) workloads"
}
ex_reapply() {
  local before after
  before="$(ex_versions)" || return 1
  mapfile -t a < <(ex_args) && k apply --server-side --field-manager=shipshape "${a[@]}" >/dev/null || return 1
  after="$(ex_versions)"
  diff <(echo "$before") <(echo "$after") || { echo "re-apply changed the objects above" >&2; return 1; }
  echo "re-apply: $(echo "$after" | wc -l) objects, none changed"
}
ex_teardown() {
  local f
  for f in $(ex_files); do k delete -f "$f" --ignore-not-found --wait=false >/dev/null; done
  k delete pv e2e-boutique-redis --ignore-not-found --wait=false >/dev/null
}

check "[$KVER] examples: Online Boutique synthesized" ex_synth
check "[$KVER] examples: Online Boutique Namespace applied" ex_namespace
check "[$KVER] examples: Online Boutique server dry-run, no warning" ex_dry_run
check "[$KVER] examples: Online Boutique server-side apply, no warning" ex_apply
check "[$KVER] examples: Online Boutique pods admitted (restricted)" ex_pods_admitted
if [ "$KVER" = v1.27.16 ]; then
  check "[$KVER] examples: Online Boutique Secret created (shipshape secrets)" ex_secrets
  check "[$KVER] examples: Online Boutique volume for redis-cart" ex_volume
  check "[$KVER] examples: Online Boutique rollouts (shared ConfigMap, ServiceAccount, file mapping, subPath)" ex_rollouts
  check "[$KVER] examples: Online Boutique every referenced Secret/ConfigMap key exists" ex_references
fi
check "[$KVER] examples: Online Boutique server-side re-apply is a no-op" ex_reapply
check "[$KVER] examples: Online Boutique teardown" ex_teardown
