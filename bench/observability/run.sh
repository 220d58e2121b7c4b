#!/usr/bin/env bash
# Metrics and tracing on vs off, one run: five Production servers from the same build — telemetry off
# (Vigil:Metrics:Enabled=false), metrics (the default without an OTLP endpoint), metrics + traces exported over
# OTLP to a local sink with the default sampling (one new trace in a hundred), the same with metrics only scraped
# (OTEL_METRICS_EXPORTER=none), and the same with every request traced (Vigil:Metrics:TraceSampleRatio=1) — under the same wrk load on GET /auth/me and cached GET /retrieve (today),
# alternated over ROUNDS rounds (default 2; SERVERS picks some of them), or with TOGETHER=1 all loaded at once, each by its own wrk. The servers run on the second core and wrk and the OTLP sink on the
# first (taskset), so that a server's throughput is what one core gives it rather than its share of the scheduler;
# then the broker scenario of bench/broker/run.sh for each of the three. SERVERS may add off2, metrics2, traces2 and
# scraped2, a second process of that setting (the spread between two processes of one setting), and FRESH=1 starts
# every server afresh each round (give it WARM=15 or more: with the tiering setting of bench/lib.sh a new process
# needs about 12 s under load before its JIT has settled; bench/observability/warmup.sh). Every server has run MIN_AGE
# seconds (default 150) before it is measured (warm_up below). Servers with metrics also report the bytes they
# allocate per request, which, unlike CPU time, two processes of one setting agree on, and the time each window spent
# compiling.
# Usage: bench/observability/run.sh [http-seconds] [broker-seconds] [broker-connections]
set -euo pipefail
cd "$(dirname "$0")/../.."
source bench/lib.sh
seconds=${1:-10}
broker_seconds=${2:-30}
broker_connections=${3:-5000}
rounds=${ROUNDS:-2}
work=$(mktemp -d)
command -v wrk >/dev/null || { echo "wrk is missing: apt-get install wrk" >&2; exit 1; }
pids=()
trap 'kill "${pids[@]}" 2>/dev/null || true; rm -rf "$work"' EXIT

dotnet build -c Release src/Vigil -v quiet -nologo >/dev/null
dotnet build -c Release bench/Vigil.Bench -v quiet -nologo >/dev/null
vigil=(dotnet src/Vigil/bin/Release/net10.0/vigil.dll)
mapfile -t secrets < <(production_secrets "$work")
sink_port=4318
otlp_sink "$sink_port"
pids+=($!)

