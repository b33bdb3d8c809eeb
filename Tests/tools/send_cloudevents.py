#!/usr/bin/env python3
"""Send CloudEvents to a webhook the way real senders do, with the official `cloudevents` SDK.

Reads a JSON plan on stdin:
  {"url": "...", "requests": [
     {"mode": "structured" | "binary" | "batch" | "raw",
      "events": [{"attributes": {...}, "data": {...}}],      # not for raw
      "body": "...", "headers": {...},                       # raw only / extra headers
      "token": "...", "token_in": "header" | "query" | "none"}]}
Prints a JSON array with one {"status", "body", "headers"} per request on stdout.
Structured and binary requests are built by cloudevents.http.to_structured / to_binary; the SDK
has no batch writer, so a batch is the JSON array of the SDK's to_dict of each event.
"""
import json
import sys

import requests
from cloudevents.conversion import to_dict
from cloudevents.conversion import to_binary, to_structured
from cloudevents.http import CloudEvent


def build(request):
    extra = dict(request.get("headers", {}))
    mode = request["mode"]
    if mode == "raw":
        body = request.get("body", "")
        return extra, body.encode("utf-8") if isinstance(body, str) else bytes(body)
    events = [CloudEvent(e["attributes"], e.get("data")) for e in request["events"]]
    if mode == "structured":
        headers, body = to_structured(events[0])
    elif mode == "binary":
        headers, body = to_binary(events[0])
    elif mode == "batch":
        headers = {"content-type": "application/cloudevents-batch+json"}
        body = json.dumps([to_dict(event) for event in events]).encode("utf-8")
    else:
        raise SystemExit(f"unknown mode {mode}")
    headers = dict(headers)
    headers.update(extra)
    return headers, body


def main() -> int:
    plan = json.load(sys.stdin)
    results = []
    with requests.Session() as session:
        for request in plan["requests"]:
            headers, body = build(request)
            params = {}
            token = request.get("token")
            where = request.get("token_in", "header")
            if token is not None and where == "header":
                headers["Authorization"] = f"Bearer {token}"
            elif token is not None and where == "query":
                params["access_token"] = token
            method = request.get("method", "POST")
            response = session.request(method, plan["url"], headers=headers, params=params, data=body, timeout=30)
            results.append({
                "status": response.status_code,
                "body": response.text,
                "headers": {k.lower(): v for k, v in response.headers.items()},
            })
    json.dump(results, sys.stdout)
    return 0


if __name__ == "__main__":
    sys.exit(main())
