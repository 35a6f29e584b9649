#!/usr/bin/env bash
# End-to-end test of the Pulumi program on a real cluster (docs/ci.md, "End-to-end"): a kind cluster with a local
# registry and ingress-nginx; per example `pulumi up`, a request through the ingress to every public route,
# `pulumi preview --expect-no-changes`; for examples with a Dockerfile, a change of the build context whose preview
# must touch exactly the images and their workloads, rolled out under a bounded request loop that must see no
# failed request; then `pulumi destroy`. The cluster, the registry and the Pulumi state go with the run.
#
# Usage: scripts/e2e-kind.sh [EXAMPLE...]   (folders under examples/; default: hello auto shop)
# Needs: kind, docker, kubectl, pulumi, dotnet (10), curl, jq, git. Runs on a copy of the checkout (tracked and
# untracked files, uncommitted changes included), so your working tree, kubeconfig and Pulumi login are untouched.
#
# Settings (environment):
#   E2E_CLUSTER            kind cluster name (opta-infra-e2e); must not exist yet
#   E2E_REGISTRY_PORT      host port of the registry, the stacks' opta-infra:registry is localhost:PORT (5000)
#   E2E_HTTP_PORT          host port the ingress controller's port 80 is mapped to (80)
#   E2E_ENVIRONMENT        the environments[].name each example deploys (staging)
#   E2E_CONTEXT_FILE       file in the example folder that the rollout step appends to (hello.txt; else the
#                          Dockerfile gets a LABEL line)
#   E2E_LOAD_MAX_REQUESTS  request-loop bound: at most this many requests (20000)
#   E2E_LOAD_MAX_SECONDS   request-loop bound: at most this long (600)
#   E2E_LOAD_TAIL_SECONDS  requests keep going this long after `pulumi up` returns, while old pods stop (45)
#   E2E_KIND_NODE_IMAGE    node image for `kind create cluster --image` (kind's default)
#   E2E_INGRESS_MANIFEST   ingress-nginx manifest for kind (kind v0.32.0's copy, ingress-nginx v1.12.1)
#   E2E_KEEP=1             keep cluster, registry and work folder at the end (for debugging)
#   E2E_LOGS_DIR           on failure, `kind export logs` and the previews' JSON go there (CI uploads it)
#   PULUMI_CONFIG_PASSPHRASE  passphrase of the throwaway stacks (default: a fixed, non-secret one)
set -euo pipefail

repo=$(cd "$(dirname "$0")/.." && pwd)

