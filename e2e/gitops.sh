# Argo CD part of the end-to-end suite (sourced by e2e/run.sh on each control plane, after the CRDs, which
# include Argo CD v2.14.21's): the generated Applications of dist/argocd/ through a real API server.
#   server-side dry-run and apply without warnings, the Applications listed as written, a no-op re-apply;
#   the validator and the API server agree on Argo CD objects: the good fixture is accepted, each object of
#   the bad fixture refused.
# No Argo CD controller runs here: nothing syncs, the Applications are stored and validated, not acted on.
ARGOCD_NS=argocd

gitops_namespace() { # the namespace an Argo CD installation has (pulumi.sh's gitops stack assumes it too)
  k create namespace "$ARGOCD_NS" --dry-run=client -o yaml | k apply --server-side --field-manager=e2e -f - >/dev/null
}
gitops_dry_run() { no_warnings k apply --server-side --field-manager=shipshape --dry-run=server -f dist/argocd/; }
gitops_apply() {
  no_warnings k apply --server-side --field-manager=shipshape -f dist/argocd/ || return 1
  local want got
  want="$(grep -h '^  name: ' dist/argocd/*.yaml | awk '{print $2}' | sort | paste -sd' ' -)"
  got="$(k get applications.argoproj.io -n "$ARGOCD_NS" -o jsonpath='{.items[*].metadata.name}' | tr ' ' '\n' | sort | paste -sd' ' -)"
  [ "$want" = "$got" ] || { echo "Applications in $ARGOCD_NS: '$got', expected '$want'" >&2; return 1; }
  # What the API server stored is what was written (no field pruned by the CRD's structural schema).
  local f name
  for f in dist/argocd/*.yaml; do
    name="$(grep -m1 '^  name: ' "$f" | awk '{print $2}')"
    k get application "$name" -n "$ARGOCD_NS" -o json | "${CHECKS[@]}" same-spec "$f" || return 1
  done
  echo "Applications stored as written: $got"
}
gitops_reapply() {
  local before after
  before="$(k get applications.argoproj.io -n "$ARGOCD_NS" -o json | "${CHECKS[@]}" versions)" || return 1
  k apply --server-side --field-manager=shipshape -f dist/argocd/ >/dev/null || return 1
  after="$(k get applications.argoproj.io -n "$ARGOCD_NS" -o json | "${CHECKS[@]}" versions)"
  diff <(echo "$before") <(echo "$after") || { echo "re-apply changed the Applications above" >&2; return 1; }
  echo "re-apply: $(echo "$after" | wc -l) Applications, none changed"
}
gitops_schema_agrees() {
  local dir="$E2E_STATE/argocd-fixtures" f refused=0 total=0
  no_warnings k apply --server-side --field-manager=e2e --dry-run=server -f test/validate/fixtures/argocd/good.yaml || return 1
  mkdir -p "$dir" && rm -f "$dir"/*.json
  for f in $("${CHECKS[@]}" split "$dir" test/validate/fixtures/argocd/bad.yaml); do
    total=$((total + 1))
    if k apply --server-side --field-manager=e2e --dry-run=server -f "$f" >"$dir/out" 2>&1; then
      echo "the API server accepted $(node -p "const o=require('$f');o.kind+' '+o.metadata.name") that shipshape refuses" >&2
    else
      refused=$((refused + 1))
      head -c 300 "$dir/out"
      echo
    fi
  done
  [ "$refused" -eq "$total" ] && echo "good fixture accepted; bad fixture: $refused of $total objects refused, as shipshape validate refuses them"
}
gitops_cleanup() { k delete applications.argoproj.io --all -n "$ARGOCD_NS" --wait=true >/dev/null; }

check "[$KVER] gitops: Argo CD namespace" gitops_namespace
check "[$KVER] gitops: server-side dry-run of dist/argocd/, no warning" gitops_dry_run
check "[$KVER] gitops: server-side apply, Applications stored as written" gitops_apply
check "[$KVER] gitops: server-side re-apply is a no-op" gitops_reapply
check "[$KVER] gitops: API server and validator agree on Argo CD fixtures" gitops_schema_agrees
check "[$KVER] gitops: Applications deleted" gitops_cleanup
