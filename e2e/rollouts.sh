# Argo Rollouts scenarios of the end-to-end suite (sourced by e2e/run.sh on the v1.27 control plane, whose Argo
# Rollouts controller runs as a process: rollouts_controller_up). The app is e2e/fixtures/rollouts-app.ts, synthesized
# through the CLI; Prometheus is e2e/rollouts.ts's stand-in on a free loopback port (the controller, a host process,
# queries it there). Every scenario starts from a new image tag set on the Deployment, as a user (or Helm, or Argo
# CD) changes it: the Rollout that references it starts the delivery.
#   web    canary 25 -> pause 3s -> 50 -> analysis (passes) -> 75 -> await promotion -> promoted: Healthy, old pods 0;
#          the pod split of every weight is the one shipshape computes (constructs/_canary-replicas.ts)
#   flaky  canary 25 -> analysis fails -> aborted: Degraded, canary scaled to 0, the stable pods all serving
#   quiet  canary 25 -> analysis without a sample (no traffic) -> inconclusive: paused for a person, not aborted
#   blue   blue-green: the preview Service selects the new pods, the active one the old pods until the promotion
#   routed (e2e/rollouts-gateway.sh, only with SHIPSHAPE_GWAPI_PLUGIN) a canary whose HTTPRoute weights the
#          Gateway API plugin moves
RO_NS=e2e-rollouts
RO=(node -r ./scripts/register.js e2e/rollouts.ts)
RO_TIMES=()

RO_CONTROLLER_NS=argo-rollouts
RO_CONTROLLER_PID=

# The controller's namespace (where it reads argo-rollouts-config) is given, not guessed from a service account
# file; its working directory, the cluster's state directory, receives the plugins it copies (./plugin-bin).
rollouts_controller_up() { # <cluster> [log name]: the controller as a process against the cluster, on free ports
  local dir="$E2E_STATE/$1"
  start_proc "$1" "$dir/logs/${2:-rollouts-controller}.log" env -C "$dir" POD_NAMESPACE="$RO_CONTROLLER_NS" \
    "$ARGO_ROLLOUTS" --kubeconfig "$KUBECONFIG" \
    --leader-elect=false --metricsPort "$(free_port)" --healthzPort "$(free_port)"
  RO_CONTROLLER_PID="${E2E_PIDS[$1]##* }"
  echo "$1: Argo Rollouts controller ($ARGO_ROLLOUTS) started, pid $RO_CONTROLLER_PID"
}

rollouts_controller_down() { # stops the controller rollouts_controller_up started last (SIGKILL after 20 s)
  local i
  kill "$RO_CONTROLLER_PID" 2>/dev/null || return 0
  for i in $(seq 1 40); do kill -0 "$RO_CONTROLLER_PID" 2>/dev/null || break; sleep 0.5; done
  kill -9 "$RO_CONTROLLER_PID" 2>/dev/null || true
  wait "$RO_CONTROLLER_PID" 2>/dev/null || true
}

ro_get() { k get rollout "$1" -n "$RO_NS" -o jsonpath="$2"; }                            # <rollout> <jsonpath>
ro_is() { [ "$(ro_get "$1" "$2")" = "$3" ]; }                                              # <rollout> <jsonpath> <value>
rs_of() { k get rs -n "$RO_NS" -l "rollouts-pod-template-hash=$1" -o jsonpath="$2"; }   # <hash> <jsonpath>
rs_count() { # <hash>: `spec/ready` replicas of the ReplicaSet of that hash (an absent count is 0)
  local spec ready
  spec="$(rs_of "$1" '{.items[0].spec.replicas}')"
  ready="$(rs_of "$1" '{.items[0].status.readyReplicas}')"
  echo "${spec:-0}/${ready:-0}"
}
split_is() { # <canary hash> <stable hash> <canary> <stable>: spec and ready replicas of both ReplicaSets
  [ "$(rs_count "$1")" = "$3/$3" ] && [ "$(rs_count "$2")" = "$4/$4" ]
}
analysis_phases() { k get analysisrun -n "$RO_NS" -l "rollouts-pod-template-hash=$1" -o jsonpath='{.items[*].status.phase}'; } # <hash>
svc_hash() { k get service "$1" -n "$RO_NS" -o jsonpath='{.spec.selector.rollouts-pod-template-hash}'; }
ro_time() { RO_TIMES+=("$(printf '%-58s %4d s' "$1" "$2")"); }

