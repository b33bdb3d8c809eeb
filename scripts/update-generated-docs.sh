#!/usr/bin/env bash
# Regenerates the parts of docs/ that come from code (the state-mapping table in
# docs/event-schema.md). A test fails when they are stale.
set -euo pipefail
cd "$(dirname "$0")/.."
swift build --product switchboard 2>&1 | grep -E "error" || true
table=$(.build/debug/switchboard schema mapping)
python3 - "$table" <<'PY'
import sys
path = "docs/event-schema.md"
text = open(path, encoding="utf-8").read()
begin = "<!-- BEGIN STATE MAPPING (generated: switchboard schema mapping) -->\n"
end = "\n<!-- END STATE MAPPING -->"
start = text.index(begin) + len(begin)
stop = text.index(end, start)
open(path, "w", encoding="utf-8").write(text[:start] + sys.argv[1] + text[stop:])
PY
echo "docs/event-schema.md updated"
