#!/usr/bin/env bash
# Vigil's broker and Debian's mosquitto under the same load, one after the other, in one run:
# CONNECTIONS subscribers × 10 topics (QoS 1, one subscriber per topic), publishers at each RATE, with each of the
# two load generators in turn: ours (Vigil.Bench) and MQTT.js (npm "mqtt", one write per packet, as phones do).
# MQTTJS=0 leaves MQTT.js out, OURS=0 ours (quick iterations); MQTTJS_NODELAY=1 turns Nagle off on MQTT.js's sockets
# (a diagnostic; published tables use neither). CAPTURE=DIR, a diagnostic too: each generator's run is captured on the
# broker's port (tcpdump, into DIR) and bench/broker/timeline.py prints how much of a message's time was the broker's
# and how much the generator's (each generator writes its measured messages' send times and latencies there too).
# PIN=1 runs each broker on core 0 and each generator on core 1 (taskset), so that the generator's work does not take
# the broker's core (as bench/observability/run.sh pins its servers and wrk); mosquitto has one thread, Vigil's
# threads then share that one core (and optimize their code as on a multi-core machine: bench/lib.sh). GC_TRACE=1,
# a diagnostic: each Vigil process is traced (dotnet-trace, its garbage collections only) and its GC pauses of 5 ms
# or more are listed after its turn, beside each generator's measured window; SLOW_MS=N makes MQTT.js list the
# moments its messages took longer than N ms. ROUNDS=N runs every broker N times, in an order rotated each round, and
# ends with each broker's median over the rounds and how many rounds its p99 was at or under mosquitto's of the same
# round.
# Usage: bench/broker/run.sh [seconds] [rates] [connections]     e.g. bench/broker/run.sh 60 5000 5000
set -euo pipefail
cd "$(dirname "$0")/../.."
seconds=${1:-60}
rates=${2:-5000}
connections=${3:-5000}
warmup=${WARMUP:-10}
data=$(mktemp -d)
command -v mosquitto >/dev/null || { echo "mosquitto is missing: apt-get install mosquitto" >&2; exit 1; }
ulimit -n 20000
trap 'kill ${mosquitto_pid:-} ${vigil_pid:-} 2>/dev/null || true; [ -n "${KEEP:-}" ] && echo "kept $data" || rm -rf "$data"' EXIT

