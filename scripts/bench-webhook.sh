#!/usr/bin/env bash
# Webhook ingest benchmark (DESIGN.md §9, docs/performance.md "Webhook ingest").
#
# In one run, on loopback, with the same ~600-byte CAMARA structured CloudEvent
# (bench/camara-status-changed.json, application/cloudevents+json, bearer token, a fresh event
# id per request), it measures:
#   nginx        a static 204 (2 workers, minimal nginx.conf in a temp dir)
#   hummingbird  `switchboard-bench webhook-baseline`, a bare Hummingbird handler answering 204
#   switchboard  `switchboard serve`: POST -> normalize -> 1,000 rules -> Kafka delivery -> 204
#                (embedded in-process Kafka cluster; rules from bench/generate-rules.py)
# Peak rate: wrk, closed loop. Latency: wrk at a fixed rate (bench/webhook-post.lua paces the
# requests and keeps ids unique), and h2load --h1 --rps for comparison (h2load sends one fixed
# body, so for Switchboard every request after the first is a duplicate answered from the
# dedup window without producing: its h2load row measures that path, not the pipeline).
#
# Each server runs alone while it is measured. Installs nginx, wrk and nghttp2-client with
# apt-get when missing, builds in release mode, prints a table.
#
# Environment (defaults): BENCH_DURATION=15 (s per measurement), BENCH_THREADS=2,
# BENCH_CONNECTIONS=32, BENCH_RATE=10000 (req/s of the fixed-rate runs), BENCH_RULES=1000,
# BENCH_H2LOAD=1 (0 skips the h2load runs), BENCH_KEEP=0 (1 keeps the temp dir).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
if ! command -v swift >/dev/null 2>&1 && [ -x /opt/swift/usr/bin/swift ]; then export PATH="$PATH:/opt/swift/usr/bin"; fi

DURATION=${BENCH_DURATION:-15}
THREADS=${BENCH_THREADS:-2}
CONNECTIONS=${BENCH_CONNECTIONS:-32}
RATE=${BENCH_RATE:-10000}
RULE_COUNT=${BENCH_RULES:-1000}
RUN_H2LOAD=${BENCH_H2LOAD:-1}
H2LOAD_CLIENTS=20
NGINX_PORT=18180
BASELINE_PORT=18181
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

log "building release (switchboard, switchboard-bench)"
swift build -c release --product switchboard 2>&1 | grep -v "unhandled" | tail -n 3 >&2
swift build -c release --product switchboard-bench 2>&1 | grep -v "unhandled" | tail -n 3 >&2
BIN=$(swift build -c release --show-bin-path)

# --- scratch dir and cleanup ---------------------------------------------------------------
WORK=$(mktemp -d /tmp/bench-webhook.XXXXXX)
SERVER_PID=""
stop_server() {
    if [ -n "$SERVER_PID" ] && kill -0 "$SERVER_PID" 2>/dev/null; then
        kill -TERM "$SERVER_PID" 2>/dev/null || true
        for _ in $(seq 1 100); do kill -0 "$SERVER_PID" 2>/dev/null || break; sleep 0.1; done
        kill -KILL "$SERVER_PID" 2>/dev/null || true
        wait "$SERVER_PID" 2>/dev/null || true
    fi
    SERVER_PID=""
}
cleanup() {
    stop_server
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
        kill -0 "$SERVER_PID" 2>/dev/null || { log "server exited; log:"; tail -n 20 "$WORK/server.log" >&2; exit 1; }
        sleep 0.1
    done
    log "timed out waiting for $1"; tail -n 20 "$WORK/server.log" >&2; exit 1
}

check_post() { # url: one request must answer 204, or the run would measure errors
    status=$(curl -s -o "$WORK/check.out" -w '%{http_code}' -X POST "$1" \
        -H 'Content-Type: application/cloudevents+json' -H "Authorization: Bearer $BENCH_TOKEN" \
        --data-binary "@$BENCH_BODY")
    [ "$status" = 204 ] || { log "POST $1 answered $status: $(head -c 300 "$WORK/check.out")"; exit 1; }
}

