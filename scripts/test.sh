#!/usr/bin/env bash
# The whole test suite: set-up (apt + Python peers when missing), build, Swift tests, and the
# integrator checks on the sample rules. This is what README's test command and .ci/run call.
set -euo pipefail
cd "$(dirname "$0")/.."
# The toolchain lives in /opt/swift on the project's machines; use it when PATH lacks it.
if ! command -v swift >/dev/null 2>&1 && [ -x /opt/swift/usr/bin/swift ]; then export PATH="$PATH:/opt/swift/usr/bin"; fi
bash scripts/bootstrap.sh --test

export SWITCHBOARD_PYTHON="$PWD/.venv/bin/python3"
swift build --build-tests 2>&1 | grep -v "found 1 file(s) which are unhandled" | tail -n 20
# Test peers of a test process that crashed would outlive it; none may outlive the script.
trap 'pkill -f "$PWD/Tests/tools/" 2>/dev/null || true' EXIT

# Runs `swift test` with the given arguments; prints failures and the closing summary (the full
# log stays in .build/test-<name>.txt) and stops the script when a test failed.
run_tests() {
    local name=$1
    shift
    set +e
    # Bounded: a crashed test process whose peers still hold its output pipe must not hang CI.
    timeout --kill-after=60s "${SWITCHBOARD_TEST_TIMEOUT:-45m}" swift test --skip-build "$@" > ".build/test-$name.txt" 2>&1
    local status=$?
    set -e
    grep -E "✘|error:|recorded an issue|Test run with|Executed [0-9]+ tests?|Program crashed|Assertion|Fatal error" ".build/test-$name.txt" | tail -n 80
    if [ "$status" -ne 0 ]; then
        echo "swift test ($name) failed (exit $status); full output in .build/test-$name.txt" >&2
        exit "$status"
    fi
}

# Tests that take Kafka brokers down and up run alone: librdkafka 2.0.2's mock cluster re-binds
# a broker's port when it comes back up and aborts the process if anything took that port
# meanwhile, which parallel tests opening ports of their own could do.
broker_restarts='FaultTests|ShutdownTests|ReplayTests|ServeEndToEndTests|KafkaReadinessTests|ConnectivityTests'
run_tests parallel --skip "$broker_restarts"
run_tests broker-restarts --filter "$broker_restarts" --no-parallel

if [ -d rules ] && .build/debug/switchboard help rules >/dev/null 2>&1; then
    .build/debug/switchboard rules check rules
    .build/debug/switchboard rules test rules
fi
