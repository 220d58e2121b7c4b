#!/usr/bin/env bash
# Vigil's broker and Debian's mosquitto under the same load, one after the other, in one run:
# CONNECTIONS subscribers × 10 topics (QoS 1, one subscriber per topic), publishers at each RATE, with each of the
# two load generators in turn: ours (Vigil.Bench) and MQTT.js (npm "mqtt", one write per packet, as phones do).
# MQTTJS=0 leaves MQTT.js out.
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
# bench ARGS…: each generator in turn against the broker the arguments name (MQTT.js takes one rate at a time).
bench() {
  echo "-- generator: Vigil.Bench"
  mqtt_load --connections "$connections" --rates "$rates" --seconds "$seconds" --warmup "$warmup" "$@"
  [ "${MQTTJS:-1}" = 0 ] && return
  local rate
  for rate in ${rates//,/ }; do
    echo "-- generator: MQTT.js $(mqttjs_version), $rate/s"
    mqttjs_load --connections "$connections" --rate "$rate" --seconds "$seconds" --warmup "$warmup" "$@"
  done
}

machine_line
echo "load: $connections connections × 10 subscriptions, QoS 1, rates $rates/s for ${seconds}s after ${warmup}s warm-up; load generators: Vigil.Bench and MQTT.js on the same machine"

# --- mosquitto ---  (ONLY=vigil or ONLY=mosquitto runs one broker, for quick iterations; published figures always run both)
mport=18830
if [ "${ONLY:-}" != vigil ]; then
printf 'listener %s 127.0.0.1\nallow_anonymous true\nmax_queued_messages 1000\n' "$mport" > "$data/mosquitto.conf"
mosquitto -c "$data/mosquitto.conf" >"$data/mosquitto.log" 2>&1 &
mosquitto_pid=$!
sleep 1
echo "== mosquitto $(mosquitto -h | sed -n '1s/.*version //p')"
bench --port "$mport" --pid "$mosquitto_pid"
kill "$mosquitto_pid"; wait "$mosquitto_pid" 2>/dev/null || true
fi

[ "${ONLY:-}" = mosquitto ] && exit 0
# --- Vigil (Production mode, plain TCP allowed as behind a TLS proxy, phones with HS256 tokens of a trusted issuer) ---
vport=18831
mapfile -t secrets < <(production_secrets "$data")
jwt_secret=$(head -c 32 /dev/urandom | base64)
mapfile -t broker < <(broker_settings "$jwt_secret")
common=(--environment=Production --Vigil:DataDirectory="$data/vigil" "${secrets[@]}" --Logging:LogLevel:Default=Warning)
vigil_dll=${VIGIL_DLL:-src/Vigil/bin/Release/net10.0/vigil.dll}  # VIGIL_DLL: another build, for A/B runs
key=$(dotnet "$vigil_dll" handler-key create --name bench "${common[@]}" 2>/dev/null | grep '^vgh_')
# One Vigil run: a label, extra environment, extra configuration, and the command (serve by default; broker is the
# MQTT-only node, which has no HTTP port and says when it listens).
run_vigil() {
  local command=${4:-serve}
  local http=(--urls http://127.0.0.1:18080)
  [ "$command" = broker ] && http=()
  env $2 dotnet "$vigil_dll" "$command" "${common[@]}" "${http[@]}" \
    --Vigil:Broker:TcpPort=$vport "${broker[@]}" $3 >"$data/vigil.log" 2>&1 &
  vigil_pid=$!
  if [ "$command" = broker ]; then
    for _ in $(seq 1 150); do grep -q '^Vigil broker listening on' "$data/vigil.log" && break; sleep 0.2; done
  else
    wait_healthy http://127.0.0.1:18080
  fi
  echo "== Vigil $(git rev-parse --short HEAD) $1"
  bench --port "$vport" --pid "$vigil_pid" --jwt-secret "$jwt_secret" --handler-key "$key"
  kill "$vigil_pid"; wait "$vigil_pid" 2>/dev/null || true
}
# SKIP_SERVE=1 leaves out vigil serve's default mode (for quick iterations on the other modes).
[ -z "${SKIP_SERVE:-}" ] && run_vigil "(default)" "${VIGIL_ENV:-}" "${VIGIL_EXTRA:-}"
# The plain TCP port on Kestrel's sockets instead of Vigil's event loop (the default before 2026-12-01). SKIP_KESTREL=1 leaves it out.
if [ -z "${SKIP_KESTREL:-}" ]; then
  run_vigil "(Vigil:Broker:TcpTransport=Kestrel)" "${VIGIL_ENV:-}" "--Vigil:Broker:TcpTransport=Kestrel ${VIGIL_EXTRA:-}"
fi
# A node that serves MQTT only may run socket I/O inline on one event thread (docs/operations.md); vigil serve
# sets the environment for it. SKIP_INLINE=1 leaves it out.
if [ -z "${SKIP_INLINE:-}" ]; then
  run_vigil "(Vigil:Broker:InlineSocketIo=true)" "${VIGIL_ENV:-}" "--Vigil:Broker:InlineSocketIo=true ${VIGIL_EXTRA:-}"
fi
# The MQTT-only node: vigil broker, the same broker without Kestrel, the HTTP APIs or the portal. SKIP_NODE=1 leaves it out.
if [ -z "${SKIP_NODE:-}" ]; then
  run_vigil "(vigil broker)" "${VIGIL_ENV:-}" "${VIGIL_EXTRA:-}" broker
fi
