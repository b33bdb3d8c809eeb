#!/usr/bin/env python3
"""AntBuddy-style PBX open API test peer (aiohttp): HTTP endpoints and the websocket signal stream
on one port, for SwitchboardConnectorsTests/AntBuddy.

Prints `READY <port>` once listening. Every signature is checked exactly as the API document
defines it (lower-case hex SHA-256 of the plain concatenation, app secret last); a wrong one is a
401, so a client mistake fails the test.

  POST /oapi/v1/voice/auth_token          headers x-auth-app-id, x-auth-app-hash = sha256(appId+secret)
                                          -> {"value": "tok-N", "expire": <epoch seconds>}
  GET  /signals?token=T                   websocket; T must be issued and unexpired
  GET  /oapi/v1/call/histories            appId, created_from, created_to (YYYY-MM-DD HH:MM:SS, UTC),
                                          limit <= 100, page, hash = sha256(appId+from+to+limit+page+secret);
                                          window <= 31 days -> {"data": [records of that page]}
  GET  /oapi/v1/call/play_recording       appId, media, hash = sha256(appId+media+secret) -> {"media": URL}
  POST /oapi/v1/call/click-to-call/NUM    signed headers, JSON {sipUser, sipPassword}; 400 when offline

Test control (no auth), all JSON:
  POST /_test/history   {"records": [...]}   replace the call history
  POST /_test/signal    {"json": {...}} or {"raw": "text"}   send to every open signal stream
  POST /_test/drop      abort every signal stream without a close frame
  POST /_test/config    {"token_lifetime": S, "offline": bool, "fail": {"<METHOD> <path prefix>": [status, ...]},
                         "retry_after": "1"}
  GET  /_test/requests  every API request: {"method", "path", "query", "headers", "body"}
  GET  /_test/state     {"connections": N, "tokens": [...]}
"""
import argparse
import asyncio
import hashlib
import json
import sys
import time
from datetime import datetime, timezone

from aiohttp import WSMsgType, web

APP_ID = "app-1"
APP_SECRET = "s3cr3t"
SIP_USERS = {"desk-42": "sip-pass-42"}
DATE_FORMAT = "%Y-%m-%d %H:%M:%S"


def sha(*parts):
    return hashlib.sha256("".join(parts).encode()).hexdigest()


