#!/usr/bin/env bash
# Persistent sessions, one run: mosquitto 2.0.11 with `persistence true`, Vigil with its session log (the default)
# and Vigil with sessions in memory only, under the broker scenario with persistent subscribers (clean start off,
# session expiry 1 h), each with our generator and MQTT.js. Then Vigil's restart time with CONNECTIONS offline
# sessions × 10 subscriptions and RATE × SECONDS queued messages, after kill -9.
# Usage: bench/broker/persistence.sh [seconds] [rate] [connections]      e.g. bench/broker/persistence.sh 30 5000 5000
set -euo pipefail
cd "$(dirname "$0")/../.."
seconds=${1:-30}
rate=${2:-5000}
connections=${3:-5000}
warmup=${WARMUP:-10}
data=$(mktemp -d)
ulimit -n 20000
pids=()
trap 'kill "${pids[@]}" 2>/dev/null || true; rm -rf "$data"' EXIT
source bench/lib.sh
dotnet build -c Release src/Vigil -v quiet -nologo >/dev/null
mqtt_generators
load=(--connections "$connections" --seconds "$seconds" --warmup "$warmup" --persistent)
bench() { mqtt_load "${load[@]}" --rates "$rate" "$@"; }
mqttjs() { mqttjs_load "${load[@]}" --rate "$rate" "$@"; }
written() { awk '/^write_bytes/ {print $2}' "/proc/$1/io"; }
# measure PID ARGS…: both generators in turn, then the bytes the broker wrote per message over both runs.
measure() {
  local pid=$1; shift
  local before; before=$(written "$pid")
  echo "-- generator: Vigil.Bench"; bench --pid "$pid" "$@"
  echo "-- generator: MQTT.js $(mqttjs_version)"; mqttjs --pid "$pid" "$@"
  echo "bytes written to disk per message (both runs, warm-ups included): $(( ($(written "$pid") - before) / (2 * rate * (seconds + warmup)) ))"
}
machine_line
echo "load: $connections persistent sessions × 10 subscriptions, QoS 1, $rate/s for ${seconds}s after ${warmup}s warm-up"

mkdir -p "$data/mosquitto"
printf 'listener 18830 127.0.0.1\nallow_anonymous true\nmax_queued_messages 1000\npersistence true\npersistence_location %s/\n' "$data/mosquitto" > "$data/mosquitto.conf"
mosquitto -c "$data/mosquitto.conf" >"$data/mosquitto.log" 2>&1 &
mosquitto_pid=$!; pids+=($mosquitto_pid); sleep 1
echo "== mosquitto $(mosquitto -h | sed -n '1s/.*version //p'), persistence true (its default autosave_interval: a snapshot every 30 min and at shutdown)"
measure "$mosquitto_pid" --port 18830
kill "$mosquitto_pid"; wait "$mosquitto_pid" 2>/dev/null || true

mapfile -t secrets < <(production_secrets "$data")
jwt_secret=$(head -c 32 /dev/urandom | base64)
mapfile -t broker < <(broker_settings "$jwt_secret")
vigil_dll=src/Vigil/bin/Release/net10.0/vigil.dll
common=(--environment=Production "${secrets[@]}" --Logging:LogLevel:Default=Warning --Logging:LogLevel:Vigil.Mqtt=Information)
serve() { # $1 = data directory, $2.. = extra settings; prints the pid
  dotnet "$vigil_dll" serve "${common[@]}" --Vigil:DataDirectory="$1" --urls http://127.0.0.1:18080 \
    --Vigil:Broker:TcpPort=18831 --Vigil:Broker:InProcessContactsHandler=false "${broker[@]}" "${@:2}" >>"$1.log" 2>&1 &
  echo $!
}
for mode in log memory; do
  key=$(dotnet "$vigil_dll" handler-key create --name bench "${common[@]}" --Vigil:DataDirectory="$data/vigil-$mode" 2>/dev/null | grep '^vgh_')
  extra=(); [ "$mode" = memory ] && extra=(--Vigil:Broker:PersistSessions=false)
  vigil=$(serve "$data/vigil-$mode" "${extra[@]}"); pids+=($vigil)
  wait_healthy http://127.0.0.1:18080
  echo "== Vigil $(git rev-parse --short HEAD), sessions $( [ "$mode" = log ] && echo "in the session log (fsync before PUBACK)" || echo "in memory only")"
  measure "$vigil" --port 18831 --jwt-secret "$jwt_secret" --handler-key "$key"
  kill "$vigil"; wait "$vigil" 2>/dev/null || true
done

echo "== Vigil restart: $connections offline sessions × 10 subscriptions and $((rate * seconds)) queued messages, then kill -9"
key=$(dotnet "$vigil_dll" handler-key create --name bench "${common[@]}" --Vigil:DataDirectory="$data/vigil-restart" 2>/dev/null | grep '^vgh_')
vigil=$(serve "$data/vigil-restart"); pids+=($vigil)
wait_healthy http://127.0.0.1:18080
bench --port 18831 --jwt-secret "$jwt_secret" --handler-key "$key" --offline
sleep 1
kill -9 "$vigil"; wait "$vigil" 2>/dev/null || true
echo "session log: $(du -h "$data/vigil-restart/broker/sessions.log" | cut -f1)"
started=$(date +%s.%N)
vigil=$(serve "$data/vigil-restart"); pids+=($vigil)
for _ in $(seq 1 600); do curl -sf http://127.0.0.1:18080/readyz >/dev/null && break; sleep 0.1; done
echo "restarted and ready in $(echo "$(date +%s.%N) - $started" | bc -l | xargs printf '%.1f') s"
grep -h "Restored" "$data/vigil-restart.log" | tail -1
