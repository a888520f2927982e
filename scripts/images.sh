#!/usr/bin/env bash
# Builds the operator, jobs and metastore images from this checkout; with `kind` or `minikube` also loads them
# into that cluster (no registry needed).
#
#   scripts/images.sh [kind|minikube]
#
# OPERATOR_IMAGE (lakehouse-operator:dev), JOBS_IMAGE (lakehouse-jobs:dev), METASTORE_IMAGE
# (lakehouse-metastore:dev) and KIND_CLUSTER (lakehouse) override the defaults.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
operator_image="${OPERATOR_IMAGE:-lakehouse-operator:dev}"
jobs_image="${JOBS_IMAGE:-lakehouse-jobs:dev}"
metastore_image="${METASTORE_IMAGE:-lakehouse-metastore:dev}"
target="${1:-}"

case "$target" in
  ""|kind|minikube) ;;
  *) echo "usage: $0 [kind|minikube]" >&2; exit 2 ;;
esac

# The Dockerfiles copy what `package` staged under target/image/: build it when it is missing or
# older than a pom or a source file.
stale() {
  local staged="$root/$1/target/image-dependencies.txt"
  [ ! -f "$staged" ] || [ -n "$(find "$root/pom.xml" "$root"/*/pom.xml "$root"/*/src/main \
    "$root/jobs/src/image" "$root/metastore/src/image" -newer "$staged" -type f -print -quit 2>/dev/null)" ]
}
if stale operator || stale jobs || stale metastore; then
  mvn -B -ntp -f "$root/pom.xml" -pl operator,jobs,metastore -am package -DskipTests
fi

# COPY keeps the files' modes and the pods run as users that do not own them: readable by all,
# whatever the umask of the build was.
chmod -R a+rX "$root/operator/target/image" "$root/jobs/target/image" "$root/metastore/target/image"

docker build -t "$operator_image" "$root/operator"
docker build -t "$jobs_image" "$root/jobs"
docker build -t "$metastore_image" "$root/metastore"

case "$target" in
  kind)
    for image in "$operator_image" "$jobs_image" "$metastore_image"; do
      kind load docker-image "$image" --name "${KIND_CLUSTER:-lakehouse}"
    done ;;
  minikube)
    for image in "$operator_image" "$jobs_image" "$metastore_image"; do
      minikube image load "$image"
    done ;;
esac
echo "built $operator_image, $jobs_image and $metastore_image${target:+, loaded into $target}"
