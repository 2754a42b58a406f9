// Package bench measures journeymap at scale against baselines: the same
// findings computed with github.com/dominikbraun/graph's own algorithms on
// (*journey.Journey).Graph and with gonum's graph algorithms. It has no
// exported code; the benchmarks are in its test files, kept out of the
// library so that the baselines' dependencies stay out of it too.
//
// Run them with
//
//	go test ./bench -run '^$' -bench . -benchmem -count 6 -timeout 3h
//
// and see BENCHMARKS.md at the module root for the results.
package bench
