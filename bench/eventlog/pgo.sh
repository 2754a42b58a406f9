#!/bin/sh
# Regenerates cmd/journeymap/default.pgo, the CPU profile that `go build`
# uses for profile-guided optimisation of the journeymap command (Go 1.21
# and later pick up default.pgo in the main package's directory by
# themselves; go test does not use it). The profile is of mining a
# generated 1,000,000-event CSV log, as bench/eventlog/run.sh does, on one
# core and on two: the hot path it describes is the reading and the
# aggregation of event logs. Run it again when that code changes much.
#
#   sh bench/eventlog/pgo.sh
set -eu
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
DIR=$(mktemp -d)
trap 'rm -rf "$DIR"' EXIT
cd "$ROOT"
go build -o "$DIR/gen" ./bench/eventlog/gen
"$DIR/gen" -n 1000000 > "$DIR/events.csv"
go test -c -o "$DIR/eventlog.test" ./eventlog
for p in 1 2; do
	JOURNEYMAP_MINE_LOG="$DIR/events.csv" GOMAXPROCS=$p "$DIR/eventlog.test" -test.run '^$' \
		-test.bench MineFile -test.benchtime 20x -test.cpuprofile "$DIR/cpu$p.prof" > /dev/null
done
go tool pprof -proto "$DIR/cpu1.prof" "$DIR/cpu2.prof" > cmd/journeymap/default.pgo
echo "wrote cmd/journeymap/default.pgo ($(wc -c < cmd/journeymap/default.pgo) bytes)"
