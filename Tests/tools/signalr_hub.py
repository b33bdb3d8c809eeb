#!/usr/bin/env python3
"""A Thello-like SignalR hub on aiosignalr (an independent SignalR implementation).

Prints `READY <port>` once listening on /hub. Hub methods use the Thello signatures:
  SubscribeBlocNotifications(blocId), UnsubscribeBlocNotifications(blocId),
  BlocNotify(blocId, eventName, sipCallId, fromName, fromNumber, to, data, contextId) -> BlocEvent to subscribers,
  SetVariable(callContextId, name, value), GetVariable(callContextId, name) -> value.
Test helpers: Recorded() -> list of SetVariable calls, Echo(x) -> x, Fail() -> hub error,
  AskClient(method, arg) -> what the calling client answers to a server invocation,
  Subscribers(blocId) -> number of subscribed connections.
Auth: --api-key K requires `X-API-KEY: K`; --bearer T requires `Authorization: Bearer T`
(on negotiate and on the WebSocket upgrade); with both, either is accepted.
Management API (Thello-like): --login USER:PASSWORD enables
  POST /api/Authentication/Authenticate {"userName","password"} -> {"access_token": <JWT-shaped token>},
  whose tokens are then accepted as bearer tokens; GET /tenants/mine and /api/Tenant/mine
  (authenticated like the hub) -> {"SignalRUrl": "http://<host>/hub"}. Tokens live in memory, so a
  restarted hub answers 401 to old ones (the client must log in again).
"""
import argparse
import asyncio
import base64
import json
import sys
import time
import uuid

from aiohttp import web
from aiosignalr.server import Hub, ServerOptions, SignalRServer
from parent_watch import exit_when_stdin_closes

variables: dict[tuple[str, str], object] = {}
recorded: list[list[object]] = []
members: dict[str, set[str]] = {}


class ThelloHub(Hub):
    # aiosignalr sends a Completion result only for methods with a return annotation.

    async def SubscribeBlocNotifications(self, bloc_id):
        await self.groups.add(bloc_id)
        members.setdefault(bloc_id, set()).add(self.context.connection_id)

    async def UnsubscribeBlocNotifications(self, bloc_id):
        await self.groups.remove(bloc_id)
        members.get(bloc_id, set()).discard(self.context.connection_id)

    async def BlocNotify(self, bloc_id, event_name, sip_call_id, from_name, from_number, to, data, context_id):
        await self.clients.group(bloc_id).send(
            "BlocEvent", bloc_id, event_name, sip_call_id, from_name, from_number, to, data, context_id
        )

    async def SetVariable(self, call_context_id, name, value):
        variables[(call_context_id, name)] = value
        recorded.append([call_context_id, name, value])

    async def GetVariable(self, call_context_id, name) -> object:
        return variables.get((call_context_id, name))

    async def Recorded(self) -> object:
        return recorded

    async def Subscribers(self, bloc_id) -> object:
        return len(members.get(bloc_id, set()))

    async def Echo(self, value) -> object:
        return value

    async def Fail(self):
        raise RuntimeError("this method always fails")

    async def AskClient(self, method, argument) -> object:
        return await self.clients.caller.invoke(method, argument)

    async def on_disconnected(self, exception):
        for ids in members.values():
            ids.discard(self.context.connection_id)


issued_tokens: set[str] = set()
counters = {"logins": 0}


def make_token():
    def part(obj):
        return base64.urlsafe_b64encode(json.dumps(obj).encode()).decode().rstrip("=")

    token = f"{part({'alg': 'none'})}.{part({'sub': 'user', 'exp': int(time.time()) + 3600, 'jti': str(uuid.uuid4())})}.sig"
    issued_tokens.add(token)
    return token


def auth_middleware(api_key, bearer, login):
    @web.middleware
    async def check(request, handler):
        if request.path in ("/api/Authentication/Authenticate", "/test/stats"):
            return await handler(request)
        if api_key is None and bearer is None and login is None:
            return await handler(request)
        if api_key is not None and request.headers.get("X-API-KEY") == api_key:
            return await handler(request)
        authorization = request.headers.get("Authorization", "")
        if bearer is not None and authorization == f"Bearer {bearer}":
            return await handler(request)
        if login is not None and authorization.startswith("Bearer ") and authorization[7:] in issued_tokens:
            return await handler(request)
        return web.Response(status=401, text="unauthorized")

    return check


def management_routes(app, login):
    async def authenticate(request):
        body = await request.json()
        user = body.get("userName") or body.get("username")
        if login is None or f"{user}:{body.get('password')}" != login:
            return web.Response(status=401, text="bad credentials")
        counters["logins"] += 1
        return web.json_response({"access_token": make_token()})

    async def mine(request):
        return web.json_response({"Name": "test tenant", "SignalRUrl": f"http://{request.host}/hub"})

    async def stats(request):
        return web.json_response({"logins": counters["logins"], "recorded": recorded,
                                  "subscribers": {k: len(v) for k, v in members.items()}})

    app.router.add_post("/api/Authentication/Authenticate", authenticate)
    app.router.add_get("/tenants/mine", mine)
    app.router.add_get("/api/Tenant/mine", mine)
    app.router.add_get("/test/stats", stats)


async def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--api-key")
    parser.add_argument("--bearer")
    parser.add_argument("--login")
    parser.add_argument("--exit-with-stdin", action="store_true", help="exit when standard input closes (the starter is gone)")
    args = parser.parse_args()
    if args.exit_with_stdin:
        exit_when_stdin_closes()
    server = SignalRServer(ThelloHub, options=ServerOptions(keep_alive_interval=5, client_timeout_interval=30))
    app = server.create_application(path="/hub")
    app.middlewares.append(auth_middleware(args.api_key, args.bearer, args.login))
    management_routes(app, args.login)
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", args.port, reuse_address=True)
    await site.start()
    port = site._server.sockets[0].getsockname()[1]
    print(f"READY {port}", flush=True)
    await asyncio.Future()


if __name__ == "__main__":
    try:
        asyncio.run(main())
    except KeyboardInterrupt:
        sys.exit(0)
