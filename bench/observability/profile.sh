#!/usr/bin/env bash
# Where telemetry's CPU goes, by a sampling profile rather than an A/B of throughput: three Production servers from
# one build (telemetry off, metrics — the default —, and metrics + traces exported over OTLP to a local sink at the
# default ratio) each under wrk on GET /auth/me with a staff token, each profiled by `perf record` (cpu-clock, call
# graphs, the runtime's perf map) while wrk loads it. Each profile's samples are then attributed to telemetry code
# two ways: by the innermost managed frame of the sample (self time, with the native helpers it calls) and by any
# frame of the call chain (inclusive, leaving out middleware that only passes the request on). Servers on the second core, wrk and the sink on the first, as run.sh does.
# Needs Debian's linux-perf and wrk. Usage: bench/observability/profile.sh [seconds] [frequency-hz]
set -euo pipefail
cd "$(dirname "$0")/../.."
source bench/lib.sh
seconds=${1:-12}
frequency=${2:-499}
command -v perf >/dev/null || { echo "perf is missing: apt-get install linux-perf" >&2; exit 1; }
command -v wrk >/dev/null || { echo "wrk is missing: apt-get install wrk" >&2; exit 1; }
work=$(mktemp -d); pids=()
trap 'kill "${pids[@]}" 2>/dev/null || true; rm -rf "$work" /tmp/perf-*.map' EXIT
dotnet build -c Release src/Vigil -v quiet -nologo >/dev/null
vigil=(dotnet src/Vigil/bin/Release/net10.0/vigil.dll)
mapfile -t secrets < <(production_secrets "$work")
otlp_sink 4318
pids+=($!)
base=(--environment=Production "${secrets[@]}" --Logging:LogLevel:Default=Warning --Vigil:Broker:Enabled=false)
echo 'a long passphrase for the bench' | "${vigil[@]}" admin create --email bench@example.org --role super_admin "${base[@]}" --Vigil:DataDirectory="$work/seed" >/dev/null
declare -A pid port token
start() { # NAME PORT SETTINGS…; OTLP_ENV: extra environment
  local name=$1; port[$name]=$2; shift 2
  cp -r "$work/seed" "$work/$name"
  # The perf map names JIT-compiled methods; W^X off so that perf sees their code where the map says it is.
  env DOTNET_PerfMapEnabled=1 DOTNET_EnableWriteXorExecute=0 ${OTLP_ENV:-} taskset -c 1 "${vigil[@]}" serve \
    --urls "http://127.0.0.1:${port[$name]}" "${base[@]}" --Vigil:DataDirectory="$work/$name" "$@" >"$work/server-$name.log" 2>&1 &
  pid[$name]=$!; pids+=($!)
  wait_healthy "http://127.0.0.1:${port[$name]}"
  token[$name]=$(curl -sf -X POST "http://127.0.0.1:${port[$name]}/staff/login" \
    -d '{"email":"bench@example.org","password":"a long passphrase for the bench"}' | sed -E 's/.*"token":"([^"]+)".*/\1/')
}
start off 5091 --Vigil:Metrics:Enabled=false
start metrics 5092
OTLP_ENV="OTEL_EXPORTER_OTLP_ENDPOINT=http://127.0.0.1:4318 OTEL_EXPORTER_OTLP_PROTOCOL=http/protobuf" start traces 5093
load() { taskset -c 0 wrk -t1 -c64 -d"$2s" -H "Authorization: Bearer ${token[$1]}" "http://127.0.0.1:${port[$1]}/auth/me" | awk '/Requests\/sec/ {print $2}'; }
for _ in 1 2; do for name in off metrics traces; do load "$name" 10 >/dev/null; done; done  # tiered compilation settles

# attribute < perf script output: the shares of samples in telemetry code, self and inclusive.
attribute() {
  python3 -c '
import re, sys
telemetry = re.compile(r"\[OpenTelemetry[\w.]*\]|HostingMetrics::|KestrelMetrics::|System\.Diagnostics\.Metrics\.|Vigil\.Infrastructure\.Observability\.|MqttBrokerTelemetry")
# ASP.NET Core makes an activity per request for log scopes whatever telemetry says (it is in the "off" profile too).
activity = re.compile(r"System\.Diagnostics\.Activity(Source)?::|HostingApplicationDiagnostics::(Start|Stop)Activity|ActivityTraceId::|System\.Diagnostics\.RandomNumberGenerator")
# Middleware that only passes a request on: below it is the whole request, so it is not counted inclusively.
passing = re.compile(r"ObservabilityExtensions\+|RequestTracing(\+|::InvokeAsync|::TracedAsync)")
managed = re.compile(r"\s\[[A-Za-z][\w.]*\]\s")
total = own = own_activity = inclusive = 0
chain = []
def sample():
    global total, own, own_activity, inclusive
    if not chain: return
    total += 1
    for frame in chain:
        if managed.search(frame):
            own += telemetry.search(frame) is not None
            own_activity += telemetry.search(frame) is None and activity.search(frame) is not None
            break
    inclusive += any(telemetry.search(frame) and not passing.search(frame) for frame in chain)
for line in sys.stdin:
    if not line.strip():
        sample(); chain.clear()
    elif line[0] in " \t":
        chain.append(line)
sample()
print(f"{total:7d} samples  telemetry self {own / total * 100:5.2f} %  inclusive {inclusive / total * 100:5.2f} %  request activity self {own_activity / total * 100:5.2f} %")'
}
machine_line
echo "GET /auth/me, wrk -t1 -c64; perf record -e cpu-clock -F $frequency -g for ${seconds}s of each server's load; build $(git rev-parse --short HEAD)"
for name in off metrics traces; do
  (sleep 2; perf record -e cpu-clock -F "$frequency" -g -p "${pid[$name]}" -o "$work/$name.data" -- sleep "$seconds" >/dev/null 2>&1) &
  profiler=$!
  rps=$(load "$name" $(( seconds + 4 )))
  wait "$profiler"
  printf '%-8s %9.0f req/s  %s\n' "$name" "$rps" "$(perf script -i "$work/$name.data" -F comm,tid,ip,sym 2>/dev/null | attribute)"
done
