# Helm scenario of the end-to-end suite (sourced by e2e/run.sh on the v1.27 control plane): the synthesized
# chart installed as a release into a namespace of the user's choosing, upgraded to the next release of the
# app (a new link-manager image, as a pipeline would ship it), rolled back, uninstalled without leftovers.
HELM_NS=team-a
HELM_REL=shop
export HELM_CACHE_HOME="$E2E_STATE/helm/cache" HELM_CONFIG_HOME="$E2E_STATE/helm/config" HELM_DATA_HOME="$E2E_STATE/helm/data"

h() { "$HELM" --kubeconfig "$KUBECONFIG" -n "$HELM_NS" "$@"; }
helm_revision() { h status "$HELM_REL" -o json | jq -r '.version'; }
# What the chart made, by kind/name (Secrets made by `shipshape secrets` and the fake operator excluded).
helm_objects() {
  k get "$(kinds_of local)" -n "$HELM_NS" -o name 2>/dev/null | sort
}

helm_prepare() {
  # The namespace, labeled as the environment's own Namespace object (Pod Security "restricted").
  sed "s/^  name: $NS\$/  name: $HELM_NS/" dist/local/00-namespace.yaml | k apply -f - >/dev/null &&
    k get namespace "$HELM_NS" -o jsonpath='{.metadata.labels.pod-security\.kubernetes\.io/enforce}' | grep -qx restricted &&
    storage helm &&
    KUBECTL="$KUBECTL" node bin/shipshape.js secrets src/delinkcious/app.ts --env local --namespace "$HELM_NS" --values e2e/fixtures/secret-values-local.yaml
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
image_of() { k get deploy link-manager -n "$HELM_NS" -o jsonpath='{.spec.template.spec.containers[0].image}'; }
helm_upgrade() {
  # The chart of the next app release: the same chart with link-manager's image tag bumped.
  local chart="$E2E_STATE/chart-next" before
  rm -rf "$chart" && cp -r dist/helm/local "$chart" || return 1
  before="$(image_of)"
  sed -i "s|image: ${before}\$|image: ${before}-next|" "$chart/templates/link-manager.yaml"
  h upgrade "$HELM_REL" "$chart" --wait --timeout 5m >/dev/null || return 1
  [ "$(helm_revision)" = 2 ] && [ "$(image_of)" = "${before}-next" ] || return 1
  k rollout status deploy/link-manager -n "$HELM_NS" --timeout=180s >/dev/null || return 1
  echo "upgraded to revision 2: link-manager runs ${before}-next"
}
helm_rollback() {
  local before
  before="$(image_of)"
  h rollback "$HELM_REL" 1 --wait --timeout 5m >/dev/null || return 1
  [ "$(helm_revision)" = 3 ] && [ "$(image_of)" = "${before%-next}" ] || return 1
  k rollout status deploy/link-manager -n "$HELM_NS" --timeout=180s >/dev/null || return 1
  echo "rolled back (revision 3): link-manager runs $(image_of); history: $(h history "$HELM_REL" -o json | jq -r '[.[].description] | join(", ")')"
}
no_pods_in() { [ -z "$(k get pods -n "$1" -o name)" ]; }
helm_uninstall() {
  h uninstall "$HELM_REL" --wait --timeout 3m >/dev/null || return 1
  wait_for 120 "the release's pods to go" no_pods_in "$HELM_NS" || return 1
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
check "[$KVER] helm: upgrade (next image of link-manager)" helm_upgrade
check "[$KVER] helm: rollback to revision 1" helm_rollback
check "[$KVER] helm: uninstall leaves nothing" helm_uninstall
