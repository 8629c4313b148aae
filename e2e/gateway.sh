# Gateway API part of the end-to-end suite (sourced by e2e/run.sh on the v1.37.2 API server, after the CRDs):
# the real Envoy Gateway v1.9.1 controller runs as a process against the API server and judges every
# environment's Gateway and routes: each route needs status.parents[].conditions Accepted=True and
# ResolvedRefs=True, the Gateway Accepted=True; a route to a missing Service, and one to a missing port, must
# show ResolvedRefs=False (the negative control); the proxy ServiceAccount the controller creates must be the
# name shipshape derives (GatewayImplementation.envoyGateway().dataPlaneServiceAccount, for mesh policies).
# How it runs (../shared/recipes/gateway-api-controller.md): certgen makes its Secrets; the controller reads its
# certificates from the fixed directory /certs, so it runs as root in a private mount namespace with the
# certificates bound there and a tmpfs on /var/lib (the host's stay untouched). Its ports are fixed (8080,
# 8081, 18000, 18002, 19001; admin 19000 on loopback): one instance per machine, hence the e2e lock.
EG_NS=envoy-gateway-system
EG_CLASS=envoy-gateway
EG_DIR="$E2E_STATE/envoy-gateway"
EG_VERSION="$(basename "$(dirname "$(dirname "$ENVOY_GATEWAY")")")" # ~/.cache/envoy-gateway-<version>/bin/…
EG_VERSION="${EG_VERSION#envoy-gateway-}"

gateway_controller_up() {
  mkdir -p "$EG_DIR/certs"
  k create namespace "$EG_NS" --dry-run=client -o yaml | k apply -f - >/dev/null || return 1
  "$ENVOY_GATEWAY" certgen --disable-topology-injector >"$EG_DIR/certgen.log" 2>&1 || { cat "$EG_DIR/certgen.log"; return 1; }
  local key
  for key in tls.crt tls.key ca.crt; do
    k get secret envoy-gateway -n "$EG_NS" -o json | jq -r --arg k "$key" '.data[$k]' | base64 -d >"$EG_DIR/certs/$key" || return 1
  done
  cat >"$EG_DIR/config.yaml" <<CONFIG
apiVersion: gateway.envoyproxy.io/v1alpha1
kind: EnvoyGateway
gateway:
  controllerName: gateway.envoyproxy.io/gatewayclass-controller
provider:
  type: Kubernetes
  kubernetes:
    leaderElection: { disable: true }
    proxyTopologyInjector: { disabled: true }
admin:
  address: { host: 127.0.0.1 }
CONFIG
  [ -d /certs ] || mkdir /certs
  # shellcheck disable=SC2016 # expanded by the inner shell, from its arguments
  start_proc "$CLUSTER" "$EG_DIR/controller.log" unshare --mount --propagation private sh -c \
    'mount --bind "$1" /certs && mount -t tmpfs tmpfs /var/lib && exec "$2" server --config-path "$3"' \
    sh "$EG_DIR/certs" "$ENVOY_GATEWAY" "$EG_DIR/config.yaml"
  wait_for 60 "Envoy Gateway /readyz" curl -sf http://127.0.0.1:8081/readyz || { tail -n 30 "$EG_DIR/controller.log" >&2; return 1; }
  k apply --server-side --field-manager=e2e -f - >/dev/null <<CLASS || return 1
apiVersion: gateway.networking.k8s.io/v1
kind: GatewayClass
metadata: { name: $EG_CLASS }
spec: { controllerName: gateway.envoyproxy.io/gatewayclass-controller }
CLASS
  wait_for 60 "GatewayClass $EG_CLASS Accepted" condition_is gatewayclass "$EG_CLASS" "" Accepted True || return 1
  echo "envoy-gateway $("$ENVOY_GATEWAY" version 2>/dev/null | head -n 1) ready; GatewayClass $EG_CLASS Accepted"
}
condition_is() { # <kind> <name> <namespace> <type> <status>
  [ "$(k get "$1" "$2" ${3:+-n "$3"} -o json | jq -r --arg t "$4" '.status.conditions[]? | select(.type == $t) | .status')" = "$5" ]
}
routes_status() { k get httproute,grpcroute -n "$NS" -o json | "${CHECKS[@]}" route-status; }
broken_route() { # <route> <reason, or '' for any>
  k get httproute "$1" -n "$NS" -o json | jq '{items: [.]}' | "${CHECKS[@]}" route-status False "$2"
}

# cert-manager's part, played: a self-signed kubernetes.io/tls Secret for each HTTPS listener's certificateRef.
play_certificates() {
  local gw ref host
  for gw in $(k get gateways -n "$NS" -o name); do
    k get "$gw" -n "$NS" -o json |
      jq -r '.spec.listeners[] | select(.protocol == "HTTPS") | "\(.tls.certificateRefs[0].name) \(.hostname)"' |
      while read -r ref host; do
        openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj "/CN=${host#\*.}" -addext "subjectAltName=DNS:$host" \
          -keyout "$EG_DIR/$ref.key" -out "$EG_DIR/$ref.crt" 2>/dev/null &&
          k create secret tls "$ref" -n "$NS" --cert "$EG_DIR/$ref.crt" --key "$EG_DIR/$ref.key" \
            --dry-run=client -o yaml | k apply -f - >/dev/null || exit 1
      done || return 1
  done
}

