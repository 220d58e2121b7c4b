#!/usr/bin/env bash
# Identity throughput on this machine: bare ping vs token validation vs token issuance, one server, one run.
# Usage: bench/identity/run.sh [duration-seconds] [connections]   (VIGIL_ENV: extra environment for both servers, for A/B runs)
set -euo pipefail
cd "$(dirname "$0")/../.."
duration=${1:-15}
connections=${2:-64}
port=5080
data=$(mktemp -d)
command -v wrk >/dev/null || { echo "wrk is missing: apt-get install wrk" >&2; exit 1; }

source bench/lib.sh
dotnet build -c Release src/Vigil -v quiet -nologo >/dev/null
mapfile -t secrets < <(production_secrets "$data")
start_server() { # $1 = port, $2 = validated-token cache size
  env ${VIGIL_ENV:-} dotnet src/Vigil/bin/Release/net10.0/vigil.dll serve --environment=Production --urls "http://127.0.0.1:$1" \
    --Vigil:DataDirectory="$data/$1" "${secrets[@]}" --Vigil:Tokens:ValidatedTokenCacheSize="$2" \
    --Vigil:RateLimits:login:PermitLimit=1000000000 --Vigil:Broker:Enabled=false --Logging:LogLevel:Default=Warning >"$data/server-$1.log" 2>&1 &
  echo $!
}
server=$(start_server $port 100000)
uncached_port=$((port + 1))
uncached=$(start_server $uncached_port 0)
trap 'kill $server $uncached 2>/dev/null || true; rm -rf "$data"' EXIT
wait_healthy "http://127.0.0.1:$port"
wait_healthy "http://127.0.0.1:$uncached_port"

token=$(curl -sf -X POST "http://127.0.0.1:$port/auth/login" -d '{"prefecture": 13}' | sed -E 's/.*"token":"([^"]+)".*/\1/')
curl -sf -H "Authorization: Bearer $token" "http://127.0.0.1:$port/auth/me" >/dev/null

rps() { wrk -t1 -c"$connections" -d"${duration}s" --latency "$@" | tee -a "$data/wrk.txt" | awk '/Requests\/sec/ {print $2}'; }
# Warm up the JIT on every path first.
wrk -t1 -c16 -d3s "http://127.0.0.1:$port/services/ping" >/dev/null
wrk -t1 -c16 -d3s -H "Authorization: Bearer $token" "http://127.0.0.1:$port/auth/me" >/dev/null
wrk -t1 -c16 -d3s -s bench/identity/login.lua "http://127.0.0.1:$port/auth/login" >/dev/null

ping=$(rps "http://127.0.0.1:$port/services/ping")
validate=$(rps -H "Authorization: Bearer $token" "http://127.0.0.1:$port/auth/me")
login=$(rps -s bench/identity/login.lua "http://127.0.0.1:$port/auth/login")
# The same validation with the verified-token cache off: every request pays a full ES256 verification.
wrk -t1 -c16 -d3s -H "Authorization: Bearer $token" "http://127.0.0.1:$uncached_port/auth/me" >/dev/null
kill "$server"; wait "$server" 2>/dev/null || true
uncached_validate=$(rps -H "Authorization: Bearer $token" "http://127.0.0.1:$uncached_port/auth/me")

machine_line
echo "duration: ${duration}s  connections: $connections  wrk threads: 1  database: sqlite"
printf '%-40s %10s req/s\n' "GET /services/ping" "$ping"
printf '%-40s %10s req/s  (%.2f of ping)\n' "GET /auth/me (ES256 validation)" "$validate" "$(echo "$validate / $ping" | bc -l)"
printf '%-40s %10s req/s  (%.2f of ping)\n' "GET /auth/me, cache off (full ES256)" "$uncached_validate" "$(echo "$uncached_validate / $ping" | bc -l)"
printf '%-40s %10s req/s  (%.2f of ping)\n' "POST /auth/login (user + 2 ES256 signs)" "$login" "$(echo "$login / $ping" | bc -l)"