# SERVERS="off traces": only those (off is always among them), so that the servers of a round are measured seconds
# apart and no idle server shares their core.
read -r -a names <<<"${SERVERS:-off metrics traces scraped all}"
[[ " ${names[*]} " == *" off "* ]] || names=(off "${names[@]}")
wanted() { [[ " ${names[*]} " == *" $1 "* ]]; }
declare -A pid port token retrieve
base=(--environment=Production "${secrets[@]}" --Logging:LogLevel:Default=Warning --Vigil:Broker:Enabled=false)
# One data directory seeded once (a staff account, an API key, a few seconds of uploads), copied for each server,
# so that all three serve the same keys.
echo 'a long passphrase for the bench' | "${vigil[@]}" admin create --email "bench@example.org" --role super_admin "${base[@]}" --Vigil:DataDirectory="$work/seed" >/dev/null
api_key=$("${vigil[@]}" apikey create --region 302 --name bench "${base[@]}" --Vigil:DataDirectory="$work/seed" 2>/dev/null | grep '^vgk_')
"${vigil[@]}" serve --urls http://127.0.0.1:5090 "${base[@]}" --Vigil:DataDirectory="$work/seed" >"$work/server-seed.log" 2>&1 &
seed=$!; pids+=($seed)
wait_healthy http://127.0.0.1:5090
dotnet bench/Vigil.Bench/bin/Release/net10.0/Vigil.Bench.dll flows --url http://127.0.0.1:5090 --api-key "$api_key" --concurrency 4 --seconds 3 --warmup 0 >/dev/null
kill "$seed"; wait "$seed" 2>/dev/null || true
hmac_key=$("${vigil[@]}" keys show --retrieval-hmac-key "${base[@]}" --Vigil:DataDirectory="$work/seed")
start() { # $1 = name, $2 = port, $3.. = extra settings
  wanted "$1" || return 0
  local name=$1; port[$1]=$2; shift 2
  rm -rf "${work:?}/$name"; cp -r "$work/seed" "$work/$name"
  env ${OTLP_ENV:-} taskset -c 1 "${vigil[@]}" serve --urls "http://127.0.0.1:${port[$name]}" "${base[@]}" --Vigil:DataDirectory="$work/$name" "$@" >"$work/server-$name.log" 2>&1 &
  pid[$name]=$!; pids+=($!)
  wait_healthy "http://127.0.0.1:${port[$name]}"
  token[$name]=$(curl -sf -X POST "http://127.0.0.1:${port[$name]}/staff/login" -d '{"email":"bench@example.org","password":"a long passphrase for the bench"}' | sed -E 's/.*"token":"([^"]+)".*/\1/')
  local day hour hmac
  day=$(( $(date +%s) / 86400 )); hour=$(( $(date +%s) / 3600 ))
  hmac=$(printf '302:%05d:%d' "$day" "$hour" | openssl dgst -sha256 -mac HMAC -macopt "hexkey:$hmac_key" | awk '{print $NF}')
  retrieve[$name]="http://127.0.0.1:${port[$name]}/retrieve/302/$(printf '%05d' "$day")/$hmac"
}
# start_all: every wanted server, each on a fresh copy of the seed. off2 is a second telemetry-off process: what two
# processes of one setting differ by in the same run (JIT and memory layout differ between processes).
start_all() {
  start off 5091 --Vigil:Metrics:Enabled=false
  start off2 5097 --Vigil:Metrics:Enabled=false
  start metrics 5092
  start metrics2 5098
  # Metrics with ASP.NET Core's active-requests gauge, off by default since it costs two measurements a request (SERVERS=active).
  start active 5096 --Vigil:Metrics:ActiveRequests=true
  local otlp="OTEL_EXPORTER_OTLP_ENDPOINT=http://127.0.0.1:$sink_port OTEL_EXPORTER_OTLP_PROTOCOL=http/protobuf"
  OTLP_ENV=$otlp start traces 5093
  OTLP_ENV=$otlp start traces2 5099
  # The same, but metrics only scraped (OTEL_METRICS_EXPORTER=none: no OTLP metric reader beside Prometheus's).
  OTLP_ENV="$otlp OTEL_METRICS_EXPORTER=none" start scraped 5095
  OTLP_ENV="$otlp OTEL_METRICS_EXPORTER=none" start scraped2 5100
  OTLP_ENV=$otlp start all 5094 \
    --Vigil:Metrics:TraceSampleRatio=1
}
stop_all() {
  local name
  for name in "${names[@]}"; do kill "${pid[$name]}" 2>/dev/null || true; wait "${pid[$name]}" 2>/dev/null || true; done
}
start_all
for name in "${names[@]}"; do
  echo "$name: today's export is $(curl -sf "${retrieve[$name]}" | wc -c) bytes"
done

