# shellcheck shell=bash
# `shipshape/pulumi` from the installed tarball (sourced by e2e/run.sh on the v1.27 control plane, E2E_ONLY
# consumer-pulumi): `npm pack`, then a fresh project outside the repository installs the tarball with only the
# peers its program loads (cdk8s, cdk8s-plus-27, constructs, @pulumi/pulumi, @pulumi/kubernetes, at the
# repository's pinned versions), copies e2e/fixtures/consumer-pulumi (a small System that is not Delinkcious,
# importing only shipshape, shipshape/synth and shipshape/pulumi), synthesizes it with its own `npx shipshape
# synth`, and runs the real Pulumi CLI on an `existing`-cluster stack: preview, up (every object of its dist/
# in the API server, the Secret from the stack's secret config), up --expect-no-changes, destroy (nothing left).
# State: a file backend of its own in the e2e state directory; the stack config file stays in the project.
CP_DIR="$E2E_STATE/consumer-pulumi"
CP_APP="$CP_DIR/notes"
CP_NS=notes-dev
CP_STACK=e2e
CP_PASSWORD=e2e-notes-password
CP_TIMES=()

cp_pin() { node -p "require('$ROOT/package.json').devDependencies['$1']"; }
cp_pulumi() { # <args...>: the CLI with this scenario's own home, backend and passphrase, in the project
  PATH="$PULUMI:$PATH" PULUMI_HOME="$CP_DIR/pulumi-home" PULUMI_BACKEND_URL="file://$CP_DIR/pulumi-state" \
    PULUMI_CONFIG_PASSPHRASE=e2e PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION=true PULUMI_SKIP_UPDATE_CHECK=true \
    PULUMI_SKIP_CONFIRMATIONS=true PULUMI_DIY_BACKEND_NO_LEGACY_WARNING=true pulumi --cwd "$CP_APP" "$@"
}
cp_p() { # <pulumi command...>: one timed stack operation, its output kept in the state directory
  local t0=$SECONDS log="$CP_DIR/pulumi-$1.log" status
  cp_pulumi "$@" --stack "$CP_STACK" --non-interactive --color never >"$log" 2>&1
  status=$?
  CP_TIMES+=("$(printf '%-40s %4d s (exit %d)' "$*" "$((SECONDS - t0))" "$status")")
  tail -n 12 "$log"
  return "$status"
}

cp_pack() {
  case "$CP_DIR/" in "$ROOT"/*) echo "the consumer directory $CP_DIR is inside the repository" >&2 && return 1 ;; esac
  mkdir -p "$CP_APP" "$CP_DIR/pulumi-state" "$CP_DIR/pulumi-home"
  (cd "$ROOT" && npm pack --pack-destination "$CP_DIR" --json >"$CP_DIR/pack.json" 2>"$CP_DIR/pack.log") ||
    { tail -n 20 "$CP_DIR/pack.log" >&2; return 1; }
  CP_TARBALL="$CP_DIR/$(node -p "require('$CP_DIR/pack.json')[0].filename")"
  echo "$(basename "$CP_TARBALL"): $(node -p "require('$CP_DIR/pack.json')[0].entryCount") files"
}

cp_install() {
  (
    cd "$CP_APP" || exit 1
    printf '{ "name": "notes", "version": "1.0.0", "private": true }\n' >package.json
    npm install --no-audit --no-fund --no-update-notifier "$CP_TARBALL" "cdk8s@$(cp_pin cdk8s)" \
      "cdk8s-plus-27@$(cp_pin cdk8s-plus-27)" "constructs@$(cp_pin constructs)" \
      "@pulumi/pulumi@$(cp_pin @pulumi/pulumi)" "@pulumi/kubernetes@$(cp_pin @pulumi/kubernetes)" \
      >"$CP_DIR/npm-install.log" 2>&1 || { tail -n 20 "$CP_DIR/npm-install.log" >&2; exit 1; }
    # Exactly the Pulumi packages the program loads: no @pulumi/random, @pulumi/command or cloud SDK.
    [ "$(ls node_modules/@pulumi | paste -sd' ')" = "kubernetes pulumi" ] ||
      { echo "unexpected Pulumi packages: $(ls node_modules/@pulumi)" >&2; exit 1; }
    [ "$(find . -type d -path '*/node_modules/cdk8s' | wc -l)" = 1 ] || { echo "more than one cdk8s" >&2; exit 1; }
    echo "node_modules: $(du -sm node_modules | cut -f1) MB, @pulumi: $(ls node_modules/@pulumi | paste -sd' ')"
  )
}

