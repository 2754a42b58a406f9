#!/bin/sh
# Mining benchmark: journeymap mine against pm4py's method in pandas and
# DuckDB (threads=1 and its default), side by side in one run, on a
# generated CSV event log of N events (default 1,000,000).
#
#   sh bench/eventlog/run.sh [N] [REPS]
#
# Every tool runs REPS times (default 3), the tools taking turns, under
# rtime (bench/eventlog/rtime: /usr/bin/time's figures to the microsecond);
# the table gives medians. journeymap runs twice a turn: on
# one core (GOMAXPROCS=1) and on every core (its default: it then decodes
# and aggregates on two goroutines each). pandas runs twice too: pm4py's
# own code for the directly-follows graph (get_dfg_graph) and the same
# graph written by hand with groupby().shift(-1) (see dfg_pandas.py). Wall
# is the elapsed time; CPU is user+sys seconds, what the run would cost one
# core, which on a shared machine is the steadier figure. pandas' wall and
# CPU are the ones its script reports for its work, without starting Python
# and importing pandas (about 0.35 s more); DuckDB's include starting its Go
# driver. Peak memory is the maximum resident set; journeymap's bytes per
# event subtract the resident set of the same binary, with the same cores,
# mining a 42-event log. The last two columns divide the time of the faster
# pandas run (by CPU) by each tool's: how many times faster than pm4py's
# method each tool is.
#
# Needs: Go with cgo (DuckDB's driver), /usr/bin/python3 with pandas
# (Debian's python3-pandas).
set -eu
N=${1:-1000000}
REPS=${2:-3}
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
DIR=${BENCH_DIR:-$(mktemp -d)}
cd "$ROOT"
go build -o "$DIR/journeymap" ./cmd/journeymap
go build -o "$DIR/gen" ./bench/eventlog/gen
go build -o "$DIR/duck" ./bench/eventlog/duck
go build -o "$DIR/rtime" ./bench/eventlog/rtime
LOG="$DIR/events-$N.csv"
[ -s "$LOG" ] || "$DIR/gen" -n "$N" > "$LOG"
SIZE=$(wc -c < "$LOG")

run() { # name, command...
	name=$1
	shift
	"$DIR/rtime" -o "$DIR/time" "$@" > "$DIR/out" 2>&1
	set -- $(cat "$DIR/time")
	wall=$1
	cpu=$(echo "$2 $3" | awk '{printf "%.4f", $1 + $2}')
	own=$(sed -n 's/.*, \([0-9.]*\) s, cpu \([0-9.]*\) s$/\1 \2/p' "$DIR/out")
	[ -n "$own" ] && set -- $own "$4" && wall=$1 && cpu=$2 && shift 2 && set -- x x x "$1"
	echo "$name $wall $cpu $4" >> "$DIR/results"
}

: > "$DIR/results"
for p in 1 0; do
	if [ $p = 1 ]; then export GOMAXPROCS=1; else unset GOMAXPROCS; fi
	"$DIR/rtime" -o "$DIR/time" "$DIR/journeymap" mine eventlog/testdata/running-example.csv --quiet -o "$DIR/base.yaml"
	cut -d' ' -f4 "$DIR/time" > "$DIR/base$p"
done
unset GOMAXPROCS
i=0
while [ $i -lt "$REPS" ]; do
	GOMAXPROCS=1 run "journeymap,1-core" "$DIR/journeymap" mine "$LOG" --quiet -o "$DIR/mined.yaml"
	run "journeymap,all-cores" "$DIR/journeymap" mine "$LOG" --quiet -o "$DIR/mined.yaml"
	run "DuckDB,threads=1" "$DIR/duck" -threads 1 "$LOG"
	run "DuckDB,all-cores" "$DIR/duck" "$LOG"
	if [ -z "${SKIP_PANDAS:-}" ]; then
		run "pandas,(pm4py's,get_dfg_graph)" /usr/bin/python3 bench/eventlog/dfg_pandas.py "$LOG" pm4py
		run "pandas,(groupby().shift)" /usr/bin/python3 bench/eventlog/dfg_pandas.py "$LOG" groupby
	fi
	i=$((i + 1))
done

echo "events: $N, CSV: $SIZE bytes, $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo
echo "| tool | wall s | CPU s | events/s (CPU) | peak RSS MB | pandas ÷ this, wall | pandas ÷ this, CPU |"
echo "|---|---:|---:|---:|---:|---:|---:|"
awk -v n="$N" -v base1="$(cat "$DIR/base1")" -v base0="$(cat "$DIR/base0")" '
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
	# The ratios are to the faster of the two ways in pandas, by CPU.
	pd = ""
	for (t = 1; t <= m; t++) if (order[t] ~ /^pandas/ && (pd == "" || C[order[t]] < C[pd])) pd = order[t]
	for (t = 1; t <= m; t++) {
		name = order[t]; shown = name; gsub(/,/, " ", shown)
		if (pd in W) printf "| %s | %.3f | %.3f | %.2fM | %.0f | %.1fx | %.1fx |\n", shown, W[name], C[name], n / C[name] / 1e6, R[name] / 1024, W[pd] / W[name], C[pd] / C[name]
		else printf "| %s | %.3f | %.3f | %.2fM | %.0f | | |\n", shown, W[name], C[name], n / C[name] / 1e6, R[name] / 1024
	}
	if (pd != "") { shown = pd; gsub(/,/, " ", shown); printf "\npandas ÷ this: against %s, the faster pandas run\n", shown }
	printf "\njourneymap peak memory beyond the same binary mining a 42-event log: %.1f bytes/event on one core, %.1f on all cores\n", \
		(R["journeymap,1-core"] - base1) * 1024 / n, (R["journeymap,all-cores"] - base0) * 1024 / n
}' "$DIR/results"
