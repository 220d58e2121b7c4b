# Shared by the bench scripts: a throwaway PostgreSQL cluster and a Vigil server in Production mode.

# A .NET process that sees one processor (pinned with taskset, as PIN=1 and bench/observability pin the servers, or
# a container limited to one CPU) waits ten times longer before it optimizes hot code: 1 s instead of 100 ms after
# the last new method it compiled, and a loaded server keeps compiling new ones. Pinned to one core of this VM, a
# server under load ran unoptimized code for its first 40-60 s (docs/benchmarks.md, "a pinned server's first
# minute"), so a measurement within that time measured the compiler's timing, not the code. With the multiplier at
# 1 a pinned process optimizes as it does on the multi-core machines it runs on (after about 12 s of load). A value
# already in the environment wins.
export DOTNET_TC_DelaySingleProcMultiplier=${DOTNET_TC_DelaySingleProcMultiplier:-1}

# cpu PID: the user + system CPU time the process has used so far, in clock ticks (1/100 s).
cpu() { awk '{print $14 + $15}' "/proc/$1/stat"; }

# start_postgres DIR PORT -> prints a connection string; the cluster runs as user postgres when we are root.
start_postgres() {
  local dir=$1 port=$2 bin
  bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
  mkdir -p "$dir" && chmod 777 "$dir"
  local run=(); [ "$(id -u)" = 0 ] && run=(runuser -u postgres --)
  "${run[@]}" "$bin/initdb" -D "$dir/data" -A trust -U postgres -E UTF8 --no-sync >/dev/null
  if (exec 3<>/dev/tcp/127.0.0.1/$port) 2>/dev/null; then echo "port $port is taken (a PostgreSQL left over?)" >&2; return 1; fi
  "${run[@]}" "$bin/pg_ctl" -D "$dir/data" -l "$dir/log" -w -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c max_connections=300 -c shared_buffers=512MB ${PGEXTRA:-}" start >/dev/null || return 1
  echo "Host=127.0.0.1;Port=$port;Username=postgres;Database=postgres;Maximum Pool Size=100${PGCONN:-}"
}

stop_postgres() {
  local dir=$1 bin
  bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
  local run=(); [ "$(id -u)" = 0 ] && run=(runuser -u postgres --)
  "${run[@]}" "$bin/pg_ctl" -D "$dir/data" -m fast stop >/dev/null 2>&1 || true
}

# production_secrets DIR -> prints the configuration overrides of a Production server with fresh secrets.
production_secrets() {
  local dir=$1
  openssl ecparam -name prime256v1 -genkey -noout | openssl pkcs8 -topk8 -nocrypt > "$dir/token.pem"
  openssl ecparam -name prime256v1 -genkey -noout | openssl pkcs8 -topk8 -nocrypt > "$dir/export.pem"
  local secret
  for name in PhoneHashSalt VerificationCodeKey OneTimeCodeKey RetrievalHmacKey KeypairEncryptionKey; do
    secret=$(head -c 32 /dev/urandom | base64)
    printf -- '--Vigil:Secrets:%s=%s\n' "$name" "$secret"
  done
  printf -- '--Vigil:Tokens:SigningKeys:0:PemFile=%s\n' "$dir/token.pem"
  printf -- '--Vigil:Exposure:ExportSigningKeyPemFile=%s\n' "$dir/export.pem"
}

# broker_settings JWT_SECRET -> what every broker benchmark gives vigil serve: plain TCP allowed (as behind a TLS
# proxy), no connection-rate limit, room for the load's connections, phones with HS256 tokens of the issuer "bench".
broker_settings() {
  printf -- '%s\n' --Vigil:Broker:AllowPlainTcpInProduction=true --Vigil:Broker:Limits:ConnectionRatePerSecond=0 \
    --Vigil:Broker:Limits:MaximumConnections=19000 --Vigil:Tokens:ExternalIssuers:0:Issuer=bench \
    "--Vigil:Tokens:ExternalIssuers:0:HmacSecret=$1"
}

wait_healthy() {
  for _ in $(seq 1 150); do curl -sf "$1/healthz" >/dev/null && return 0; sleep 0.2; done
  echo "server at $1 did not become healthy" >&2; return 1
}

machine_line() {
  echo "machine: $(nproc) cores ($(lscpu | sed -n 's/Model name: *//p')), $(free -g | awk '/Mem:/ {print $2}') GiB; date: $(date -u +%F)"
}

# The broker benchmarks' two load generators. Ours shares the two cores with the broker under test, so its sockets
# run on one event thread (the same generator, so the same share, for every broker in a run); MQTT.js (npm "mqtt")
# writes one packet per publish() call, as phones do. Arguments pass through; both take --port, --pid, --connections…
mqtt_load() { env DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS=1 DOTNET_SYSTEM_NET_SOCKETS_THREAD_COUNT=1 ${BENCH_ENV:-} \
  dotnet bench/Vigil.Bench/bin/Release/net10.0/Vigil.Bench.dll mqtt-load "$@"; }
mqttjs_load() { node bench/broker/mqttjs/load.mjs "$@"; }
# mqtt_generators: builds ours and installs MQTT.js once (bench/broker/mqttjs).
mqtt_generators() {
  dotnet build -c Release bench/Vigil.Bench -v quiet -nologo >/dev/null
  (cd bench/broker/mqttjs && { [ -d node_modules ] || npm install --no-audit --no-fund --silent; })
}
# dotnet_trace: the path of dotnet-trace, installed once into bench/.tools (the NuGet feed serves it).
dotnet_trace() {
  [ -x bench/.tools/dotnet-trace ] || dotnet tool install dotnet-trace --version 10.0.750501 --tool-path bench/.tools >/dev/null
  echo bench/.tools/dotnet-trace
}
mqttjs_version() { node -p 'require("./bench/broker/mqttjs/node_modules/mqtt/package.json").version'; }

# otlp_sink PORT: an OTLP/HTTP sink on core 0 that accepts every export and throws it away (what a collector costs
# is not Vigil's); runs in the background, so the caller keeps its pid ($!).
otlp_sink() {
  taskset -c 0 python3 -c '
import sys, http.server
class Sink(http.server.BaseHTTPRequestHandler):
    def do_POST(self):
        self.rfile.read(int(self.headers.get("Content-Length", 0)))
        self.send_response(200); self.send_header("Content-Length", "0"); self.end_headers()
    def log_message(self, *args): pass
http.server.ThreadingHTTPServer(("127.0.0.1", int(sys.argv[1])), Sink).serve_forever()' "$1" >/dev/null 2>&1 &
}
