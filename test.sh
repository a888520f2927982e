#!/usr/bin/env bash
# Runs every test of the project: unit, model, schema/CEL, mock-API-server operator tests and the
# integration tests against real S3, PostgreSQL and Hive Metastore servers on 127.0.0.1.
# Needs Java 17+ and Maven 3.8+; Maven downloads everything else from Maven Central. The
# integration tests need Debian's PostgreSQL server, installed here when missing (as root).
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
exec mvn -B -ntp verify -Pintegration "$@"
