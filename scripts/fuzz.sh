#!/usr/bin/env bash
# fuzz.sh fuzzes every Fuzz target in the module, one after the other, for a
# given time each, and prints the executions each reached.
#
#   scripts/fuzz.sh                      # every target, 60s each
#   scripts/fuzz.sh -time 5m -parallel 1 FuzzRead FuzzReadRoundTrip
#   scripts/fuzz.sh -list                # the targets, as dir:Name
#   scripts/fuzz.sh -time 5m -keep 20 FuzzReadJSON
#
# Targets are found with grep ('^func Fuzz' in *_test.go), so a new one is
# fuzzed without editing this script. Minimisation is bounded (-minimize,
# 100 runs by default): Go's default of 60 seconds per new input made a
# 4-minute run execute 3,356 inputs. New inputs that widen coverage stay in
# the Go build cache ($(go env GOCACHE)/fuzz); a failing input is written to
# DIR/testdata/fuzz/NAME/ by go test itself, and the script exits 1. With
# -keep N, N inputs of the cache under 512 bytes (spread over their sizes)
# that are not yet in DIR/testdata/fuzz/NAME/ are copied there, so that
# every `go test` replays them. Record long runs in docs/reliability.md.
set -uo pipefail
cd "$(dirname "$0")/.."

fuzztime=60s parallel=${FUZZ_PARALLEL:-1} minimize=100x list=0 keep=0
names=()
while [ $# -gt 0 ]; do
  case $1 in
    -time) fuzztime=$2; shift 2 ;;
    -parallel) parallel=$2; shift 2 ;;
    -minimize) minimize=$2; shift 2 ;;
    -keep) keep=$2; shift 2 ;;
    -list) list=1; shift ;;
    -h|-help|--help) sed -n '2,19p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    -*) echo "fuzz.sh: unknown option $1" >&2; exit 2 ;;
    *) names+=("$1"); shift ;;
  esac
done

# targets prints dir:Name for every fuzz target, sorted, testdata excluded.
targets() {
  grep -rn --include='*_test.go' --exclude-dir=testdata --exclude-dir=.git \
       -E '^func Fuzz[A-Za-z0-9_]*\(f \*testing\.F\)' . |
    sed -E 's#^\./(.*)/[^/]*_test\.go:[0-9]+:func (Fuzz[A-Za-z0-9_]*).*#\1:\2#' |
    sort -u
}

if [ "$list" = 1 ]; then
  targets
  exit 0
fi

export GOFLAGS="${GOFLAGS:-} -buildvcs=false"
status=0
results=()
for target in $(targets); do
  dir=${target%%:*} name=${target#*:}
  if [ ${#names[@]} -gt 0 ]; then
    want=0
    for n in "${names[@]}"; do [ "$n" = "$name" ] || [ "$n" = "$target" ] && want=1; done
    [ "$want" = 1 ] || continue
  fi
  echo "== $target: -fuzztime $fuzztime -parallel $parallel -fuzzminimizetime $minimize"
  log=$(mktemp)
  go test -run '^$' -fuzz "^${name}\$" -fuzztime "$fuzztime" -parallel "$parallel" \
     -fuzzminimizetime "$minimize" "./$dir" 2>&1 | tee "$log"
  rc=${PIPESTATUS[0]}
  # The last progress line holds the totals:
  # fuzz: elapsed: 60s, execs: 1234567 (20576/sec), new interesting: 3 (total: 120)
  last=$(grep -E '^fuzz: elapsed: .*execs: ' "$log" | tail -1)
  execs=$(sed -nE 's/.*execs: ([0-9]+).*/\1/p' <<<"$last")
  newi=$(sed -nE 's/.*new interesting: ([0-9]+).*/\1/p' <<<"$last")
  corpus=$(sed -nE 's/.*\(total: ([0-9]+)\).*/\1/p' <<<"$last")
  verdict=ok
  if [ "$rc" != 0 ]; then verdict=FAIL; status=1; fi
  if [ "$keep" -gt 0 ]; then
    cache="$(go env GOCACHE)/fuzz/$(go list "./$dir")/$name" corpus_dir="$dir/testdata/fuzz/$name"
    mkdir -p "$corpus_dir"
    kept=0
    # N inputs spread evenly over the cache's sizes, smallest to 512 bytes,
    # so that a few one-byte inputs do not take every place.
    while read -r f; do
      [ -e "$corpus_dir/$(basename "$f")" ] && continue
      cp "$f" "$corpus_dir/" && kept=$((kept + 1))
    done < <(find "$cache" -type f -size -512c -printf '%s %p\n' 2>/dev/null | sort -n -k1,1 -k2,2 |
             awk -v n="$keep" '{ line[NR] = $2 } END { for (i = 0; i < n && i < NR; i++) print line[int(i * NR / n) + 1] }' | sort -u)
    echo "kept $kept new inputs in $corpus_dir"
  fi
  results+=("$(printf '%-34s %12s %8s %8s  %s' "$target" "${execs:-?}" "${newi:-?}" "${corpus:-?}" "$verdict")")
  rm -f "$log"
done

echo
echo "fuzzed $(date -u +%Y-%m-%dT%H:%MZ), -fuzztime $fuzztime, -parallel $parallel, $(go version | cut -d' ' -f3-)"
printf '%-34s %12s %8s %8s  %s\n' target execs new corpus result
for r in "${results[@]}"; do echo "$r"; done
exit $status
