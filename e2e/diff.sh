# shipshape diff part of the end-to-end suite (sourced by e2e/run.sh on each control plane): what
# `shipshape diff --format json` claims of two outputs of e2e/fixtures/diff/app.ts against what the control
# plane does with them.
#   the objects `kubectl diff` would change are the report's added and changed ones;
#   the objects a server dry-run of the head refuses are the report's `replace` changes (db's claim template);
#   on v1.27 (controllers, kwok nodes), applied: the workloads whose revision moves (Deployment revision,
#   StatefulSet updateRevision) are the report's rolls, and a replicas change (worker) moves none.
# E2E_DIFF_MODE=api (the v1.37 API server alone): the first two, the base applied without rollouts.
DIFF_DIR="$E2E_STATE/diff"
DIFF_NS=shop
DIFF_CHECKS=(node -r ./scripts/register.js e2e/diff-checks.ts)

diff_report() { # both sides synthesized, then compared by the CLI
  mkdir -p "$DIFF_DIR" || return 1
  local side
  for side in base head; do
    SHIPSHAPE_DIFF_SIDE=$side node bin/shipshape.js synth e2e/fixtures/diff/app.ts --out "$DIFF_DIR/$side" >/dev/null || return 1
  done
  node bin/shipshape.js diff --dirs "$DIFF_DIR/base" "$DIFF_DIR/head" --format json >"$DIFF_DIR/report.json" 2>/dev/null &&
    node bin/shipshape.js diff --dirs "$DIFF_DIR/base" "$DIFF_DIR/head" 2>/dev/null | head -n 12
}
diff_rolled_out() { # every Deployment and StatefulSet of the namespace rolled out
  local w
  for w in $(k get deploy,statefulset -n "$DIFF_NS" -o name); do
    k rollout status "$w" -n "$DIFF_NS" --timeout=180s >/dev/null || { echo "$w did not roll out" >&2; return 1; }
  done
}
diff_revisions() { k get deploy,statefulset -n "$DIFF_NS" -o json | "${DIFF_CHECKS[@]}" revisions >"$1"; }
diff_apply_base() {
  no_warnings k apply --server-side --field-manager=shipshape -f "$DIFF_DIR/base/dev/00-namespace.yaml" || return 1
  if [ "${E2E_DIFF_MODE:-full}" = api ]; then
    no_warnings k apply --server-side --field-manager=shipshape -f "$DIFF_DIR/base/dev/"
    return
  fi
  storage diff &&
    no_warnings k apply --server-side --field-manager=shipshape -f "$DIFF_DIR/base/dev/" &&
    diff_rolled_out && diff_revisions "$DIFF_DIR/before.json" && cat "$DIFF_DIR/before.json" && echo
}
diff_head_list() { # the head's objects less those the report says cannot change in place
  "${DIFF_CHECKS[@]}" without-replace "$DIFF_DIR/report.json" dev "$DIFF_DIR"/head/dev/*.yaml >"$DIFF_DIR/head.json"
}
diff_server_diff() {
  diff_head_list || return 1
  local rc=0
  k diff --server-side --field-manager=shipshape -f "$DIFF_DIR/head.json" >"$DIFF_DIR/kubectl-diff.out" 2>"$DIFF_DIR/kubectl-diff.err" || rc=$?
  # kubectl diff: 0 no differences, 1 differences, >1 an error
  [ "$rc" -le 1 ] || { cat "$DIFF_DIR/kubectl-diff.err" >&2; return 1; }
  "${DIFF_CHECKS[@]}" server-diff "$DIFF_DIR/report.json" dev <"$DIFF_DIR/kubectl-diff.out"
}
diff_refusals() {
  k apply --server-side --field-manager=shipshape --dry-run=server -f "$DIFF_DIR/head/dev/" >/dev/null 2>"$DIFF_DIR/dry-run.err"
  "${DIFF_CHECKS[@]}" refused "$DIFF_DIR/report.json" dev <"$DIFF_DIR/dry-run.err"
}
diff_apply_head() {
  no_warnings k apply --server-side --field-manager=shipshape -f "$DIFF_DIR/head.json" &&
    diff_rolled_out && diff_revisions "$DIFF_DIR/after.json" &&
    "${DIFF_CHECKS[@]}" rolled "$DIFF_DIR/before.json" "$DIFF_DIR/after.json" "$DIFF_DIR/report.json" dev &&
    [ "$(k get deploy worker -n "$DIFF_NS" -o jsonpath='{.status.readyReplicas}')" = 2 ] &&
    echo "worker scaled to 2 without a new revision"
}
diff_teardown() {
  if [ "${E2E_DIFF_MODE:-full}" = api ]; then
    # No namespace controller on a bare API server: the objects go, the namespace stays (as in run_env_api).
    k delete -f "$DIFF_DIR/head.json" --ignore-not-found --wait=false >/dev/null
    return
  fi
  k delete namespace "$DIFF_NS" --wait=true --timeout=180s >/dev/null || return 1
  k delete pv --all --wait=false >/dev/null
}

check "[$KVER] diff: the two outputs compared (shipshape diff --dirs)" diff_report
if [ "${E2E_DIFF_MODE:-full}" = api ]; then
  check "[$KVER] diff: the base applied" diff_apply_base
else
  check "[$KVER] diff: the base applied and rolled out" diff_apply_base
fi
check "[$KVER] diff: kubectl diff changes exactly the report's added and changed objects" diff_server_diff
check "[$KVER] diff: the server refuses in place exactly the report's replace changes" diff_refusals
if [ "${E2E_DIFF_MODE:-full}" != api ]; then
  check "[$KVER] diff: applied, exactly the report's rolls get a new revision" diff_apply_head
fi
check "[$KVER] diff: teardown" diff_teardown
