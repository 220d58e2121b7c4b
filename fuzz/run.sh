#!/usr/bin/env bash
# Coverage-guided fuzzing of Vigil's own decoders of untrusted bytes with AFL++ (Debian's afl++) and SharpFuzz:
# fuzz/Vigil.Fuzz is built into a scratch directory, its copy of Vigil.Mqtt.dll instrumented there, and afl-fuzz runs
# one TARGET from the seeds Vigil.Fuzz writes for SECONDS. Targets: mqtt, the MQTT packet reader and writer as the
# broker uses them (fuzz/Vigil.Fuzz/MqttInput.cs; seeds: one valid packet of each kind, both versions); envelope,
# the cluster envelope read from NATS, the retained store and the session log (EnvelopeInput.cs); and broker, up to
# four clients' bytes played into a fresh in-process broker at once (BrokerInput.cs).
# A finding is an input on which the reader throws anything but what it documents (MqttProtocolException; nothing
# for the envelope), one it accepts but the writer cannot write back, one after which the broker lets an exception
# escape a connection or no longer routes a new client's message, or one that takes over the timeout (a hang).
# Each is replayed at the end with its stack trace, and the script exits 1. FUZZ_DIR=DIR keeps the build, seeds and
# findings there (default: a temporary directory, removed); run again with the same FUZZ_DIR to go on from the queue
# afl-fuzz kept.
# Usage: fuzz/run.sh [seconds] [mqtt|envelope|broker]     e.g. fuzz/run.sh 1800 mqtt
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-600}
target=${2:-mqtt}
command -v afl-fuzz >/dev/null || { echo "afl-fuzz is missing: apt-get install afl++" >&2; exit 1; }
work=${FUZZ_DIR:-$(mktemp -d)}
[ -n "${FUZZ_DIR:-}" ] || trap 'rm -rf "$work"' EXIT
# Two copies: the instrumented one runs only under afl-fuzz (it writes coverage into AFL++'s shared memory); the plain
# one writes the seeds and replays the findings.
plain=$work/plain
instrumented=$work/instrumented
dotnet build -c Release fuzz/Vigil.Fuzz -o "$plain" -v quiet -nologo >/dev/null
rm -rf "$instrumented" && cp -r "$plain" "$instrumented"
[ -x bench/.tools/sharpfuzz ] || dotnet tool install SharpFuzz.CommandLine --version 2.3.0 --tool-path bench/.tools >/dev/null
bench/.tools/sharpfuzz "$instrumented/Vigil.Mqtt.dll" >/dev/null
fuzzer=(dotnet "$instrumented/Vigil.Fuzz.dll")
replay=(dotnet "$plain/Vigil.Fuzz.dll")
seeds=$work/seeds-$target
findings=$work/findings-$target
[ -d "$findings/default/queue" ] && seeds=-  # resume
[ "$seeds" = - ] || "${replay[@]}" seeds "$target" "$seeds"
export AFL_SKIP_BIN_CHECK=1 AFL_NO_UI=1 AFL_SKIP_CPUFREQ=1 AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1
afl-fuzz -V "$seconds" -i "$seeds" -o "$findings" -t 5000 -m none -- "${fuzzer[@]}" run "$target" >"$work/afl-$target.log" 2>&1 || {
  tail -20 "$work/afl-$target.log" >&2; exit 1; }
stats=$findings/default/fuzzer_stats
awk -F' *: ' '$1 ~ /^(run_time|execs_done|execs_per_sec|corpus_count|edges_found|total_edges|bitmap_cvg|saved_crashes|saved_hangs)$/ {print "  " $1 ": " $2}' "$stats"
found=0
for kind in crashes hangs; do
  mapfile -t inputs < <(find "$findings/default/$kind" -name 'id:*' 2>/dev/null)
  [ ${#inputs[@]} -eq 0 ] && continue
  found=1
  echo "== $kind: ${#inputs[@]} (replayed without AFL++)"
  "${replay[@]}" check "$target" "${inputs[@]}" || true
done
exit $found