gateway_env() { # <env>: the environment's objects, judged by the controller
  no_warnings k apply --server-side --field-manager=shipshape -f "dist/$1/00-namespace.yaml" || return 1
  k create serviceaccount default -n "$NS" --dry-run=client -o yaml | k apply -f - >/dev/null
  no_warnings k apply --server-side --field-manager=shipshape -f "dist/$1/" || return 1
  play_certificates || return 1
  local gw
  for gw in $(k get gateways -n "$NS" -o jsonpath='{.items[*].metadata.name}'); do
    wait_for 60 "Gateway $gw Accepted" condition_is gateway "$gw" "$NS" Accepted True || return 1
    k get gateway "$gw" -n "$NS" -o json |
      jq -r '"listeners: " + ([.status.listeners[] | "\(.name) \([.conditions[] | select(.type == "Programmed" or .type == "ResolvedRefs") | "\(.type)=\(.status)"] | join(","))"] | join("; "))'
  done
  wait_for 60 "every route Accepted and ResolvedRefs" routes_status || { routes_status; return 1; }
  routes_status
}
gateway_service_account() { # the proxy ServiceAccount of each Gateway is the one shipshape derives
  local gw want
  for gw in $(k get gateways -n "$NS" -o jsonpath='{.items[*].metadata.name}'); do
    want="$("${CHECKS[@]}" envoy-sa "$NS" "$gw")"
    wait_for 60 "ServiceAccount $want in $EG_NS" k get serviceaccount "$want" -n "$EG_NS" || {
      k get serviceaccounts -n "$EG_NS" -l "gateway.envoyproxy.io/owning-gateway-name=$gw" >&2
      return 1
    }
    [ "$(k get deploy "$want" -n "$EG_NS" -o jsonpath='{.spec.template.metadata.labels.gateway\.envoyproxy\.io/owning-gateway-name}')" = "$gw" ] ||
      { echo "the proxy Deployment $want lacks the owning-gateway-name label the NetworkPolicies select" >&2; return 1; }
    echo "Gateway $NS/$gw: proxy ServiceAccount and Deployment $want in $EG_NS, pods labelled owning-gateway-name=$gw"
  done
}
gateway_negative() { # routes to a missing Service and to a missing port are not resolved
  local gw section
  gw="$(k get gateways -n "$NS" -o jsonpath='{.items[0].metadata.name}')"
  section="$(k get gateway "$gw" -n "$NS" -o jsonpath='{.spec.listeners[0].name}')"
  k apply --server-side --field-manager=e2e -f - >/dev/null <<ROUTES || return 1
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: { name: e2e-missing-service, namespace: $NS }
spec:
  parentRefs: [{ name: $gw, sectionName: $section }]
  rules: [{ matches: [{ path: { type: PathPrefix, value: /e2e-missing-service } }], backendRefs: [{ name: e2e-no-such-service, port: 80 }] }]
---
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: { name: e2e-missing-port, namespace: $NS }
spec:
  parentRefs: [{ name: $gw, sectionName: $section }]
  rules: [{ matches: [{ path: { type: PathPrefix, value: /e2e-missing-port } }], backendRefs: [{ name: api-gateway, port: 65000 }] }]
ROUTES
  wait_for 60 "ResolvedRefs=False (BackendNotFound) on the route to a missing Service" broken_route e2e-missing-service BackendNotFound &&
    wait_for 60 "ResolvedRefs=False on the route to a missing port" broken_route e2e-missing-port '' || {
    broken_route e2e-missing-service BackendNotFound
    broken_route e2e-missing-port ''
    k delete httproute e2e-missing-service e2e-missing-port -n "$NS" >/dev/null
    return 1
  }
  local status=0
  broken_route e2e-missing-service BackendNotFound && broken_route e2e-missing-port '' &&
    k get httproute e2e-missing-port -n "$NS" -o json |
    jq -r '"missing port: " + ([.status.parents[].conditions[] | select(.type == "ResolvedRefs") | "\(.reason): \(.message)"] | join("; "))' ||
    status=1
  k delete httproute e2e-missing-service e2e-missing-port -n "$NS" >/dev/null
  return "$status"
}
gateway_env_down() { # <env>: Gateways and routes go while the controller runs (it holds finalizers)
  local f
  for f in $(manifests_without_ns "$1"); do k delete -f "$f" --ignore-not-found --wait=false >/dev/null; done
  wait_for 60 "the proxies of $1 to go" sh -c "[ -z \"\$($KUBECTL get deploy -n $EG_NS -l gateway.envoyproxy.io/owning-gateway-namespace=$NS -o name)\" ]"
}

check "[$KVER] Envoy Gateway $EG_VERSION controller against the API server, GatewayClass Accepted" gateway_controller_up
for env in $ENVS; do
  check "[$KVER] $env: Envoy Gateway accepts every Gateway and route (Accepted, ResolvedRefs)" gateway_env "$env"
  check "[$KVER] $env: proxy ServiceAccount is the derived name, pods carry the selected labels" gateway_service_account
  check "[$KVER] $env: routes to a missing Service or port show ResolvedRefs=False" gateway_negative
  check "[$KVER] $env: Gateway and routes removed, proxies gone" gateway_env_down "$env"
done
