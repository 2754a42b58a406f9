package bench_test

import "testing"

// BenchmarkValidate times (*Journey).Validate on the benchmark journeys,
// which are valid: every check runs to the end.
func BenchmarkValidate(b *testing.B) {
	for _, n := range sizes {
		b.Run(sizeName(n), func(b *testing.B) {
			dropFixture()
			j := generated(n)
			measure(b, len(j.Transitions), j.Validate)
		})
	}
}
