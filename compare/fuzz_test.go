package compare

import (
	"context"
	"strings"
	"testing"

	"github.com/journeymap/journeymap/journey"
)

// FuzzCompare: for any two journey files, Structure and Apply round-trip,
// and Compare either refuses with problems or compares without panicking.
func FuzzCompare(f *testing.F) {
	f.Add(base, strings.Replace(base, "probability: 0.5", "probability: 0.4", 1))
	f.Add(base, "id: x\nsteps: [{id: ad, stage: s1}, {id: ad, stage: s1}]\n")
	f.Add("id: y\n", base)
	f.Fuzz(func(t *testing.T, x, y string) {
		a, errA := journey.Read(strings.NewReader(x))
		b, errB := journey.Read(strings.NewReader(y))
		if errA != nil || errB != nil {
			return
		}
		got, err := Apply(a, Structure(a, b))
		if err != nil {
			t.Fatalf("Apply: %v", err)
		}
		if !sameJourney(t, got, b) {
			t.Fatal("Apply(A, Structure(A, B)) != B")
		}
		if d, err := Compare(context.Background(), a, b, Options{}); err == nil {
			var sb strings.Builder
			if d.WriteText(&sb) != nil || d.WriteMarkdown(&sb) != nil {
				t.Fatal("write failed")
			}
		}
	})
}
