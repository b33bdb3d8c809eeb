#!/usr/bin/env python3
"""WebSocket test peer for SwitchboardWebSocketTests (uses the `websockets` package).

Prints `READY <port>` once listening. The request path picks the behaviour:
  /echo                      echo every message with its type
  /headers                   send one JSON text: {"path": ..., "headers": {...}}, then echo
  /fragmented                send a text message in 3 fragments and a binary one in 2, then echo
  /oversize?bytes=N          send one text message of N bytes, then echo
  /close?code=C&reason=R     close with code C and reason R
  /drop                      drop the TCP connection without a close frame
  /mute                      stop reading the socket (so pings are never answered)
  /flood?count=N             send N text messages "0".."N-1" as fast as possible, then echo
  /invalid-utf8              send a text frame whose payload is not UTF-8 (raw frame)
"""
import argparse
import asyncio
import json
import sys
from urllib.parse import parse_qs, urlsplit

from websockets.asyncio.server import serve
from websockets.frames import Frame, Opcode


async def handler(ws):
    url = urlsplit(ws.request.path)
    query = {k: v[0] for k, v in parse_qs(url.query).items()}
    path = url.path
    if path == "/headers":
        headers = {k.lower(): v for k, v in ws.request.headers.raw_items()}
        await ws.send(json.dumps({"path": ws.request.path, "headers": headers}))
    elif path == "/fragmented":
        await ws.send(["frag", "mented ", "text"])
        await ws.send([b"\x00\x01", b"\x02\x03"])
    elif path == "/oversize":
        await ws.send("x" * int(query.get("bytes", "100000")))
    elif path == "/close":
        await ws.close(int(query.get("code", "1000")), query.get("reason", ""))
        return
    elif path == "/drop":
        ws.transport.abort()
        return
    elif path == "/mute":
        ws.transport.pause_reading()
        await asyncio.sleep(3600)
        return
    elif path == "/flood":
        for i in range(int(query.get("count", "1000"))):
            await ws.send(str(i))
    elif path == "/invalid-utf8":
        ws.protocol.send_frame(Frame(Opcode.TEXT, b"\xff\xfe bad"))
        ws.send_data()  # flush the raw frame written through the protocol object
    try:
        async for message in ws:
            await ws.send(message)
    except Exception:
        pass


async def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, default=0)
    args = parser.parse_args()
    async with serve(handler, "127.0.0.1", args.port, max_size=None, ping_interval=None) as server:
        port = server.sockets[0].getsockname()[1]
        print(f"READY {port}", flush=True)
        await asyncio.Future()


if __name__ == "__main__":
    try:
        asyncio.run(main())
    except KeyboardInterrupt:
        sys.exit(0)
