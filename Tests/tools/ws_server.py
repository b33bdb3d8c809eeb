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

With --tls-dir DIR it serves wss: it writes a fresh test CA (DIR/ca.pem) and a server
certificate for localhost / 127.0.0.1 signed by it (openssl CLI), before printing READY.
"""
import argparse
import asyncio
import json
import os
import ssl
import subprocess
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


def make_certificates(directory):
    def run(*args):
        subprocess.run(["openssl", *args], cwd=directory, check=True, capture_output=True)

    curve = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"]
    run("req", "-x509", *curve, "-keyout", "ca.key", "-out", "ca.pem", "-days", "2", "-subj", "/CN=Switchboard Test CA")
    run("req", *curve, "-keyout", "server.key", "-out", "server.csr", "-subj", "/CN=localhost")
    with open(os.path.join(directory, "ext.cnf"), "w") as ext:
        ext.write("subjectAltName=DNS:localhost,IP:127.0.0.1\n")
    run("x509", "-req", "-in", "server.csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial",
        "-out", "server.pem", "-days", "2", "-extfile", "ext.cnf")
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(os.path.join(directory, "server.pem"), os.path.join(directory, "server.key"))
    return context


async def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--tls-dir")
    args = parser.parse_args()
    context = make_certificates(args.tls_dir) if args.tls_dir else None
    async with serve(handler, "127.0.0.1", args.port, max_size=None, ping_interval=None, ssl=context) as server:
        port = server.sockets[0].getsockname()[1]
        print(f"READY {port}", flush=True)
        await asyncio.Future()


if __name__ == "__main__":
    try:
        asyncio.run(main())
    except KeyboardInterrupt:
        sys.exit(0)
