#!/usr/bin/env bash
# Runs the benchmarks and the reliability suite at full size and says where each report is.
# docs/BENCHMARKS.md holds the results of a sitting on a 2-core machine and how to read them.
#
# usage: scripts/bench.sh [ingest|ingest-large|operator|reliability|all]   (default: all)
#   ingest        lakehouse bench ingest on 20,000 generated Raygun files (about 15 min)
#   ingest-large  the same on 100,000 files (over an hour; pass contenders with ONLY=engine,plain-best)
#   operator      500 Datasets and 500 IngestionRuns in 10 namespaces on the mock API server
#   reliability   20 random SIGKILLs of an ingestion, the bad-input and invalid-manifest corpora,
#                 operator restarts and status conflicts on the mock API server, the secrets scan
# CI runs the small versions of all of these in ./test.sh; none of them asserts a duration.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
what="${1:-all}"

# The integration tests of one module at full size (-Dlakehouse.bench.size=full).
full_its() {
  local module="$1" tests="$2"
  mvn -B -ntp -f "$root/pom.xml" -Pintegration verify -pl "$module" -am \
    -Dit.test="$tests" -Dtest=NoSuchTest -Dsurefire.failIfNoSpecifiedTests=false \
    -Dfailsafe.failIfNoSpecifiedTests=false -Dlakehouse.bench.size=full
}

ingest() {
  local files="$1" work="$2"
  local only=()
  [ -n "${ONLY:-}" ] && only=(--only "$ONLY")
  "$root/lakehouse" bench ingest --files "$files" --batch-size 5000 --work "$work" "${only[@]}"
}

case "$what" in
  ingest) ingest 20000 "$root/.lakehouse-bench" ;;
  ingest-large) ingest 100000 "$root/.lakehouse-bench-large" ;;
  operator)
    full_its operator OperatorScaleIT
    echo "report: $root/operator/target/bench/operator-scale.md"
    ;;
  reliability)
    full_its jobs CrashRecoveryRandomKillsIT
    mvn -B -ntp -f "$root/pom.xml" test -pl api,jobs,operator -am \
      -Dtest='BadInputCorpusTest,InvalidManifestsTest,SecretsScanTest,CredentialScanTest' \
      -Dsurefire.failIfNoSpecifiedTests=false
    full_its operator OperatorChaosIT
    echo "reports: $root/jobs/target/bench/random-kills.md, $root/jobs/target/bench/bad-input.md,"
    echo "         $root/api/target/bench/invalid-manifests.md, $root/operator/target/bench/operator-chaos.md,"
    echo "         $root/operator/target/bench/secrets-scan.md"
    ;;
  all)
    "$0" ingest
    "$0" operator
    "$0" reliability
    ;;
  *)
    sed -n '2,12p' "$0" >&2
    exit 2
    ;;
esac
