#!/usr/bin/env bash
# A real Kubernetes control plane on loopback, for the end-to-end suite (sourced by e2e/run.sh).
#   cluster_up <name> <bin-dir> <full|api>   etcd + kube-apiserver (PodSecurity admission on, as every cluster
#                                            since 1.25); `full` adds controller-manager, scheduler and kwok
#                                            fake nodes, so Deployments, StatefulSets, Jobs really roll out.
#   cluster_down <name>                      stops exactly the processes cluster_up started.
# Each cluster has its own state directory (certificates, etcd data, logs) and free loopback ports.
# Exports KUBECONFIG for the cluster just started.

E2E_STATE="${E2E_STATE:-$(mktemp -d "${TMPDIR:-/tmp}/shipshape-e2e.XXXXXX")}"
declare -A E2E_PIDS=()

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

# Starts "$@" in the background, logging to $log; remembers the pid under the cluster's name.
start_proc() { # <cluster> <log> <cmd...>
  local cluster="$1" log="$2"
  shift 2
  "$@" >"$log" 2>&1 &
  E2E_PIDS[$cluster]+=" $!"
}

wait_for() { # <seconds> <description> <cmd...>: re-runs the command until it succeeds
  local limit="$1" what="$2"
  local deadline=$((SECONDS + limit))
  shift 2
  until "$@" >/dev/null 2>&1; do
    if [ "$SECONDS" -ge "$deadline" ]; then
      echo "timed out after $limit s waiting for $what" >&2
      return 1
    fi
    sleep 1
  done
}

make_certs() { # <dir>
  local d="$1"
  mkdir -p "$d"
  (
    cd "$d"
    openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj /CN=shipshape-e2e-ca -keyout ca.key -out ca.crt 2>/dev/null
    openssl req -newkey rsa:2048 -nodes -subj /CN=kube-apiserver -keyout apiserver.key -out apiserver.csr 2>/dev/null
    printf 'subjectAltName=IP:127.0.0.1,DNS:localhost,DNS:kubernetes.default.svc,IP:10.96.0.1\n' >san.ext
    openssl x509 -req -in apiserver.csr -CA ca.crt -CAkey ca.key -CAcreateserial -days 2 -extfile san.ext -out apiserver.crt 2>/dev/null
    openssl req -newkey rsa:2048 -nodes -subj "/O=system:masters/CN=e2e-admin" -keyout admin.key -out admin.csr 2>/dev/null
    openssl x509 -req -in admin.csr -CA ca.crt -CAkey ca.key -CAcreateserial -days 2 -out admin.crt 2>/dev/null
    openssl genrsa -out sa.key 2048 2>/dev/null
    openssl rsa -in sa.key -pubout -out sa.pub 2>/dev/null
  )
}

write_kubeconfig() { # <file> <certdir> <port> <name>
  cat >"$1" <<KC
apiVersion: v1
kind: Config
clusters:
  - name: $4
    cluster: { server: "https://127.0.0.1:$3", certificate-authority: "$2/ca.crt" }
users:
  - name: admin
    user: { client-certificate: "$2/admin.crt", client-key: "$2/admin.key" }
contexts:
  - name: $4
    context: { cluster: $4, user: admin }
current-context: $4
KC
}

