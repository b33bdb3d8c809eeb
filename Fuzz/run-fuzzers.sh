#!/usr/bin/env bash
# Builds the libFuzzer targets (release, -sanitize=fuzzer,address -Xswiftc -parse-as-library) and runs each one for
# FUZZ_RUNS inputs (default 1,000,000), starting from seeds made of the normalizer fixtures.
# Usage: bash Fuzz/run-fuzzers.sh [Target ...]   (default: every target; see docs/fuzzing.md)
# Corpora grow in Fuzz/.build/corpus/<Target>; crashes land in Fuzz/.build/artifacts/<Target>.
set -euo pipefail
cd "$(dirname "$0")"
if ! command -v swift >/dev/null 2>&1 && [ -x /opt/swift/usr/bin/swift ]; then export PATH="$PATH:/opt/swift/usr/bin"; fi

RUNS=${FUZZ_RUNS:-1000000}
TARGETS=("$@")
[ ${#TARGETS[@]} -gt 0 ] || TARGETS=(FuzzCloudEventsBinding FuzzJSONValue FuzzClickToDial FuzzTelnect FuzzThello FuzzAntBuddy FuzzTelecomCenter)

# lld, not the default gold: gold aborts with an internal error linking the instrumented objects.
mkdir -p .build
LLD=$(dirname "$(readlink -f "$(command -v swift)")")/ld.lld
[ -x "$LLD" ] || LLD=$(command -v ld.lld)
printf '{"schemaVersion": "1.0", "linker": {"path": "%s"}}\n' "$LLD" >.build/toolset.json
FLAGS=(-c release -Xswiftc -sanitize=fuzzer,address -Xswiftc -parse-as-library --toolset "$(pwd)/.build/toolset.json")
swift build "${FLAGS[@]}" 2>&1 | grep -v unhandled | tail -n 3
BIN=$(swift build "${FLAGS[@]}" --show-bin-path)
SEEDS=.build/seeds
rm -rf "$SEEDS" && python3 scripts/make-seeds.py "$SEEDS" >/dev/null

status=0
for target in "${TARGETS[@]}"; do
    corpus=.build/corpus/$target artifacts=.build/artifacts/$target
    mkdir -p "$corpus" "$artifacts"
    log=.build/fuzz-$target.log
    # Leak checking is off: the Swift runtime's metadata caches read as leaks to LeakSanitizer.
    if "$BIN/$target" "$corpus" "$SEEDS/$target" -runs="$RUNS" -max_len=4096 -timeout=10 -rss_limit_mb=3072 \
        -detect_leaks=0 -dict=json.dict -print_final_stats=1 -artifact_prefix="$artifacts/" >"$log" 2>&1; then
        result=ok
    else
        result="CRASH (see $log and $artifacts)"
        status=1
    fi
    executed=$(awk '/stat::number_of_executed_units/ {print $NF}' "$log")
    seconds=$(awk '/^Done [0-9]+ runs in/ {print $5}' "$log")
    coverage=$(grep -o 'cov: [0-9]*' "$log" | tail -n 1 | awk '{print $2}')
    printf '%-24s %s inputs in %s s, coverage %s edges, corpus %s files: %s\n' \
        "$target" "${executed:-?}" "${seconds:-?}" "${coverage:-?}" "$(ls "$corpus" | wc -l)" "$result"
done
exit $status
