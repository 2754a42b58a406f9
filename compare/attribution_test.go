package compare

import (
	"context"
	"math"
	"strings"
	"testing"

	"github.com/journeymap/journeymap/analysis"
	"github.com/journeymap/journeymap/journey"
)

// TestAttributionOracle: on random pairs, every figure of the attribution
// shifts is the one analysis.Analyze gives on its side, run apart (for all
// personas and as each persona), every attributed step and touchpoint is
// listed once, and the lists are sorted by absolute shift, then ID.
func TestAttributionOracle(t *testing.T) {
	n := 300
	if testing.Short() {
		n = 60
	}
	ctx := context.Background()
	withAttribution, personaViews := 0, 0
	for seed := range uint64(n) {
		a, b := randomPair(seed)
		if b.Validate() != nil {
			continue
		}
		d, err := Compare(ctx, a, b, Options{})
		if err != nil {
			t.Fatalf("seed %d: %v", seed, err)
		}
		ra, rb := oracleReport(t, a, ""), oracleReport(t, b, "")
		checkAttribution(t, seed, "all", d.Attribution, ra.Attribution, rb.Attribution)
		if d.Attribution != nil {
			withAttribution++
		}
		for _, p := range d.Personas {
			pa, pb := oracleReport(t, a, p.Persona), oracleReport(t, b, p.Persona)
			checkAttribution(t, seed, p.Persona, p.Attribution, pa.Attribution, pb.Attribution)
			personaViews++
		}
		same, err := Compare(ctx, a, a, Options{})
		if err != nil {
			t.Fatalf("seed %d: %v", seed, err)
		}
		if at := same.Attribution; at != nil {
			for _, s := range at.Steps {
				if s.Shift() != 0 || *s.RemovalEffectBefore != *s.RemovalEffectAfter {
					t.Fatalf("seed %d: Compare(A, A) shifts step %s", seed, s.Step)
				}
			}
		}
	}
	if withAttribution < n/4 || personaViews == 0 {
		t.Fatalf("only %d of %d pairs had attribution, %d persona views", withAttribution, n, personaViews)
	}
}

func oracleReport(t *testing.T, j *journey.Journey, p string) *analysis.Report {
	t.Helper()
	r, err := analysis.Analyze(context.Background(), j, analysis.Options{Persona: p})
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func checkAttribution(t *testing.T, seed uint64, view string, got *AttributionShift, a, b *analysis.Attribution) {
	t.Helper()
	if (got == nil) != (a == nil && b == nil) {
		t.Fatalf("seed %d %s: attribution %v, sides %v %v", seed, view, got != nil, a != nil, b != nil)
	}
	if got == nil {
		return
	}
	stepsOf := func(at *analysis.Attribution) map[string]analysis.Credit {
		m := map[string]analysis.Credit{}
		if at != nil {
			for _, c := range at.Steps {
				m[c.Step] = c.Credit
			}
		}
		return m
	}
	tpsOf := func(at *analysis.Attribution) map[string]analysis.Credit {
		m := map[string]analysis.Credit{}
		if at != nil {
			for _, c := range at.Touchpoints {
				m[c.Touchpoint] = c.Credit
			}
		}
		return m
	}
	var steps, tps []idShift
	for _, s := range got.Steps {
		steps = append(steps, idShift{s.Step, s.CreditShift})
	}
	for _, s := range got.Touchpoints {
		tps = append(tps, idShift{s.Touchpoint, s.CreditShift})
	}
	checkShifts(t, seed, view+" steps", steps, stepsOf(a), stepsOf(b))
	cut := (a != nil && a.TouchpointsCut) || (b != nil && b.TouchpointsCut)
	if got.TouchpointsCut != cut {
		t.Fatalf("seed %d %s: touchpoints_cut %v, want %v", seed, view, got.TouchpointsCut, cut)
	}
	if !cut {
		checkShifts(t, seed, view+" touchpoints", tps, tpsOf(a), tpsOf(b))
	}
}

func checkShifts(t *testing.T, seed uint64, what string, got []idShift, a, b map[string]analysis.Credit) {
	t.Helper()
	seen := map[string]bool{}
	side := func(m map[string]analysis.Credit, id string, share, effect *float64) bool {
		c, ok := m[id]
		if !ok {
			return share == nil && effect == nil
		}
		return share != nil && effect != nil && *share == c.Share && *effect == c.RemovalEffect
	}
	for i, s := range got {
		if seen[s.id] {
			t.Fatalf("seed %d %s: %s twice", seed, what, s.id)
		}
		seen[s.id] = true
		if !side(a, s.id, s.ShareBefore, s.RemovalEffectBefore) || !side(b, s.id, s.ShareAfter, s.RemovalEffectAfter) {
			t.Fatalf("seed %d %s: %s differs from the analysis: %+v", seed, what, s.id, s.CreditShift)
		}
		if i > 0 {
			p := got[i-1]
			dp, ds := math.Abs(p.Shift()), math.Abs(s.Shift())
			if dp < ds || dp == ds && strings.Compare(p.id, s.id) >= 0 {
				t.Fatalf("seed %d %s: %s before %s out of order", seed, what, p.id, s.id)
			}
		}
	}
	for _, m := range []map[string]analysis.Credit{a, b} {
		for id := range m {
			if !seen[id] {
				t.Fatalf("seed %d %s: %s missing", seed, what, id)
			}
		}
	}
}
