#!/usr/bin/env bash
# `npm test`: lint, unit suites, build, then every e2e suite against real PostgreSQL, Redis
# and RabbitMQ on 127.0.0.1. Prints one summary line "tests: N passed, N failed, N skipped".
#
# Two lanes run side by side, one per core (TEST_LANES=1 runs them one after the other), cut
# so that both take about as long (decision 0067; step times in docs/performance.md, "CI time"):
#   a: build, lint, engines check, typecheck (tests included), unit suites, the in-process e2e
#      suites of ledger, tracer and reporter (each on databases of its own, nothing shared with
#      lane b), then the single-tenant built-app suites of platform-e2e and the short soak;
#   b: the tenant-manager e2e suites (in-process: they need no build), then, once lane a's build
#      is there, the platform-e2e suites that run behind a real tenant-manager. These share
#      the SCHEMA-mode *_tenants databases (created and dropped by whoever needs them) and
#      tenant-manager, so they stay in one lane, one suite at a time.
# The single-tenant built-app suites (SINGLE_TENANT_BUILT) and the short soak (issue 12 item 6:
# 60 s of faults) share nothing with lane b: databases and a RabbitMQ vhost of their own, no
# tenant-manager tenants (the soak has its own control plane, deployment id and a private
# PostgreSQL cluster, and only its own tenants' vhosts).
set -uo pipefail
cd "$(dirname "$0")/../.."
export NX_DAEMON=false NX_NO_CLOUD=true NX_SKIP_NX_CACHE=${NX_SKIP_NX_CACHE:-false}
mkdir -p tmp/jest tmp/test-lanes
rm -f tmp/jest/*.json tmp/test-lanes/*

# step LANE NAME COMMAND...: runs one step, records its duration and whether it failed.
step() {
  local lane=$1 name=$2 started=$SECONDS
  shift 2
  printf '\n=== [%s] %s\n' "$lane" "$name"
  if "$@"; then
    printf '%s\t%s\t%ss\tok\n' "$lane" "$name" $((SECONDS - started)) >>tmp/test-lanes/steps.tsv
  else
    printf '%s\t%s\t%ss\tFAILED\n' "$lane" "$name" $((SECONDS - started)) >>tmp/test-lanes/steps.tsv
    echo 1 >"tmp/test-lanes/failed-$lane"
  fi
}

# Platform-e2e suites that start built apps single-tenant only (no tenant-manager tenants):
# lane a runs them, lane b leaves them out. Matched on file names only (worktree paths carry a
# branch name).
SINGLE_TENANT_BUILT='/test/(single-tenant-events|reporter-ledger-data)\.e2e-spec\.ts$'
# Suites that stop the shared RabbitMQ (rabbitmqctl stop_app): they run alone, after lane a has
# finished, because every broker suite of lane a would lose its connections mid-test.
STOPS_SHARED_BROKER='/test/tenant-events\.e2e-spec\.ts$'

build() {
  step "$1" "build" npx nx run-many -t build --projects=tag:type:app --parallel=1 --output-style=static
  # Tells the other lane the built apps are there (or will not be).
  if [ -e "tmp/test-lanes/failed-$1" ]; then touch tmp/test-lanes/build-failed; else touch tmp/test-lanes/built; fi
}

# wait_for_build: true once the build is there, false (with a note) if it failed.
wait_for_build() {
  while [ ! -e tmp/test-lanes/built ] && [ ! -e tmp/test-lanes/build-failed ]; do sleep 2; done
  # Without the build the suites' reports are missing, which the summary counts as a failure.
  if [ -e tmp/test-lanes/built ]; then return 0; fi
  echo "$1: not run, the build failed"
  return 1
}

lane_a() {
  build a
  # One ESLint process over the workspace (the root config is every project's): the files and
  # rules of every project's nx lint target, without starting ESLint, its plugins and the
  # project graph thirty times (145 s -> about 25 s of CPU).
  step a "lint" npx eslint .
  step a "engines" node tools/test/check-engines.mjs
  # Jest transpiles without type checking, so type errors in specs and e2e suites would pass
  # unnoticed; one tsc pass over every app and lib (tests included) catches them.
  step a "typecheck" npx tsc -p tsconfig.typecheck.json
  step a "unit tests" npx jest -c jest.unit.config.cjs --ci --maxWorkers=1 \
    --json --outputFile=tmp/jest/unit.json
  # One suite at a time in a worker that Jest replaces once its heap passes 2 GB: in one
  # process (--runInBand) what each suite leaves behind adds up and ran out of heap (4 GB).
  step a "e2e: ledger, tracer, reporter" npx jest -c jest.e2e.config.cjs --ci --maxWorkers=1 \
    --workerIdleMemoryLimit=2GB --selectProjects ledger-e2e tracer-e2e reporter-e2e --json --outputFile=tmp/jest/e2e-apps.json
  if wait_for_build "single-tenant built-app suites and soak"; then
    step a "e2e: platform, single-tenant built apps" npx jest -c jest.e2e.config.cjs --ci --runInBand \
      --selectProjects platform-e2e --testPathPatterns "$SINGLE_TENANT_BUILT" \
      --json --outputFile=tmp/jest/e2e-built.json
    if [ "${TEST_LANES:-2}" != 1 ]; then soak a; fi
  fi
  touch tmp/test-lanes/lane-a-done
}

# soak LANE: the short fault suite (apps/platform-e2e/soak) against the built apps.
soak() {
  step "$1" "soak (${SOAK_DURATION_SEC:-60} s of faults)" env SOAK_DURATION_SEC="${SOAK_DURATION_SEC:-60}" \
    npx jest -c apps/platform-e2e/jest.soak.config.cjs --ci --runInBand \
    --json --outputFile=tmp/jest/soak.json
}

lane_b() {
  step b "e2e: tenant-manager" npx jest -c jest.e2e.config.cjs --ci --runInBand \
    --selectProjects tenant-manager-e2e --json --outputFile=tmp/jest/e2e-tenant-manager.json
  if wait_for_build "platform e2e"; then
    step b "e2e: platform, behind tenant-manager" npx jest -c jest.e2e.config.cjs --ci --runInBand \
      --selectProjects platform-e2e --testPathIgnorePatterns "$SINGLE_TENANT_BUILT|$STOPS_SHARED_BROKER" \
      --json --outputFile=tmp/jest/e2e-platform.json
    while [ ! -e tmp/test-lanes/lane-a-done ]; do sleep 2; done
    step b "e2e: platform, stopping the shared RabbitMQ (after lane a)" npx jest -c jest.e2e.config.cjs \
      --ci --runInBand --selectProjects platform-e2e --testPathPatterns "$STOPS_SHARED_BROKER" \
      --json --outputFile=tmp/jest/e2e-broker-faults.json
  fi
}

started=$SECONDS
if [ "${TEST_LANES:-2}" = 1 ]; then
  lane_a
  lane_b
  if [ -e tmp/test-lanes/built ]; then soak b; else echo "soak: not run, the build failed"; fi
else
  # Each lane's lines carry its name; both stream as they run.
  lane_a > >(sed -u 's/^/[a] /') 2>&1 &
  a=$!
  lane_b > >(sed -u 's/^/[b] /') 2>&1 &
  b=$!
  wait $a $b
fi

printf '\n=== steps (lane, step, duration, result); whole run %ss\n' $((SECONDS - started))
cat tmp/test-lanes/steps.tsv
status=0
[ -e tmp/test-lanes/failed-a ] && status=1
[ -e tmp/test-lanes/failed-b ] && status=1
node tools/test/summarize.mjs tmp/jest/unit.json tmp/jest/e2e-apps.json tmp/jest/e2e-built.json \
  tmp/jest/e2e-tenant-manager.json tmp/jest/e2e-platform.json tmp/jest/e2e-broker-faults.json tmp/jest/soak.json ||
  status=1
exit $status
