#!/usr/bin/env python3
"""A raw SignalR test hub (aiohttp) that sends exact, scripted frames, to test framing and faults.

Prints `READY <port>`. The first path segment picks the scenario: `/<scenario>/negotiate`, then
the WebSocket at `/<scenario>?id=...`. `GET /stats` returns counters and what clients sent.

Negotiate scenarios: `error` ({"error"}), `loop` (endless redirect), `fail500`, `nonjson`,
`redirect` (one redirect to `listen` with accessToken "redirected-token"), `nows` (no WebSockets).
WebSocket scenarios (after the handshake request):
  framing   handshake reply coalesced with records, split records, then faults each followed by Note(n)
  invalid   a binary frame with invalid UTF-8, then Note(1)
  big       one 10 MB record (the client must close), later connections get Note(1)
  close     Close{allowReconnect:false}
  closere   Close{allowReconnect:true} on the first connection only, then Note(1)
  silent    handshake reply, then nothing
  listen    handshake reply, then record what the client sends; answers Add/Fail invocations
  drop      handshake reply, Note(n) with the connection number, then drop TCP after 300 ms
  ask       handshake reply, then server invocations with ids: Ask(2) and Missing()
"""
import argparse
import asyncio
import json
import sys

from aiohttp import WSMsgType, web

RS = "\x1e"
stats = {"negotiations": {}, "connections": {}, "received": [], "authorization": []}


def note(n):
    return json.dumps({"type": 1, "target": "Note", "arguments": [n]}) + RS


async def negotiate(request):
    scenario = request.match_info["scenario"]
    stats["negotiations"][scenario] = stats["negotiations"].get(scenario, 0) + 1
    stats["authorization"].append(request.headers.get("Authorization", ""))
    host = request.host
    if scenario == "error":
        return web.json_response({"error": "denied by test hub"})
    if scenario == "loop":
        return web.json_response({"url": f"http://{host}/loop", "accessToken": "loop-token"})
    if scenario == "fail500":
        return web.Response(status=500, text="boom")
    if scenario == "nonjson":
        return web.Response(status=200, text="hello, not json")
    if scenario == "redirect":
        return web.json_response({"url": f"http://{host}/listen", "accessToken": "redirected-token"})
    transports = [{"transport": "WebSockets", "transferFormats": ["Text", "Binary"]}]
    if scenario == "nows":
        transports = [{"transport": "LongPolling", "transferFormats": ["Text"]}]
    return web.json_response({
        "negotiateVersion": 1, "connectionId": "c1", "connectionToken": f"token-{scenario}",
        "availableTransports": transports,
    })


async def read_handshake(ws):
    msg = await ws.receive()
    text = msg.data if msg.type == WSMsgType.TEXT else msg.data.decode()
    assert text.endswith(RS), text
    return json.loads(text[:-1])


async def websocket(request):
    scenario = request.match_info["scenario"]
    number = stats["connections"].get(scenario, 0) + 1
    stats["connections"][scenario] = number
    stats["authorization"].append(request.headers.get("Authorization", ""))
    ws = web.WebSocketResponse(max_msg_size=0)
    await ws.prepare(request)
    await read_handshake(ws)
    if scenario == "framing":
        await ws.send_str("{}" + RS + note(1) + note(2))
        await ws.send_str('{"type":1,"target":"No')
        await ws.send_str('te","arguments":[3]}' + RS + '{"type":6}' + RS)
        await ws.send_str('{"type":99}' + RS + note(4))
        await ws.send_str("not json" + RS + note(5))
        await ws.send_str('{"type":3,"invocationId":"x","result":1,"error":"e"}' + RS + note(6))
        await ws.send_str('{"type":1,"target":"Note"}' + RS + note(7))
        await ws.send_str("[1,2]" + RS + RS + note(8))
    elif scenario == "invalid":
        await ws.send_str("{}" + RS)
        await ws.send_bytes(b'{"type":1,"target":"Note","arguments":["\xff\xfe"]}\x1e')
        await ws.send_str(note(1))
    elif scenario == "big":
        await ws.send_str("{}" + RS)
        if number == 1:
            await ws.send_str('{"type":1,"target":"Note","arguments":["' + "x" * (10 * 1024 * 1024) + '"]}' + RS)
        else:
            await ws.send_str(note(1))
    elif scenario == "close":
        await ws.send_str("{}" + RS + json.dumps({"type": 7, "error": "go away", "allowReconnect": False}) + RS)
    elif scenario == "closere":
        await ws.send_str("{}" + RS)
        if number == 1:
            await ws.send_str(json.dumps({"type": 7, "error": "restarting", "allowReconnect": True}) + RS)
        else:
            await ws.send_str(note(1))
    elif scenario == "drop":
        await ws.send_str("{}" + RS + note(number))
        if number == 1:
            await asyncio.sleep(0.3)
            request.transport.abort()
            return ws
    elif scenario == "ask":
        await ws.send_str("{}" + RS)
        await ws.send_str(json.dumps({"type": 1, "invocationId": "s1", "target": "Ask", "arguments": [2]}) + RS)
        await ws.send_str(json.dumps({"type": 1, "invocationId": "s2", "target": "Missing", "arguments": []}) + RS)
    else:
        await ws.send_str("{}" + RS)
    async for msg in ws:
        if msg.type not in (WSMsgType.TEXT, WSMsgType.BINARY):
            break
        text = msg.data if msg.type == WSMsgType.TEXT else msg.data.decode(errors="replace")
        for record in text.split(RS)[:-1]:
            stats["received"].append(record)
            if scenario in ("listen", "silent"):
                continue
            message = json.loads(record)
            if message.get("type") == 1 and message.get("invocationId"):
                if message["target"] == "Add":
                    reply = {"type": 3, "invocationId": message["invocationId"], "result": sum(message["arguments"])}
                elif message["target"] == "Fail":
                    reply = {"type": 3, "invocationId": message["invocationId"], "error": "failed on purpose"}
                else:
                    continue
                await ws.send_str(json.dumps(reply) + RS)
    return ws


async def listen_ws(request):
    return await websocket(request)


async def stats_handler(request):
    return web.json_response(stats)


async def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, default=0)
    args = parser.parse_args()
    app = web.Application()
    app.router.add_get("/stats", stats_handler)
    app.router.add_post("/{scenario}/negotiate", negotiate)
    app.router.add_get("/{scenario}", websocket)
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", args.port, reuse_address=True)
    await site.start()
    print(f"READY {site._server.sockets[0].getsockname()[1]}", flush=True)
    await asyncio.Future()


if __name__ == "__main__":
    try:
        asyncio.run(main())
    except KeyboardInterrupt:
        sys.exit(0)
