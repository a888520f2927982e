#!/usr/bin/env bash
# The Raygun example end to end on a kind cluster, as a newcomer would run it: cluster, images,
# operator (Helm), a Lakehouse, sample files uploaded to its SeaweedFS, an IngestionRun, and the report
# read through Trino, compared with the same manifests run locally. Prints PASS or FAIL.
#
#   scripts/kind-e2e.sh          # RAYGUN_FILES=500 by default; KEEP_CLUSTER=1 keeps the cluster
#
# Needs docker, kind (v0.33.0), kubectl, helm, Java 17+ and Maven. A cluster named lakehouse that
# already exists is used as it is and kept; for a fresh run delete an earlier run's namespace demo
# first (its IngestionRun is done and would not ingest different files).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
cluster=lakehouse
ns=demo
files="${RAYGUN_FILES:-500}"
work="$(mktemp -d)"
user_kubeconfig="${KUBECONFIG:-}"
created=0
forwards=()

for tool in docker kind kubectl helm java mvn; do
  command -v "$tool" >/dev/null || { echo "kind-e2e needs $tool on the PATH" >&2; exit 1; }
done

cleanup() {
  # (The odd expansion keeps bash 3.2, macOS's, happy with an empty array under set -u.)
  for pid in ${forwards[@]+"${forwards[@]}"}; do kill "$pid" 2>/dev/null || true; done
  if [ "$created" = 1 ] && [ "${KEEP_CLUSTER:-0}" != 1 ]; then
    # kind removes the cluster's context from the kubeconfig it created it in, the user's.
    if [ -n "$user_kubeconfig" ]; then export KUBECONFIG="$user_kubeconfig"; else unset KUBECONFIG; fi
    kind delete cluster --name "$cluster"
  else
    echo "cluster $cluster kept: kind delete cluster --name $cluster removes it"
  fi
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

step() { printf '\n==> %s\n' "$*"; }

# kubectl port-forward to a local port it picks; sets $port and remembers the process for cleanup.
forward() {
  local service="$1" target="$2" log="$work/forward-$1.log"
  kubectl -n "$ns" port-forward "service/$service" ":$target" >"$log" 2>&1 &
  forwards+=("$!")
  for _ in $(seq 1 30); do
    port="$(sed -n 's/^Forwarding from 127\.0\.0\.1:\([0-9]*\) .*/\1/p' "$log" | head -n 1)"
    [ -n "$port" ] && return 0
    sleep 1
  done
  echo "kubectl port-forward to $service did not start: $(cat "$log")" >&2
  return 1
}

step "kind cluster $cluster"
if ! kind get clusters | grep -qx "$cluster"; then
  kind create cluster --config kind-config.yaml --wait 5m
  created=1
fi
# Every kubectl and helm call below talks to this cluster, whatever the current context is.
kind get kubeconfig --name "$cluster" >"$work/kubeconfig"
export KUBECONFIG="$work/kubeconfig"

step "images"
scripts/images.sh kind

step "operator"
helm upgrade --install lakehouse-operator helm/lakehouse-operator \
  --namespace lakehouse-system --create-namespace \
  --set image.repository=lakehouse-operator --set image.tag=dev \
  --set image.pullPolicy=IfNotPresent --set images.jobs=lakehouse-jobs:dev --set images.metastore=lakehouse-metastore:dev \
  --wait --timeout 5m
kubectl wait --for=condition=Established crd/lakehouses.lakehouse.dev --timeout=60s

step "Lakehouse $ns/demo"
kubectl create namespace "$ns" --dry-run=client -o yaml | kubectl apply -f -
kubectl -n "$ns" apply -f examples/lakehouse.yaml

step "$files Raygun files and the expected report, from the same manifests run locally"
home="$work/local"
landing="$home/buckets/lakehouse/landing/raygun"
./lakehouse generate raygun --files "$files" --out "$landing"
./lakehouse run -f examples/raygun --home "$home"
# The top-ips Query writes its full result as CSV with a header (one part file).
awk 'FNR > 1' "$home"/buckets/lakehouse/reports/top-ips/part-*.csv | LC_ALL=C sort >"$work/expected.csv"
[ -s "$work/expected.csv" ] || { echo "the local run wrote no report" >&2; exit 1; }

kubectl -n "$ns" wait --for=condition=Ready lakehouse/demo --timeout=15m

step "upload to the Lakehouse's SeaweedFS"
secret="$(kubectl -n "$ns" get lakehouse demo -o jsonpath='{.status.credentials.storage}')"
AWS_ACCESS_KEY_ID="$(kubectl -n "$ns" get secret "$secret" -o jsonpath='{.data.accessKey}' | base64 --decode)"
AWS_SECRET_ACCESS_KEY="$(kubectl -n "$ns" get secret "$secret" -o jsonpath='{.data.secretKey}' | base64 --decode)"
export AWS_ACCESS_KEY_ID AWS_SECRET_ACCESS_KEY
forward demo-seaweedfs 8333
./lakehouse upload "$landing" s3://lakehouse/landing/raygun/ --endpoint "http://127.0.0.1:$port"

step "ingest in the cluster"
kubectl -n "$ns" apply -f examples/raygun/datasets.yaml -f examples/raygun/run.yaml
if ! kubectl -n "$ns" wait --for=condition=Complete ingestionrun/raygun-errors-1 --timeout=30m; then
  kubectl -n "$ns" get ingestionrun raygun-errors-1 -o jsonpath='{.status.phase}: {.status.message}{"\n"}'
  exit 1
fi
# The gold Dataset follows the bronze run (runAfterUpstream) with a run of its own.
kubectl -n "$ns" wait --for=jsonpath='{.status.lastRun.phase}'=Succeeded dataset/requests-by-ip \
  --timeout=15m

step "the report through Trino"
mvn -q -B -ntp -f "$root/pom.xml" -N org.apache.maven.plugins:maven-dependency-plugin:3.8.1:copy \
  -Dartifact=io.trino:trino-cli:476:jar:executable -DoutputDirectory="$work"
forward demo-trino 8080
java -jar "$work/trino-cli-476-executable.jar" --server "http://127.0.0.1:$port" \
  --user admin --catalog lakehouse --output-format CSV \
  --execute 'SELECT ip, requests FROM gold.requests_by_ip' \
  | tr -d '"' | LC_ALL=C sort >"$work/actual.csv"

if diff -u "$work/expected.csv" "$work/actual.csv"; then
  echo "PASS: requests per client IP in the cluster match the local run ($(awk 'END { print NR }' "$work/expected.csv") addresses, $files files)"
else
  echo "FAIL: the cluster's report differs from the local run (diff above: - local, + cluster)"
  exit 1
fi