rollouts_setup() {
  local port
  port=$(free_port)
  start_proc k127 "$E2E_STATE/prometheus-stand-in.log" "${RO[@]}" prometheus "$port" "$E2E_STATE/prometheus-queries"
  wait_for 20 "the Prometheus stand-in" curl -sf "http://127.0.0.1:$port/-/ready" || return 1
  E2E_PROMETHEUS_URL="http://127.0.0.1:$port" node bin/shipshape.js synth e2e/fixtures/rollouts-app.ts \
    --out "$E2E_STATE/rollouts-dist" >/dev/null || return 1
  local dir="$E2E_STATE/rollouts-dist/rollouts"
  no_warnings k apply --server-side --field-manager=shipshape -f "$dir/00-namespace.yaml" &&
    no_warnings k apply --server-side --field-manager=shipshape -f "$dir/" || return 1
  local r
  for r in web flaky quiet blue; do
    wait_for 90 "rollout $r to be Healthy" ro_is "$r" '{.status.phase}' Healthy || return 1
  done
  # The Deployments keep the template and run nothing; the Rollouts run the pods.
  [ "$(k get deploy -n "$RO_NS" -o jsonpath='{range .items[*]}{.status.replicas}{end}')" = "" ] ||
    { echo "a Deployment runs pods of its own" >&2; return 1; }
  echo "4 Rollouts Healthy on their first revision; the 4 Deployments run no pod; Prometheus stand-in on :$port"
}

new_image() { # <deployment> <tag>: what `kubectl set image` does to the template the Rollout references
  k set image "deployment/$1" "$1=registry.example.com/e2e/web:$2" -n "$RO_NS" >/dev/null
}

promote() { # <rollout>: what `kubectl argo rollouts promote` sends, with plain kubectl
  k patch rollout "$1" -n "$RO_NS" --subresource=status --type=merge -p '{"status":{"pauseConditions":null}}' >/dev/null
}

rollouts_canary() {
  local t0=$SECONDS stable canary w expected
  stable="$(ro_get web '{.status.stableRS}')"
  new_image web 1.0.1 || return 1
  wait_for 30 "a new revision of web" sh -c "[ \"\$('$KUBECTL' get rollout web -n $RO_NS -o jsonpath='{.status.currentPodHash}')\" != '$stable' ]" || return 1
  canary="$(ro_get web '{.status.currentPodHash}')"
  for w in 25 50 75; do
    expected="$("${RO[@]}" split 4 "$w" 1)"
    wait_for 60 "web at weight $w: $expected (canary stable)" split_is "$canary" "$stable" $expected || return 1
    echo "weight $w: canary/stable pods $(echo "$expected" | tr ' ' /), as shipshape computed ($((SECONDS - t0)) s)"
  done
  # The analysis ran on the canary's pods: Successful, and its queries carried the canary's hash.
  [ "$(analysis_phases "$canary")" = Successful ] ||
    { echo "the analysis of web's canary did not succeed" >&2; return 1; }
  grep -q "^web $canary success-rate$" "$E2E_STATE/prometheus-queries" &&
    grep -q "^web $canary latency$" "$E2E_STATE/prometheus-queries" || { echo "no query for web's canary pods" >&2; return 1; }
  wait_for 30 "web to await its promotion" ro_is web '{.status.pauseConditions[0].reason}' CanaryPauseStep || return 1
  sleep 5
  ro_is web '{.status.phase}' Paused && split_is "$canary" "$stable" 3 1 || { echo "web did not hold at 75 %" >&2; return 1; }
  promote web || return 1
  wait_for 60 "web to be Healthy on the canary" ro_is web '{.status.phase}/{.status.stableRS}' "Healthy/$canary" || return 1
  wait_for 60 "the old pods of web to go" sh -c "[ \"\$('$KUBECTL' get rs -n $RO_NS -l rollouts-pod-template-hash=$stable -o jsonpath='{.items[0].spec.replicas}')\" = 0 ]" || return 1
  ro_time "web: a new image through every canary step, promoted" "$((SECONDS - t0))"
  echo "web: promoted after 5 s held at 75 %; stable $canary, the old ReplicaSet at 0 ($((SECONDS - t0)) s)"
}

rollouts_abort() {
  local t0=$SECONDS stable canary
  stable="$(ro_get flaky '{.status.stableRS}')"
  new_image flaky 1.0.1 || return 1
  wait_for 60 "flaky to abort" ro_is flaky '{.status.abort}/{.status.phase}' true/Degraded || return 1
  canary="$(ro_get flaky '{.status.currentPodHash}')"
  wait_for 60 "the canary of flaky to scale down" split_is "$canary" "$stable" 0 4 || return 1
  [ "$(analysis_phases "$canary")" = Failed ] ||
    { echo "the analysis of flaky's canary did not fail" >&2; return 1; }
  grep -q "^flaky $canary success-rate$" "$E2E_STATE/prometheus-queries" || { echo "no query for flaky's canary" >&2; return 1; }
  ro_time "flaky: a failing analysis aborts the canary" "$((SECONDS - t0))"
  echo "flaky: analysis Failed, rollout aborted (Degraded), canary 0, stable 4 ready ($((SECONDS - t0)) s)"
}

