#!/usr/bin/env python3
"""Writes the seed corpora of the fuzz targets from Tests/SwitchboardNormalizersTests/Fixtures.

usage: make-seeds.py OUTPUT_DIR

OUTPUT_DIR/<Target>/ receives one file per seed. Normalizer targets get their platform's
fixtures as they are; FuzzJSONValue gets every fixture; FuzzCloudEventsBinding gets every
fixture behind each mode byte (see Fuzz/Sources/FuzzSupport/FuzzInput.swift) and, for the
CloudEvents among the Click-to-Dial fixtures, their binary-mode form (attributes as ce- headers,
data as the body).
"""
import json
import os
import sys

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")
FIXTURES = os.path.join(ROOT, "Tests", "SwitchboardNormalizersTests", "Fixtures")
PLATFORMS = {"thello": "FuzzThello", "telnect": "FuzzTelnect", "clicktodial": "FuzzClickToDial",
             "antbuddy": "FuzzAntBuddy", "telecomcenter": "FuzzTelecomCenter"}


def write(directory, name, data):
    os.makedirs(directory, exist_ok=True)
    with open(os.path.join(directory, name), "wb") as file:
        file.write(data)


def binary_mode(event):
    """A structured CloudEvent as a binary-mode request in the FuzzInput layout."""
    lines = []
    for key, value in sorted(event.items()):
        if key in ("data", "data_base64", "datacontenttype"):
            continue
        lines.append(f"ce-{key}: {value}")
    body = json.dumps(event.get("data", {}), separators=(",", ":")).encode()
    return bytes([2]) + "\n".join(lines).encode() + b"\0" + body


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    output = sys.argv[1]
    for platform, target in PLATFORMS.items():
        directory = os.path.join(FIXTURES, platform)
        for name in sorted(os.listdir(directory)):
            data = open(os.path.join(directory, name), "rb").read()
            write(os.path.join(output, target), name, data)
            write(os.path.join(output, "FuzzJSONValue"), f"{platform}-{name}", data)
            for mode in (0, 1, 2, 4):
                write(os.path.join(output, "FuzzCloudEventsBinding"), f"mode{mode}-{platform}-{name}", bytes([mode, 0]) + data)
            if platform == "clicktodial":
                try:
                    document = json.loads(data)
                except ValueError:
                    continue
                events = document if isinstance(document, list) else [document]
                for index, event in enumerate(events):
                    if isinstance(event, dict) and "specversion" in event:
                        write(os.path.join(output, "FuzzCloudEventsBinding"), f"binary-{index}-{name}", binary_mode(event))
    print(output)


if __name__ == "__main__":
    main()
