# The Gateway API traffic routing of the rollouts scenarios (sourced by e2e/rollouts.sh). It runs only with
# SHIPSHAPE_GWAPI_PLUGIN=<a build of rollouts-plugin-trafficrouter-gatewayapi v0.15.0>: the plugin is no Go module
# the proxy serves, so CI cannot build it and skips this part with one line. The app is
# e2e/fixtures/rollouts-gateway-app.ts; no Gateway controller runs (the plugin edits the HTTPRoute, the API server
# stores it). As a user adds the plugin to a running controller: argo-rollouts-config, then a controller restart.
#   routed  stable/canary weights of the route 100/0 -> 75/25 -> (promote) 50/50 -> (promote) 100/0 with both
#           Services on the new pods (0/100 in between); a second image at 75/25: the synthesized route applied
#           then conflicts (forced: 100/0 until the controller's next reconcile); aborted: 100/0 on the previous pods
GW_NS=e2e-rollouts-gateway
GW_ROUTE=public-routed.example.com
GW_LABEL=rollouts.argoproj.io/gatewayapi-canary # the plugin's "canary in progress" label on a route
GW_SKIP='SKIP: Gateway API traffic routing (set SHIPSHAPE_GWAPI_PLUGIN to a build of rollouts-plugin-trafficrouter-gatewayapi v0.15.0)'
GW_WATCH_PID=

gw_weights() { # the route's backendRefs as `name=weight ...`
  k get httproute "$GW_ROUTE" -n "$GW_NS" -o jsonpath='{range .spec.rules[*].backendRefs[*]}{.name}={.weight} {end}'
}
gw_weights_are() { [ "$(gw_weights)" = "routed=$1 routed-canary=$2 " ]; } # <stable> <canary>
gw_ro() { k get rollout routed -n "$GW_NS" -o jsonpath="$1"; }           # <jsonpath>
gw_ro_is() { [ "$(gw_ro "$1")" = "$2" ]; }                                # <jsonpath> <value>
gw_svc_hash() { k get service "$1" -n "$GW_NS" -o jsonpath='{.spec.selector.rollouts-pod-template-hash}'; }
gw_label() { k get httproute "$GW_ROUTE" -n "$GW_NS" -o jsonpath="{.metadata.labels.${GW_LABEL//./\\.}}"; }
gw_rs() { # <hash>: `spec/ready` replicas of that ReplicaSet (an absent count is 0)
  local spec ready
  spec="$(k get rs -n "$GW_NS" -l "rollouts-pod-template-hash=$1" -o jsonpath='{.items[0].spec.replicas}')"
  ready="$(k get rs -n "$GW_NS" -l "rollouts-pod-template-hash=$1" -o jsonpath='{.items[0].status.readyReplicas}')"
  echo "${spec:-0}/${ready:-0}"
}
gw_paused_at() { # <step index>: the rollout holds at that pause step
  gw_ro_is '{.status.currentStepIndex}/{.status.pauseConditions[0].reason}' "$1/CanaryPauseStep"
}
gw_at() { # <stable> <canary> <canary hash> <stable hash>: weights, Service selectors and the controller's status
  gw_weights_are "$1" "$2" && [ "$(gw_svc_hash routed-canary)" = "$3" ] && [ "$(gw_svc_hash routed)" = "$4" ] &&
    gw_ro_is '{.status.canary.weights.canary.weight}/{.status.canary.weights.stable.weight}' "$2/$1"
}
gw_state() { # what a failure prints
  echo "route: $(gw_weights)label=$(gw_label); services: routed=$(gw_svc_hash routed) routed-canary=$(gw_svc_hash routed-canary);" \
    "$(k get rollout routed -n "$GW_NS" -o json | "${RO[@]}" status)" >&2
}
gw_apply_route() { # [kubectl flag]: server-side apply of the synthesized Gateway and route, as `kubectl apply` of dist/
  k apply --server-side --field-manager=shipshape "$@" -f "$E2E_STATE/rollouts-gateway-dist/rollouts-gateway/public.yaml"
}
gw_image() { k set image deployment/routed "routed=registry.example.com/e2e/web:$1" -n "$GW_NS" >/dev/null; }
gw_promote() { k patch rollout routed -n "$GW_NS" --subresource=status --type=merge -p '{"status":{"pauseConditions":null}}' >/dev/null; }