rollouts_inconclusive() {
  local t0=$SECONDS stable canary
  stable="$(ro_get quiet '{.status.stableRS}')"
  new_image quiet 1.0.1 || return 1
  wait_for 60 "quiet to pause on its inconclusive analysis" ro_is quiet '{.status.pauseConditions[0].reason}' InconclusiveAnalysisRun || return 1
  canary="$(ro_get quiet '{.status.currentPodHash}')"
  [ "$(analysis_phases "$canary")" = Inconclusive ] &&
    ro_is quiet '{.status.phase}/{.status.abort}' Paused/ && split_is "$canary" "$stable" 1 3 ||
    { echo "quiet: $(ro_get quiet '{.status.phase} abort={.status.abort}')" >&2; return 1; }
  ro_time "quiet: an analysis without data pauses the canary" "$((SECONDS - t0))"
  echo "quiet: analysis Inconclusive (no sample), rollout Paused at 1 canary / 3 stable, not aborted ($((SECONDS - t0)) s)"
}

rollouts_blue_green() {
  local t0=$SECONDS active preview
  active="$(ro_get blue '{.status.stableRS}')"
  new_image blue 1.0.1 || return 1
  wait_for 60 "blue to wait for its promotion" ro_is blue '{.status.pauseConditions[0].reason}' BlueGreenPause || return 1
  preview="$(ro_get blue '{.status.currentPodHash}')"
  [ "$(svc_hash blue-preview)" = "$preview" ] && [ "$(svc_hash blue)" = "$active" ] ||
    { echo "blue: preview $(svc_hash blue-preview), active $(svc_hash blue)" >&2; return 1; }
  [ "$(rs_of "$preview" '{.items[0].status.readyReplicas}')" = 2 ] || { echo "the preview is not ready" >&2; return 1; }
  # The preview pods carry the role the ServiceMonitor tells them apart by; the analysis read their series.
  [ "$(k get pods -n "$RO_NS" -l "rollouts-pod-template-hash=$preview,shipshape.io/rollout-role=preview" --no-headers | wc -l)" = 2 ] ||
    { echo "the preview pods are not labeled preview" >&2; return 1; }
  grep -q "^blue-preview $preview success-rate$" "$E2E_STATE/prometheus-queries" || { echo "no query for blue's preview" >&2; return 1; }
  sleep 5
  [ "$(svc_hash blue)" = "$active" ] || { echo "blue switched before its promotion" >&2; return 1; }
  promote blue || return 1
  wait_for 60 "blue's active Service to switch" sh -c "[ \"\$('$KUBECTL' get service blue -n $RO_NS -o jsonpath='{.spec.selector.rollouts-pod-template-hash}')\" = '$preview' ]" || return 1
  wait_for 60 "blue to be Healthy" ro_is blue '{.status.phase}/{.status.stableRS}' "Healthy/$preview" || return 1
  wait_for 30 "the new pods to be labeled active" sh -c "[ \"\$('$KUBECTL' get pods -n $RO_NS -l rollouts-pod-template-hash=$preview,shipshape.io/rollout-role=active --no-headers | wc -l)\" = 2 ]" || return 1
  ro_time "blue: blue-green switches only after the promotion" "$((SECONDS - t0))"
  echo "blue: preview analyzed and ready, active unchanged until promoted, then switched ($((SECONDS - t0)) s)"
}

rollouts_teardown() { k delete namespace "$RO_NS" --wait=true --timeout=120s >/dev/null; }

rollouts_scenarios() {
  check "[$KVER] rollouts: the fixture app applied, every Rollout Healthy" rollouts_setup
  check "[$KVER] rollouts: canary through every step (split as computed), promoted" rollouts_canary
  check "[$KVER] rollouts: a failed analysis aborts the canary and scales it down" rollouts_abort
  check "[$KVER] rollouts: an analysis without data pauses the canary for a person" rollouts_inconclusive
  check "[$KVER] rollouts: blue-green switches the active Service only after promotion" rollouts_blue_green
  check "[$KVER] rollouts: teardown" rollouts_teardown
  rollouts_gateway_scenarios
  printf '%s\n' "${RO_TIMES[@]}"
}

. e2e/rollouts-gateway.sh