cp_write() { # the project: the fixture files, then its own synth (the objects `up` must create)
  cp -r "$ROOT/e2e/fixtures/consumer-pulumi/." "$CP_APP/" || return 1
  if grep -hoE "from '[^']+'" "$CP_APP/index.ts" "$CP_APP/src/app.ts" | grep -vE "'(shipshape|shipshape/synth|shipshape/pulumi|\./src/app)'"; then
    echo "the program imports something other than the public entry points" >&2
    return 1
  fi
  (cd "$CP_APP" && npx --no-install shipshape synth src/app.ts --out dist) && ls "$CP_APP/dist/dev"
}

cp_stack() { # an existing-cluster stack on the e2e kubeconfig, the Secret's value as secret config
  cp_pulumi stack init "$CP_STACK" --non-interactive >/dev/null || return 1
  local c=(cp_pulumi config set --stack "$CP_STACK")
  "${c[@]}" environment dev && "${c[@]}" cluster.kind existing && "${c[@]}" existing.kubeconfigPath "$KUBECONFIG" &&
    "${c[@]}" existing.hasGatewayController true && "${c[@]}" existing.hasMetricsServer true &&
    "${c[@]}" existing.hasArgoRollouts true &&
    "${c[@]}" --secret --path secrets.notes-db.PASSWORD "$CP_PASSWORD" || return 1
  # The secret is stored encrypted: the stack file never holds the value.
  ! grep -q "$CP_PASSWORD" "$CP_APP/Pulumi.$CP_STACK.yaml"
}

# No cloud controller here: a LoadBalancer gets no address, and Pulumi waits for one. Played in the background.
CP_LB_PLAYER=""
cp_play_lb_start() {
  (while true; do
    for svc in $(k get svc -n "$CP_NS" -o jsonpath='{range .items[?(@.spec.type=="LoadBalancer")]}{.metadata.name} {end}' 2>/dev/null); do
      k patch svc "$svc" -n "$CP_NS" --subresource=status --type=merge \
        -p '{"status":{"loadBalancer":{"ingress":[{"ip":"192.0.2.10"}]}}}' >/dev/null 2>&1
    done
    sleep 2
  done) &
  CP_LB_PLAYER=$!
}
cp_play_lb_stop() {
  [ -z "$CP_LB_PLAYER" ] || { kill "$CP_LB_PLAYER" 2>/dev/null; wait "$CP_LB_PLAYER" 2>/dev/null; }
  CP_LB_PLAYER=""
}

cp_jsonpath_is() { [ "$(k get "$1" -n "$CP_NS" -o jsonpath="$2")" = "$3" ]; } # <object> <jsonpath> <value>

cp_preview() { cp_p preview --diff >/dev/null && grep -E '[0-9]+ to create' "$CP_DIR/pulumi-preview.log"; }

cp_up() {
  cp_play_lb_start
  cp_p up --yes --skip-preview
  local status=$?
  cp_play_lb_stop
  [ "$status" -eq 0 ] || return 1
  # Every object the consumer's own `shipshape synth` wrote is in the API server.
  k get -f "$CP_APP/dist/dev/" -o name >"$CP_DIR/objects" || return 1
  echo "in the API server: $(wc -l <"$CP_DIR/objects") objects of dist/dev"
  # The Secret Pulumi created holds the stack's secret value.
  [ "$(k get secret notes-db -n "$CP_NS" -o jsonpath='{.data.PASSWORD}' | base64 -d)" = "$CP_PASSWORD" ] ||
    { echo "Secret notes-db does not hold the configured value" >&2; return 1; }
  # What the API server stored of the external Services and their NetworkPolicy rules.
  cp_jsonpath_is svc/api-public '{.spec.type} {.spec.externalTrafficPolicy} {.spec.loadBalancerSourceRanges[*]}' \
    'LoadBalancer Local 203.0.113.0/24' &&
    cp_jsonpath_is svc/api-sync '{.spec.type} {.spec.ports[0].protocol}' 'NodePort UDP' &&
    cp_jsonpath_is networkpolicy/api '{.spec.ingress[*].from[*].ipBlock.cidr}' '203.0.113.0/24 0.0.0.0/0 ::/0' &&
    cp_jsonpath_is deploy/indexer '{.spec.template.spec.volumes[0].emptyDir}' '{}' || {
    echo "the external Services, their NetworkPolicy rules or the unbounded emptyDir differ (above)" >&2
    k get svc,networkpolicy,deploy -n "$CP_NS" -o yaml >"$CP_DIR/objects.yaml"
    return 1
  }
  echo "api-public: LoadBalancer, Local, 203.0.113.0/24; NetworkPolicy api admits 203.0.113.0/24, 0.0.0.0/0, ::/0"
}

