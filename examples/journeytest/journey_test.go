// Package coffee_test shows how a team keeps its journey map under test with
// journeytest. The map lives in testdata/coffee.yaml; `go test ./...` in CI
// fails when a change to it lets customers get stuck, cuts off a stage, puts
// a serious barrier on the path every customer must take, loses a persona
// or drops conversion below what the team promised, and when the drawing
// checked in next to it no longer matches.
package coffee_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/journeymap/journeymap/analysis"
	"github.com/journeymap/journeymap/journey"
	"github.com/journeymap/journeymap/journey/journeytest"
	"github.com/journeymap/journeymap/render"
)

const file = "testdata/coffee.yaml"

func TestCoffeeJourney(t *testing.T) {
	j := journeytest.Load(t, file) // stops the test with every problem, as FILE:LINE:COL

	journeytest.NoUnreachableSteps(t, j)
	journeytest.NoUnreachableStages(t, j)
	journeytest.NoDeadEnds(t, j)
	journeytest.NoBarrierAtOrAbove(t, j, journey.Blocker)
	journeytest.NoCriticalBarrier(t, j, journey.High)
	journeytest.NoGaps(t, j, analysis.GapEmptyStage, analysis.GapSilentStage)
	journeytest.ConversionAtLeast(t, j, 0.20)

	// What each segment was promised, on the map as that persona sees it.
	for _, p := range []struct {
		id  string
		min float64
	}{{"commuter", 0.14}, {"barista", 0.20}} {
		t.Run(p.id, func(t *testing.T) {
			journeytest.PersonaReachesGoal(t, j, p.id)
			journeytest.ConversionAtLeast(t, j.ForPersona(p.id), p.min)
		})
	}
}

// The drawing in testdata/coffee.dot is reviewed with the map: a change to
// the map that changes the picture shows up in the diff of the pull request.
func TestCoffeeDrawing(t *testing.T) {
	j := journeytest.Load(t, file)
	dot, err := render.DOTBytes(j, render.Options{Report: journeytest.Analyze(t, j)})
	if err != nil {
		t.Fatal(err)
	}
	journeytest.Golden(t, "testdata/coffee.dot", dot)
}

// recorder is a testing.TB that keeps what the assertions report instead of
// failing, to show their messages.
type recorder struct {
	testing.TB
	msgs []string
}

func (r *recorder) Helper() {}
func (r *recorder) Errorf(format string, args ...any) {
	r.msgs = append(r.msgs, fmt.Sprintf(format, args...))
}

// The gate works: the shop stops shipping abroad, a blocker on a step every
// customer takes, and the assertion says so in words a product manager reads.
func TestBlockerIsCaught(t *testing.T) {
	j := journeytest.Load(t, file)
	for i := range j.Steps {
		if j.Steps[i].ID == "orders-sampler" {
			j.Steps[i].Barriers = append(j.Steps[i].Barriers, journey.Barrier{
				Description: "no shipping abroad", Severity: journey.Blocker})
		}
	}
	rec := &recorder{TB: t}
	if journeytest.NoCriticalBarrier(rec, j, journey.High) {
		t.Fatal("NoCriticalBarrier passed a blocker on a critical step")
	}
	msgs := strings.Join(rec.msgs, "\n")
	if !strings.Contains(msgs, "no shipping abroad") || !strings.Contains(msgs, "orders the sampler") {
		t.Errorf("the failure does not say what and where:\n%s", msgs)
	}
	t.Logf("what CI would print:\n%s", msgs)
}
