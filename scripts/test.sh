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
set +e
swift test --skip-build > .build/test-output.txt 2>&1
status=$?
set -e
# Failures and the closing summary lines; the full log stays in .build/test-output.txt.
grep -E "✘|error:|recorded an issue|Test run with|Executed [0-9]+ tests?" .build/test-output.txt | tail -n 80
if [ "$status" -ne 0 ]; then
    echo "swift test failed (exit $status); full output in .build/test-output.txt" >&2
    exit "$status"
fi

if [ -d rules ] && .build/debug/switchboard help rules >/dev/null 2>&1; then
    .build/debug/switchboard rules check rules
    .build/debug/switchboard rules test rules
fi
