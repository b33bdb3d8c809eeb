#!/usr/bin/env python3
"""telecom.center Operator API test peer (aiohttp) for the serve end-to-end tests.

Serves GET /api/rest/public/operator/{termination_cdrs,incoming_trunk_cdrs} as JSON:API the way
the Operator API document describes it: Basic auth checked exactly (else 401), Content-Type must
be exactly application/vnd.api+json (else 415), an Accept whose JSON:API media types all carry
parameters is 406; filter[time_start_gteq], sort=time_start, page[number]/page[size] and
links.first/prev/next/last. Times use the document's minute form `YYYY-MM-DD HH:MM`, several
CDRs per minute.

The data set is deterministic: `--count N` gives ids `<term|inco>-00000`… in time order, so a
peer restarted with a larger N serves the same CDRs plus newer ones (CDRs that arrived while
Switchboard was down). Prints `READY <port>` once listening.
"""
import argparse
import asyncio
import base64
import datetime
import json
from urllib.parse import urlencode

from aiohttp import web

MEDIA = "application/vnd.api+json"
BASE = "/api/rest/public/operator"


def cdr(collection, cdr_id, time):
    if collection == "termination_cdrs":
        attributes = {"orig_call_id": "orig-" + cdr_id, "src_number_in": "+37120000001", "dst_number_in": "+37120000002",
                      "duration": 30, "aleg_code": 200, "aleg_reason": "OK"}
        relationships = {"termination_gateway": {"data": {"id": "g-1", "type": "termination_gateways"}}}
    else:
        attributes = {"lega_call_id": "lega-" + cdr_id, "src_number": "+37120000003", "dst_number": "+37120000004",
                      "duration": "12", "success": "true", "lega_disconnect_code": "200"}
        relationships = {"incoming_trunk": {"data": {"id": "t-1", "type": "incoming_trunks"}}}
    attributes.update({"time_start": time, "time_connect": time, "time_end": time})
    relationships["customer"] = {"data": {"id": "123", "type": "customers"}}
    return {"id": cdr_id, "type": collection, "attributes": attributes, "relationships": relationships}


class Store:
    def __init__(self, start, per_minute):
        self.start = start
        self.per_minute = per_minute
        self.rows = {"termination_cdrs": [], "incoming_trunk_cdrs": []}

    def add(self, collection, count, prefix):
        rows = self.rows[collection]
        for _ in range(count):
            index = len(rows)
            time = self.start + datetime.timedelta(minutes=index // self.per_minute)
            rows.append(cdr(collection, "%s-%05d" % (prefix, index), time.strftime("%Y-%m-%d %H:%M")))


def error(status, title, detail):
    body = {"errors": [{"status": str(status), "title": title, "detail": detail}]}
    return web.Response(status=status, text=json.dumps(body), content_type=MEDIA)


def make_app(store, user, password):
    expected = "Basic " + base64.b64encode(("%s:%s" % (user, password)).encode()).decode()

    async def collection(request):
        name = request.match_info["collection"]
        if request.headers.get("Authorization") != expected:
            return error(401, "Unauthorized", "wrong credentials")
        if request.headers.get("Content-Type") != MEDIA:
            return error(415, "Unsupported media type", "Content-Type must be " + MEDIA)
        accept = [part.strip() for part in request.headers.get("Accept", "").split(",")]
        jsonapi = [part for part in accept if part.lower().startswith(MEDIA)]
        if jsonapi and all(";" in part for part in jsonapi):
            return error(406, "Not acceptable", "media type parameters in Accept")
        if name not in store.rows:
            return error(404, "Not found", name)
        query = request.query
        rows = list(store.rows[name])
        if "filter[time_start_gteq]" in query:
            floor = query["filter[time_start_gteq]"]
            rows = [row for row in rows if row["attributes"]["time_start"] >= floor]
        if query.get("sort", "time_start") != "time_start":
            return error(400, "Invalid sort criteria", query.get("sort"))
        rows.sort(key=lambda row: (row["attributes"]["time_start"], row["id"]))
        number, size = int(query.get("page[number]", "1")), int(query.get("page[size]", "50"))
        last = max(1, (len(rows) + size - 1) // size)

        def link(page):
            items = {k: v for k, v in query.items() if not k.startswith("page[")}
            items.update({"page[number]": str(page), "page[size]": str(size)})
            return "http://127.0.0.1:%d%s/%s?%s" % (request.url.port, BASE, name, urlencode(items))

        document = {
            "data": rows[(number - 1) * size:number * size],
            "meta": {"record_count": len(rows)},
            "links": {"first": link(1), "last": link(last), "prev": link(number - 1) if number > 1 else None,
                      "next": link(number + 1) if number < last else None},
        }
        return web.Response(text=json.dumps(document), content_type=MEDIA)

    app = web.Application()
    app.router.add_get(BASE + "/{collection}", collection)
    return app


async def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--user", required=True)
    parser.add_argument("--password", required=True)
    parser.add_argument("--count", type=int, default=0, help="CDRs generated per collection at start")
    parser.add_argument("--start", default="2026-11-23 09:00", help="time_start of the first CDR")
    parser.add_argument("--per-minute", type=int, default=3)
    args = parser.parse_args()
    store = Store(datetime.datetime.strptime(args.start, "%Y-%m-%d %H:%M"), args.per_minute)
    for name in store.rows:
        store.add(name, args.count, name.split("_")[0][:4])
    runner = web.AppRunner(make_app(store, args.user, args.password))
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = site._server.sockets[0].getsockname()[1]
    print("READY %d" % port, flush=True)
    while True:
        await asyncio.sleep(3600)


if __name__ == "__main__":
    asyncio.run(main())
