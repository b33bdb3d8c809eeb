#!/usr/bin/env bash
# Webhook ingest benchmark (DESIGN.md §9, docs/performance.md "Webhook ingest").
#
# In one run, on loopback, with the same ~600-byte CAMARA structured CloudEvent
# (bench/camara-status-changed.json, application/cloudevents+json, bearer token, a fresh event
# id per request), it measures:
#   nginx        a static 204 (2 workers, minimal nginx.conf in a temp dir)
#   hummingbird  `switchboard-bench webhook-baseline`, a bare Hummingbird handler answering 204
#   hb-wait      the same server with Switchboard's shape and none of its work: the route is
#                served in the channel pipeline on the event loop, reads the body, and answers
#                when another thread says so, 5 ms later (--event-loop-handler
#                --resume-after-milliseconds 5; linger.ms 5, then the delivery report); peak only
#   switchboard  `switchboard serve`: POST -> normalize -> 1,000 rules -> Kafka delivery -> 204
#                (embedded in-process Kafka cluster; rules from bench/generate-rules.py)
# Peak rate: wrk, closed loop, 256 connections: Switchboard answers only after the Kafka
# delivery report (linger.ms 5, acks=all), so each request takes milliseconds and 32
# connections would measure that latency (Little's law), not throughput.
# Latency: wrk at a fixed rate (bench/webhook-post.lua paces the requests and keeps ids unique),
# and h2load --h1 --rps beside it (h2load sends one fixed body, so for Switchboard every request
# after the first is a duplicate answered from the dedup window without producing: its h2load
# row measures that path, not the pipeline). The fixed rate is BENCH_RATE when Switchboard's
# peak leaves 25 % headroom, else 60 % of that peak (the table says which).
#
# All four servers start once and stay up; each is measured alone (the others idle), in
# BENCH_ROUNDS rounds whose order alternates, so every Switchboard window has a Hummingbird
# window next to it: the machine is shared and its speed drifts by 25 % over minutes, so the
# goals are judged on the paired ratio of each round, and the median of those. Installs nginx,
# wrk and nghttp2-client with apt-get when missing, builds in release mode, prints a table.
#
# Environment (defaults): BENCH_DURATION=15 (s per fixed-rate measurement),
# BENCH_PEAK_DURATION=10 (s per peak window), BENCH_THREADS=2,
# BENCH_CONNECTIONS=256, BENCH_RATE=10000 (req/s of the fixed-rate runs), BENCH_RULES=1000,
# BENCH_ROUNDS=5 (peak rounds; each round measures every server, the order alternating),
# BENCH_RATE_STRICT=0 (1: the fixed-rate runs use BENCH_RATE even without 25 % headroom),
# BENCH_H2LOAD=1 (0 skips the h2load runs), BENCH_H2LOAD_CLIENTS=10 (its clients fire in step, so
# many clients at a low rate each would measure bursts), BENCH_KEEP=0 (1 keeps the
# temp dir), BENCH_BIN (a directory with prebuilt `switchboard` and `switchboard-bench` to
# measure instead of building, e.g. an older commit's `switchboard` for a before/after table).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
if ! command -v swift >/dev/null 2>&1 && [ -x /opt/swift/usr/bin/swift ]; then export PATH="$PATH:/opt/swift/usr/bin"; fi

DURATION=${BENCH_DURATION:-15}
PEAK_DURATION=${BENCH_PEAK_DURATION:-10}
THREADS=${BENCH_THREADS:-2}
CONNECTIONS=${BENCH_CONNECTIONS:-256}
RATE=${BENCH_RATE:-10000}
RULE_COUNT=${BENCH_RULES:-1000}
RUN_H2LOAD=${BENCH_H2LOAD:-1}
ROUNDS=${BENCH_ROUNDS:-5}
H2LOAD_CLIENTS=${BENCH_H2LOAD_CLIENTS:-10}
NGINX_PORT=18180
BASELINE_PORT=18181
HBWAIT_PORT=18183
SWITCHBOARD_PORT=18182
WEBHOOK_PATH=/webhooks/clicktodial