rss_kb() { awk '/^VmRSS/ {print $2}' "/proc/$1/status" 2>/dev/null || echo 0; }

# wrk_run name url [rate]: prints "rate non2xx p50_ms p99_ms" (rate achieved)
wrk_run() {
    local name=$1 url=$2 fixed=${3:-}
    NONCE=$((NONCE + 1))
    local out="$WORK/wrk-$name-${fixed:-peak}.txt"
    if [ -n "$fixed" ]; then
        BENCH_NONCE=$NONCE BENCH_RATE_PER_THREAD=$(awk -v r="$fixed" -v t="$THREADS" 'BEGIN {print r / t}') \
            wrk -t"$THREADS" -c"$CONNECTIONS" -d"${DURATION}s" --latency -s "$LUA" "$url" >"$out" 2>&1
    else
        BENCH_NONCE=$NONCE wrk -t"$THREADS" -c"$CONNECTIONS" -d"${DURATION}s" --latency -s "$LUA" "$url" >"$out" 2>&1
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

# h2load_run name url: prints "rate non2xx p50_ms p99_ms" at RATE with one fixed body
h2load_run() {
    local name=$1 url=$2
    local out="$WORK/h2load-$name.txt" requests="$WORK/h2load-$name.log"
    h2load --h1 -t1 -c"$H2LOAD_CLIENTS" --rps=$((RATE / H2LOAD_CLIENTS)) -D "$DURATION" \
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

# measure name url: warm-up, then peak, fixed rate and h2load; fills RESULT_<name>_*
measure() {
    local name=$1 url=$2
    log "$name: warm-up"
    BENCH_NONCE=$((NONCE + 40000)) wrk -t"$THREADS" -c"$CONNECTIONS" -d3s -s "$LUA" "$url" >/dev/null 2>&1
    log "$name: peak (wrk -t$THREADS -c$CONNECTIONS -d${DURATION}s)"
    read -r peak peak_bad _ _ <<<"$(wrk_run "$name" "$url")"
    RSS_LOAD=$(rss_kb "$SERVER_PID")
    log "$name: fixed $RATE req/s (wrk, paced)"
    read -r fixed fixed_bad p50 p99 <<<"$(wrk_run "$name" "$url" "$RATE")"
    local h2="- - - -"
    if [ "$RUN_H2LOAD" = 1 ]; then
        log "$name: fixed $RATE req/s (h2load --h1 --rps, fixed body)"
        h2=$(h2load_run "$name" "$url")
    fi
    read -r h2rate h2bad h2p50 h2p99 <<<"$h2"
    eval "RESULT_${name}=\"$peak $peak_bad $fixed $fixed_bad $p50 $p99 $h2rate $h2bad $h2p50 $h2p99\""
}

# --- (a) nginx -----------------------------------------------------------------------------
mkdir -p "$WORK/nginx"
cat >"$WORK/nginx/nginx.conf" <<EOF
worker_processes 2;
pid $WORK/nginx/nginx.pid;
error_log $WORK/nginx/error.log warn;
$( [ "$(id -u)" -eq 0 ] && echo "user root;" )
events { worker_connections 1024; }
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
EOF
log "nginx $("$NGINX" -v 2>&1 | sed 's/.*: //') on :$NGINX_PORT"
"$NGINX" -p "$WORK/nginx" -c "$WORK/nginx/nginx.conf" -g 'daemon off;' >"$WORK/server.log" 2>&1 &
SERVER_PID=$!
wait_for "http://127.0.0.1:$NGINX_PORT/" 204
check_post "http://127.0.0.1:$NGINX_PORT$WEBHOOK_PATH"
measure nginx "http://127.0.0.1:$NGINX_PORT$WEBHOOK_PATH"
stop_server

# --- (b) bare Hummingbird ------------------------------------------------------------------
log "switchboard-bench webhook-baseline on :$BASELINE_PORT"
"$BIN/switchboard-bench" webhook-baseline --port "$BASELINE_PORT" --path "$WEBHOOK_PATH" >"$WORK/server.log" 2>&1 &
SERVER_PID=$!
wait_for "http://127.0.0.1:$BASELINE_PORT/" 404
check_post "http://127.0.0.1:$BASELINE_PORT$WEBHOOK_PATH"
measure hummingbird "http://127.0.0.1:$BASELINE_PORT$WEBHOOK_PATH"
stop_server

# --- (c) switchboard serve -----------------------------------------------------------------
python3 "$ROOT/bench/generate-rules.py" "$WORK/rules" "$RULE_COUNT" >&2
mkdir -p "$WORK/state"
cat >"$WORK/switchboard.yaml" <<EOF
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
EOF
log "switchboard serve on :$SWITCHBOARD_PORT ($RULE_COUNT rules, embedded Kafka)"
SWITCHBOARD_WEBHOOK_TOKEN="$BENCH_TOKEN" "$BIN/switchboard" serve --config "$WORK/switchboard.yaml" >"$WORK/server.log" 2>&1 &
SERVER_PID=$!
wait_for "http://127.0.0.1:$SWITCHBOARD_PORT/readyz" 200
check_post "http://127.0.0.1:$SWITCHBOARD_PORT$WEBHOOK_PATH"
sleep 1
RSS_IDLE=$(rss_kb "$SERVER_PID")
measure switchboard "http://127.0.0.1:$SWITCHBOARD_PORT$WEBHOOK_PATH"
SWITCHBOARD_RSS_LOAD=$RSS_LOAD
curl -s "http://127.0.0.1:$SWITCHBOARD_PORT/metrics" >"$WORK/metrics.txt" || true
stop_server

# --- table ---------------------------------------------------------------------------------
printf '\nwebhook ingest, loopback, %s-byte CAMARA structured CloudEvent, %s rules, wrk -t%s -c%s -d%ss, %s cores\n' \
    "$BODY_BYTES" "$RULE_COUNT" "$THREADS" "$CONNECTIONS" "$DURATION" "$(nproc)"
printf '%-12s %10s %7s | %10s %7s %8s %8s | %10s %7s %8s %8s\n' \
    "server" "peak req/s" "non2xx" "wrk@rate" "non2xx" "p50 ms" "p99 ms" "h2load@r" "non2xx" "p50 ms" "p99 ms"
for name in nginx hummingbird switchboard; do
    eval "set -- \$RESULT_${name}"
    printf '%-12s %10s %7s | %10s %7s %8s %8s | %10s %7s %8s %8s\n' "$name" "$@"
done
eval "set -- \$RESULT_nginx"; NGINX_PEAK=$1
eval "set -- \$RESULT_hummingbird"; HB_PEAK=$1
eval "set -- \$RESULT_switchboard"; SB_PEAK=$1
awk -v s="$SB_PEAK" -v n="$NGINX_PEAK" -v h="$HB_PEAK" 'BEGIN {
    printf "switchboard/nginx       %5.1f %%   (goal >= 25 %%)  %s\n", 100 * s / n, (s / n >= 0.25 ? "met" : "MISSED")
    printf "switchboard/hummingbird %5.1f %%   (goal >= 70 %%)  %s\n", 100 * s / h, (s / h >= 0.70 ? "met" : "MISSED") }'
printf 'fixed rate target %s req/s; the achieved rate is in the wrk@rate / h2load@r columns.\n' "$RATE"
printf 'switchboard resident set: %s MiB idle, %s MiB under load\n' $((RSS_IDLE / 1024)) $((SWITCHBOARD_RSS_LOAD / 1024))
metric() { awk -v name="$1" 'index($0, name) == 1 {s += $NF} END {printf "%d", s}' "$WORK/metrics.txt"; }
printf 'switchboard metrics: %s events received, %s duplicates, %s Kafka records produced, %s failed\n' \
    "$(metric switchboard_events_received_total)" "$(metric switchboard_events_duplicate_total)" \
    "$(metric switchboard_kafka_produced_total)" "$(metric switchboard_kafka_failed_total)"
