#!/usr/bin/env bash
# `npm test`: lint, unit suites, build, then every e2e suite against real PostgreSQL, Redis
# and RabbitMQ on 127.0.0.1. Prints one summary line "tests: N passed, N failed, N skipped".
set -uo pipefail
cd "$(dirname "$0")/../.."
export NX_DAEMON=false NX_NO_CLOUD=true NX_SKIP_NX_CACHE=${NX_SKIP_NX_CACHE:-false}
mkdir -p tmp/jest
rm -f tmp/jest/*.json
status=0

step() { printf '\n=== %s\n' "$1"; }

step "lint"
npx nx run-many -t lint --parallel=2 --output-style=static || status=1
node tools/test/check-engines.mjs || status=1

step "unit tests"
npx jest -c jest.unit.config.cjs --ci --maxWorkers=2 --json --outputFile=tmp/jest/unit.json || status=1

step "build"
npx nx run-many -t build --projects=tag:type:app --parallel=2 --output-style=static || status=1

step "e2e tests"
npx jest -c jest.e2e.config.cjs --ci --runInBand --json --outputFile=tmp/jest/e2e.json || status=1

node tools/test/summarize.mjs tmp/jest/unit.json tmp/jest/e2e.json || status=1
exit $status