cp_up_again() { cp_p up --yes --expect-no-changes; }

# A canary `pulumi up` waits for: started by a new tag of the search service (NOTES_SEARCH_TAG, read by the app),
# it holds at its awaitPromotion step while `up` waits. Aborted there, `up` fails (the Rollout never gets Healthy
# within its bound); promoted, `up` succeeds once the Rollout is Healthy on the new template, not before.
cp_up_canary() { # <tag> <abort|promote>
  local t0=$SECONDS pid status
  NOTES_SEARCH_TAG="$1" cp_p up --yes --skip-preview >/dev/null &
  pid=$!
  wait_for 120 "search's canary to await its promotion" cp_jsonpath_is rollout/search '{.status.pauseConditions[0].reason}' CanaryPauseStep ||
    { kill "$pid"; wait "$pid"; return 1; }
  sleep 3
  kill -0 "$pid" 2>/dev/null || { echo "pulumi up returned while the canary was paused" >&2; wait "$pid"; return 1; }
  local patch='{"status":{"pauseConditions":null}}'
  [ "$2" = abort ] && patch='{"status":{"abort":true}}'
  k patch rollout search -n "$CP_NS" --subresource=status --type=merge -p "$patch" >/dev/null || return 1
  wait "$pid"
  status=$?
  echo "pulumi up exited $status after $((SECONDS - t0)) s ($2 at the pause)"
  if [ "$2" = abort ]; then
    [ "$status" -ne 0 ] && cp_jsonpath_is rollout/search '{.status.phase}' Degraded &&
      grep -q 'rollout-notes-dev-search' "$CP_DIR/pulumi-up.log" ||
      { echo "an aborted canary did not fail pulumi up" >&2; return 1; }
  else
    [ "$status" -eq 0 ] && cp_jsonpath_is rollout/search '{.status.phase}' Healthy || return 1
  fi
}
cp_failed_canary() { cp_up_canary 1.25.4-alpine abort; }
cp_promoted_canary() { cp_up_canary 1.25.5-alpine promote; }

cp_destroy() {
  cp_p destroy --yes --skip-preview || return 1
  wait_for 120 "namespace $CP_NS to go" sh -c "! '$KUBECTL' get namespace '$CP_NS'" || return 1
  local left
  left="$(k get -f "$CP_APP/dist/dev/" -o name --ignore-not-found 2>/dev/null)"
  [ -z "$left" ] || { echo "left behind: $left" >&2; return 1; }
  echo "destroyed: none of the $(wc -l <"$CP_DIR/objects") objects is left"
}

CP_T0=$SECONDS
check "[$KVER] consumer-pulumi: npm pack" cp_pack
check "[$KVER] consumer-pulumi: install the tarball outside the repo, only the peers it loads" cp_install
check "[$KVER] consumer-pulumi: a non-Delinkcious app and program, public imports only; its own synth" cp_write
check "[$KVER] consumer-pulumi: existing-cluster stack, secret config" cp_stack
check "[$KVER] consumer-pulumi: preview" cp_preview
check "[$KVER] consumer-pulumi: up, every object of its dist/ in the API server" cp_up
check "[$KVER] consumer-pulumi: up again changes nothing" cp_up_again
check "[$KVER] consumer-pulumi: up waits for a canary, and fails when it is aborted" cp_failed_canary
check "[$KVER] consumer-pulumi: up waits for a canary until it is promoted and Healthy" cp_promoted_canary
check "[$KVER] consumer-pulumi: destroy leaves nothing" cp_destroy
printf '%s\n' "${CP_TIMES[@]}"
echo "consumer-pulumi: $((SECONDS - CP_T0)) s"
