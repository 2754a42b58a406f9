package main

import (
	"context"
	"strings"
	"testing"

	"github.com/journeymap/journeymap/analysis"
)

func TestRun(t *testing.T) {
	var out strings.Builder
	if err := run(&out, nil); err != nil {
		t.Fatal(err)
	}
	asIs, toBe, ok := strings.Cut(out.String(), "to-be:")
	if !ok {
		t.Fatalf("no to-be section in\n%s", out.String())
	}
	for _, want := range []string{
		"as-is: 6 steps, conversion 14.6%",
		"loop: product -> support -> product",
		"BLOCKER on the critical path at card",
	} {
		if !strings.Contains(asIs, want) {
			t.Errorf("as-is part lacks %q:\n%s", want, asIs)
		}
	}
	for _, want := range []string{
		" 7 steps, conversion 24.2%",
		"critical steps, which every customer passes: ad, product, cart, order\n",
		"no blocker on the critical path",
		"raises conversion by 9.6 points",
	} {
		if !strings.Contains(toBe, want) {
			t.Errorf("to-be part lacks %q:\n%s", want, toBe)
		}
	}
}

func TestRunVerbose(t *testing.T) {
	var out strings.Builder
	if err := run(&out, []string{"-v"}); err != nil {
		t.Fatal(err)
	}
	if n := strings.Count(out.String(), "journey webshop, all personas"); n != 2 {
		t.Errorf("want both full reports, got %d:\n%s", n, out.String())
	}
	if err := run(&out, []string{"-nosuchflag"}); err == nil {
		t.Error("an unknown flag gave no error")
	}
}

// The fix must not change the as-is journey the Builder built before it.
func TestFixKeepsAsIs(t *testing.T) {
	b := shop()
	before, err := b.Build()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := fix(b).Build(); err != nil {
		t.Fatal(err)
	}
	r, err := analysis.Analyze(context.Background(), before, analysis.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(before.Steps) != 6 || len(r.CriticalSteps) != 5 {
		t.Errorf("as-is journey changed by the fix: %d steps, critical %v", len(before.Steps), r.CriticalSteps)
	}
}
