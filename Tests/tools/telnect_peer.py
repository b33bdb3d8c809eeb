#!/usr/bin/env python3
"""Telnect API test peer (aiohttp): the REST API of the Telnect document and the phone line's
WebSocket event stream on one port, with test-only control endpoints under /_test/.

Prints `READY <port>` once listening.

REST (every route needs `Authorization: Bearer <--token>`, else 401 with the documented error body):
  POST   /Calls                  201 {"id","url","status":"created"}; the call joins the table
  POST   /Calls/{id}/actions     200 {"status":"success"}; 400 for an unknown action or a transfer without destination
  DELETE /Calls/{id}             204; 404 with the error body for an unknown or finished call
  GET    /Calls/history          the call table ({"calls","total","limit","offset"}), start_date/limit/offset honoured
  POST   /Phones                 201 {"username","password","domain","websocket_url","expires"}; 400 unless
                                 allow_features has "websocket", type is "dynamic" and max_expire an integer
  GET    /ws                     the event WebSocket (HTTP Basic with the line's or --ws-user/--ws-password
                                 credentials when any exist); 503 while refusing

Control (no auth):
  GET  /_test/requests           every REST request so far: method, path, query, headers, body, time (Unix s)
  GET  /_test/state              {"clients", "connections", "phones", "calls"}
  POST /_test/call               {"id", "status", "source"?, "destination"?, "direction"?}: update the table and,
                                 when a stream is open, push {"event":"call.<status>","id":"evt-N","timestamp","call":{...}}
  POST /_test/frame              push the raw request body as one text frame
  POST /_test/drop               {"refuse": bool}: abort every stream without a close frame; refuse new ones if asked
  POST /_test/accept             {"replay_last": bool}: accept streams again; replay the last event frame to the next one
  POST /_test/script             {"method","path","responses":[{"status"?, "headers"?, "body"?}]}: the next matching
                                 requests get these answers in order (no status: answered normally, headers added)
"""
import argparse
import asyncio
import base64
import datetime
import itertools
import json
import sys
import time

from aiohttp import WSMsgType, web

TOKEN = "test-token"
STATE = {
    "calls": {},          # id -> history record
    "order": [],          # call ids in creation order
    "clients": set(),
    "transports": {},     # stream -> its TCP transport, to drop it
    "connections": 0,
    "accepting": True,
    "replay_last": False,
    "last_frame": None,
    "requests": [],
    "scripts": [],        # [{"method","path","responses":[...]}]
    "lines": {},          # username -> password
    "ws_credentials": None,
    "port": 0,
}
EVENT_IDS = itertools.count(1)
CALL_IDS = itertools.count(1)


def now_iso():
    return datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"


def error(status, code, message):
    return web.json_response({"error": {"code": code, "message": message, "details": {}}}, status=status)


def take_script(request):
    for script in STATE["scripts"]:
        if script["method"] == request.method and script["path"] == request.path and script["responses"]:
            response = script["responses"].pop(0)
            return response
    return None


@web.middleware
async def recorder(request, handler):
    if request.path.startswith("/_test/"):
        return await handler(request)
    body = await request.read()
    STATE["requests"].append({
        "method": request.method, "path": request.path, "query": request.query_string,
        "headers": {k: v for k, v in request.headers.items()}, "body": body.decode("utf-8", "replace"), "time": time.time(),
    })
    if request.path == "/ws":
        return await handler(request)
    if request.headers.get("Authorization") != f"Bearer {TOKEN}":
        return error(401, "UNAUTHORIZED", "missing or wrong bearer token")
    script = take_script(request)
    if script and script.get("status") is not None:
        response = web.Response(status=script["status"], text=json.dumps(script["body"]) if "body" in script else None,
                                content_type="application/json" if "body" in script else None)
    else:
        response = await handler(request)
    for name, value in ((script or {}).get("headers") or {}).items():
        response.headers[name] = str(value)
    return response


def record_of(call_id):
    return STATE["calls"].get(call_id)