rollouts_gateway_setup() {
  local dist="$E2E_STATE/rollouts-gateway-dist" log="$E2E_STATE/k127/logs/rollouts-controller-gwapi.log"
  [ -x "$SHIPSHAPE_GWAPI_PLUGIN" ] || { echo "SHIPSHAPE_GWAPI_PLUGIN=$SHIPSHAPE_GWAPI_PLUGIN is no executable" >&2; return 1; }
  node bin/shipshape.js synth e2e/fixtures/rollouts-gateway-app.ts --out "$dist" >/dev/null || return 1
  # The plugin as the Platform configures the chart (its entry from argoRolloutsValues), from a file instead of
  # the release URL; the controller reads argo-rollouts-config only when it starts.
  k create namespace "$RO_CONTROLLER_NS" --dry-run=client -o yaml | k apply -f - >/dev/null &&
    "${RO[@]}" plugin-config "$dist/rollouts-gateway" "$SHIPSHAPE_GWAPI_PLUGIN" "$RO_CONTROLLER_NS" |
    k apply -f - >/dev/null || return 1
  rollouts_controller_down && rollouts_controller_up k127 rollouts-controller-gwapi || return 1
  wait_for 30 "the controller to take the plugin" grep -q 'Copied plugin from' "$log" || { tail -n 5 "$log" >&2; return 1; }
  no_warnings k apply --server-side --field-manager=shipshape -f "$dist/rollouts-gateway/00-namespace.yaml" &&
    no_warnings k apply --server-side --field-manager=shipshape -f "$dist/rollouts-gateway/" || return 1
  wait_for 90 "rollout routed to be Healthy" gw_ro_is '{.status.phase}' Healthy || { gw_state; return 1; }
  gw_weights_are 100 0 || { gw_state; return 1; }
  # The plugin runs as the controller's child process: stopped with it, and by its pid if it outlives it.
  local plugin
  plugin="$(pgrep -P "$RO_CONTROLLER_PID" | head -n 1)"
  [ -n "$plugin" ] && [ "$(readlink "/proc/$plugin/exe")" = "$E2E_STATE/k127/plugin-bin/argoproj-labs/gatewayAPI" ] ||
    { echo "the plugin process of the controller is not running (child: '${plugin}')" >&2; return 1; }
  E2E_PIDS[k127]+=" $plugin"
  # Every stored version of the route, in order: the API's watch stream, raw (`kubectl get -w` v1.27 stops after
  # the first event when its output is no terminal, kubernetes/kubernetes#119246).
  start_proc k127 "$E2E_STATE/gateway-route-watch" "$KUBECTL" get --raw \
    "/apis/gateway.networking.k8s.io/v1/namespaces/$GW_NS/httproutes?watch=true&fieldSelector=metadata.name%3D$GW_ROUTE"
  GW_WATCH_PID="${E2E_PIDS[k127]##* }"
  echo "controller restarted on argo-rollouts-config ($(grep -o 'Copied plugin from [^ ]*' "$log" | head -n 1));" \
    "plugin pid $plugin; routed Healthy, route $(gw_weights)"
}

