#!/usr/bin/env python3
"""Validate CloudEvents JSON documents against the Switchboard call-event JSON Schema.

Reads one JSON document per line on stdin; prints one line per invalid document
(`<line number>: <path>: <message>`) and exits 1 when any is invalid, 0 otherwise.
Usage: validate_events.py SCHEMA_FILE < events.jsonl
"""
import json
import sys

import jsonschema


def main() -> int:
    with open(sys.argv[1], encoding="utf-8") as handle:
        schema = json.load(handle)
    validator = jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker())
    invalid = 0
    checked = 0
    for number, line in enumerate(sys.stdin, start=1):
        if not line.strip():
            continue
        checked += 1
        document = json.loads(line)
        for error in validator.iter_errors(document):
            invalid += 1
            path = "/".join(str(part) for part in error.absolute_path) or "$"
            print(f"{number}: {path}: {error.message}")
    print(f"checked {checked} documents", file=sys.stderr)
    return 1 if invalid else 0


if __name__ == "__main__":
    sys.exit(main())
