#!/usr/bin/env python3
"""Loopback hub for the queue-steering benchmark (`switchboard-bench steering`).

Server mode (default): prints `READY <port>`; a client on /steer sends `Start(rate, count)`, the hub
then sends `BlocEvent`s at `rate`/s (QUEUE_ENTER, callContextId = sequence number), timestamps each
send, and matches the `SetVariable(callContextId, "PICKUP_OPERATOR", ...)` answers. When all are
answered (or 10 s after the last send) it invokes `Result([p50_us, p99_us, max_us, answered, seconds])`.
rate 0 means as fast as possible (throughput run).

Client mode (`--client PORT RATE COUNT`): a minimal Python client (websockets) that answers each
BlocEvent with SetVariable: the same-run baseline. Prints `RESULT p50 p99 max answered seconds`.
"""
import argparse
import asyncio
import json
import sys
import time
import urllib.request
from parent_watch import exit_when_stdin_closes

RS = "\x1e"


def percentile(values, fraction):
    if not values:
        return -1.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


async def serve(port):
    from aiohttp import WSMsgType, web

    async def negotiate(request):
        return web.json_response({"negotiateVersion": 1, "connectionId": "b", "connectionToken": "bench",
                                  "availableTransports": [{"transport": "WebSockets", "transferFormats": ["Text"]}]})

    async def websocket(request):
        ws = web.WebSocketResponse(max_msg_size=0)
        await ws.prepare(request)
        await ws.receive()
        await ws.send_str("{}" + RS)
        sent, rtts = {}, []
        state = {"count": 0, "done": asyncio.Event()}

        async def run(rate, count):
            start = time.perf_counter()
            for i in range(count):
                if rate > 0:
                    delay = start + i / rate - time.perf_counter()
                    if delay > 0:
                        await asyncio.sleep(delay)
                args = ["queue-1", "QUEUE_ENTER", f"sip-{i}", "VIP", "+3212345678", "200", "", str(i)]
                sent[str(i)] = time.perf_counter_ns()
                await ws.send_str(json.dumps({"type": 1, "target": "BlocEvent", "arguments": args}) + RS)
            try:
                await asyncio.wait_for(state["done"].wait(), 10)
            except asyncio.TimeoutError:
                pass
            seconds = time.perf_counter() - start
            result = [percentile(rtts, 0.5), percentile(rtts, 0.99), max(rtts or [-1]), len(rtts), seconds]
            await ws.send_str(json.dumps({"type": 1, "target": "Result", "arguments": result}) + RS)

        async for msg in ws:
            if msg.type != WSMsgType.TEXT:
                break
            now = time.perf_counter_ns()
            for record in msg.data.split(RS)[:-1]:
                message = json.loads(record)
                if message.get("type") != 1:
                    continue
                if message["target"] == "Start":
                    rate, count = message["arguments"]
                    state["count"] = count
                    asyncio.ensure_future(run(rate, count))
                elif message["target"] == "SetVariable":
                    began = sent.pop(message["arguments"][0], None)
                    if began is not None:
                        rtts.append((now - began) / 1000.0)
                        if len(rtts) == state["count"]:
                            state["done"].set()
        return ws

    app = web.Application()
    app.router.add_post("/steer/negotiate", negotiate)
    app.router.add_get("/steer", websocket)
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", port, reuse_address=True)
    await site.start()
    print(f"READY {site._server.sockets[0].getsockname()[1]}", flush=True)
    await asyncio.Future()


async def client(port, rate, count):
    from websockets.asyncio.client import connect

    request = urllib.request.Request(f"http://127.0.0.1:{port}/steer/negotiate?negotiateVersion=1", method="POST", data=b"")
    token = json.loads(urllib.request.urlopen(request).read())["connectionToken"]
    async with connect(f"ws://127.0.0.1:{port}/steer?id={token}", max_size=None) as ws:
        await ws.send('{"protocol":"json","version":1}' + RS)
        await ws.recv()
        await ws.send(json.dumps({"type": 1, "target": "Start", "arguments": [rate, count]}) + RS)
        async for data in ws:
            for record in data.split(RS)[:-1]:
                message = json.loads(record)
                if message.get("type") != 1:
                    continue
                if message["target"] == "BlocEvent":
                    args = message["arguments"]
                    if args[1] == "QUEUE_ENTER" and args[3] == "VIP":
                        answer = {"type": 1, "target": "SetVariable", "arguments": [args[7], "PICKUP_OPERATOR", "f17618f7-56b1-4a2f-8e7f-ea97f0a995e0"]}
                        await ws.send(json.dumps(answer) + RS)
                elif message["target"] == "Result":
                    print("RESULT " + " ".join(str(v) for v in message["arguments"]), flush=True)
                    return


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--client", nargs=3, type=float, metavar=("PORT", "RATE", "COUNT"))
    parser.add_argument("--exit-with-stdin", action="store_true", help="exit when standard input closes (the starter is gone)")
    args = parser.parse_args()
    if args.exit_with_stdin:
        exit_when_stdin_closes()
    if args.client:
        asyncio.run(client(int(args.client[0]), args.client[1], int(args.client[2])))
    else:
        asyncio.run(serve(args.port))


if __name__ == "__main__":
    try:
        main()
    except KeyboardInterrupt:
        sys.exit(0)