cluster_up() { # <name> <bin-dir> <full|api>
  local name="$1" bin="$2" mode="$3"
  local dir="$E2E_STATE/$name"
  mkdir -p "$dir/etcd" "$dir/logs"
  make_certs "$dir/pki"
  local etcd_port peer_port api_port
  etcd_port=$(free_port)
  peer_port=$(free_port)
  api_port=$(free_port)
  start_proc "$name" "$dir/logs/etcd.log" "$ETCD" --name "$name" --data-dir "$dir/etcd" \
    --listen-client-urls "http://127.0.0.1:$etcd_port" --advertise-client-urls "http://127.0.0.1:$etcd_port" \
    --listen-peer-urls "http://127.0.0.1:$peer_port" --initial-advertise-peer-urls "http://127.0.0.1:$peer_port" \
    --initial-cluster "$name=http://127.0.0.1:$peer_port" --quota-backend-bytes 4294967296
  wait_for 30 "etcd of $name" curl -sf "http://127.0.0.1:$etcd_port/health"

  local pki="$dir/pki"
  # 127.0.0.1 is refused as a "public IP" by the endpoint reconciler of newer servers: nothing needs
  # the kubernetes Service's endpoints here, so none.
  start_proc "$name" "$dir/logs/kube-apiserver.log" "$bin/kube-apiserver" \
    --etcd-servers "http://127.0.0.1:$etcd_port" --bind-address 127.0.0.1 --advertise-address 127.0.0.1 \
    --secure-port "$api_port" --tls-cert-file "$pki/apiserver.crt" --tls-private-key-file "$pki/apiserver.key" \
    --client-ca-file "$pki/ca.crt" --authorization-mode Node,RBAC \
    --service-account-issuer https://kubernetes.default.svc --service-account-key-file "$pki/sa.pub" \
    --service-account-signing-key-file "$pki/sa.key" --service-cluster-ip-range 10.96.0.0/16 \
    --endpoint-reconciler-type none --enable-priority-and-fairness=false --allow-privileged=true
  export KUBECONFIG="$dir/kubeconfig"
  write_kubeconfig "$KUBECONFIG" "$pki" "$api_port" "$name"
  wait_for 90 "kube-apiserver of $name" "$KUBECTL" get --raw /readyz
  echo "$name: kube-apiserver $("$KUBECTL" version -o json | jq -r .serverVersion.gitVersion) on 127.0.0.1:$api_port (state $dir)"
  [ "$mode" = full ] || return 0

  local cm_port sched_port kwok_port
  cm_port=$(free_port)
  sched_port=$(free_port)
  kwok_port=$(free_port)
  start_proc "$name" "$dir/logs/kube-controller-manager.log" "$bin/kube-controller-manager" \
    --kubeconfig "$KUBECONFIG" --authentication-kubeconfig "$KUBECONFIG" --authorization-kubeconfig "$KUBECONFIG" \
    --bind-address 127.0.0.1 --secure-port "$cm_port" --leader-elect=false \
    --service-account-private-key-file "$pki/sa.key" --root-ca-file "$pki/ca.crt" \
    --use-service-account-credentials=false --controllers '*,-nodeipam,-cloud-node-lifecycle'
  start_proc "$name" "$dir/logs/kube-scheduler.log" "$bin/kube-scheduler" \
    --kubeconfig "$KUBECONFIG" --authentication-kubeconfig "$KUBECONFIG" --authorization-kubeconfig "$KUBECONFIG" \
    --bind-address 127.0.0.1 --secure-port "$sched_port" --leader-elect=false
  # kwok plays the kubelets of the fake nodes: pods become Running and Ready, Jobs' pods Succeeded.
  start_proc "$name" "$dir/logs/kwok.log" "$KWOK" --kubeconfig "$KUBECONFIG" \
    --manage-all-nodes=false --manage-nodes-with-annotation-selector=kwok.x-k8s.io/node=fake \
    --server-address "127.0.0.1:$kwok_port" --config "$KWOK_STAGES" --node-lease-duration-seconds 40
  local zone
  for zone in a b c; do
    "$KUBECTL" apply -f - >/dev/null <<NODE
apiVersion: v1
kind: Node
metadata:
  name: kwok-node-$zone
  annotations: { kwok.x-k8s.io/node: fake, node.alpha.kubernetes.io/ttl: "0" }
  labels:
    kubernetes.io/hostname: kwok-node-$zone
    kubernetes.io/os: linux
    kubernetes.io/arch: amd64
    kubernetes.io/role: agent
    type: kwok
    topology.kubernetes.io/zone: zone-$zone
    topology.kubernetes.io/region: e2e
status:
  allocatable: { cpu: "16", memory: 64Gi, pods: "110" }
  capacity: { cpu: "16", memory: 64Gi, pods: "110" }
NODE
  done
  wait_for 60 "fake nodes of $name to be Ready" "$KUBECTL" wait --for=condition=Ready node --all --timeout=5s
  wait_for 60 "the default ServiceAccount" "$KUBECTL" get serviceaccount default -n default
  echo "$name: controller-manager, scheduler, kwok and 3 Ready nodes (zones a, b, c)"
}

cluster_down() { # <name>: the newest process first (etcd last), SIGKILL after 20 s of graceful shutdown
  local name="$1" pid pids=() i
  for pid in ${E2E_PIDS[$name]:-}; do pids=("$pid" "${pids[@]}"); done
  for pid in "${pids[@]}"; do
    kill "$pid" 2>/dev/null || continue
    for i in $(seq 1 40); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
    kill -9 "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  done
  E2E_PIDS[$name]=""
}

clusters_down_all() {
  local name
  for name in "${!E2E_PIDS[@]}"; do cluster_down "$name"; done
}
