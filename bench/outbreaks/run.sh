#!/usr/bin/env bash
# One day's QR outbreak export built from N events received that day (SQLite and PostgreSQL).
# Usage: bench/outbreaks/run.sh [events]
set -euo pipefail
cd "$(dirname "$0")/../.."
source bench/lib.sh
events=${1:-100000}
work=$(mktemp -d); chmod 755 "$work"
trap 'stop_postgres "$work/pg"; rm -rf "$work"' EXIT
dotnet build -c Release bench/Vigil.Bench -v quiet -nologo >/dev/null
bench=(dotnet bench/Vigil.Bench/bin/Release/net10.0/Vigil.Bench.dll)
machine_line
echo "SQLite:"
"${bench[@]}" outbreak-export --events "$events" --Vigil:DataDirectory="$work/sqlite" | tail -5
pg=$(start_postgres "$work/pg" 5498) || exit 1
echo "PostgreSQL:"
"${bench[@]}" outbreak-export --events "$events" --Vigil:DataDirectory="$work/pgdata" --Vigil:Database:Provider=postgres "--ConnectionStrings:Vigil=$pg" | tail -5
