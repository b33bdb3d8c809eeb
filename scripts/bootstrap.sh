#!/usr/bin/env bash
# Installs what Switchboard needs on a fresh Debian machine, only when it is missing:
#   - the C libraries (librdkafka, libwebsockets, jemalloc) and tools (kcat, pkg-config) from apt;
#   - with --test, openssl and chromium from apt and the Python test peers into .venv (from
#     Tests/tools/requirements.txt).
# Safe to run again: each step checks first.
set -euo pipefail
cd "$(dirname "$0")/.."

want_test_peers=false
if [ "${1:-}" = "--test" ]; then want_test_peers=true; fi

apt_packages=(librdkafka-dev libwebsockets-dev libjemalloc-dev kcat pkg-config python3-venv)
# The tests also make a test CA for wss:// (openssl) and load the status page in headless
# Chromium (chromium).
if $want_test_peers; then apt_packages+=(openssl chromium); fi
missing=()
for package in "${apt_packages[@]}"; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
if [ ${#missing[@]} -gt 0 ]; then
    echo "bootstrap: installing ${missing[*]}" >&2
    SUDO=""
    [ "$(id -u)" -eq 0 ] || SUDO="sudo"
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}" >/dev/null
fi

if ! command -v swift >/dev/null 2>&1 && [ ! -x /opt/swift/usr/bin/swift ]; then
    echo "bootstrap: the Swift 6.3 toolchain is required (swift not found on PATH)" >&2
    exit 1
fi

if $want_test_peers; then
    requirements=Tests/tools/requirements.txt
    stamp=.venv/.requirements.sha256
    current=$(sha256sum "$requirements" | cut -d' ' -f1)
    if [ ! -x .venv/bin/python3 ] || [ "$(cat "$stamp" 2>/dev/null)" != "$current" ]; then
        echo "bootstrap: creating .venv with the Python test peers" >&2
        python3 -m venv .venv
        .venv/bin/python3 -m pip install --quiet --disable-pip-version-check -r "$requirements"
        echo "$current" > "$stamp"
    fi
fi
