#!/usr/bin/env bash
# The broker across nodes, one run: mosquitto and single-node Vigil as today, then two Vigil nodes joined through
# a 1-server and a 3-server NATS cluster, with the subscribers on node 1 and the publishers on node 2.
# CONNECTIONS subscribers × 10 topics (QoS 1, one subscriber per topic), publishers at RATE/s.
# Usage: bench/broker/cluster.sh [seconds] [rate] [connections]      e.g. bench/broker/cluster.sh 30 5000 5000
set -euo pipefail
cd "$(dirname "$0")/../.."
seconds=${1:-30}
rate=${2:-5000}
connections=${3:-5000}
warmup=${WARMUP:-10}
data=$(mktemp -d)
command -v mosquitto >/dev/null || { echo "mosquitto is missing: apt-get install mosquitto" >&2; exit 1; }
command -v nats-server >/dev/null || [ -x /usr/sbin/nats-server ] || { echo "nats-server is missing: apt-get install nats-server" >&2; exit 1; }
ulimit -n 20000
pids=()
trap 'kill "${pids[@]}" 2>/dev/null || true; rm -rf "$data"' EXIT
source bench/lib.sh

dotnet build -c Release src/Vigil -v quiet -nologo >/dev/null
mqtt_generators
load=(--connections "$connections" --seconds "$seconds" --warmup "$warmup")
# both ARGS…: each generator in turn against the broker under test.
both() {
  echo "-- generator: Vigil.Bench (our client, pipelined writes)"; mqtt_load "${load[@]}" --rates "$rate" "$@"
  echo "-- generator: MQTT.js $(mqttjs_version)"; mqttjs_load "${load[@]}" --rate "$rate" "$@"
}
machine_line
echo "load: $connections connections × 10 subscriptions, QoS 1, $rate/s for ${seconds}s after ${warmup}s warm-up; load generators: Vigil.Bench and MQTT.js, one after the other, on the same machine"

# --- mosquitto ---
printf 'listener 18830 127.0.0.1\nallow_anonymous true\nmax_queued_messages 1000\n' > "$data/mosquitto.conf"
mosquitto -c "$data/mosquitto.conf" >"$data/mosquitto.log" 2>&1 &
mosquitto_pid=$!; pids+=($mosquitto_pid); sleep 1
echo "== mosquitto $(mosquitto -h | sed -n '1s/.*version //p')"
both --port 18830 --pid "$mosquitto_pid"
kill "$mosquitto_pid"; wait "$mosquitto_pid" 2>/dev/null || true

# --- Vigil ---
mapfile -t secrets < <(production_secrets "$data")
jwt_secret=$(head -c 32 /dev/urandom | base64)
mapfile -t broker < <(broker_settings "$jwt_secret")
common=(--environment=Production --Vigil:DataDirectory="$data/vigil" "${secrets[@]}" --Logging:LogLevel:Default=Warning)
vigil_dll=src/Vigil/bin/Release/net10.0/vigil.dll
key=$(dotnet "$vigil_dll" handler-key create --name bench "${common[@]}" 2>/dev/null | grep '^vgh_')
# Both nodes share the database and secrets; each keeps its own session log, as separate machines would.
vigil_node() { # $1 = index (1 or 2), $2.. = extra settings; prints the pid
  dotnet "$vigil_dll" serve "${common[@]}" --urls "http://127.0.0.1:1808$1" \
    --Vigil:Broker:TcpPort="1883$1" "${broker[@]}" \
    --Vigil:Broker:Limits:PersistenceDirectory="$data/vigil-broker-$1" "${@:2}" >"$data/vigil-$1.log" 2>&1 &
  echo $!
}
stop() { kill "$@" 2>/dev/null; for p in "$@"; do wait "$p" 2>/dev/null || true; done; }

one=$(vigil_node 1); pids+=($one)
wait_healthy http://127.0.0.1:18081
echo "== Vigil $(git rev-parse --short HEAD), one node"
both --port 18831 --pid "$one" --jwt-secret "$jwt_secret" --handler-key "$key"
stop "$one"

# nats SIZE -> starts a NATS cluster of SIZE servers (client ports 4301..), prints their pids and sets $nats_urls
nats() {
  local size=$1 i routes
  nats_urls=""
  for i in $(seq 1 "$size"); do nats_urls+="${nats_urls:+,}nats://127.0.0.1:430$i"; done
  for i in $(seq 1 "$size"); do
    routes=""
    for j in $(seq 1 "$size"); do [ "$j" = "$i" ] || routes+="${routes:+, }nats://127.0.0.1:630$j"; done
    mkdir -p "$data/nats-$size-$i"
    printf 'server_name: n%s\nlisten: 127.0.0.1:430%s\njetstream { store_dir: "%s" }\n' "$i" "$i" "$data/nats-$size-$i" > "$data/nats-$size-$i.conf"
    [ "$size" -gt 1 ] && printf 'cluster { name: bench, listen: 127.0.0.1:630%s, routes: [%s] }\n' "$i" "$routes" >> "$data/nats-$size-$i.conf"
    nats-server -c "$data/nats-$size-$i.conf" >"$data/nats-$size-$i.log" 2>&1 &
    echo $!
  done
}
for size in 1 3; do
  mapfile -t servers < <(nats "$size"); pids+=("${servers[@]}")
  nats_urls=$(seq -s, 1 "$size" | sed -E 's/([0-9]+)/nats:\/\/127.0.0.1:430\1/g')
  sleep 2
  cluster=(--Vigil:Broker:Cluster:NatsUrls="$nats_urls" --Vigil:Broker:Cluster:Replicas="$size")
  first=$(vigil_node 1 "${cluster[@]}"); second=$(vigil_node 2 "${cluster[@]}"); pids+=($first $second)
  for port in 18081 18082; do wait_healthy "http://127.0.0.1:$port"; done
  for _ in $(seq 1 100); do curl -sf http://127.0.0.1:18081/readyz >/dev/null && curl -sf http://127.0.0.1:18082/readyz >/dev/null && break; sleep 0.2; done
  others="node2=$second"
  for i in "${!servers[@]}"; do others+=",nats$((i + 1))=${servers[$i]}"; done
  echo "== Vigil $(git rev-parse --short HEAD), two nodes through a $size-server NATS cluster (subscribers on node 1, publishers on node 2; cpu: node 1, then the others)"
  both --port 18831 --publish-port 18832 --pid "$first" --other-pids "$others" --jwt-secret "$jwt_secret" --handler-key "$key"
  stop "$first" "$second" "${servers[@]}"
done