class PBX:
    def __init__(self):
        self.records = []
        self.requests = []
        self.tokens = {}
        self.issued = []
        self.sockets = {}  # WebSocketResponse -> its TCP transport
        self.token_lifetime = 3600
        self.offline = False
        self.fail = {}
        self.retry_after = None

    def record(self, request, body=None):
        self.requests.append({
            "method": request.method,
            "path": request.path,
            "query": dict(request.query),
            "headers": {k.lower(): v for k, v in request.headers.items()
                        if k.lower().startswith("x-auth") or k.lower() in ("content-type", "accept")},
            "body": body,
        })

    def scripted(self, request):
        for key, statuses in self.fail.items():
            method, prefix = key.split(" ", 1)
            if request.method == method and request.path.startswith(prefix) and statuses:
                status = statuses.pop(0)
                headers = {"Retry-After": self.retry_after} if self.retry_after and status in (429, 503) else {}
                return web.json_response({"message": "scripted %d" % status}, status=status, headers=headers)
        return None

    def headers_ok(self, request):
        return (request.headers.get("x-auth-app-id") == APP_ID
                and request.headers.get("x-auth-app-hash") == sha(APP_ID, APP_SECRET))

    async def auth_token(self, request):
        self.record(request)
        failure = self.scripted(request)
        if failure:
            return failure
        if not self.headers_ok(request):
            return web.json_response({"message": "bad app hash"}, status=401)
        token = "tok-%d" % (len(self.issued) + 1)
        expire = int(time.time() + self.token_lifetime)
        self.tokens[token] = expire
        self.issued.append(token)
        return web.json_response({"value": token, "expire": expire})

    async def signals(self, request):
        token = request.query.get("token", "")
        if self.tokens.get(token, 0) <= time.time():
            return web.json_response({"message": "bad token"}, status=401)
        ws = web.WebSocketResponse(autoping=True)
        await ws.prepare(request)
        self.sockets[ws] = request.transport
        try:
            async for message in ws:
                if message.type == WSMsgType.ERROR:
                    break
        finally:
            self.sockets.pop(ws, None)
        return ws

    async def histories(self, request):
        self.record(request)
        failure = self.scripted(request)
        if failure:
            return failure
        q = request.query
        try:
            app_id, created_from, created_to = q["appId"], q["created_from"], q["created_to"]
            limit_text, page_text, given = q["limit"], q["page"], q["hash"]
        except KeyError as missing:
            return web.json_response({"message": "missing %s" % missing}, status=400)
        if app_id != APP_ID or given != sha(app_id, created_from, created_to, limit_text, page_text, APP_SECRET):
            return web.json_response({"message": "bad hash"}, status=401)
        limit, page = int(limit_text), int(page_text)
        start = datetime.strptime(created_from, DATE_FORMAT).replace(tzinfo=timezone.utc).timestamp()
        end = datetime.strptime(created_to, DATE_FORMAT).replace(tzinfo=timezone.utc).timestamp()
        if not 1 <= limit <= 100 or page < 1 or end < start or end - start > 31 * 86400:
            return web.json_response({"message": "bad filter"}, status=400)
        selected = sorted((r for r in self.records if start <= r["unix_timestamp"] <= end), key=lambda r: r["unix_timestamp"])
        return web.json_response({"data": selected[(page - 1) * limit:page * limit]})

    async def play_recording(self, request):
        self.record(request)
        failure = self.scripted(request)
        if failure:
            return failure
        q = request.query
        if q.get("appId") != APP_ID or q.get("hash") != sha(APP_ID, q.get("media", ""), APP_SECRET):
            return web.json_response({"message": "bad hash"}, status=401)
        return web.json_response({"media": "https://recordings.example/%s?Signature=sig" % q["media"]})

    async def click_to_call(self, request):
        body = await request.text()
        self.record(request, body)
        failure = self.scripted(request)
        if failure:
            return failure
        if not self.headers_ok(request):
            return web.json_response({"message": "bad app hash"}, status=401)
        try:
            fields = json.loads(body)
        except ValueError:
            return web.json_response({"message": "not JSON"}, status=422)
        if SIP_USERS.get(fields.get("sipUser")) != fields.get("sipPassword"):
            return web.json_response({"message": "bad SIP credentials"}, status=403)
        if self.offline:
            return web.json_response({"message": "Device offline, click to call failed"}, status=400)
        return web.json_response({"message": "Device online, click to call successful"})

    # Test control

    async def set_history(self, request):
        self.records = (await request.json())["records"]
        return web.json_response({"records": len(self.records)})

    async def signal(self, request):
        body = await request.json()
        text = body["raw"] if "raw" in body else json.dumps(body["json"])
        for ws in list(self.sockets):
            await ws.send_str(text)
        return web.json_response({"sent": len(self.sockets)})

    async def drop(self, request):
        count = len(self.sockets)
        for transport in list(self.sockets.values()):
            if transport is not None:
                transport.abort()
        self.sockets.clear()
        return web.json_response({"dropped": count})

    async def config(self, request):
        body = await request.json()
        self.token_lifetime = body.get("token_lifetime", self.token_lifetime)
        self.offline = body.get("offline", self.offline)
        self.fail = body.get("fail", self.fail)
        self.retry_after = body.get("retry_after", self.retry_after)
        return web.json_response({})

    async def get_requests(self, request):
        return web.json_response(self.requests)

    async def state(self, request):
        return web.json_response({"connections": len(self.sockets), "tokens": self.issued})


async def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, default=0)
    args = parser.parse_args()
    pbx = PBX()
    app = web.Application(client_max_size=64 << 20)  # /_test/history may load thousands of records
    app.router.add_post("/oapi/v1/voice/auth_token", pbx.auth_token)
    app.router.add_get("/signals", pbx.signals)
    app.router.add_get("/oapi/v1/call/histories", pbx.histories)
    app.router.add_get("/oapi/v1/call/play_recording", pbx.play_recording)
    app.router.add_post("/oapi/v1/call/click-to-call/{number}", pbx.click_to_call)
    app.router.add_post("/_test/history", pbx.set_history)
    app.router.add_post("/_test/signal", pbx.signal)
    app.router.add_post("/_test/drop", pbx.drop)
    app.router.add_post("/_test/config", pbx.config)
    app.router.add_get("/_test/requests", pbx.get_requests)
    app.router.add_get("/_test/state", pbx.state)
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", args.port)
    await site.start()
    port = site._server.sockets[0].getsockname()[1]
    print("READY %d" % port, flush=True)
    await asyncio.Event().wait()


if __name__ == "__main__":
    try:
        asyncio.run(main())
    except KeyboardInterrupt:
        sys.exit(0)
