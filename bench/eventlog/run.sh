#!/bin/sh
# Mining benchmark: journeymap mine against pm4py's method in pandas and
# DuckDB (threads=1 and its default), side by side in one run, on a
# generated CSV event log of N events (default 1,000,000).
#
#   sh bench/eventlog/run.sh [N] [REPS]
#
# Every tool runs REPS times (default 3), the tools taking turns, under
# /usr/bin/time; the table gives medians. CPU is user+sys seconds: on a
# shared machine the wall time mostly measures waiting for a core, so the
# throughput and the ratios are computed from CPU time (journeymap and DuckDB
# threads=1 use one core; pandas is single-threaded; DuckDB's default uses
# every core, so its CPU time is the sum over them). pandas' CPU is the one
# its script reports for its work, without starting Python and importing
# pandas. Peak memory is the maximum resident set; journeymap's bytes per
# event subtract the resident set of the same binary mining a 42-event log.
#
# Needs: Go with cgo (DuckDB's driver), /usr/bin/python3 with pandas
# (Debian's python3-pandas), /usr/bin/time.
set -eu
N=${1:-1000000}
REPS=${2:-3}
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
DIR=${BENCH_DIR:-$(mktemp -d)}
cd "$ROOT"
go build -o "$DIR/journeymap" ./cmd/journeymap
go build -o "$DIR/gen" ./bench/eventlog/gen
go build -o "$DIR/duck" ./bench/eventlog/duck
LOG="$DIR/events-$N.csv"
[ -s "$LOG" ] || "$DIR/gen" -n "$N" > "$LOG"
SIZE=$(wc -c < "$LOG")

run() { # name, command...
	name=$1
	shift
	/usr/bin/time -f "%e %U %S %M" -o "$DIR/time" "$@" > "$DIR/out" 2>&1
	set -- $(cat "$DIR/time")
	cpu=$(echo "$2 $3" | awk '{printf "%.3f", $1 + $2}')
	own=$(sed -n 's/.*, cpu \([0-9.]*\) s$/\1/p' "$DIR/out")
	[ -n "$own" ] && cpu=$own
	echo "$name $1 $cpu $4" >> "$DIR/results"
}

: > "$DIR/results"
GOMAXPROCS=1 /usr/bin/time -f "%M" -o "$DIR/base" "$DIR/journeymap" mine eventlog/testdata/running-example.csv --quiet -o "$DIR/base.yaml"
BASE=$(cat "$DIR/base")
i=0
while [ $i -lt "$REPS" ]; do
	GOMAXPROCS=1 run journeymap "$DIR/journeymap" mine "$LOG" --quiet -o "$DIR/mined.yaml"
	run duckdb-1 "$DIR/duck" -threads 1 "$LOG"
	run duckdb "$DIR/duck" "$LOG"
	[ "${SKIP_PANDAS:-}" ] || run pandas /usr/bin/python3 bench/eventlog/dfg_pandas.py "$LOG"
	i=$((i + 1))
done

echo "events: $N, CSV: $SIZE bytes, $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo
echo "| tool | wall s | CPU s | events/s (CPU) | peak RSS MB | journeymap's speed-up (CPU) |"
echo "|---|---:|---:|---:|---:|---:|"
awk -v n="$N" -v base="$BASE" '
function median(a, k,   i, j, t) {
	for (i = 1; i <= k; i++) for (j = i + 1; j <= k; j++) if (a[j] < a[i]) { t = a[i]; a[i] = a[j]; a[j] = t }
	return k % 2 ? a[(k + 1) / 2] : (a[k / 2] + a[k / 2 + 1]) / 2
}
{ k = ++cnt[$1]; wall[$1, k] = $2; cpu[$1, k] = $3; rss[$1, k] = $4; if (!($1 in seen)) { seen[$1] = 1; order[++m] = $1 } }
END {
	for (t = 1; t <= m; t++) {
		name = order[t]; k = cnt[name]
		for (i = 1; i <= k; i++) { w[i] = wall[name, i]; c[i] = cpu[name, i]; r[i] = rss[name, i] }
		W[name] = median(w, k); C[name] = median(c, k); R[name] = median(r, k)
	}
	for (t = 1; t <= m; t++) {
		name = order[t]
		printf "| %s | %.2f | %.3f | %.2fM | %.0f | %.1fx |\n", name, W[name], C[name], n / C[name] / 1e6, R[name] / 1024, C[name] / C["journeymap"]
	}
	printf "\njourneymap peak memory beyond its %.0f MB baseline: %.1f bytes/event\n", base / 1024, (R["journeymap"] - base) * 1024 / n
}' "$DIR/results"
