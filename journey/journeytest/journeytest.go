// Package journeytest helps keep customer journey maps under unit test, as
// net/http/httptest helps test HTTP handlers.
//
// Load reads a journey file and fails the test with every problem in it;
// Analyze analyses a journey and fails the test on error. The assertions
// (Reachable, NoUnreachableSteps, NoUnreachableStages, NoDeadEnds,
// NoBarrierAtOrAbove, NoCriticalBarrier, PersonaReachesGoal,
// ConversionAtLeast, NoGaps) take the journey, analyse it and report what is
// wrong in words a product manager understands, naming each step by its
// action and ID, each stage and persona by its name:
//
//	func TestWebshop(t *testing.T) {
//		j := journeytest.Load(t, "testdata/webshop.yaml")
//		journeytest.NoDeadEnds(t, j)
//		journeytest.NoCriticalBarrier(t, j, journey.High)
//		journeytest.PersonaReachesGoal(t, j, "buyer")
//		journeytest.ConversionAtLeast(t, j, 0.25)
//	}
//
// Like testify's, each assertion returns whether it held and reports a
// failure with t.Errorf, so a test shows every broken expectation at once.
// Unless they say otherwise, the assertions check the journey as all
// customers see it and as each persona sees it on its own (see
// journey.Journey.ForPersona), and name the persona in what they report for
// one persona only.
//
// Each assertion analyses the journey afresh, which takes milliseconds for
// journeys of a few hundred steps and about a third of a second for ten
// thousand; for many checks on a very large journey, call Analyze once and
// inspect the analysis.Report.
//
// Golden compares rendered output with a file under testdata; run the tests
// with JOURNEYTEST_UPDATE=1 to rewrite the files (see Update).
//
// The package depends only on the standard library and this module.
package journeytest

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/journeymap/journeymap/journey"
)

// Load reads the journey file at path (YAML or JSON) and validates it. If the
// file cannot be read or the journey is not valid, Load stops the test with
// t.Fatalf, listing every problem on a line of its own as
// FILE:LINE:COL: code: message (path).
func Load(t testing.TB, path string) *journey.Journey {
	t.Helper()
	j, err := journey.ReadFile(path)
	if err == nil {
		err = j.Validate()
	}
	if err != nil {
		var ps journey.Problems
		if !errors.As(err, &ps) {
			t.Fatalf("cannot read the journey file %s: %v", path, err)
			return nil
		}
		t.Fatalf("the journey file %s is not valid: %s", path, listProblems(path, ps))
		return nil
	}
	return j
}

// listProblems writes ps one a line, each with the file name.
func listProblems(file string, ps journey.Problems) string {
	var b strings.Builder
	if len(ps) == 1 {
		b.WriteString("1 problem")
	} else {
		fmt.Fprintf(&b, "%d problems", len(ps))
	}
	for _, p := range ps {
		if p.File == "" {
			p.File = file
		}
		b.WriteString("\n\t")
		b.WriteString(p.Error())
	}
	return b.String()
}