rollouts_gateway_canary() {
  local t0=$SECONDS t stable canary
  stable="$(gw_ro '{.status.stableRS}')"
  gw_image 1.0.1 || return 1
  wait_for 30 "a new revision of routed" sh -c "[ \"\$('$KUBECTL' get rollout routed -n $GW_NS -o jsonpath='{.status.currentPodHash}')\" != '$stable' ]" || return 1
  canary="$(gw_ro '{.status.currentPodHash}')"
  # setWeight 25, then the first pause: 25 % of the requests to the canary's Service, which selects its pods.
  wait_for 60 "routed at 75/25, paused" gw_paused_at 1 &&
    wait_for 30 "the route at 75/25" gw_at 75 25 "$canary" "$stable" || { gw_state; return 1; }
  [ "$(gw_label)" = in-progress ] && [ "$(gw_rs "$canary")" = 1/1 ] && [ "$(gw_rs "$stable")" = 4/4 ] ||
    { echo "at 25: label '$(gw_label)', canary RS $(gw_rs "$canary"), stable RS $(gw_rs "$stable")" >&2; return 1; }
  t=$((SECONDS - t0))
  echo "25: route routed=75 routed-canary=25, label $GW_LABEL=in-progress, pods canary 1 / stable 4 ($t s)"
  sleep 5
  gw_paused_at 1 && gw_at 75 25 "$canary" "$stable" || { echo "routed did not hold at 25 %" >&2; gw_state; return 1; }
  ro_time "routed: new image to 75/25 in the HTTPRoute" "$t"
  t0=$SECONDS
  gw_promote || return 1
  wait_for 60 "routed at 50/50, paused" gw_paused_at 3 && wait_for 30 "the route at 50/50" gw_at 50 50 "$canary" "$stable" ||
    { gw_state; return 1; }
  [ "$(gw_rs "$canary")" = 2/2 ] && [ "$(gw_rs "$stable")" = 4/4 ] ||
    { echo "at 50: canary RS $(gw_rs "$canary"), stable RS $(gw_rs "$stable")" >&2; return 1; }
  t=$((SECONDS - t0))
  echo "50: route routed=50 routed-canary=50, pods canary 2 / stable 4 ($t s after the promotion)"
  ro_time "routed: promoted from 25 to 50/50 in the HTTPRoute" "$t"
  t0=$SECONDS
  gw_promote || return 1
  wait_for 60 "routed to be Healthy on the canary" gw_ro_is '{.status.phase}/{.status.stableRS}' "Healthy/$canary" &&
    wait_for 30 "the route back to 100/0 on the new pods" gw_at 100 0 "$canary" "$canary" || { gw_state; return 1; }
  [ -z "$(gw_label)" ] || { echo "the route kept $GW_LABEL=$(gw_label)" >&2; return 1; }
  # The synthesized route applies again as it is: the weights are back to the synthesized ones.
  local gen out
  gen="$(k get httproute "$GW_ROUTE" -n "$GW_NS" -o jsonpath='{.metadata.generation}')"
  out="$(gw_apply_route 2>&1)" && [ "$(k get httproute "$GW_ROUTE" -n "$GW_NS" -o jsonpath='{.metadata.generation}')" = "$gen" ] ||
    { echo "re-applying the route after the canary: $out (generation $gen -> now $(k get httproute "$GW_ROUTE" -n "$GW_NS" -o jsonpath='{.metadata.generation}'))" >&2; return 1; }
  t=$((SECONDS - t0))
  echo "promoted: route routed=100 routed-canary=0, both Services on $canary, label removed ($t s)"
  ro_time "routed: promoted to the end, the route back to 100/0" "$t"
  # The old pods stay for the canary's scaleDownDelaySeconds (Argo's default 30 s with a traffic router).
  wait_for 60 "the old pods of routed to go" sh -c "[ \"\$('$KUBECTL' get rs -n $GW_NS -l rollouts-pod-template-hash=$stable -o jsonpath='{.items[0].spec.replicas}')\" = 0 ]" ||
    return 1
  echo "the old ReplicaSet at 0 $((SECONDS - t0)) s after the promotion"
}

rollouts_gateway_apply() {
  local stable canary
  stable="$(gw_ro '{.status.stableRS}')"
  gw_image 1.0.2 || return 1
  wait_for 30 "a new revision of routed" sh -c "[ \"\$('$KUBECTL' get rollout routed -n $GW_NS -o jsonpath='{.status.currentPodHash}')\" != '$stable' ]" || return 1
  canary="$(gw_ro '{.status.currentPodHash}')"
  wait_for 60 "routed at 75/25, paused" gw_paused_at 1 && wait_for 30 "the route at 75/25" gw_at 75 25 "$canary" "$stable" ||
    { gw_state; return 1; }
  # The plugin writes the whole route (an update, manager gatewayAPI): it owns .spec.rules, an atomic list. A
  # server-side apply of the synthesized route conflicts; forced, it puts back 100/0, which the controller, that
  # watches no route, restores at its next reconcile of the Rollout (here made by an annotation).
  local out t1
  if out="$(gw_apply_route 2>&1)"; then echo "the route applied during the canary without a conflict" >&2; return 1; fi
  [[ "$out" == *'conflict with "gatewayAPI"'*'.spec.rules'* ]] || { echo "unexpected: $out" >&2; return 1; }
  gw_apply_route --force-conflicts >/dev/null && gw_weights_are 100 0 || { gw_state; return 1; }
  sleep 5
  gw_weights_are 100 0 && gw_paused_at 1 || { echo "the route changed by itself after the forced apply" >&2; gw_state; return 1; }
  t1=$SECONDS
  k annotate rollout routed -n "$GW_NS" e2e.shipshape.io/reconcile="$t1" >/dev/null &&
    wait_for 30 "the controller to restore 75/25" gw_weights_are 75 25 || { gw_state; return 1; }
  echo "during the canary: apply conflicts on .spec.rules (manager gatewayAPI); forced: 100/0, unchanged 5 s later;" \
    "75/25 again $((SECONDS - t1)) s after the Rollout's next reconcile"
}

