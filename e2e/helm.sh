# Helm scenario of the end-to-end suite (sourced by e2e/run.sh on the v1.27 control plane): the synthesized
# chart installed as a release into a namespace of the user's choosing, upgraded to another environment's
# chart, rolled back, uninstalled without leftovers.
HELM_NS=team-a
HELM_REL=shop
export HELM_CACHE_HOME="$E2E_STATE/helm/cache" HELM_CONFIG_HOME="$E2E_STATE/helm/config" HELM_DATA_HOME="$E2E_STATE/helm/data"

h() { "$HELM" --kubeconfig "$KUBECONFIG" -n "$HELM_NS" "$@"; }
helm_revision() { h status "$HELM_REL" -o json | jq -r '.version'; }
# What the chart made, by kind/name (Secrets made by `shipshape secrets` and the fake operator excluded).
helm_objects() {
  k get "$(kinds_of local),$(kinds_of staging)" -n "$HELM_NS" -o name 2>/dev/null | sort
}

helm_prepare() {
  # The namespace, labeled as the environment's own Namespace object (Pod Security "restricted").
  sed "s/^  name: $NS\$/  name: $HELM_NS/" dist/local/00-namespace.yaml | k apply -f - >/dev/null &&
    k get namespace "$HELM_NS" -o jsonpath='{.metadata.labels.pod-security\.kubernetes\.io/enforce}' | grep -qx restricted &&
    storage helm &&
    KUBECTL="$KUBECTL" node bin/shipshape.js secrets local --namespace "$HELM_NS" --values e2e/fixtures/secret-values-local.yaml
}
helm_install() {
  h install "$HELM_REL" dist/helm/local --wait --timeout 5m >/dev/null || return 1
  play_platform "$HELM_NS" &&
    k get pods,secrets,configmaps -n "$HELM_NS" -o json | "${CHECKS[@]}" references || return 1
  local wrong
  wrong="$(k get all -A -o json | jq -r --arg rel "$HELM_REL" '.items[] | select(.metadata.annotations["meta.helm.sh/release-name"] == $rel and .metadata.namespace != "'"$HELM_NS"'") | .metadata.name')"
  [ -z "$wrong" ] || { echo "release objects outside $HELM_NS: $wrong" >&2; return 1; }
  echo "installed revision $(helm_revision): $(helm_objects | wc -l) objects in $HELM_NS"
}
helm_upgrade() { # to the staging chart: HPAs, PDBs, ExternalSecrets appear
  h upgrade "$HELM_REL" dist/helm/staging --wait --timeout 5m >/dev/null || return 1
  play_platform "$HELM_NS" || return 1
  [ "$(helm_revision)" = 2 ] && k get hpa,pdb,externalsecret -n "$HELM_NS" --no-headers | grep -q . || return 1
  for d in $(k get deploy -n "$HELM_NS" -o name); do k rollout status "$d" -n "$HELM_NS" --timeout=180s >/dev/null || return 1; done
  echo "upgraded to revision 2: $(helm_objects | wc -l) objects"
}
helm_rollback() {
  h rollback "$HELM_REL" 1 --wait --timeout 5m >/dev/null || return 1
  [ "$(helm_revision)" = 3 ] || return 1
  if k get hpa,pdb,externalsecret -n "$HELM_NS" --no-headers 2>/dev/null | grep -q .; then
    echo "rollback left staging-only objects" >&2
    return 1
  fi
  echo "rolled back (revision 3): $(helm_objects | wc -l) objects; history: $(h history "$HELM_REL" -o json | jq -r '[.[].description] | join(", ")')"
}
helm_uninstall() {
  h uninstall "$HELM_REL" --wait --timeout 3m >/dev/null || return 1
  wait_for 120 "the release's pods to go" test -z "$(k get pods -n "$HELM_NS" -o name)" || return 1
  local left
  left="$(helm_objects | grep -v '^serviceaccount/default$' | grep -v '^configmap/kube-root-ca.crt$' | grep -v '^secret/')"
  [ -z "$left" ] || { echo "left behind: $left" >&2; return 1; }
  [ -z "$(k get secrets -n "$HELM_NS" -l owner=helm -o name)" ] || { echo "release records left" >&2; return 1; }
  echo "uninstalled: nothing of the release left in $HELM_NS"
  k delete namespace "$HELM_NS" --wait=true --timeout=180s >/dev/null
  k delete pv --all --wait=false >/dev/null
}

check "[$KVER] helm: namespace $HELM_NS (restricted), volumes, Secrets" helm_prepare
check "[$KVER] helm: install local chart into $HELM_NS, references exist" helm_install
check "[$KVER] helm: upgrade to the staging chart" helm_upgrade
check "[$KVER] helm: rollback to revision 1" helm_rollback
check "[$KVER] helm: uninstall leaves nothing" helm_uninstall