def update_call(body):
    call_id = body["id"]
    status = body["status"]
    record = STATE["calls"].get(call_id)
    if record is None:
        record = {"id": call_id, "source": body.get("source", "+4610100555"), "destination": body.get("destination", "+46890510"),
                  "status": status, "duration": 0, "start_time": now_iso(), "end_time": None}
        STATE["calls"][call_id] = record
        STATE["order"].append(call_id)
    if body.get("direction"):
        record["direction"] = body["direction"]
    # History reports a finished call as "completed", like the document's example.
    record["status"] = "completed" if status == "hangup" else status
    if status in ("hangup", "failed"):
        record["end_time"] = now_iso()
    return record, status


async def push(text):
    STATE["last_frame"] = text
    for ws in list(STATE["clients"]):
        try:
            await ws.send_str(text)
        except Exception:
            STATE["clients"].discard(ws)


# REST


async def create_call(request):
    try:
        body = await request.json()
        source, destination = body["source"], body["destination"]
        assert source["type"] == "phone" and source["number"] and destination["type"] == "phone" and destination["number"]
    except Exception:
        return error(400, "INVALID_REQUEST", "source and destination must be {type: phone, number}")
    call_id = f"c{next(CALL_IDS):06d}-peer"
    update_call({"id": call_id, "status": "created", "source": source["number"], "destination": destination["number"]})
    return web.json_response({"id": call_id, "url": f"http://127.0.0.1:{STATE['port']}/Calls/{call_id}", "status": "created"}, status=201)


async def call_action(request):
    try:
        body = await request.json()
    except Exception:
        return error(400, "INVALID_REQUEST", "the body is not JSON")
    if body.get("action") not in ("transfer", "hold", "resume", "mute", "unmute"):
        return error(400, "INVALID_ACTION", "unknown action")
    if body["action"] == "transfer" and not body.get("destination"):
        return error(400, "INVALID_REQUEST", "transfer needs a destination")
    return web.json_response({"status": "success"})


async def hangup(request):
    call_id = request.match_info["call_id"]
    record = record_of(call_id)
    if record is None or record["status"] in ("completed", "failed"):
        # A call that is over is no longer an active call: nothing to terminate.
        return error(404, "CALL_NOT_FOUND", f"no active call {call_id}")
    update_call({"id": call_id, "status": "hangup"})
    return web.Response(status=204)


async def history(request):
    limit = int(request.query.get("limit", "50"))
    offset = int(request.query.get("offset", "0"))
    start_date = request.query.get("start_date")
    records = [STATE["calls"][i] for i in STATE["order"]]
    if start_date:
        records = [r for r in records if r["start_time"][:10] >= start_date]
    page = [{k: v for k, v in r.items() if v is not None} for r in records[offset:offset + limit]]
    return web.json_response({"calls": page, "total": len(records), "limit": limit, "offset": offset})


async def create_phone(request):
    try:
        body = await request.json()
        assert "websocket" in body["allow_features"] and body["type"] == "dynamic" and isinstance(body["max_expire"], int)
    except Exception:
        return error(400, "INVALID_REQUEST", "allow_features with websocket, type dynamic and max_expire are required")
    username = f"line{len(STATE['lines']) + 1:04d}f8ab70c893d0e9"
    password = base64.b64encode(username.encode()).decode()
    STATE["lines"][username] = password
    expires = (datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(seconds=body["max_expire"])).strftime("%Y-%m-%d %H:%M:%S")
    return web.json_response({"username": username, "password": password, "domain": "example.com",
                              "websocket_url": f"ws://127.0.0.1:{STATE['port']}/ws", "expires": expires}, status=201)


