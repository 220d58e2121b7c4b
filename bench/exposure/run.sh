#!/usr/bin/env bash
# Exposure key server on this machine, one run: flows/s on PostgreSQL, cached retrieval vs ping under wrk,
# and one day's export built from 1,400,000 stored keys (PostgreSQL and SQLite).
# Usage: bench/exposure/run.sh [flow-seconds] [export-keys]
set -euo pipefail
cd "$(dirname "$0")/../.."
source bench/lib.sh
flow_seconds=${1:-20}
export_keys=${2:-1400000}
work=$(mktemp -d)
chmod 755 "$work"
port=5090 pgport=5499 url=http://127.0.0.1:5090
trap 'kill ${server:-} 2>/dev/null || true; stop_postgres "$work/pg"; rm -rf "$work"' EXIT
command -v wrk >/dev/null || { echo "wrk is missing: apt-get install wrk" >&2; exit 1; }

dotnet build -c Release src/Vigil -v quiet -nologo >/dev/null
dotnet build -c Release bench/Vigil.Bench -v quiet -nologo >/dev/null
vigil=(dotnet src/Vigil/bin/Release/net10.0/vigil.dll)
bench=(dotnet bench/Vigil.Bench/bin/Release/net10.0/Vigil.Bench.dll)
pg=$(start_postgres "$work/pg" $pgport) || exit 1
mapfile -t secrets < <(production_secrets "$work")
config=(--environment=Production --Vigil:DataDirectory="$work/data" --Vigil:Database:Provider=postgres "--ConnectionStrings:Vigil=$pg" "${secrets[@]}" --Logging:LogLevel:Default=Warning)

"${vigil[@]}" migrate "${config[@]}" >/dev/null
api_key=$("${vigil[@]}" apikey create --region 302 --name bench "${config[@]}" 2>/dev/null | grep '^vgk_')
"${vigil[@]}" serve --no-migrate --urls "$url" "${config[@]}" --Vigil:Broker:Enabled=false >"$work/server.log" 2>&1 &
server=$!
wait_healthy "$url"
machine_line

# A modest day for the retrieval test: a few seconds of flows.
"${bench[@]}" flows --url "$url" --api-key "$api_key" --concurrency 4 --seconds 2 --warmup 0 >/dev/null
day=$(( $(date +%s) / 86400 )); hour=$(( $(date +%s) / 3600 ))
hmac_key=$("${vigil[@]}" keys show --retrieval-hmac-key "${config[@]}")
retrieve_url() { # $1 = day
  local hmac
  hmac=$(printf '302:%05d:%d' "$1" "$hour" | openssl dgst -sha256 -mac HMAC -macopt "hexkey:$hmac_key" | awk '{print $NF}')
  echo "$url/retrieve/302/$(printf '%05d' "$1")/$hmac"
}
today_url=$(retrieve_url $day); yesterday_url=$(retrieve_url $((day - 1)))
rps() { wrk -t1 -c64 -d15s "$@" | awk '/Requests\/sec/ {print $2}'; }
for u in "$url/services/ping" "$today_url" "$yesterday_url"; do wrk -t1 -c16 -d3s "$u" >/dev/null; done
ping=$(rps "$url/services/ping")
today_rps=$(rps "$today_url"); yesterday_rps=$(rps "$yesterday_url")
printf 'GET /services/ping: %s req/s\n' "$ping"
printf 'GET /retrieve today (cached partial day, %s bytes): %s req/s = %.2f of ping\n' "$(curl -sf "$today_url" | wc -c)" "$today_rps" "$(echo "$today_rps / $ping" | bc -l)"
printf 'GET /retrieve yesterday (finished day, %s bytes): %s req/s = %.2f of ping\n' "$(curl -sf "$yesterday_url" | wc -c)" "$yesterday_rps" "$(echo "$yesterday_rps / $ping" | bc -l)"

"${bench[@]}" flows --url "$url" --api-key "$api_key" --concurrency 32 --seconds "$flow_seconds"
kill $server; wait $server 2>/dev/null || true

echo "export build, PostgreSQL:"
psql -q -h 127.0.0.1 -p $pgport -U postgres -c 'CREATE DATABASE export' postgres
export_config=(--Vigil:DataDirectory="$work/pgexport" --Vigil:Database:Provider=postgres "--ConnectionStrings:Vigil=${pg/Database=postgres/Database=export}")
"${bench[@]}" export-seed --keys "$export_keys" "${export_config[@]}" | tail -1
"${bench[@]}" export-build "${export_config[@]}" --Vigil:Exposure:MaxKeysPerFile=2000000 | tail -4
echo "export build, SQLite:"
"${bench[@]}" export-seed --keys "$export_keys" --Vigil:DataDirectory="$work/sqlite" | tail -1
"${bench[@]}" export-build --Vigil:DataDirectory="$work/sqlite" --Vigil:Exposure:MaxKeysPerFile=2000000 | tail -4
