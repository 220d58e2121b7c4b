#!/usr/bin/env bash
# The cost of checking a staff token's security stamp: GET /auth/me with a staff access token on this
# build and on a baseline build (default: the commit before the check existed), side by side, one run.
# Usage: bench/identity/staff-check.sh [duration-seconds] [connections] [baseline-rev]
set -euo pipefail
cd "$(dirname "$0")/../.."
duration=${1:-15}
connections=${2:-64}
baseline=${3:-48eff6a}
data=$(mktemp -d)
command -v wrk >/dev/null || { echo "wrk is missing: apt-get install wrk" >&2; exit 1; }
source bench/lib.sh

git worktree add -q --detach "$data/baseline" "$baseline"
dotnet build -c Release src/Vigil -v quiet -nologo >/dev/null
dotnet build -c Release "$data/baseline/src/Vigil" -v quiet -nologo >/dev/null
mapfile -t secrets < <(production_secrets "$data")
pids=()
trap 'kill "${pids[@]}" 2>/dev/null || true; git worktree remove --force "$data/baseline"; rm -rf "$data"' EXIT

start() { # $1 = build root, $2 = port
  echo 'a long passphrase for the bench' | dotnet "$1/src/Vigil/bin/Release/net10.0/vigil.dll" admin create --email "bench-$2@example.org" \
    --role super_admin --environment=Production --Vigil:DataDirectory="$data/$2" "${secrets[@]}" >/dev/null
  dotnet "$1/src/Vigil/bin/Release/net10.0/vigil.dll" serve --environment=Production --urls "http://127.0.0.1:$2" \
    --Vigil:DataDirectory="$data/$2" "${secrets[@]}" --Vigil:Broker:Enabled=false --Logging:LogLevel:Default=Warning >"$data/server-$2.log" 2>&1 &
  pids+=($!)
  wait_healthy "http://127.0.0.1:$2"
}
start . 5090
start "$data/baseline" 5091
token() { curl -sf -X POST "http://127.0.0.1:$1/staff/login" -d "{\"email\":\"bench-$1@example.org\",\"password\":\"a long passphrase for the bench\"}" | sed -E 's/.*"token":"([^"]+)".*/\1/'; }
current_token=$(token 5090)
baseline_token=$(token 5091)

rps() { wrk -t1 -c"$connections" -d"${duration}s" -H "Authorization: Bearer $2" "http://127.0.0.1:$1/auth/me" | awk '/Requests\/sec/ {print $2}'; }
wrk -t1 -c16 -d5s -H "Authorization: Bearer $current_token" "http://127.0.0.1:5090/auth/me" >/dev/null
wrk -t1 -c16 -d5s -H "Authorization: Bearer $baseline_token" "http://127.0.0.1:5091/auth/me" >/dev/null
# Alternate the two servers, twice each, so drift on the machine hits both alike.
results=()
for round in 1 2; do
  results+=("$(rps 5091 "$baseline_token")" "$(rps 5090 "$current_token")")
done

machine_line
echo "duration: ${duration}s  connections: $connections  wrk threads: 1  database: sqlite  baseline: $(git rev-parse --short "$baseline")"
for round in 0 1; do
  b=${results[$((round * 2))]}; c=${results[$((round * 2 + 1))]}
  printf 'round %d: baseline %10s req/s  stamp-checked %10s req/s  (%.3f of baseline)\n' $((round + 1)) "$b" "$c" "$(echo "$c / $b" | bc -l)"
done
