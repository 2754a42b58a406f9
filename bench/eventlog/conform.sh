#!/bin/sh
# Conformance benchmark: journeymap conform against journeymap mine on the
# same generated CSV event log of N events (default 1,000,000), side by side
# in one run (the issue's goal: conform at the speed of mine).
#
#   sh bench/eventlog/conform.sh [N] [REPS]
#
# The designed journey is mined from the log itself with --top 2 (the two
# most frequent successors of each step kept), so that about half of the
# moves are unmodelled: the slower path of conform, which counts them. The
# two commands take turns REPS times (default 3) under /usr/bin/time with
# GOMAXPROCS=1; the table gives medians. CPU is user+sys seconds: on a
# shared machine the wall time mostly measures waiting for a core.
#
# Needs: Go, /usr/bin/time.
set -eu
N=${1:-1000000}
REPS=${2:-3}
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
DIR=${BENCH_DIR:-$(mktemp -d)}
cd "$ROOT"
go build -o "$DIR/journeymap" ./cmd/journeymap
go build -o "$DIR/gen" ./bench/eventlog/gen
LOG="$DIR/events-$N.csv"
[ -s "$LOG" ] || "$DIR/gen" -n "$N" > "$LOG"
SIZE=$(wc -c < "$LOG")
GOMAXPROCS=1 "$DIR/journeymap" mine "$LOG" --top 2 --goal contract_signed --quiet -o "$DIR/design.yaml"

run() { # name, command...
	name=$1
	shift
	GOMAXPROCS=1 /usr/bin/time -f "%e %U %S %M" -o "$DIR/time" "$@" > "$DIR/out" 2>&1 || true
	set -- $(cat "$DIR/time")
	cpu=$(echo "$2 $3" | awk '{printf "%.3f", $1 + $2}')
	echo "$name $1 $cpu $4" >> "$DIR/results"
}

: > "$DIR/results"
i=0
while [ $i -lt "$REPS" ]; do
	run mine "$DIR/journeymap" mine "$LOG" --goal contract_signed --quiet -o "$DIR/mined.yaml"
	run conform "$DIR/journeymap" conform "$DIR/design.yaml" "$LOG" --format json -o "$DIR/conform.json"
	i=$((i + 1))
done
FITNESS=$(sed -n 's/^  "fitness": \(.*\),$/\1/p' "$DIR/conform.json")

echo "events: $N, CSV: $SIZE bytes, $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg), fitness $FITNESS"
echo
echo "| command | wall s | CPU s | events/s (CPU) | peak RSS MB | CPU / mine's |"
echo "|---|---:|---:|---:|---:|---:|"
awk -v n="$N" '
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
		printf "| journeymap %s | %.2f | %.3f | %.2fM | %.0f | %.2f |\n", name, W[name], C[name], n / C[name] / 1e6, R[name] / 1024, C[name] / C["mine"]
	}
}' "$DIR/results"
