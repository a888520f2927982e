#!/usr/bin/env bash
# Runs every test of the project: unit, model and schema/CEL tests, the operator's suites on a real
# Kubernetes control plane (kube-apiserver, etcd, kube-controller-manager on 127.0.0.1) and the
# integration tests against real S3, PostgreSQL, Hive Metastore and Trino servers on 127.0.0.1.
# Needs Java 17+, Maven 3.8+ and Go 1.26+; Maven downloads the Java parts from Maven Central,
# scripts/k8s-binaries.sh builds the control plane and scripts/seaweedfs-binary.sh the S3 server
# (SeaweedFS) from the Go module proxy (each cached by version).
# The integration tests need Debian's PostgreSQL server, installed here when missing (as root),
# and root for the test kubelet's mount namespaces.
set -euo pipefail
cd "$(dirname "$0")"
if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
  if [ "$(id -u)" -eq 0 ]; then
    apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y postgresql-15
  else
    echo "the integration tests need a PostgreSQL server: sudo apt-get install postgresql-15" >&2
    exit 1
  fi
fi
scripts/k8s-binaries.sh >/dev/null
scripts/seaweedfs-binary.sh >/dev/null
exec mvn -B -ntp verify -Pintegration "$@"