rollouts_gateway_abort() { # the second canary, held at 75/25
  local t0=$SECONDS t stable canary
  stable="$(gw_ro '{.status.stableRS}')"
  canary="$(gw_ro '{.status.currentPodHash}')"
  gw_paused_at 1 && gw_at 75 25 "$canary" "$stable" || { gw_state; return 1; }
  # What `kubectl argo rollouts abort` sends.
  k patch rollout routed -n "$GW_NS" --subresource=status --type=merge -p '{"status":{"abort":true}}' >/dev/null || return 1
  wait_for 60 "routed to abort" gw_ro_is '{.status.abort}/{.status.phase}' true/Degraded &&
    wait_for 30 "the route back to 100/0" gw_weights_are 100 0 || { gw_state; return 1; }
  t=$((SECONDS - t0))
  ro_time "routed: an abort at 75/25 returns the route to 100/0" "$t"
  # The canary pods stay for abortScaleDownDelaySeconds (Argo's default 30 s with a traffic router).
  wait_for 60 "the canary of routed to scale down" sh -c "[ \"\$('$KUBECTL' get rs -n $GW_NS -l rollouts-pod-template-hash=$canary -o jsonpath='{.items[0].spec.replicas}')\" = 0 ]" ||
    { gw_state; return 1; }
  [ "$(gw_svc_hash routed)" = "$stable" ] && [ -z "$(gw_label)" ] && [ "$(gw_rs "$stable")" = 4/4 ] ||
    { echo "after the abort: label '$(gw_label)', stable RS $(gw_rs "$stable")" >&2; gw_state; return 1; }
  echo "aborted at 25: route routed=100 routed-canary=0 after $t s; routed on $stable (4/4), routed-canary on" \
    "$(gw_svc_hash routed-canary); the canary ReplicaSet at 0 after $((SECONDS - t0)) s"
}

rollouts_gateway_history() { # every stored version of the weights, consecutive repeats folded
  kill "$GW_WATCH_PID" 2>/dev/null && wait "$GW_WATCH_PID" 2>/dev/null
  local seen
  seen="$(jq -r '.object.spec.rules[0].backendRefs | "\(map(select(.name == "routed"))[0].weight)/\(map(select(.name == "routed-canary"))[0].weight)"' \
    "$E2E_STATE/gateway-route-watch" | uniq | paste -sd' ' -)"
  echo "route weights (stable/canary), as a watch saw them: $seen"
  # At the end of the steps the canary takes all the traffic (0/100) until the stable Service is switched to it.
  # The forced apply of the second canary puts 100/0 back, and the controller 75/25 again.
  local expected="100/0 75/25 50/50 0/100 100/0 75/25 100/0 75/25 100/0"
  [ "$seen" = "$expected" ] || { echo "expected $expected" >&2; return 1; }
}

rollouts_gateway_teardown() { k delete namespace "$GW_NS" --wait=true --timeout=120s >/dev/null; }

rollouts_gateway_scenarios() {
  if [ -z "${SHIPSHAPE_GWAPI_PLUGIN:-}" ]; then
    echo "$GW_SKIP"
    RESULTS+=("$GW_SKIP")
    return 0
  fi
  check "[$KVER] rollouts-gateway: the plugin configured, the controller restarted, routed Healthy" rollouts_gateway_setup
  check "[$KVER] rollouts-gateway: HTTPRoute weights 100/0 -> 75/25 -> 50/50 -> promoted 100/0" rollouts_gateway_canary
  check "[$KVER] rollouts-gateway: applying the route mid-canary conflicts; forced: reset" rollouts_gateway_apply
  check "[$KVER] rollouts-gateway: an abort at 75/25 returns the HTTPRoute to 100/0" rollouts_gateway_abort
  check "[$KVER] rollouts-gateway: the route's weights changed in exactly that order" rollouts_gateway_history
  check "[$KVER] rollouts-gateway: teardown" rollouts_gateway_teardown
}
