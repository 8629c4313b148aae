# Helm scenario of the end-to-end suite (sourced by e2e/run.sh on the v1.27 control plane): the synthesized
# chart installed as a release into a namespace of the user's choosing, upgraded with values as a pipeline
# ships the next release (-f: link-manager's next image tag and 2 replicas; --set-string: a config value),
# values the constructs would refuse refused by Helm, rolled back, uninstalled without leftovers; once with
# Helm 4 (the primary) and once with Helm 3 (security fixes end 2027-02-10; kept for teams still on it).
HELM_NS=team-a
HELM_REL=shop
export HELM_CACHE_HOME="$E2E_STATE/helm/cache" HELM_CONFIG_HOME="$E2E_STATE/helm/config" HELM_DATA_HOME="$E2E_STATE/helm/data"

h() { "$HELM_UNDER_TEST" --kubeconfig "$KUBECONFIG" -n "$HELM_NS" "$@"; }
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
replicas_of() { k get deploy link-manager -n "$HELM_NS" -o jsonpath='{.spec.replicas}'; }
config_hash_of() { k get deploy link-manager -n "$HELM_NS" -o jsonpath='{.spec.template.metadata.annotations.shipshape\.io/config-hash}'; }
max_links() { k get configmap link-manager-config -n "$HELM_NS" -o jsonpath='{.data.MAX_LINKS_PER_USER}'; }
helm_upgrade() {
  # The next app release, as a pipeline ships it: the same chart, values from a file and from --set.
  local before tag hash
  before="$(image_of)" hash="$(config_hash_of)"
  tag="$(node -e 'const v = require("js-yaml").load(require("fs").readFileSync("dist/helm/local/values.yaml", "utf8")); console.log(v.linkManager.image.tag)')"
  [ "${before##*:}" = "$tag" ] || { echo "link-manager runs $before, values.yaml says tag $tag" >&2; return 1; }
  printf 'linkManager:\n  image:\n    tag: "%s-next"\n  replicas: 2\n' "$tag" >"$E2E_STATE/next-values.yaml"
  h upgrade "$HELM_REL" dist/helm/local -f "$E2E_STATE/next-values.yaml" --set-string linkManager.config.MAX_LINKS_PER_USER=25 \
    --wait --timeout 5m >/dev/null || return 1
  [ "$(helm_revision)" = 2 ] && [ "$(image_of)" = "${before}-next" ] && [ "$(replicas_of)" = 2 ] && [ "$(max_links)" = 25 ] || {
    echo "revision $(helm_revision): $(image_of), $(replicas_of) replicas, MAX_LINKS_PER_USER=$(max_links)" >&2
    return 1
  }
  [ "$(config_hash_of)" != "$hash" ] || { echo "the config hash did not follow the ConfigMap" >&2; return 1; }
  k rollout status deploy/link-manager -n "$HELM_NS" --timeout=180s >/dev/null || return 1
  [ "$(k get deploy link-manager -n "$HELM_NS" -o jsonpath='{.status.readyReplicas}')" = 2 ] || return 1
  echo "upgraded to revision 2: link-manager runs ${before}-next, 2 replicas ready, MAX_LINKS_PER_USER=25 (config hash $hash -> $(config_hash_of))"
}
helm_refuses() { # values the constructs would refuse never reach the cluster
  local bad out
  for bad in 'linkManager.image.tag=latest' 'linkManager.replicas=-1' 'linkManager.resources.requests.cpu=4' 'publicGateway.hosts[0]=10.0.0.1'; do
    if out="$(h upgrade "$HELM_REL" dist/helm/local --reuse-values --set "$bad" 2>&1)"; then
      echo "helm accepted --set $bad" >&2
      return 1
    fi
    echo "refused --set $bad: $(echo "$out" | grep -m1 -E "at '|values:" | sed 's/^ *//')"
  done
  [ "$(helm_revision)" = 2 ] || { echo "a refused upgrade made revision $(helm_revision)" >&2; return 1; }
}
helm_rollback() {
  local before
  before="$(image_of)"
  h rollback "$HELM_REL" 1 --wait --timeout 5m >/dev/null || return 1
  [ "$(helm_revision)" = 3 ] && [ "$(image_of)" = "${before%-next}" ] && [ "$(replicas_of)" = 1 ] && [ "$(max_links)" = 10 ] || return 1
  k rollout status deploy/link-manager -n "$HELM_NS" --timeout=180s >/dev/null || return 1
  echo "rolled back (revision 3): link-manager runs $(image_of), 1 replica, MAX_LINKS_PER_USER=10; history: $(h history "$HELM_REL" -o json | jq -r '[.[].description] | join(", ")')"
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

for HELM_UNDER_TEST in "$HELM4" "$HELM"; do
  HV="helm $("$HELM_UNDER_TEST" version --template '{{ .Version }}')"
  check "[$KVER] $HV: namespace $HELM_NS (restricted), volumes, Secrets" helm_prepare
  check "[$KVER] $HV: install local chart into $HELM_NS, references exist" helm_install
  check "[$KVER] $HV: upgrade with -f and --set (image tag, replicas, config)" helm_upgrade
  check "[$KVER] $HV: values the constructs refuse are refused by Helm" helm_refuses
  check "[$KVER] $HV: rollback to revision 1" helm_rollback
  check "[$KVER] $HV: uninstall leaves nothing" helm_uninstall
done
