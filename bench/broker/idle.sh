#!/usr/bin/env bash
# Idle memory, one run: the RSS of each broker process started fresh, after one QoS 1 publish through it and a
# settling pause, before any other connection. mosquitto; Vigil's MQTT engine alone on its event loop (no host,
# no security, no database: `Vigil.Bench engine-broker`, run with vigil's own GC mode); `vigil serve` in Production
# (SQLite, the broker benchmark's settings) as shipped and with metrics off; `vigil broker`, the MQTT-only node, alone
# (without and with its metrics port), after a staff member's CONNECT (checked against the account in the database) and in
# a NATS cluster (when nats-server is here); and where the resident pages of the two are, from /proc/<pid>/smaps.
# Usage: bench/broker/idle.sh [settle-seconds]
set -euo pipefail
cd "$(dirname "$0")/../.."
settle=${1:-15}
data=$(mktemp -d)
command -v mosquitto >/dev/null || { echo "mosquitto is missing: apt-get install mosquitto" >&2; exit 1; }
pid=
trap 'kill ${pid:-} 2>/dev/null || true; rm -rf "$data"' EXIT
source bench/lib.sh
dotnet build -c Release src/Vigil -v quiet -nologo >/dev/null
dotnet build -c Release bench/Vigil.Bench -v quiet -nologo >/dev/null
port=18833

# settle LABEL: one publish through the broker on $port, the pause, then its RSS.
settle() {
  for _ in $(seq 1 100); do mosquitto_pub -h 127.0.0.1 -p "$port" -q 1 -t idle/check -m x ${AUTH:-} 2>/dev/null && break; sleep 0.2; done
  sleep "$settle"
  printf '%-44s %7.1f MiB\n' "$1" "$(awk '/VmRSS/ {print $2 / 1024}' "/proc/$pid/status")"
}
stop() { kill "$pid"; wait "$pid" 2>/dev/null || true; pid=; }

machine_line
echo "idle RSS after one publish and ${settle}s:"
printf 'listener %s 127.0.0.1\nallow_anonymous true\n' "$port" > "$data/mosquitto.conf"
mosquitto -c "$data/mosquitto.conf" >/dev/null 2>&1 & pid=$!
settle "mosquitto $(mosquitto -h | sed -n '1s/.*version //p')"; stop

gc_server=$(grep -q '"System.GC.Server": false' src/Vigil/bin/Release/net10.0/vigil.runtimeconfig.json && echo 0 || echo 1)
DOTNET_gcServer=$gc_server dotnet bench/Vigil.Bench/bin/Release/net10.0/Vigil.Bench.dll engine-broker --port "$port" >/dev/null & pid=$!
settle "Vigil's MQTT engine alone"; stop

mapfile -t secrets < <(production_secrets "$data")
mapfile -t broker < <(broker_settings "$(head -c 32 /dev/urandom | base64)")
vigil=(dotnet src/Vigil/bin/Release/net10.0/vigil.dll)
key=$("${vigil[@]}" handler-key create --name idle --environment=Production --Vigil:DataDirectory="$data/vigil" "${secrets[@]}" 2>/dev/null | grep '^vgh_')
AUTH="-u handler:idle -P $key"
staff_password='an idle benchmark passphrase'
echo "$staff_password" | "${vigil[@]}" admin create --email idle@example.org --role clinician --environment=Production \
  --Vigil:DataDirectory="$data/vigil" "${secrets[@]}" >/dev/null 2>&1
serve() { # LABEL, extra settings…
  local label=$1; shift
  "${vigil[@]}" serve --environment=Production --Vigil:DataDirectory="$data/vigil" "${secrets[@]}" "${broker[@]}" \
    --Logging:LogLevel:Default=Warning --urls http://127.0.0.1:18081 --Vigil:Broker:TcpPort=$port "$@" >"$data/vigil.log" 2>&1 & pid=$!
  wait_healthy http://127.0.0.1:18081
  settle "$label"
}
node() { # LABEL, extra settings…: vigil broker, the MQTT-only node (no HTTP port; it says when it listens)
  local label=$1; shift
  "${vigil[@]}" broker --environment=Production --Vigil:DataDirectory="$data/vigil" "${secrets[@]}" "${broker[@]}" \
    --Logging:LogLevel:Default=Warning --Vigil:Broker:TcpPort=$port "$@" >"$data/vigil.log" 2>&1 & pid=$!
  for _ in $(seq 1 150); do grep -q '^Vigil broker listening on' "$data/vigil.log" && break; sleep 0.2; done
  settle "$label"
}
# where LABEL: where the resident pages of the process $pid are (MiB).
where() {
  echo "where the resident pages of $1 are (MiB):"
  python3 - "$pid" <<'PY'
import re, sys, collections
kinds = collections.Counter()
for line in open(f"/proc/{sys.argv[1]}/smaps"):
    header = re.match(r'^[0-9a-f]+-[0-9a-f]+ \S+ \S+ \S+ \S+\s*(.*)$', line)
    if header:
        name = header.group(1)
        kind = ("JIT'd code and runtime stubs (memfd:doublemapper)" if 'doublemapper' in name
                else 'assemblies and native libraries (mapped files)' if name.startswith('/')
                else 'GC heap, native heap, stacks (anonymous)')
        continue
    if line.startswith('Rss:'):
        kinds[kind] += int(line.split()[1])
for kind, kib in kinds.most_common():
    print(f"  {kind:52} {kib / 1024:6.1f}")
PY
}
serve "vigil serve, metrics off" --Vigil:Metrics:Enabled=false; stop
serve "vigil serve (as shipped)"; where "vigil serve"
staff_token=$(curl -sf -X POST 127.0.0.1:18081/staff/login -d "{\"email\":\"idle@example.org\",\"password\":\"$staff_password\"}" |
  python3 -c 'import json, sys; print(json.load(sys.stdin)["token"])')
stop
node "vigil broker (MQTT-only node)"; where "vigil broker"; stop
node "vigil broker with Vigil:Metrics:Port" --Vigil:Metrics:Port=19464; stop
# A staff token's CONNECT makes the node read the account (its security stamp): the RSS after it and the pause.
node "vigil broker" >/dev/null
mosquitto_pub -h 127.0.0.1 -p "$port" -u JWT -P "$staff_token" -q 0 -t idle/staff -m x
settle "vigil broker after a staff member's CONNECT"; stop
if command -v nats-server >/dev/null; then
  # The node as it runs in a cluster: one JetStream-enabled nats-server here, the buckets with one replica.
  nats-server -js -a 127.0.0.1 -p 14222 -sd "$data/nats" >/dev/null 2>&1 & nats_pid=$!
  trap 'kill ${pid:-} ${nats_pid:-} 2>/dev/null || true; rm -rf "$data"' EXIT
  sleep 1
  node "vigil broker in a NATS cluster (JetStream)" --Vigil:Broker:Cluster:NatsUrls=nats://127.0.0.1:14222 --Vigil:Broker:Cluster:Replicas=1; stop
  kill "$nats_pid"
fi
