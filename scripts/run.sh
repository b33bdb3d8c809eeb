#!/usr/bin/env bash
# Runs the main job: `switchboard serve` on the embedded default configuration
# (config/switchboard.yaml: embedded Kafka, webhook ingress, the sample rules).
# Installs what is missing first, builds in release mode, then replaces itself with the server.
set -euo pipefail
cd "$(dirname "$0")/.."
# The toolchain lives in /opt/swift on the project's machines; use it when PATH lacks it.
if ! command -v swift >/dev/null 2>&1 && [ -x /opt/swift/usr/bin/swift ]; then export PATH="$PATH:/opt/swift/usr/bin"; fi
bash scripts/bootstrap.sh
swift build -c release --product switchboard 2>&1 | grep -v "found 1 file(s) which are unhandled" | tail -n 5
exec .build/release/switchboard serve --config "${SWITCHBOARD_CONFIG:-config/switchboard.yaml}" "$@"
