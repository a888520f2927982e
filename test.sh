#!/usr/bin/env bash
# Runs every test of the project: unit, model, schema/CEL and mock-API-server operator tests.
# Needs Java 17+ and Maven 3.8+; Maven downloads everything else from Maven Central.
set -euo pipefail
cd "$(dirname "$0")"
exec mvn -B -ntp verify "$@"