source bench/lib.sh
mqtt_generators
rounds=${ROUNDS:-1}
results=$data/results  # lines: broker generator rate round p50 p99 max cpu
# keep BROKER GENERATOR: passes a generator's output through and keeps its result rows for the summary.
keep() {
  awk -v b="$1" -v g="$2" -v r="$round" -v out="$results" \
    '{print; fflush()} $1 ~ /^[0-9]+$/ && NF >= 8 {print b, g, $1, r, $5, $6, $7, $8 >>out}'
}
# bench BROKER ARGS…: each generator in turn against the broker the arguments name (MQTT.js takes one rate at a time).
bench() {
  local name=$1; shift
  if [ "${OURS:-1}" != 0 ]; then
    echo "-- generator: Vigil.Bench"
    capture_start "$name-ours" "$2"
    (pin_generator; mqtt_load --connections "$connections" --rates "$rates" --seconds "$seconds" --warmup "$warmup" "$@") | keep "$name" Vigil.Bench
    capture_end "$2"
  fi
  [ "${MQTTJS:-1}" = 0 ] && return
  local rate
  for rate in ${rates//,/ }; do
    echo "-- generator: MQTT.js $(mqttjs_version), $rate/s"
    capture_start "$name-mqttjs-$rate" "$2"
    (pin_generator; mqttjs_load --connections "$connections" --rate "$rate" --seconds "$seconds" --warmup "$warmup" "$@") | keep "$name" MQTT.js
    capture_end "$2"
  done
}
# pin_generator: with PIN set, this subshell and what it starts run on core 1 only. on_broker_core: the command before a
# broker's (core 0 with PIN set).
pin_generator() { [ -z "${PIN:-}" ] || taskset -pc 1 "$BASHPID" >/dev/null; }
on_broker_core=()
on_generator_core=()
[ -n "${PIN:-}" ] && on_broker_core=(taskset -c 0) && on_generator_core=(taskset -c 1)
# capture_start LABEL PORT / capture_end PORT: with CAPTURE set, tcpdump on the broker's port around one generator's run.
capture_start() {
  [ -z "${CAPTURE:-}" ] && return
  mkdir -p "$CAPTURE"
  capture_file=$CAPTURE/$1-round$round.pcap
  export VIGIL_BENCH_RECEIPTS=$CAPTURE/$1-round$round.receipts  # each generator's measured messages, for timeline.py
  "${on_generator_core[@]}" tcpdump -i lo -s 0 -B 262144 --time-stamp-precision=nano -w "$capture_file" "tcp port $2" 2>/dev/null & capture_pid=$!
  sleep 1
}
capture_end() {
  [ -z "${CAPTURE:-}" ] && return
  kill -INT "$capture_pid"; wait "$capture_pid" 2>/dev/null || true
  echo "        where the time went (capture $capture_file):"
  python3 bench/broker/timeline.py "$capture_file" "$1" "$VIGIL_BENCH_RECEIPTS"
  unset VIGIL_BENCH_RECEIPTS
}

machine_line
echo "load: $connections connections × 10 subscriptions, QoS 1, rates $rates/s for ${seconds}s after ${warmup}s warm-up; load generators: Vigil.Bench and MQTT.js on the same machine; $rounds round(s)"

# --- mosquitto ---
mport=18830
printf 'listener %s 127.0.0.1\nallow_anonymous true\nmax_queued_messages 1000\n' "$mport" > "$data/mosquitto.conf"
run_mosquitto() {
  "${on_broker_core[@]}" mosquitto -c "$data/mosquitto.conf" >"$data/mosquitto.log" 2>&1 &
  mosquitto_pid=$!
  sleep 1
  echo "== mosquitto $(mosquitto -h | sed -n '1s/.*version //p')"
  bench mosquitto --port "$mport" --pid "$mosquitto_pid"
  kill "$mosquitto_pid"; wait "$mosquitto_pid" 2>/dev/null || true
}

# --- Vigil (Production mode, plain TCP allowed as behind a TLS proxy, phones with HS256 tokens of a trusted issuer) ---
vport=18831
mapfile -t secrets < <(production_secrets "$data")
jwt_secret=$(head -c 32 /dev/urandom | base64)
mapfile -t broker < <(broker_settings "$jwt_secret")
common=(--environment=Production --Vigil:DataDirectory="$data/vigil" "${secrets[@]}" --Logging:LogLevel:Default=Warning)
vigil_dll=${VIGIL_DLL:-src/Vigil/bin/Release/net10.0/vigil.dll}  # VIGIL_DLL: another build, for A/B runs
key=$(dotnet "$vigil_dll" handler-key create --name bench "${common[@]}" 2>/dev/null | grep '^vgh_')
# One Vigil run: a name for the summary, a label, extra environment, extra configuration, and the command (serve by
# default; broker is the MQTT-only node, which has no HTTP port and says when it listens).
run_vigil() {
  local command=${5:-serve}
  local http=(--urls http://127.0.0.1:18080)
  [ "$command" = broker ] && http=()
  env $3 "${on_broker_core[@]}" dotnet "$vigil_dll" "$command" "${common[@]}" "${http[@]}" \
    --Vigil:Broker:TcpPort=$vport "${broker[@]}" $4 >"$data/vigil.log" 2>&1 &
  vigil_pid=$!
  if [ "$command" = broker ]; then
    for _ in $(seq 1 150); do grep -q '^Vigil broker listening on' "$data/vigil.log" && break; sleep 0.2; done
  else
    wait_healthy http://127.0.0.1:18080
  fi
  # VIGIL_IDLE=SECONDS: the process first runs that long without load. For its first minutes a new process still
  # JIT-compiles the code its background jobs call every 10-30 s (docs/benchmarks.md, "The first minutes of a process").
  if [ -n "${VIGIL_IDLE:-}" ]; then sleep "$VIGIL_IDLE"; fi
  gc_trace_start "$vigil_pid"
  echo "== Vigil $(git rev-parse --short HEAD) $2$([ -n "${VIGIL_IDLE:-}" ] && echo ", after ${VIGIL_IDLE}s idle")"
  bench "$1" --port "$vport" --pid "$vigil_pid" --jwt-secret "$jwt_secret" --handler-key "$key"
  kill "$vigil_pid"; wait "$vigil_pid" 2>/dev/null || true
  gc_trace_end
}
# gc_trace_start PID / gc_trace_end: with GC_TRACE set, the process's garbage collections from start to exit.
gc_trace_start() {
  [ -z "${GC_TRACE:-}" ] && return
  gc_trace_file=$data/gc-$1.nettrace
  (pin_generator; "$(dotnet_trace)" collect -p "$1" --profile gc-collect -o "$gc_trace_file" >/dev/null 2>&1) & gc_trace_pid=$!
}
gc_trace_end() {
  [ -z "${GC_TRACE:-}" ] && return
  wait "$gc_trace_pid" 2>/dev/null || true
  echo "        GC pauses of this Vigil process (UTC):"
  dotnet bench/Vigil.Bench/bin/Release/net10.0/Vigil.Bench.dll gc-pauses "$gc_trace_file" --over 5
}
# run_broker NAME: one broker's turn of a round.
run_broker() {
  case $1 in
    mosquitto) run_mosquitto ;;
    serve) run_vigil serve "(default)" "${VIGIL_ENV:-}" "${VIGIL_EXTRA:-}" ;;
    kestrel) run_vigil kestrel "(Vigil:Broker:TcpTransport=Kestrel)" "${VIGIL_ENV:-}" "--Vigil:Broker:TcpTransport=Kestrel ${VIGIL_EXTRA:-}" ;;
    inline) run_vigil inline "(Vigil:Broker:InlineSocketIo=true)" "${VIGIL_ENV:-}" "--Vigil:Broker:InlineSocketIo=true ${VIGIL_EXTRA:-}" ;;
    node) run_vigil node "(vigil broker)" "${VIGIL_ENV:-}" "${VIGIL_EXTRA:-}" broker ;;
    node-gen0) run_vigil node-gen0 "(vigil broker, DOTNET_GCgen0size=$NODE_GEN0)" "DOTNET_GCgen0size=$NODE_GEN0 ${VIGIL_ENV:-}" "${VIGIL_EXTRA:-}" broker ;;
  esac
}