# runtime_totals NAME -> "bytes jit-seconds": what the server's process has allocated and spent compiling so far (the
# runtime's own counters, on /metrics), or nothing for a server without metrics. Unlike CPU time, the bytes do not
# depend on how the process was JIT-compiled; the compiling time is CPU a window spent on code rather than requests.
runtime_totals() {
  curl -sf "http://127.0.0.1:${port[$1]}/metrics" 2>/dev/null | awk '
    /^dotnet_gc_heap_total_allocated_bytes_total/ {bytes = $2}
    /^dotnet_jit_compilation_time_seconds_total/ {jit = $2}
    END {if (bytes != "") printf "%.0f %s\n", bytes, jit}' || true
}
# wrk_args NAME ENDPOINT: wrk's arguments for one server and endpoint.
wrk_args() {
  local args=(-t1 -c64 -d"${duration}s")
  if [ "$2" = me ]; then args+=(-H "Authorization: Bearer ${token[$1]}" "http://127.0.0.1:${port[$1]}/auth/me"); else args+=("${retrieve[$1]}"); fi
  printf '%s\n' "${args[@]}"
}
# rate NAME WRK-OUTPUT CPU-TICKS -> "req/s cpu-ms-per-1000-requests"
rate() {
  if grep -q "Non-2xx" <<<"$2"; then echo "non-2xx answers from $1: $(grep Non-2xx <<<"$2")" >&2; exit 1; fi
  local rps; rps=$(awk '/Requests\/sec/ {print $2}' <<<"$2")
  echo "$rps $(echo "$3 * 10 / ($rps * $duration / 1000)" | bc -l)"
}
# measure NAME ENDPOINT -> "req/s cpu-ms-per-1000-requests bytes-allocated-per-request jit-ms" (the last two "-"
# without metrics; jit-ms: the window's time spent compiling, part of its CPU)
measure() {
  local before out args totals requests
  mapfile -t args < <(wrk_args "$1" "$2")
  totals=$(runtime_totals "$1")
  before=$(cpu "${pid[$1]}")
  out=$(taskset -c 0 wrk "${args[@]}")
  requests=$(awk '/requests in/ {print $1}' <<<"$out")
  if [ -n "$totals" ]; then
    totals=$(awk -v r="$requests" 'NR == 1 {b = $1; j = $2} NR == 2 {printf "%d %.1f\n", ($1 - b) / r, ($2 - j) * 1000}' <(echo "$totals") <(runtime_totals "$1"))
  else
    totals="- -"
  fi
  echo "$(rate "$1 $2" "$out" "$(( $(cpu "${pid[$1]}") - before ))") $totals"
}
# measure_together ENDPOINT -> one "name req/s cpu-ms" line per server: every server under its own wrk at the same
# time, all on the one core, so that a slow moment of the machine falls on all of them alike (TOGETHER=1).
measure_together() {
  local name args wrk_pids=(); declare -A before
  for name in "${names[@]}"; do before[$name]=$(cpu "${pid[$name]}"); done
  for name in "${names[@]}"; do
    mapfile -t args < <(wrk_args "$name" "$1")
    taskset -c 0 wrk "${args[@]}" >"$work/wrk-$name" & wrk_pids+=($!)
  done
  wait "${wrk_pids[@]}"
  for name in "${names[@]}"; do
    echo "$name $(rate "$name $1" "$(cat "$work/wrk-$name")" "$(( $(cpu "${pid[$name]}") - before[$name] ))") - -"
  done
}
duration=$seconds  # of one wrk run
# warm_up [ROUND]: each server alone for about WARM seconds (default: a measurement's) per endpoint, in an order rotated
# with the round, then, with TOGETHER, a while all at once; then a rest until every server has run MIN_AGE seconds
# (default 150). A traced server compiles its OTLP exporters' code around its first metric exports, 60 and 120 s after
# it starts (up to a second of compiling on this VM, once; the "ms compiling" column), and a measurement that fell
# there counted that one-time compiling as the cost of tracing each request.
warm_up() {
  local name i what
  for i in "${!names[@]}"; do
    name=${names[$(( (i + ${1:-1} - 1) % ${#names[@]} ))]}
    # In runs as long as a measurement's, each opening its connections anew as a measurement does, so that the
    # connection set-up code is optimized before the first measured window rather than during it.
    for what in me retrieve; do
      for _ in $(seq $(( (${WARM:-$seconds} + seconds - 1) / seconds ))); do measure "$name" "$what" >/dev/null; done
    done
  done
  # Servers sharing a core also share its time for tiered compilation: about a minute under load before their figures settle.
  if [ -n "${TOGETHER:-}" ]; then
    for _ in $(seq $(( 30 / seconds + 1 ))); do measure_together me >/dev/null; measure_together retrieve >/dev/null; done
  fi
  local youngest
  youngest=$(ps -o etimes= -p "$(IFS=,; echo "${pid[*]}")" | sort -n | head -1)
  [ "$youngest" -ge "${MIN_AGE:-150}" ] || sleep $(( ${MIN_AGE:-150} - youngest ))
}
warm_up

machine_line
echo "http: wrk -t1 -c64, ${seconds}s per measurement, $rounds rounds $([ -n "${TOGETHER:-}" ] && echo "with all servers loaded at once" || echo "alternating the servers")$([ -n "${FRESH:-}" ] && echo ", fresh processes every round"); database: sqlite; build: $(git rev-parse --short HEAD)"
results=$work/results  # lines: what name round rps cpu-ms
# record ROUND ENDPOINT NAME RPS CPU-MS BYTES JIT-MS: prints one measurement and keeps it for the summary.
record() {
  printf 'round %d %-9s %-8s %10.0f req/s  %6.1f CPU-ms per 1,000 requests  %6s bytes allocated per request  %6s ms compiling\n' "$1" "$2" "$3" "$4" "$5" "$6" "$7"
  echo "$2 $3 $1 $4 $5 $6 $7" >>"$results"
}
for round in $(seq "$rounds"); do
  # FRESH=1: new processes every round, so that one process's JIT and memory layout is not counted as its setting's.
  if [ -n "${FRESH:-}" ] && [ "$round" -gt 1 ]; then stop_all; start_all; warm_up "$round"; fi
  for what in me retrieve; do
    if [ -n "${TOGETHER:-}" ]; then
      while read -r name rps cpu_ms bytes jit; do record "$round" "$what" "$name" "$rps" "$cpu_ms" "$bytes" "$jit"; done < <(measure_together "$what")
      continue
    fi
    # The servers take turns in a different order each round, so that none is always measured first.
    for i in "${!names[@]}"; do
      name=${names[$(( (i + round - 1) % ${#names[@]} ))]}
      read -r rps cpu_ms bytes jit <<<"$(measure "$name" "$what")"
      record "$round" "$what" "$name" "$rps" "$cpu_ms" "$bytes" "$jit"
    done
  done
done
# Relative to off: the ratio of the sums over all rounds, and the median of the rounds' own ratios.
python3 - "$results" "$seconds" <<'PY'
import sys, statistics, collections
rows = [line.split() for line in open(sys.argv[1])]
value = {(w, n, r): (float(rps), float(cpu)) for w, n, r, rps, cpu, _, _ in rows}
allocated = collections.defaultdict(list)
for w, n, _, _, _, b, _ in rows:
    if b != '-':
        allocated[w, n].append(int(b))
rounds = sorted({r for _, _, r, _, _, _, _ in rows})
servers = lambda what, names: [n for n in names if (what, n, rounds[0]) in value]
others = ('off2', 'metrics', 'metrics2', 'active', 'traces', 'traces2', 'scraped', 'scraped2', 'all')
for what in ('me', 'retrieve'):
    for name in servers(what, others):
        tput = [value[what, name, r][0] / value[what, 'off', r][0] for r in rounds]
        cpu = [value[what, name, r][1] / value[what, 'off', r][1] for r in rounds]
        total = lambda n, k: sum(value[what, n, r][k] for r in rounds)
        print(f"{what:8} {name:8} throughput {total(name, 0) / total('off', 0):.3f} of off (median of rounds {statistics.median(tput):.3f}), "
              f"CPU per request {total(name, 1) / total('off', 1):.3f} of off (median {statistics.median(cpu):.3f})")
# Bytes allocated per request (servers with metrics): the same work per request whatever the JIT made of it.
for (what, name), values in sorted(allocated.items()):
    print(f"{what:8} {name:8} allocated {statistics.mean(values):.0f} bytes per request (rounds {min(values)}-{max(values)})")
# Time spent compiling within the windows (servers with metrics), and their CPU per request without it: a young
# process, or one that compiles code the others never run, spends part of a window on the JIT rather than requests.
compiling = collections.defaultdict(list)
for w, n, r, rps, cpu, _, jit in rows:
    if jit != '-':
        requests = float(rps) * float(sys.argv[2])
        compiling[w, n].append((float(jit), float(cpu) - float(jit) * 1000 / requests))
for (what, name), values in sorted(compiling.items()):
    jit = [v[0] for v in values]
    print(f"{what:8} {name:8} compiling {statistics.mean(jit):.0f} ms per window (rounds {min(jit):.0f}-{max(jit):.0f}); "
          f"CPU per request without it {statistics.mean(v[1] for v in values):.1f} CPU-ms per 1,000")
# With off2: each server's mean over the rounds relative to the mean of both off processes, and its rounds' range.
if any(n == 'off2' for _, n, _ in value):
    for what in ('me', 'retrieve'):
        pooled = [value[what, n, r] for n in ('off', 'off2') for r in rounds]
        base = [statistics.mean(v[k] for v in pooled) for k in (0, 1)]
        for name in servers(what, ('off',) + others):
            own = [value[what, name, r] for r in rounds]
            cpu = [v[1] for v in own]
            print(f"{what:8} {name:8} mean throughput {statistics.mean(v[0] for v in own) / base[0]:.3f} and CPU per request "
                  f"{statistics.mean(cpu) / base[1]:.3f} of both off processes' mean (rounds {min(cpu):.1f}-{max(cpu):.1f} CPU-ms per 1,000)")
    # A setting with two processes (metrics2, traces2, scraped2) against both off processes, round by round: a round
    # measures one endpoint on every server in turn, so a slow spell of the machine falls on both sides of a ratio.
    pair = lambda what, names, r, k: statistics.mean(value[what, n, r][k] for n in names)
    for name in ('metrics', 'traces', 'scraped'):
        for what in ('me', 'retrieve'):
            if (what, name + '2', rounds[0]) not in value:
                continue
            cpu = [pair(what, (name, name + '2'), r, 1) / pair(what, ('off', 'off2'), r, 1) for r in rounds]
            tput = [pair(what, (name, name + '2'), r, 0) / pair(what, ('off', 'off2'), r, 0) for r in rounds]
            print(f"{what:8} {name}+{name}2 against off+off2, by round: CPU per request {statistics.mean(cpu):.3f} (median {statistics.median(cpu):.3f}, "
                  f"over off in {sum(c > 1 for c in cpu)} of {len(cpu)} rounds), throughput {statistics.mean(tput):.3f} (median {statistics.median(tput):.3f})")
PY
kill "${pid[@]}" 2>/dev/null || true

[ -n "${SKIP_BROKER:-}" ] && exit 0
echo "== broker: bench/broker/run.sh $broker_seconds 5000 $broker_connections, Vigil only, default mode"
broker() { # $1 = label; the rest: environment for bench/broker/run.sh
  local label=$1; shift
  env ONLY=vigil ROUNDS=1 SKIP_INLINE=1 SKIP_KESTREL=1 SKIP_NODE=1 "$@" bench/broker/run.sh "$broker_seconds" 5000 "$broker_connections" 2>&1 | sed -n '/^== Vigil/,$p' | sed "s/(default)/($label)/" \
    || echo "the broker run ($label) failed"
}
broker "telemetry off" VIGIL_EXTRA="--Vigil:Metrics:Enabled=false"
broker "metrics"
broker "metrics + traces" VIGIL_ENV="OTEL_EXPORTER_OTLP_ENDPOINT=http://127.0.0.1:$sink_port OTEL_EXPORTER_OTLP_PROTOCOL=http/protobuf"