cluster=${E2E_CLUSTER:-opta-infra-e2e}
registry_name="${cluster}-registry"
registry_port=${E2E_REGISTRY_PORT:-5000}
http_port=${E2E_HTTP_PORT:-80}
environment=${E2E_ENVIRONMENT:-staging}
context_file=${E2E_CONTEXT_FILE:-hello.txt}
load_max_requests=${E2E_LOAD_MAX_REQUESTS:-20000}
load_max_seconds=${E2E_LOAD_MAX_SECONDS:-600}
load_tail_seconds=${E2E_LOAD_TAIL_SECONDS:-45}
ingress_manifest=${E2E_INGRESS_MANIFEST:-https://raw.githubusercontent.com/kubernetes-sigs/kind/v0.32.0/site/static/examples/ingress/deploy-ingress-nginx.yaml}
if [[ $# -gt 0 ]]; then
  examples=("$@")
else
  examples=(hello auto shop)
fi

log() { printf '\n== e2e: %s\n' "$*" >&2; }
fail() { printf 'e2e: FAILED: %s\n' "$*" >&2; exit 1; }

for tool in kind docker kubectl pulumi dotnet curl jq git; do
  command -v "$tool" >/dev/null 2>&1 || fail "$tool is not installed (needed: kind docker kubectl pulumi dotnet curl jq git)"
done
for example in "${examples[@]}"; do
  [[ -f "$repo/examples/$example/opta.yaml" ]] || fail "no examples/$example/opta.yaml"
done
if kind get clusters 2>/dev/null | grep -qx "$cluster"; then
  fail "a kind cluster named $cluster exists already; delete it or set E2E_CLUSTER"
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/opta-infra-e2e.XXXXXX")
created_registry=false
cleanup() {
  local status=$?
  if [[ $status -ne 0 ]] && [[ -s $work/kubeconfig ]]; then
    log "state of the cluster at the failure"
    kubectl --kubeconfig "$work/kubeconfig" get pods,services,endpointslices,ingresses --all-namespaces -o wide >&2 || true
    kubectl --kubeconfig "$work/kubeconfig" get events --all-namespaces --sort-by=.lastTimestamp 2>/dev/null | tail -n 40 >&2 || true
    if [[ -n ${E2E_LOGS_DIR:-} ]]; then
      mkdir -p "$E2E_LOGS_DIR"
      kind export logs "$E2E_LOGS_DIR/kind" --name "$cluster" >/dev/null 2>&1 || true
      cp "$work"/*.json "$work"/load.errors "$E2E_LOGS_DIR/" 2>/dev/null || true
    fi
  fi
  if [[ ${E2E_KEEP:-} == 1 ]]; then
    log "kept: cluster $cluster, registry $registry_name, work folder $work (KUBECONFIG=$work/kubeconfig)"
    return "$status"
  fi
  log "cleaning up"
  kind delete cluster --name "$cluster" --kubeconfig "$work/kubeconfig" >/dev/null 2>&1 || true
  if [[ $created_registry == true ]]; then
    docker rm -f "$registry_name" >/dev/null 2>&1 || true
  fi
  rm -rf "$work"
  return "$status"
}
trap cleanup EXIT

# Everything below talks to this cluster only: its own kubeconfig, and every stack names its context.
export KUBECONFIG="$work/kubeconfig"
# The file backend of `pulumi login --local`, in the run's folder: the state goes with the run, your login stays.
export PULUMI_BACKEND_URL="file://$work/state"
export PULUMI_CONFIG_PASSPHRASE=${PULUMI_CONFIG_PASSPHRASE-opta-infra-e2e-not-a-secret}
export PULUMI_SKIP_UPDATE_CHECK=true
mkdir -p "$work/state"

log "copying the checkout to $work/repo"
mkdir -p "$work/repo"
(
  cd "$repo"
  git ls-files -z --cached --others --exclude-standard |
    while IFS= read -r -d '' file; do
      # A tracked file deleted in the working tree is not copied.
      if [[ -e $file ]]; then printf '%s\0' "$file"; fi
    done |
    tar --null -T - -cf -
) | tar -xf - -C "$work/repo"
program="$work/repo"

# --- cluster: kind's local-registry set-up (kind.sigs.k8s.io/docs/user/local-registry/) plus ingress-nginx ---

log "registry $registry_name on 127.0.0.1:$registry_port"
if [[ $(docker inspect -f '{{.State.Running}}' "$registry_name" 2>/dev/null || true) != true ]]; then
  docker rm -f "$registry_name" >/dev/null 2>&1 || true
  docker run -d --restart=always -p "127.0.0.1:${registry_port}:5000" --network bridge --name "$registry_name" registry:2 >/dev/null
  created_registry=true
fi

log "kind cluster $cluster (ingress port 80 on 127.0.0.1:$http_port)"
cat >"$work/kind.yaml" <<EOF
kind: Cluster
apiVersion: kind.x-k8s.io/v1alpha4
containerdConfigPatches:
  - |-
    [plugins."io.containerd.grpc.v1.cri".registry]
      config_path = "/etc/containerd/certs.d"
nodes:
  - role: control-plane
    extraPortMappings:
      - containerPort: 80
        hostPort: ${http_port}
        listenAddress: "127.0.0.1"
        protocol: TCP
EOF
create_args=(create cluster --name "$cluster" --config "$work/kind.yaml" --kubeconfig "$KUBECONFIG" --wait 120s)
if [[ -n ${E2E_KIND_NODE_IMAGE:-} ]]; then
  create_args+=(--image "$E2E_KIND_NODE_IMAGE")
fi
kind "${create_args[@]}"

# localhost:PORT inside a node is the node itself: tell containerd to pull it from the registry container.
registry_dir="/etc/containerd/certs.d/localhost:${registry_port}"
for node in $(kind get nodes --name "$cluster"); do
  docker exec "$node" mkdir -p "$registry_dir"
  printf '[host."http://%s:5000"]\n' "$registry_name" | docker exec -i "$node" cp /dev/stdin "$registry_dir/hosts.toml"
done
if [[ $(docker inspect -f '{{json .NetworkSettings.Networks.kind}}' "$registry_name") == null ]]; then
  docker network connect kind "$registry_name"
fi
kubectl apply -f - <<EOF
apiVersion: v1
kind: ConfigMap
metadata:
  name: local-registry-hosting
  namespace: kube-public
data:
  localRegistryHosting.v1: |
    host: "localhost:${registry_port}"
    help: "https://kind.sigs.k8s.io/docs/user/local-registry/"
EOF

log "ingress-nginx"
kubectl apply -f "$ingress_manifest"
# The controller also serves the admission webhook that every Ingress goes through, so wait for it first.
kubectl wait --namespace ingress-nginx --for=condition=ready pod \
  --selector=app.kubernetes.io/component=controller --timeout=300s

# --- helpers ---

# request PUBLIC_URL [CURL_ARGS...]: one request through the ingress. PUBLIC_URL is a stack output
# (http://HOST/PATH, HOST * for any host); a named host is resolved to the mapped port on 127.0.0.1.
request() {
  local public=$1
  shift
  local rest=${public#http://}
  local host=${rest%%/*} path=/
  if [[ $rest == */* ]]; then
    path=/${rest#*/}
  fi
  if [[ $host == '*' ]]; then
    curl -fsS --max-time 5 "$@" "http://127.0.0.1:${http_port}${path}"
  else
    curl -fsS --max-time 5 --resolve "${host}:${http_port}:127.0.0.1" "$@" "http://${host}:${http_port}${path}"
  fi
}

# public_urls STACK: every public route of the stack's modules, one a line.
public_urls() {
  pulumi -C "$program" stack output services --json --stack "$1" | jq -r '[.[] | .publicUrls // [] | .[]] | .[]'
}

# wait_for_route URL: the Ingress skips Pulumi's await, so give the controller a moment to load it.
wait_for_route() {
  local url=$1 deadline=$((SECONDS + 120))
  until request "$url" -o /dev/null 2>/dev/null; do
    if ((SECONDS >= deadline)); then
      request "$url" -o /dev/null || true
      fail "$url did not answer through the ingress within 120 s"
    fi
    sleep 2
  done
}

# load_loop RESULT_FILE STOP_FILE URL...: requests round the URLs until STOP_FILE exists, bounded by
# E2E_LOAD_MAX_REQUESTS and E2E_LOAD_MAX_SECONDS; writes "REQUESTS FAILED" to RESULT_FILE and each failure
# (time, URL, curl's message) to RESULT_FILE.errors.
load_loop() {
  local result=$1 stop=$2
  shift 2
  local urls=("$@") sent=0 failed=0 deadline=$((SECONDS + load_max_seconds)) url message
  : >"$result.errors"
  while ((sent < load_max_requests && SECONDS < deadline)) && [[ ! -e $stop ]]; do
    url=${urls[sent % ${#urls[@]}]}
    sent=$((sent + 1))
    if ! message=$(request "$url" -o /dev/null 2>&1); then
      failed=$((failed + 1))
      printf '%s %s %s\n' "$(date -u +%H:%M:%S)" "$url" "$message" >>"$result.errors"
    fi
    sleep 0.05
  done
  printf '%s %s\n' "$sent" "$failed" >"$result"
}

# assert_image_and_workload_only PREVIEW_JSON: the preview changes the image(s) and their workloads (Deployments,
# StatefulSets, CronJobs, updated in place), nothing else.
assert_image_and_workload_only() {
  local changes
  # The stack resource itself is left out: its outputs (the new image reference) are not a resource change.
  changes=$(jq -c '[.steps[]
      | select(.op != "same")
      | {op, type: (.newState.type // .oldState.type), name: (.urn | split("::") | last)}
      | select(.type != "pulumi:pulumi:Stack")]' "$1")
  printf 'changes: %s\n' "$changes" >&2
  jq -e '
      (map(.type) | unique) as $types
      | ($types | index("docker:index/image:Image")) != null
      and ([$types[] | select(. != "docker:index/image:Image")] | length) > 0
      and all(.[]; .type == "docker:index/image:Image"
        or ((.type == "kubernetes:apps/v1:Deployment" or .type == "kubernetes:apps/v1:StatefulSet"
          or .type == "kubernetes:batch/v1:CronJob") and .op == "update"))' <<<"$changes" >/dev/null ||
    fail "the preview after a build-context change must update exactly the image and its workload(s) in place"
}

# --- per example ---

for example in "${examples[@]}"; do
  stack="e2e-$example"
  folder="$program/examples/$example"
  log "$example: pulumi up (stack $stack)"
  pulumi -C "$program" stack init "$stack" --secrets-provider passphrase --non-interactive
  pulumi -C "$program" config set --stack "$stack" opta-infra:file "examples/$example/opta.yaml"
  pulumi -C "$program" config set --stack "$stack" opta-infra:environment "$environment"
  pulumi -C "$program" config set --stack "$stack" opta-infra:registry "localhost:$registry_port"
  pulumi -C "$program" config set --stack "$stack" kubernetes:context "kind-$cluster"
  # The seed of generated database passwords (README, "Databases and links"), fresh per run; unused by examples
  # without databases.
  pulumi -C "$program" config set --stack "$stack" --secret opta-infra:credentialSeed "$(od -An -N32 -tx1 /dev/urandom | tr -d ' \n')"
  pulumi -C "$program" up --stack "$stack" --yes --non-interactive --skip-preview

  urls=()
  while IFS= read -r url; do urls+=("$url"); done < <(public_urls "$stack")
  log "$example: ${#urls[@]} public route(s): ${urls[*]:-none}"
  for url in "${urls[@]}"; do
    wait_for_route "$url"
    printf '%s answers\n' "$url" >&2
  done

  log "$example: no changes right after up"
  pulumi -C "$program" preview --stack "$stack" --diff --expect-no-changes --non-interactive

  if [[ -f "$folder/Dockerfile" ]]; then
    [[ ${#urls[@]} -gt 0 ]] || fail "$example builds an image but has no public route to load during the rollout"
    marker="e2e rollout $(date -u +%Y%m%dT%H%M%SZ)"
    # Did the first route serve the context file? Then it must serve the changed one after the rollout.
    served_before=false
    if [[ -f "$folder/$context_file" ]] && [[ $(request "${urls[0]}") == "$(cat "$folder/$context_file")" ]]; then
      served_before=true
    fi
    if [[ -f "$folder/$context_file" ]]; then
      log "$example: appending to $context_file (the build context only)"
      printf '%s\n' "$marker" >>"$folder/$context_file"
    else
      log "$example: appending a LABEL to the Dockerfile (the build context only)"
      printf 'LABEL opta-infra.e2e.rollout="%s"\n' "$marker" >>"$folder/Dockerfile"
    fi

    log "$example: the preview changes exactly the image(s) and their workload(s)"
    pulumi -C "$program" preview --stack "$stack" --diff --json --non-interactive >"$work/$example-preview.json"
    assert_image_and_workload_only "$work/$example-preview.json"

    log "$example: rolling update under load (${urls[*]})"
    image_before=$(pulumi -C "$program" stack output services --json --stack "$stack" | jq -c '[.[] | .image // empty]')
    rm -f "$work/stop"
    load_loop "$work/load" "$work/stop" "${urls[@]}" &
    loader=$!
    up_status=0
    pulumi -C "$program" up --stack "$stack" --yes --non-interactive --skip-preview || up_status=$?
    # Old pods are still stopping when up returns; keep the requests going through their shutdown.
    if ((up_status == 0)); then
      sleep "$load_tail_seconds"
    fi
    touch "$work/stop"
    wait "$loader"
    ((up_status == 0)) || fail "$example: pulumi up of the new image failed"
    read -r sent failed <"$work/load"
    printf 'requests: %s, failed: %s\n' "$sent" "$failed" >&2
    if ((failed > 0)); then
      cat "$work/load.errors" >&2
      fail "$example: $failed of $sent requests failed during the rollout"
    fi
    ((sent >= 20)) || fail "$example: only $sent requests were sent during the rollout; the check proves nothing"
    image_after=$(pulumi -C "$program" stack output services --json --stack "$stack" | jq -c '[.[] | .image // empty]')
    [[ $image_after != "$image_before" ]] || fail "$example: the deployed image did not change ($image_after)"
    if [[ $served_before == true ]]; then
      body=$(request "${urls[0]}")
      [[ $body == *"$marker"* ]] || fail "$example: ${urls[0]} does not serve the changed $context_file after the rollout"
    fi

    log "$example: no changes right after the rollout"
    pulumi -C "$program" preview --stack "$stack" --diff --expect-no-changes --non-interactive
  fi

  log "$example: pulumi destroy"
  pulumi -C "$program" destroy --stack "$stack" --yes --non-interactive --skip-preview
  pulumi -C "$program" stack rm "$stack" --yes --non-interactive
done

log "passed: ${examples[*]}"
