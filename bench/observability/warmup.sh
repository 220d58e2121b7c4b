#!/usr/bin/env bash
# How long a fresh server takes to reach its steady CPU per request, pinned to one core: `vigil serve` (Production,
# metrics on, broker off) on core 1 under wrk on core 0 (GET /auth/me, an app user's token) from the moment it is
# healthy, every 4 s: requests/s, CPU-µs per request, and the JIT's compilation time and methods (from /metrics). Once
# with the runtime's own tiering delay for a one-processor process (DOTNET_TC_DelaySingleProcMultiplier=10, its
# default) and once as the other bench scripts run their pinned processes (1, bench/lib.sh).
# Usage: bench/observability/warmup.sh [seconds-under-load]
set -euo pipefail
cd "$(dirname "$0")/../.."
source bench/lib.sh
seconds=${1:-60}
work=$(mktemp -d)
command -v wrk >/dev/null || { echo "wrk is missing: apt-get install wrk" >&2; exit 1; }
pids=()
trap 'kill "${pids[@]}" 2>/dev/null || true; rm -rf "$work"' EXIT
dotnet build -c Release src/Vigil -v quiet -nologo >/dev/null
mapfile -t secrets < <(production_secrets "$work")
url=http://127.0.0.1:5193

# probe: requests to /auth/me so far, JIT seconds, JIT-compiled methods (the runtime's counters on /metrics).
probe() {
  curl -sf "$url/metrics" | awk '/^http_server_request_duration_seconds_count.*auth\/me/ {r += $NF}
    /^dotnet_jit_compilation_time_seconds_total/ {j = $NF} /^dotnet_jit_compiled_methods_total/ {m = $NF}
    END {printf "%d %.3f %d\n", r, j, m}'
}

# run MULTIPLIER: one fresh server under load for $seconds, a line every 4 s.
run() {
  rm -rf "$work/data"
  DOTNET_TC_DelaySingleProcMultiplier=$1 taskset -c 1 dotnet src/Vigil/bin/Release/net10.0/vigil.dll serve --urls "$url" \
    --environment=Production "${secrets[@]}" --Logging:LogLevel:Default=Warning --Vigil:Broker:Enabled=false \
    --Vigil:DataDirectory="$work/data" >"$work/server.log" 2>&1 &
  local server=$! started; pids+=($server)
  started=$(date +%s.%N)
  wait_healthy "$url"
  local token; token=$(curl -sf -X POST "$url/auth/login" -d '{"prefecture": 13}' | sed -E 's/.*"token":"([^"]+)".*/\1/')
  taskset -c 0 wrk -t1 -c64 -d"${seconds}s" -H "Authorization: Bearer $token" "$url/auth/me" >/dev/null & local load=$!
  echo "DOTNET_TC_DelaySingleProcMultiplier=$1 (seconds since start: requests/s, CPU-µs per request, JIT ms, methods compiled)"
  local r0 j0 m0 c0 r j m c
  read -r r0 j0 m0 < <(probe); c0=$(cpu "$server")
  for _ in $(seq 1 $((seconds / 4))); do
    sleep 4
    read -r r j m < <(probe); c=$(cpu "$server")
    [ "$r" -gt "$r0" ] && printf '  %4.0f s  %6d req/s  %6.1f µs  %5.0f ms  %5d\n' "$(echo "$(date +%s.%N) - $started" | bc)" \
      $(((r - r0) / 4)) "$(echo "($c - $c0) * 10000 / ($r - $r0)" | bc -l)" "$(echo "($j - $j0) * 1000" | bc -l)" $((m - m0))
    r0=$r; j0=$j; m0=$m; c0=$c
  done
  wait "$load" 2>/dev/null || true
  kill "$server"; wait "$server" 2>/dev/null || true
}

machine_line
run 10
run 1
