-- wrk script of scripts/bench-webhook.sh: POSTs the CAMARA structured CloudEvent in
-- bench/camara-status-changed.json with a bearer token, giving every request its own event id
-- (Switchboard answers a repeated (source, id) from its dedup window without producing, which
-- would measure the wrong path).
--
-- Environment: BENCH_BODY (body file; its id "00000000-0000-4000-8000-000000000000" is
-- replaced), BENCH_TOKEN, BENCH_NONCE (distinct per wrk run so runs never repeat an id) and,
-- for a fixed-rate run, BENCH_RATE_PER_THREAD (requests/s each wrk thread schedules).

local template_id = "00000000-0000-4000-8000-000000000000"
local file = assert(io.open(os.getenv("BENCH_BODY"), "rb"))
local body = file:read("*a")
file:close()
local at = assert(string.find(body, template_id, 1, true), "the body has no template id")
local head, tail = string.sub(body, 1, at - 1), string.sub(body, at + #template_id)
local nonce = tonumber(os.getenv("BENCH_NONCE") or "0") % 100000
local headers = {
  ["Content-Type"] = "application/cloudevents+json",
  ["Authorization"] = "Bearer " .. (os.getenv("BENCH_TOKEN") or ""),
}

local threads = 0
function setup(thread)
  threads = threads + 1
  thread:set("thread_number", threads)
end

local counter = 0
function request()
  counter = counter + 1
  -- Same length as the template id, so every body has the same size.
  local id = string.format("bench-run%05d-t%03d-n%015d", nonce, thread_number or 0, counter)
  return wrk.format("POST", nil, headers, head .. id .. tail)
end

-- Fixed rate: each thread hands out send slots 1/rate apart; a connection waits for its slot.
-- wrk's delay has millisecond resolution, so requests leave in per-millisecond bursts. Slots
-- missed by up to 5 ms (a late timer on a busy machine) are made up; older ones are dropped, so
-- a server that cannot keep up gets a lower achieved rate (reported), not an ever-growing burst.
local rate = tonumber(os.getenv("BENCH_RATE_PER_THREAD") or "")
if rate then
  local ffi = require("ffi")
  ffi.cdef [[
    typedef struct { long tv_sec; long tv_nsec; } bench_timespec;
    int clock_gettime(int clock, bench_timespec *time);
  ]]
  local now = ffi.new("bench_timespec")
  local function milliseconds()
    ffi.C.clock_gettime(1, now) -- CLOCK_MONOTONIC
    return tonumber(now.tv_sec) * 1000 + tonumber(now.tv_nsec) / 1e6
  end
  local interval = 1000 / rate
  local next_slot = nil
  function delay()
    local current = milliseconds()
    if next_slot == nil then next_slot = current end
    if next_slot < current - 5 then next_slot = current - 5 end
    local wait = next_slot - current
    next_slot = next_slot + interval
    if wait <= 0 then return 0 end
    return math.floor(wait + 0.5)
  end
end
