#!/usr/bin/env bash
# The seven Care KPI reports (timespan=year) over N generated sessions on PostgreSQL.
# Usage: bench/care/run.sh [sessions]
set -euo pipefail
cd "$(dirname "$0")/../.."
source bench/lib.sh
sessions=${1:-100000}
work=$(mktemp -d); chmod 755 "$work"
trap 'stop_postgres "$work/pg"; rm -rf "$work"' EXIT
dotnet build -c Release bench/Vigil.Bench -v quiet -nologo >/dev/null
machine_line
pg=$(start_postgres "$work/pg" 5496) || exit 1
dotnet bench/Vigil.Bench/bin/Release/net10.0/Vigil.Bench.dll care-reports --sessions "$sessions" \
  --Vigil:DataDirectory="$work/data" --Vigil:Database:Provider=postgres "--ConnectionStrings:Vigil=$pg" | grep -v "^info"