async def stream(request):
    if not STATE["accepting"]:
        return web.Response(status=503, text="refusing streams")
    allowed = dict(STATE["lines"])
    if STATE["ws_credentials"]:
        allowed[STATE["ws_credentials"][0]] = STATE["ws_credentials"][1]
    if allowed:
        header = request.headers.get("Authorization", "")
        try:
            user, password = base64.b64decode(header.removeprefix("Basic ")).decode().split(":", 1)
        except Exception:
            return web.Response(status=401)
        if allowed.get(user) != password:
            return web.Response(status=401)
    ws = web.WebSocketResponse(max_msg_size=0)
    await ws.prepare(request)
    STATE["connections"] += 1
    STATE["clients"].add(ws)
    STATE["transports"][ws] = request.transport
    if STATE["replay_last"] and STATE["last_frame"]:
        STATE["replay_last"] = False
        await ws.send_str(STATE["last_frame"])
    try:
        async for message in ws:
            if message.type == WSMsgType.ERROR:
                break
    finally:
        STATE["clients"].discard(ws)
        STATE["transports"].pop(ws, None)
    return ws


# Control


async def test_requests(request):
    return web.json_response(STATE["requests"])


async def test_state(request):
    return web.json_response({"clients": len(STATE["clients"]), "connections": STATE["connections"], "phones": len(STATE["lines"]),
                              "calls": [STATE["calls"][i] for i in STATE["order"]]})


async def test_call(request):
    body = await request.json()
    record, status = update_call(body)
    call = {"id": record["id"], "status": status, "source": {"type": "phone", "number": record["source"]},
            "destination": {"type": "phone", "number": record["destination"]}}
    if record.get("direction"):
        call["direction"] = record["direction"]
    frame = json.dumps({"event": f"call.{status}", "id": f"evt-{next(EVENT_IDS)}", "timestamp": now_iso(), "call": call,
                        "future_member": {"ignored": True}})
    if STATE["clients"]:
        await push(frame)
    return web.json_response({"streamed": bool(STATE["clients"])})


async def test_frame(request):
    await push(await request.text())
    return web.json_response({"clients": len(STATE["clients"])})


async def test_drop(request):
    body = await request.json() if request.can_read_body else {}
    STATE["accepting"] = not body.get("refuse", False)
    for ws in list(STATE["clients"]):
        # No close frame: the client sees the TCP connection die mid-call.
        transport = STATE["transports"].pop(ws, None)
        if transport is not None:
            transport.abort()
        STATE["clients"].discard(ws)
    return web.json_response({"accepting": STATE["accepting"]})


async def test_accept(request):
    body = await request.json() if request.can_read_body else {}
    STATE["accepting"] = True
    STATE["replay_last"] = bool(body.get("replay_last", False))
    return web.json_response({"accepting": True})


async def test_script(request):
    body = await request.json()
    STATE["scripts"].append({"method": body["method"], "path": body["path"], "responses": list(body["responses"])})
    return web.json_response({"scripts": len(STATE["scripts"])})


async def main():
    global TOKEN
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--token", default="test-token")
    parser.add_argument("--ws-user")
    parser.add_argument("--ws-password")
    args = parser.parse_args()
    TOKEN = args.token
    if args.ws_user:
        STATE["ws_credentials"] = (args.ws_user, args.ws_password or "")
    app = web.Application(middlewares=[recorder], client_max_size=8 << 20)
    app.add_routes([
        web.post("/Calls", create_call),
        web.get("/Calls/history", history),
        web.post("/Calls/{call_id}/actions", call_action),
        web.delete("/Calls/{call_id}", hangup),
        web.post("/Phones", create_phone),
        web.get("/ws", stream),
        web.get("/_test/requests", test_requests),
        web.get("/_test/state", test_state),
        web.post("/_test/call", test_call),
        web.post("/_test/frame", test_frame),
        web.post("/_test/drop", test_drop),
        web.post("/_test/accept", test_accept),
        web.post("/_test/script", test_script),
    ])
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", args.port)
    await site.start()
    STATE["port"] = site._server.sockets[0].getsockname()[1]
    print(f"READY {STATE['port']}", flush=True)
    await asyncio.Future()


if __name__ == "__main__":
    try:
        asyncio.run(main())
    except KeyboardInterrupt:
        sys.exit(0)
