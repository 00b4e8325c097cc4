#!/usr/bin/env bash
# `npm test`: lint, unit suites, build, then every e2e suite against real PostgreSQL, Redis
# and RabbitMQ on 127.0.0.1. Prints one summary line "tests: N passed, N failed, N skipped".
#
# Two lanes run side by side, one per core (TEST_LANES=1 runs them one after the other):
#   a: lint, engines check, typecheck (tests included), unit suites, then the in-process e2e suites of ledger, tracer and
#      reporter (each on databases of its own, nothing shared with lane b);
#   b: build, then the suites that provision through tenant-manager or run the built apps
#      (tenant-manager e2e, platform-e2e), which share RabbitMQ vhosts, the *_gateway roles
#      and tenant-manager itself, so they stay in one Jest run in band.
# The short soak (issue 12 item 6: 60 s of faults, about 110 s in all) needs lane b's build but
# runs at the end of lane a, the shorter one, once the build is there: on lane b it would make
# that lane the whole run's length plus the soak. It shares nothing with lane b's suites (its
# own control plane and deployment id, tenants on a private PostgreSQL cluster, vhosts of its
# own tenants only). With TEST_LANES=1 it runs last.
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

lane_a() {
  step a "lint" npx nx run-many -t lint --parallel=1 --output-style=static
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
  if [ "${TEST_LANES:-2}" != 1 ]; then
    while [ ! -e tmp/test-lanes/built ] && [ ! -e tmp/test-lanes/build-failed ]; do sleep 2; done
    # Without the build the soak's report is missing, which the summary counts as a failure.
    if [ -e tmp/test-lanes/built ]; then soak a; else echo "soak: not run, the build failed"; fi
  fi
}

# soak LANE: the short fault suite (apps/platform-e2e/soak) against the built apps.
soak() {
  step "$1" "soak (${SOAK_DURATION_SEC:-60} s of faults)" env SOAK_DURATION_SEC="${SOAK_DURATION_SEC:-60}" \
    npx jest -c apps/platform-e2e/jest.soak.config.cjs --ci --runInBand \
    --json --outputFile=tmp/jest/soak.json
}

lane_b() {
  step b "build" npx nx run-many -t build --projects=tag:type:app --parallel=1 --output-style=static
  # Tells lane a the built apps are there (or will not be): its last step runs them.
  if [ -e tmp/test-lanes/failed-b ]; then touch tmp/test-lanes/build-failed; else touch tmp/test-lanes/built; fi
  step b "e2e: tenant-manager, platform" npx jest -c jest.e2e.config.cjs --ci --runInBand \
    --selectProjects tenant-manager-e2e platform-e2e --json --outputFile=tmp/jest/e2e-platform.json
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
node tools/test/summarize.mjs tmp/jest/unit.json tmp/jest/e2e-apps.json tmp/jest/e2e-platform.json \
  tmp/jest/soak.json ||
  status=1
exit $status