log() { printf '== %s\n' "$*" >&2; }

# --- tools ---------------------------------------------------------------------------------
missing=()
command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ] || missing+=(nginx)
command -v wrk >/dev/null 2>&1 || missing+=(wrk)
command -v h2load >/dev/null 2>&1 || missing+=(nghttp2-client)
if [ ${#missing[@]} -gt 0 ]; then
    log "installing ${missing[*]}"
    SUDO=""
    [ "$(id -u)" -ne 0 ] && SUDO="sudo"
    $SUDO apt-get install -y "${missing[@]}" >/dev/null 2>&1 || {
        $SUDO apt-get update >/dev/null
        $SUDO apt-get install -y "${missing[@]}" >/dev/null
    }
fi
NGINX=$(command -v nginx || echo /usr/sbin/nginx)

if [ -n "${BENCH_BIN:-}" ]; then
    BIN=$BENCH_BIN
    log "using the binaries in $BIN (BENCH_BIN), not building"
else
    log "building release (switchboard, switchboard-bench)"
    swift build -c release --product switchboard 2>&1 | grep -v "unhandled" | tail -n 3 >&2
    swift build -c release --product switchboard-bench 2>&1 | grep -v "unhandled" | tail -n 3 >&2
    BIN=$(swift build -c release --show-bin-path)
fi

# --- scratch dir and cleanup ---------------------------------------------------------------
WORK=$(mktemp -d /tmp/bench-webhook.XXXXXX)
# The server being started (wait_for watches it) and every server's pid by name (PID_<name>).
SERVER_PID=""
SERVER_LOG="$WORK/server.log"
SERVERS=""
stop_pid() {
    local pid=$1
    if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
        kill -TERM "$pid" 2>/dev/null || true
        for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
        kill -KILL "$pid" 2>/dev/null || true
        wait "$pid" 2>/dev/null || true
    fi
}
stop_servers() {
    local name pid
    for name in $SERVERS; do eval "pid=\${PID_$name:-}"; stop_pid "$pid"; done
    SERVERS=""
}
started() { # name: the server just started is known by that name
    eval "PID_$1=$SERVER_PID"
    SERVERS="$SERVERS $1"
}
cleanup() {
    stop_servers
    if [ "${BENCH_KEEP:-0}" = 1 ]; then log "kept $WORK"; else rm -rf "$WORK"; fi
}
trap cleanup EXIT

export BENCH_BODY="$ROOT/bench/camara-status-changed.json"
export BENCH_TOKEN="bench-$(od -An -N8 -tx8 /dev/urandom | tr -d ' ')"
LUA="$ROOT/bench/webhook-post.lua"
BODY_BYTES=$(wc -c <"$BENCH_BODY")
NONCE=$(( $(date +%s) % 50000 ))

wait_for() { # url [expected-status]
    for _ in $(seq 1 600); do
        status=$(curl -s -o /dev/null -w '%{http_code}' "$1" || true)
        [ "$status" = "${2:-200}" ] && return 0
        kill -0 "$SERVER_PID" 2>/dev/null || { log "server exited; log:"; tail -n 20 "$SERVER_LOG" >&2; exit 1; }
        sleep 0.1
    done
    log "timed out waiting for $1"; tail -n 20 "$SERVER_LOG" >&2; exit 1
}

check_post() { # url: one request must answer 204, or the run would measure errors
    status=$(curl -s -o "$WORK/check.out" -w '%{http_code}' -X POST "$1" \
        -H 'Content-Type: application/cloudevents+json' -H "Authorization: Bearer $BENCH_TOKEN" \
        --data-binary "@$BENCH_BODY")
    [ "$status" = 204 ] || { log "POST $1 answered $status: $(head -c 300 "$WORK/check.out")"; exit 1; }
}

rss_kb() { awk '/^VmRSS/ {print $2}' "/proc/$1/status" 2>/dev/null || echo 0; }

# wrk_run name url nonce [rate]: prints "rate non2xx p50_ms p99_ms" (rate achieved). Runs in a
# subshell ($(...)), so the caller picks the nonce: ids must never repeat within a server's life.
wrk_run() {
    local name=$1 url=$2 nonce=$3 fixed=${4:-}
    local out="$WORK/wrk-$name-${fixed:-peak}.txt"
    if [ -n "$fixed" ]; then
        BENCH_NONCE=$nonce BENCH_RATE_PER_THREAD=$(awk -v r="$fixed" -v t="$THREADS" 'BEGIN {print r / t}') \
            wrk -t"$THREADS" -c"$CONNECTIONS" -d"${DURATION}s" --latency -s "$LUA" "$url" >"$out" 2>&1
    else
        BENCH_NONCE=$nonce wrk -t"$THREADS" -c"$CONNECTIONS" -d"${PEAK_DURATION}s" --latency -s "$LUA" "$url" >"$out" 2>&1
    fi
    awk '
        function ms(v) { if (v ~ /us$/) return v / 1000; if (v ~ /ms$/) return v + 0; if (v ~ /s$/) return v * 1000; return v }
        /Requests\/sec:/ { rate = $2 }
        /Non-2xx or 3xx responses:/ { bad = $NF }
        /Socket errors:/ { bad += 0 }
        $1 == "50%" { p50 = ms($2) }
        $1 == "99%" { p99 = ms($2) }
        END { printf "%.0f %d %.3f %.3f\n", rate, bad, p50, p99 }' "$out"
}

# h2load_run name url: prints "rate non2xx p50_ms p99_ms" at FIXED_RATE with one fixed body
h2load_run() {
    local name=$1 url=$2
    local out="$WORK/h2load-$name.txt" requests="$WORK/h2load-$name.log"
    h2load --h1 -t1 -c"$H2LOAD_CLIENTS" --rps=$((FIXED_RATE / H2LOAD_CLIENTS)) -D "$DURATION" \
        -d "$BENCH_BODY" -H 'content-type: application/cloudevents+json' -H "authorization: Bearer $BENCH_TOKEN" \
        --log-file="$requests" "$url" >"$out" 2>&1 || true
    local rate bad
    rate=$(awk '/^finished in/ {gsub(",", "", $4); print $4}' "$out")
    bad=$(awk '$2 !~ /^2/ {n++} END {print n + 0}' "$requests")
    cut -f3 "$requests" | sort -n | awk -v rate="${rate:-0}" -v bad="$bad" '
        { v[NR] = $1 }
        END { if (NR == 0) { print "0 0 0 0"; exit }
              printf "%.0f %d %.3f %.3f\n", rate, bad, v[int(NR * 0.50) + (NR * 0.50 > int(NR * 0.50))] / 1000, v[int(NR * 0.99) + (NR * 0.99 > int(NR * 0.99))] / 1000 }'
}

cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat" 2>/dev/null || echo 0; }
# thread_ticks pid: "group ticks" per thread, grouped by what runs there (thread names: SwiftNIO
# event loops, the Swift concurrency pool, librdkafka's threads, Switchboard's Kafka poll thread)
thread_ticks() {
    local task
    for task in /proc/"$1"/task/*; do
        # comm is in parentheses; utime and stime are fields 12 and 13 after it.
        printf '%s %s\n' "$(cat "$task/comm" 2>/dev/null)" "$(sed 's/.*) //' "$task/stat" 2>/dev/null | awk '{print $12 + $13}')"
    done | awk '{ g = "other"
                  if ($1 ~ /^NIO-/) g = "nio"; else if ($1 ~ /qos/) g = "pool"
                  else if ($1 ~ /^rdk:/) g = "librdkafka"; else if ($1 == "sb-kafka-poll") g = "poll"
                  t[g] += $2 } END { for (g in t) print g, t[g] }'
}
# thread_split before after requests: "nio=52/pool=27/..." µs of CPU per request by thread group
thread_split() {
    awk -v n="$3" -v hz="$(getconf CLK_TCK)" 'FNR == NR { b[$1] = $2; next } { d = $2 - b[$1]; if (d > 0 && n > 0) out = out (out ? "/" : "") $1 "=" sprintf("%.0f", d / hz * 1e6 / n) } END { print (out ? out : "-") }' "$1" "$2"
}

# warm_up name url: 3 s of wrk, unmeasured, right after the server starts
warm_up() {
    NONCE=$((NONCE + 1))
    BENCH_NONCE=$NONCE wrk -t"$THREADS" -c"$CONNECTIONS" -d3s -s "$LUA" "$2" >/dev/null 2>&1
}

# peak name url: wrk at full speed; fills PEAK_<name> ("rate non2xx") and CPU_<name> (µs of
# the server process's CPU per request; nginx's workers are not counted)
peak() {
    local name=$1 url=$2 rate bad start end requests split pid
    eval "pid=\$PID_$name"
    log "$name: peak (wrk -t$THREADS -c$CONNECTIONS -d${PEAK_DURATION}s)"
    NONCE=$((NONCE + 1))
    start=$(cpu_ticks "$pid")
    thread_ticks "$pid" >"$WORK/threads-before"
    read -r rate bad _ _ <<<"$(wrk_run "$name" "$url" "$NONCE")"
    end=$(cpu_ticks "$pid")
    thread_ticks "$pid" >"$WORK/threads-after"
    requests=$(awk '/requests in/ {print $1}' "$WORK/wrk-$name-peak.txt")
    split=$(thread_split "$WORK/threads-before" "$WORK/threads-after" "${requests:-0}")
    eval "PEAK_${name}=\"$rate $bad\""
    eval "SPLIT_${name}=\"$split\""
    eval "CPU_${name}=$(awk -v t=$((end - start)) -v hz="$(getconf CLK_TCK)" -v n="${requests:-0}" 'BEGIN {printf "%.0f", (n > 0 ? t / hz * 1e6 / n : 0)}')"
}

# fixed name url: wrk paced at FIXED_RATE, then h2load --rps; fills FIXED_<name>
fixed() {
    local name=$1 url=$2 paced h2="- - - -"
    log "$name: fixed $FIXED_RATE req/s (wrk, paced, unique ids)"
    NONCE=$((NONCE + 1))
    paced=$(wrk_run "$name" "$url" "$NONCE" "$FIXED_RATE")
    if [ "$RUN_H2LOAD" = 1 ]; then
        log "$name: fixed $FIXED_RATE req/s (h2load --h1 --rps, fixed body)"
        h2=$(h2load_run "$name" "$url")
    fi
    eval "FIXED_${name}=\"$paced $h2\""
}

start_nginx() {
    mkdir -p "$WORK/nginx"
    local user_line=""
    [ "$(id -u)" -eq 0 ] && user_line="user root;"
    cat >"$WORK/nginx/nginx.conf" <<NGINX_CONF
worker_processes 2;
pid $WORK/nginx/nginx.pid;
error_log $WORK/nginx/error.log warn;
$user_line
events { worker_connections 4096; }
http {
    access_log off;
    client_body_temp_path $WORK/nginx/body;
    proxy_temp_path $WORK/nginx/proxy;
    fastcgi_temp_path $WORK/nginx/fastcgi;
    uwsgi_temp_path $WORK/nginx/uwsgi;
    scgi_temp_path $WORK/nginx/scgi;
    keepalive_requests 1000000;
    server {
        listen 127.0.0.1:$NGINX_PORT;
        location / { return 204; }
    }
}
NGINX_CONF
    log "nginx $("$NGINX" -v 2>&1 | sed 's/.*: //') on :$NGINX_PORT"
    SERVER_LOG="$WORK/server-nginx.log"
    "$NGINX" -p "$WORK/nginx" -c "$WORK/nginx/nginx.conf" -g 'daemon off;' >"$SERVER_LOG" 2>&1 &
    SERVER_PID=$!
    wait_for "http://127.0.0.1:$NGINX_PORT/" 204
    check_post "$URL_nginx"
    started nginx
}

start_hummingbird() { # name port [extra webhook-baseline flags]
    local name=$1 port=$2
    shift 2
    log "switchboard-bench webhook-baseline $* on :$port ($name)"
    SERVER_LOG="$WORK/server-$name.log"
    "$BIN/switchboard-bench" webhook-baseline --port "$port" --path "$WEBHOOK_PATH" "$@" >"$SERVER_LOG" 2>&1 &
    SERVER_PID=$!
    wait_for "http://127.0.0.1:$port/" 404
    check_post "http://127.0.0.1:$port$WEBHOOK_PATH"
    started "$name"
}

start_switchboard() {
    if [ ! -d "$WORK/rules" ]; then
        python3 "$ROOT/bench/generate-rules.py" "$WORK/rules" "$RULE_COUNT" >&2
        mkdir -p "$WORK/state"
        cat >"$WORK/switchboard.yaml" <<SWITCHBOARD_CONF
# Generated by scripts/bench-webhook.sh: the default configuration with the benchmark's rules.
http:
  host: 127.0.0.1
  port: $SWITCHBOARD_PORT
  maxBodyBytes: 1048576
logging:
  level: warning
  format: text
kafka:
  brokers: embedded
  bootstrapFile: $WORK/state/kafka-bootstrap
  spoolPath: $WORK/state/kafka-spool.jsonl
rules:
  directory: $WORK/rules
  reloadIntervalSeconds: 0
  deadLetterTopic: switchboard.deadletter
webhooks:
  - name: clicktodial
    path: $WEBHOOK_PATH
    platform: clicktodial
    binding: cloudevents
    tokens: ["\${SWITCHBOARD_WEBHOOK_TOKEN}"]
    successStatus: 204
SWITCHBOARD_CONF
    fi
    log "switchboard serve on :$SWITCHBOARD_PORT ($RULE_COUNT rules, embedded Kafka)"
    SERVER_LOG="$WORK/server-switchboard.log"
    SWITCHBOARD_WEBHOOK_TOKEN="$BENCH_TOKEN" "$BIN/switchboard" serve --config "$WORK/switchboard.yaml" >"$SERVER_LOG" 2>&1 &
    SERVER_PID=$!
    wait_for "http://127.0.0.1:$SWITCHBOARD_PORT/readyz" 200
    check_post "$URL_switchboard"
    started switchboard
}

URL_nginx="http://127.0.0.1:$NGINX_PORT$WEBHOOK_PATH"
URL_hummingbird="http://127.0.0.1:$BASELINE_PORT$WEBHOOK_PATH"
URL_hbwait="http://127.0.0.1:$HBWAIT_PORT$WEBHOOK_PATH"
URL_switchboard="http://127.0.0.1:$SWITCHBOARD_PORT$WEBHOOK_PATH"

# --- peak rates, each server alone, in ROUNDS rounds -----------------------------------------
# The machine is shared and its speed drifts by 25 % over minutes: every round measures all
# servers back to back (all started once, the others idle), odd rounds in one order and even
# rounds in the reverse, so Switchboard's window always has a Hummingbird window beside it.
# The table reports each server's median round; the goals are judged per round (paired).
record_round() { # name: appends this round's "rate:cpu:split" to ROUNDS_<name>, adds its non-2xx to NON2XX_<name>
    local rate bad
    eval "read -r rate bad <<<\"\$PEAK_$1\""
    eval "ROUNDS_$1=\"\${ROUNDS_$1:-}\$rate:\$CPU_$1:\$SPLIT_$1 \""
    eval "NON2XX_$1=\$(( \${NON2XX_$1:-0} + bad ))"
}
median_round() { # name: PEAK_<name> = "median rate, non-2xx of all rounds"; CPU_ and SPLIT_<name> of that round
    local rounds median rest
    eval "rounds=\$ROUNDS_$1"
    median=$(printf '%s\n' $rounds | sort -t: -k1,1n | awk '{v[NR] = $0} END {print v[int((NR + 1) / 2)]}')
    rest=${median#*:}
    eval "PEAK_$1=\"${median%%:*} \$NON2XX_$1\""
    eval "CPU_$1=${rest%%:*}"
    eval "SPLIT_$1=\"${rest#*:}\""
}
start_nginx; warm_up nginx "$URL_nginx"
start_hummingbird hummingbird "$BASELINE_PORT"; warm_up hummingbird "$URL_hummingbird"
start_hummingbird hbwait "$HBWAIT_PORT" --event-loop-handler --resume-after-milliseconds 5; warm_up hbwait "$URL_hbwait"
start_switchboard
sleep 1
RSS_IDLE=$(rss_kb "$PID_switchboard")
warm_up switchboard "$URL_switchboard"
for round in $(seq 1 "$ROUNDS"); do
    log "round $round of $ROUNDS"
    order="nginx hummingbird hbwait switchboard"
    [ $((round % 2)) = 0 ] && order="switchboard hbwait hummingbird nginx"
    for name in $order; do
        eval "peak $name \"\$URL_$name\""
        record_round "$name"
    done
done
RSS_LOAD=$(rss_kb "$PID_switchboard")
# Non-2xx answers of every round are reported, not hidden behind the median.
for name in nginx hummingbird hbwait switchboard; do median_round "$name"; done
FIXED_hbwait="- - - - - - - -"

# --- fixed rate: RATE when Switchboard's peak leaves 25 % headroom, else 60 % of its peak -----
read -r SB_PEAK _ <<<"$PEAK_switchboard"
FIXED_RATE=$RATE
if [ "${BENCH_RATE_STRICT:-0}" != 1 ] && [ $((SB_PEAK * 3 / 4)) -lt "$RATE" ]; then
    FIXED_RATE=$((SB_PEAK * 6 / 10 / 500 * 500))
    [ "$FIXED_RATE" -ge 500 ] || FIXED_RATE=500
    log "switchboard peaks at $SB_PEAK req/s: latency runs at $FIXED_RATE req/s instead of $RATE"
fi
fixed switchboard "$URL_switchboard"
curl -s "http://127.0.0.1:$SWITCHBOARD_PORT/metrics" >"$WORK/metrics.txt" || true
fixed nginx "$URL_nginx"
fixed hummingbird "$URL_hummingbird"
stop_servers

# --- table ----------------------------------------------------------------------------------
printf '\nwebhook ingest, loopback, %s-byte CAMARA structured CloudEvent, %s rules, %s cores, %s\n' \
    "$BODY_BYTES" "$RULE_COUNT" "$(nproc)" "$(date -u +%Y-%m-%dT%H:%MZ)"
printf 'peak: wrk -t%s -c%s -d%ss, median of %s rounds; fixed %s req/s: wrk paced (unique ids, %ss) and h2load --h1 -c%s --rps\n' \
    "$THREADS" "$CONNECTIONS" "$PEAK_DURATION" "$ROUNDS" "$FIXED_RATE" "$DURATION" "$H2LOAD_CLIENTS"
printf '%-12s %10s %6s | %9s %6s %7s %7s | %9s %6s %7s %7s\n' \
    "server" "peak req/s" "non2xx" "wrk req/s" "non2xx" "p50 ms" "p99 ms" "h2l req/s" "non2xx" "p50 ms" "p99 ms"
for name in nginx hummingbird hbwait switchboard; do
    eval "set -- \$PEAK_${name} \$FIXED_${name}"
    label=$name
    [ "$name" = hbwait ] && label=hb-wait
    printf '%-12s %10s %6s | %9s %6s %7s %7s | %9s %6s %7s %7s\n' "$label" "$@"
done
read -r NGINX_PEAK _ <<<"$PEAK_nginx"
read -r HB_PEAK _ <<<"$PEAK_hummingbird"
read -r HBW_PEAK _ <<<"$PEAK_hbwait"
# The goals are judged on the paired comparison: the ratio of each round (windows seconds
# apart) and the median of those, which a slow spell during one server's window cannot move
# the way it moves a ratio of medians taken from different rounds (printed beside it).
awk -v s="$ROUNDS_switchboard" -v h="$ROUNDS_hummingbird" -v n="$ROUNDS_nginx" -v w="$ROUNDS_hbwait" \
    -v sm="$SB_PEAK" -v nm="$NGINX_PEAK" -v hm="$HB_PEAK" -v wm="$HBW_PEAK" '
function rates(text, out,   parts, i, count, fields) {
    count = split(text, parts, " ")
    for (i = 1; i <= count; i++) { split(parts[i], fields, ":"); out[i] = fields[1] }
    return count
}
function median(values, count,   i, j, swap) {
    for (i = 1; i <= count; i++) for (j = i + 1; j <= count; j++) if (values[j] < values[i]) { swap = values[i]; values[i] = values[j]; values[j] = swap }
    return count % 2 ? values[(count + 1) / 2] : (values[count / 2] + values[count / 2 + 1]) / 2
}
function goal(label, ratio, of_medians, target, listed) {
    printf "%-24s %5.1f %%  (goal >= %d %%)  %-6s  per round:%s; ratio of the median rates %.1f %%\n", label, ratio, target, (ratio >= target ? "met" : "MISSED"), listed, of_medians
}
BEGIN {
    count = rates(s, sb); rates(h, hb); rates(n, ng); rates(w, hw)
    for (i = 1; i <= count; i++) {
        byN[i] = 100 * sb[i] / ng[i]; byH[i] = 100 * sb[i] / hb[i]; byW[i] = 100 * sb[i] / hw[i]
        listed_n = listed_n sprintf(" %.1f", byN[i]); listed_h = listed_h sprintf(" %.1f", byH[i]); listed_w = listed_w sprintf(" %.1f", byW[i])
    }
    printf "ratios: the median of the %d paired rounds\n", count
    goal("switchboard/nginx", median(byN, count), 100 * sm / nm, 25, listed_n)
    goal("switchboard/hummingbird", median(byH, count), 100 * sm / hm, 70, listed_h)
    printf "%-24s %5.1f %%  (baseline of the same shape: answered from the event loop 5 ms later, no work)  per round:%s\n", "switchboard/hb-wait", median(byW, count), listed_w
}'
if [ "$FIXED_RATE" != "$RATE" ]; then
    printf 'latency at %s req/s, not %s: the highest round rate Switchboard sustains here with headroom\n' "$FIXED_RATE" "$RATE"
fi
printf 'server CPU during the peak runs, µs per request (all threads): switchboard %s, hummingbird %s, hb-wait %s\n' \
    "$CPU_switchboard" "$CPU_hummingbird" "$CPU_hbwait"
printf 'the same by thread group (nio: SwiftNIO event loops, pool: Swift concurrency, librdkafka, poll: Kafka delivery reports): switchboard %s, hummingbird %s, hb-wait %s\n' \
    "$SPLIT_switchboard" "$SPLIT_hummingbird" "$SPLIT_hbwait"
printf 'peak rounds (req/s:µs CPU per request:by thread group), median reported: nginx %s| hummingbird %s| hb-wait %s| switchboard %s\n' \
    "$ROUNDS_nginx" "$ROUNDS_hummingbird" "$ROUNDS_hbwait" "$ROUNDS_switchboard"
printf 'switchboard resident set: %s MiB idle, %s MiB after the peak run\n' $((RSS_IDLE / 1024)) $((RSS_LOAD / 1024))
printf 'h2load sends one fixed body: for switchboard all but its first request are duplicates, answered from the dedup window without producing\n'
metric() { awk -v name="$1" 'index($0, name) == 1 {s += $NF} END {printf "%d", s}' "$WORK/metrics.txt"; }
printf 'switchboard metrics: %s events received, %s duplicates, %s Kafka records produced, %s failed\n' \
    "$(metric switchboard_events_received_total)" "$(metric switchboard_events_duplicate_total)" \
    "$(metric switchboard_kafka_produced_total)" "$(metric switchboard_kafka_failed_total)"