# The brokers of a run. ONLY=vigil or ONLY=mosquitto runs one side (for quick iterations; published figures always
# run both). SKIP_SERVE=1 leaves out vigil serve's default mode; SKIP_KESTREL=1 the plain TCP port on Kestrel's sockets
# instead of Vigil's event loop (the default before 2026-12-01); SKIP_INLINE=1 InlineSocketIo (vigil serve with
# Kestrel's socket I/O inline on one event thread, docs/operations.md); SKIP_NODE=1 vigil broker, the MQTT-only node
# (the same broker without Kestrel, the HTTP APIs or the portal). NODE_GEN0=SIZE adds vigil broker with that gen0
# budget (DOTNET_GCgen0size, hex bytes; docs/operations.md).
brokers=()
[ "${ONLY:-}" != vigil ] && brokers+=(mosquitto)
if [ "${ONLY:-}" != mosquitto ]; then
  [ -z "${SKIP_SERVE:-}" ] && brokers+=(serve)
  [ -z "${SKIP_KESTREL:-}" ] && brokers+=(kestrel)
  [ -z "${SKIP_INLINE:-}" ] && brokers+=(inline)
  [ -z "${SKIP_NODE:-}" ] && brokers+=(node)
  [ -n "${NODE_GEN0:-}" ] && brokers+=(node-gen0)
fi
for round in $(seq "$rounds"); do
  [ "$rounds" -gt 1 ] && echo "=== round $round of $rounds"
  for i in "${!brokers[@]}"; do
    run_broker "${brokers[$(( (i + round - 1) % ${#brokers[@]} ))]}"
  done
done

# Over several rounds: each broker's median per generator and rate, and in how many rounds its p99 was at or under
# mosquitto's p99 of the same round (a slow moment of the machine falls on one round's brokers more alike).
if [ "$rounds" -gt 1 ]; then
  echo "=== medians over $rounds rounds"
  echo "broker     generator    rate/s  p50 ms  p99 ms  max ms  cpu s/1000 msg  p99 <= mosquitto's"
  awk '
    function median(list,   n, a, i, j, t) {
      n = split(list, a, " ")
      for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++) if (a[j] + 0 < a[i] + 0) { t = a[i]; a[i] = a[j]; a[j] = t }
      return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
    }
    { k = $1 " " $2 " " $3; keys[k] = 1; p50[k] = p50[k] " " $5; p99[k] = p99[k] " " $6; mx[k] = mx[k] " " $7; cpu[k] = cpu[k] " " $8
      round99[$1 " " $2 " " $3 " " $4] = $6 }
    END {
      for (k in keys) {
        split(k, f, " "); under = "n/a"
        if (f[1] != "mosquitto") {
          n = 0; m = 0
          for (r = 1; r <= '"$rounds"'; r++) {
            own = f[1] " " f[2] " " f[3] " " r; ref = "mosquitto " f[2] " " f[3] " " r
            if ((own in round99) && (ref in round99)) { m++; if (round99[own] + 0 <= round99[ref] + 0) n++ }
          }
          if (m) under = n " of " m
        }
        printf "%-10s %-12s %6s  %6.1f  %6.1f  %6.1f  %14.4f  %s\n", f[1], f[2], f[3], median(p50[k]), median(p99[k]), median(mx[k]), median(cpu[k]), under
      }
    }' "$results" | sort
fi
